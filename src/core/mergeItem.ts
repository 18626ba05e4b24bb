// A three-way merge of one item file, key by key, for git's merge driver. Git's own line merge
// conflicts whenever two branches touch neighbouring lines, and every edit touches `updated:`,
// so without this any two edits of the same item conflict. Keys are compared by their source
// (value, quoting and comments), never by parsed value, so nothing either side wrote is dropped:
// a key changed on one side only takes that side's lines; `updated` takes the later stamp; `rank`
// changed on both sides takes the side updated last (both are valid positions); `blockedBy`
// changed on both sides is merged as a set (blockers either side added, minus those either
// removed), so two branches adding blockers do not conflict. Comment lines
// above a key, or after the last one, merge the same way. A key, comment or body changed on both
// sides is merged line by line, and what still conflicts gets ordinary conflict markers around
// just that part, so `check` and the Problems panel point at it. Front matter in a style that
// cannot be cut per key (flow style, anchors, duplicate keys) is merged line by line as a whole.
// The result keeps ours' line breaks, and a clean result is parsed again before it is returned.
import { parseDocument, isMap } from 'yaml';
import { canonicalYaml } from './canonicalYaml';
import { splitFrontMatter } from './frontMatter';
import { joinItemFileParts, readItemFileParts, type ItemFileParts, type KeyPart } from './itemFileParts';
import { mergeLines, wholeFileConflict } from './lineMerge';
import { valueText } from './valueText';

export interface ItemMergeResult {
  readonly text: string;
  /** Parts both sides changed differently (key names, `body`, ...); empty when the merge is clean. */
  readonly conflicts: readonly string[];
  /** Why the file was merged line by line instead of key by key, when it was. */
  readonly lineMergeReason?: string;
}

/** Merges `ours` and `theirs`, both descended from `base` (empty when both sides added the file). */
export function mergeItemFiles(base: string, ours: string, theirs: string): ItemMergeResult {
  const eol = eolOf(ours) ?? eolOf(theirs) ?? '\n';
  const [b, o, t] = [base, ours, theirs].map(toLf);
  const result = mergeLf(b, o, t);
  return eol === '\n' ? result : { ...result, text: result.text.replace(/\n/g, '\r\n') };
}

function mergeLf(base: string, ours: string, theirs: string): ItemMergeResult {
  const o = readItemFileParts(ours);
  const t = readItemFileParts(theirs);
  const added = base.trim() === '';
  const b = added ? undefined : readItemFileParts(base);
  if (!o.ok || !t.ok || (b && !b.ok)) {
    const reason = [o, b, t].find((r) => r && !r.ok) as { reason: string };
    return mergeWholeLines(base, ours, theirs, reason.reason);
  }
  if (added && !sameItem(o.parts, t.parts)) {
    // Two items that happen to share an id (and so a file name): mixing their keys would make one
    // item of two. Keep both whole for the user to separate.
    return { text: wholeFileConflict(base, ours, theirs), conflicts: ['id'], lineMergeReason: 'both sides added this file as different items' };
  }
  const byKey = mergeParts(b?.parts ?? emptyParts(o.parts), o.parts, t.parts);
  if (!byKey) return mergeWholeLines(base, ours, theirs, 'both sides reordered the front matter keys');
  if (byKey.conflicts.length > 0 || parses(byKey.text)) return byKey;
  return mergeWholeLines(base, ours, theirs, 'the key-by-key merge did not parse');
}

/** Merges the parts; undefined when both sides reordered the keys differently. */
function mergeParts(b: ItemFileParts, o: ItemFileParts, t: ItemFileParts): ItemMergeResult | undefined {
  const conflicts: string[] = [];
  const order = mergedOrder(b, o, t);
  if (!order) return undefined;
  const theirsLater = valueText(t.keys.get('updated')?.value) > valueText(o.keys.get('updated')?.value);

  // `bothChanged` settles a key changed on both sides, or returns undefined to leave it to the line merge.
  const pick = (name: string, bv: string | undefined, ov: string | undefined, tv: string | undefined, bothChanged?: () => { entry: string | undefined } | undefined): string | undefined => {
    if (ov === tv || tv === bv) return ov;
    if (ov === bv) return tv;
    const settled = bothChanged?.();
    if (settled) return settled.entry;
    const lines = mergeLines(bv ?? '', ov ?? '', tv ?? '');
    if (lines.conflicted) conflicts.push(name);
    return lines.text;
  };

  const frame = (name: string, bv: string, ov: string, tv: string) => pick(name, bv, ov, tv) ?? '';
  const keys: { lead?: string; entry?: string }[] = [];
  for (const key of order) {
    const [bk, ok, tk] = [b.keys.get(key), o.keys.get(key), t.keys.get(key)];
    // `updated` and `rank` moved on both sides are not a conflict: each side's is valid, the later edit wins.
    const later = key === 'updated' || key === 'rank' ? () => ({ entry: theirsLater ? tk?.entry : ok?.entry }) : undefined;
    const entry = pick(key, bk?.entry, ok?.entry, tk?.entry, SET_KEYS.has(key) ? () => mergedSet(key, bk, ok, tk) : later);
    const lead = pick(`the comment above ${key}`, bk?.lead, ok?.lead, tk?.lead);
    keys.push({ lead, entry: entry === undefined ? undefined : endLine(entry) });
  }
  const text = joinItemFileParts({
    opening: frame('the opening line', b.opening, o.opening, t.opening),
    keys,
    tail: frame('the comments after the last key', b.tail, o.tail, t.tail),
    closing: frame('the closing line', b.closing, o.closing, t.closing),
    body: frame('body', b.body, o.body, t.body),
  });
  return { text, conflicts };
}

