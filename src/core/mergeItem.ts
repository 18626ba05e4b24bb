// A three-way merge of one item file, key by key, for git's merge driver. Git's own line merge
// conflicts whenever two branches touch neighbouring lines, and every edit touches `updated:`,
// so without this any two edits of the same item conflict. Here a key changed on one side only
// takes that side's value; `updated` takes the later stamp; `rank` changed on both sides takes the
// side updated last (both are valid positions). Anything else changed differently on both sides,
// or a body edited on both sides, is a real conflict: the file gets ordinary conflict markers
// around just that part, so `check` and the Problems panel point at it.
import { isMap, isScalar, parseDocument, type Pair } from 'yaml';
import { editFrontMatter, splitFrontMatter } from './frontMatter';

export interface ItemMergeResult {
  readonly text: string;
  /** Keys (and `body`) both sides changed differently; empty when the merge is clean. */
  readonly conflicts: readonly string[];
}

interface Side {
  readonly values: Map<string, unknown>;
  readonly raw: Map<string, string>;
  readonly body: string;
  readonly eol: string;
}

/** Merges `ours` and `theirs`, both descended from `base`. Returns undefined when a side is not an item file. */
export function mergeItemFiles(base: string, ours: string, theirs: string): ItemMergeResult | undefined {
  const b = readSide(base);
  const o = readSide(ours);
  const t = readSide(theirs);
  if (!o || !t) return undefined;
  const baseSide: Side = b ?? { values: new Map(), raw: new Map(), body: '', eol: o.eol };

  const changes: Record<string, unknown> = {};
  const conflicts: string[] = [];
  const keys = new Set([...baseSide.values.keys(), ...o.values.keys(), ...t.values.keys()]);
  const theirsLater = String(t.values.get('updated') ?? '') > String(o.values.get('updated') ?? '');
  for (const key of keys) {
    const bv = json(baseSide.values.get(key));
    const ov = json(o.values.get(key));
    const tv = json(t.values.get(key));
    if (ov === tv || tv === bv) continue; // nothing to take from theirs
    if (ov === bv) {
      changes[key] = t.values.get(key); // only theirs changed (undefined removes the key)
      continue;
    }
    if (key === 'updated') {
      if (theirsLater) changes[key] = t.values.get(key);
      continue;
    }
    if (key === 'rank') {
      if (theirsLater) changes[key] = t.values.get(key);
      continue;
    }
    conflicts.push(key);
  }

  let text = Object.keys(changes).length > 0 ? editFrontMatter(ours, changes) : ours;
  const eol = o.eol;
  if (conflicts.length > 0) text = markKeyConflicts(text, conflicts, t, eol);

  if (o.body !== t.body && t.body !== baseSide.body) {
    if (o.body === baseSide.body) text = replaceBody(text, t.body);
    else {
      conflicts.push('body');
      text = replaceBody(text, `<<<<<<< ours${eol}${withEol(o.body, eol)}=======${eol}${withEol(t.body, eol)}>>>>>>> theirs${eol}`);
    }
  }
  return { text, conflicts };
}

function readSide(text: string): Side | undefined {
  const split = splitFrontMatter(text);
  if (!split.ok) return undefined;
  const { yamlStart, yamlEnd, bodyStart, eol } = split.layout;
  const yamlText = text.slice(yamlStart, yamlEnd);
  const doc = parseDocument(yamlText, { uniqueKeys: true });
  if (doc.errors.length > 0 || (doc.contents !== null && !isMap(doc.contents))) return undefined;
  const values = new Map<string, unknown>();
  const raw = new Map<string, string>();
  for (const pair of (isMap(doc.contents) ? doc.contents.items : []) as Pair[]) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    values.set(key, pair.value === null ? null : (pair.value as { toJSON(): unknown }).toJSON());
    const start = (pair.key as { range?: [number, number, number] }).range?.[0] ?? 0;
    const end = (pair.value as { range?: [number, number, number] } | null)?.range?.[2] ?? start;
    raw.set(key, yamlText.slice(start, end).replace(/\r?\n$/, ''));
  }
  return { values, raw, body: text.slice(bodyStart), eol };
}

function json(v: unknown): string {
  return v === undefined ? '\u0000absent' : JSON.stringify(v);
}

/** Wraps each conflicting key of `text` (ours) in markers with theirs' version of it. */
function markKeyConflicts(text: string, keys: readonly string[], theirs: Side, eol: string): string {
  const split = splitFrontMatter(text);
  if (!split.ok) return text;
  const { yamlStart, yamlEnd } = split.layout;
  const doc = parseDocument(text.slice(yamlStart, yamlEnd));
  const ranges: { start: number; end: number; key: string }[] = [];
  for (const pair of (isMap(doc.contents) ? doc.contents.items : []) as Pair[]) {
    if (!isScalar(pair.key) || !keys.includes(String(pair.key.value))) continue;
    const start = yamlStart + ((pair.key as { range?: [number, number, number] }).range?.[0] ?? 0);
    let end = yamlStart + ((pair.value as { range?: [number, number, number] } | null)?.range?.[2] ?? 0);
    end = Math.max(end, start);
    const lineEnd = text.indexOf('\n', end - 1 < start ? start : end - 1);
    ranges.push({ start, end: lineEnd === -1 ? yamlEnd : Math.min(lineEnd + 1, yamlEnd), key: String(pair.key.value) });
  }
  let out = text;
  // A key ours removed but theirs changed: the conflict shows theirs against nothing.
  const missing = keys.filter((k) => !ranges.some((r) => r.key === k));
  if (missing.length > 0) {
    const block = missing.map((k) => `<<<<<<< ours${eol}=======${eol}${withEol(theirs.raw.get(k) ?? '', eol)}>>>>>>> theirs${eol}`).join('');
    out = `${out.slice(0, yamlEnd)}${block}${out.slice(yamlEnd)}`;
  }
  for (const r of ranges.sort((a, b) => b.start - a.start)) {
    const oursPart = withEol(out.slice(r.start, r.end), eol);
    const theirsRaw = theirs.raw.get(r.key);
    const theirsPart = theirsRaw === undefined ? '' : withEol(theirsRaw, eol);
    out = `${out.slice(0, r.start)}<<<<<<< ours${eol}${oursPart}=======${eol}${theirsPart}>>>>>>> theirs${eol}${out.slice(r.end)}`;
  }
  return out;
}

function replaceBody(text: string, body: string): string {
  const split = splitFrontMatter(text);
  if (!split.ok) return text;
  return text.slice(0, split.layout.bodyStart) + body;
}

function withEol(s: string, eol: string): string {
  return s === '' || s.endsWith('\n') ? s : s + eol;
}
