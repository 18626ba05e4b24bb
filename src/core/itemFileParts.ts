// An item file's source cut into the parts a three-way merge compares: each top-level front-matter
// key with the comment lines above it, the comments after the last key, the fences and the body.
// The parts are source text, not values, so a merge that reassembles them keeps comments,
// quoting, unknown keys and layout byte for byte. Only block-style front matter is cut this way:
// flow style, anchors and aliases, duplicate keys or indented keys have no safe per-key cut, and
// the merge falls back to lines for them.
import { isAlias, isMap, isScalar, parseDocument, visit, type Document, type Node, type Pair } from 'yaml';
import { splitFrontMatter } from './frontMatter';

/** One top-level key: the comment and blank lines above it, and its own lines. */
export interface KeyPart {
  /** Comment and blank lines between the previous key's lines and this key. */
  readonly lead: string;
  /** From the key to the end of its value's last line (nested lines and trailing comment included). */
  readonly entry: string;
  /** The value as JSON-like data, for the keys the merge reads (`id`, `created`, `updated`). */
  readonly value: unknown;
}

/** An item file cut into parts; all text uses LF line breaks. */
export interface ItemFileParts {
  /** Everything before the YAML: a byte-order mark and the opening `---` line. */
  readonly opening: string;
  /** Keys in file order. */
  readonly keys: ReadonlyMap<string, KeyPart>;
  /** Comment and blank lines after the last key. */
  readonly tail: string;
  /** The closing `---` line with its line break. */
  readonly closing: string;
  readonly body: string;
}

export type ReadParts = { readonly ok: true; readonly parts: ItemFileParts } | { readonly ok: false; readonly reason: string };

/** Cuts `text` (LF line breaks) into parts, or says why its front matter cannot be merged key by key. */
export function readItemFileParts(text: string): ReadParts {
  const split = splitFrontMatter(text);
  if (!split.ok) return { ok: false, reason: split.message };
  const { yamlStart, yamlEnd, bodyStart } = split.layout;
  const yamlText = text.slice(yamlStart, yamlEnd);
  const doc = parseDocument(yamlText, { uniqueKeys: true });
  const problem = unmergeableStyle(doc, yamlText);
  if (problem) return { ok: false, reason: problem };
  const pairs = (isMap(doc.contents) ? doc.contents.items : []) as Pair<Node, Node | null>[];

  const keys = new Map<string, KeyPart>();
  // `from` is where the current key's lead starts: right after the previous key's lines.
  let from = 0;
  let pendingKey: { name: string; keyStart: number; entryEnd: number; value: unknown } | undefined;
  const close = (nextKeyStart: number) => {
    if (!pendingKey) return;
    const { entry, rest } = entryAndRest(yamlText, pendingKey.keyStart, pendingKey.entryEnd, nextKeyStart);
    keys.set(pendingKey.name, { lead: yamlText.slice(from, pendingKey.keyStart), entry, value: pendingKey.value });
    from = rest;
  };
  for (const pair of pairs) {
    const keyNode = pair.key;
    const keyStart = keyNode.range![0];
    const name = String((keyNode as { value?: unknown }).value);
    close(keyStart);
    const valueEnd = pair.value?.range ? pair.value.range[1] : keyNode.range![1];
    pendingKey = { name, keyStart, entryEnd: lineEnd(yamlText, Math.max(valueEnd, keyNode.range![1]) - 1), value: pair.value?.toJSON() ?? null };
  }
  close(yamlText.length);
  return {
    ok: true,
    parts: {
      opening: text.slice(0, yamlStart),
      keys,
      tail: yamlText.slice(from),
      closing: text.slice(yamlEnd, bodyStart),
      body: text.slice(bodyStart),
    },
  };
}

/** Joins parts back into a file; `undefined` keys are left out. */
export function joinItemFileParts(parts: { opening: string; keys: Iterable<{ lead?: string; entry?: string }>; tail: string; closing: string; body: string }): string {
  let yaml = '';
  for (const k of parts.keys) yaml += (k.lead ?? '') + (k.entry ?? '');
  return parts.opening + yaml + parts.tail + parts.closing + parts.body;
}

/** Why the YAML cannot be cut per key, or undefined when it can. */
function unmergeableStyle(doc: Document.Parsed, yamlText: string): string | undefined {
  if (doc.errors.length > 0) return `front matter is not valid YAML (${doc.errors[0].message.split('\n')[0]})`;
  if (doc.contents === null) return undefined;
  if (!isMap(doc.contents)) return 'front matter is not a mapping of keys to values';
  if (doc.contents.flow) return 'front matter is written in flow style';
  let reason: string | undefined;
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node) || node.anchor) {
        reason = 'front matter uses anchors or aliases';
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (reason) return reason;
  const names = new Set<string>();
  for (const pair of doc.contents.items as Pair<Node, Node | null>[]) {
    const key = pair.key;
    if (!isScalar(key) || !key.range) return 'front matter has a key that is not a plain name';
    // `1:` and `"1":` are different YAML keys but one name here; merging by name would drop one.
    const name = String(key.value);
    if (names.has(name)) return `front matter has two keys named ${JSON.stringify(name)}`;
    names.add(name);
    const start = key.range[0];
    // An explicit `? key` or an indented root mapping has no whole lines to a key.
    if (start !== 0 && yamlText[start - 1] !== '\n') return 'front matter keys do not start their lines';
  }
  return undefined;
}

/**
 * Splits the lines after a key at the point where its own lines end: indented comment lines right
 * after the value still belong to it; column-0 comments and blank lines lead into the next key.
 */
function entryAndRest(yamlText: string, keyStart: number, entryEnd: number, nextKeyStart: number): { entry: string; rest: number } {
  let end = entryEnd;
  while (end < nextKeyStart) {
    const next = lineEnd(yamlText, end);
    const line = yamlText.slice(end, next);
    if (!/^[ \t]+#/.test(line)) break;
    end = next;
  }
  return { entry: yamlText.slice(keyStart, end), rest: end };
}

/** The offset just past the line break of the line holding `at` (or the end of the text). */
function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', Math.max(at, 0));
  return nl === -1 ? text.length : nl + 1;
}