/** Keys whose value is a set of ids: blockers added on two branches are both kept. */
const SET_KEYS: ReadonlySet<string> = new Set(['blockedBy']);

/**
 * A set-valued key changed on both sides: what either side added, minus what either removed,
 * in ours' order then theirs' additions. Undefined when a side holds something other than a
 * list of texts (then the ordinary line merge decides, with conflict markers if need be).
 */
function mergedSet(key: string, b: KeyPart | undefined, o: KeyPart | undefined, t: KeyPart | undefined): { entry: string | undefined } | undefined {
  const [bs, os, ts] = [b, o, t].map((k) => (k === undefined ? [] : k.value));
  if (![bs, os, ts].every((v) => Array.isArray(v) && v.every((x) => typeof x === 'string'))) return undefined;
  const [base, ours, theirs] = [bs, os, ts] as string[][];
  const removed = new Set([...base.filter((x) => !ours.includes(x)), ...base.filter((x) => !theirs.includes(x))]);
  const merged = [...new Set([...ours, ...theirs])].filter((x) => !removed.has(x));
  // A comment on the key's own lines cannot survive being rewritten: leave that to the line merge.
  if ([o, t].some((k) => k !== undefined && k.entry.includes('#'))) return undefined;
  if (merged.length === 0 && (o === undefined || t === undefined)) return { entry: undefined };
  return { entry: canonicalYaml({ [key]: merged }) };
}

/**
 * The key order of the result: ours', or theirs' when only theirs reordered; keys only the other
 * side (or the base) has are placed after the key they follow there. Undefined when both sides
 * reordered differently, which no key-by-key merge can honour.
 */
function mergedOrder(b: ItemFileParts, o: ItemFileParts, t: ItemFileParts): string[] | undefined {
  const [bo, oo, to] = [b, o, t].map((p) => [...p.keys.keys()]);
  const oursReordered = !sameRelativeOrder(oo, bo);
  const theirsReordered = !sameRelativeOrder(to, bo);
  if (oursReordered && theirsReordered && !sameRelativeOrder(oo, to)) return undefined;
  const [first, second] = theirsReordered && !oursReordered ? [to, oo] : [oo, to];
  const out = [...first];
  for (const other of [second, bo]) {
    other.forEach((key, i) => {
      if (out.includes(key)) return;
      let at = 0;
      for (let j = i - 1; j >= 0; j--) {
        const p = out.indexOf(other[j]);
        if (p >= 0) {
          at = p + 1;
          break;
        }
      }
      out.splice(at, 0, key);
    });
  }
  return out;
}

/** Whether the keys `a` and `b` both have come in the same order in each. */
function sameRelativeOrder(a: readonly string[], b: readonly string[]): boolean {
  const common = a.filter((k) => b.includes(k));
  return common.join('\n') === b.filter((k) => a.includes(k)).join('\n');
}

/** Both sides added the file: the same item only when id and creation stamp agree. */
function sameItem(o: ItemFileParts, t: ItemFileParts): boolean {
  const same = (key: string) => o.keys.has(key) && JSON.stringify(o.keys.get(key)!.value) === JSON.stringify(t.keys.get(key)?.value);
  return same('id') && same('created');
}

/** A base with no keys and no body, framed like ours (both sides added the file). */
function emptyParts(like: ItemFileParts): ItemFileParts {
  return { opening: like.opening, keys: new Map<string, KeyPart>(), tail: '', closing: like.closing, body: '' };
}

/** Git's line merge of the whole file, with a result that parses or conflict markers. */
function mergeWholeLines(base: string, ours: string, theirs: string, reason: string): ItemMergeResult {
  const lines = mergeLines(base, ours, theirs);
  if (lines.conflicted) return { text: lines.text, conflicts: ['lines of the file'], lineMergeReason: reason };
  // A clean line merge of two valid files can still be invalid YAML (two keys added on both sides
  // of a flow mapping's line break, say): then neither side is dropped, both are kept whole.
  if (parses(ours) && parses(theirs) && !parses(lines.text)) {
    return { text: wholeFileConflict(base, ours, theirs), conflicts: ['lines of the file'], lineMergeReason: `${reason}; the line merge did not parse` };
  }
  return { text: lines.text, conflicts: [], lineMergeReason: reason };
}

/** Whether `text` has front matter that is a valid YAML mapping (or empty). */
function parses(text: string): boolean {
  const split = splitFrontMatter(text);
  if (!split.ok) return false;
  const doc = parseDocument(text.slice(split.layout.yamlStart, split.layout.yamlEnd), { uniqueKeys: true });
  return doc.errors.length === 0 && (doc.contents === null || isMap(doc.contents));
}

function endLine(s: string): string {
  return s === '' || s.endsWith('\n') ? s : s + '\n';
}

/** The line break of the first line, or undefined for a one-line text. */
function eolOf(text: string): '\n' | '\r\n' | undefined {
  const nl = text.indexOf('\n');
  if (nl === -1) return undefined;
  return text[nl - 1] === '\r' ? '\r\n' : '\n';
}

function toLf(text: string): string {
  return text.replace(/\r\n/g, '\n');
}
