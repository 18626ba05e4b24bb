import { Document, isMap, isScalar, isCollection, parseDocument, type Scalar, type Pair, type Node } from 'yaml';

/** Where the YAML front matter and the Markdown body sit inside an item file's text. */
export interface FrontMatterLayout {
  /** Offset of the first YAML character (after the opening `---` line). */
  readonly yamlStart: number;
  /** Offset of the closing `---` line. */
  readonly yamlEnd: number;
  /** Offset of the first body character. */
  readonly bodyStart: number;
  /** 1-based file line of the first YAML line. */
  readonly yamlFirstLine: number;
  readonly eol: '\n' | '\r\n';
}

export type FrontMatterSplit = { readonly ok: true; readonly layout: FrontMatterLayout } | { readonly ok: false; readonly line: number; readonly message: string };

/** Finds the `---` fenced front matter at the top of a Markdown file. */
export function splitFrontMatter(text: string): FrontMatterSplit {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const open = /^---[ \t]*(\r?\n)/.exec(text.slice(start, start + 16));
  if (!open) return { ok: false, line: 1, message: 'Item file must start with a "---" line opening the YAML front matter' };
  const eol = open[1] === '\r\n' ? '\r\n' : '\n';
  const yamlStart = start + open[0].length;
  const close = /^(?:---|\.\.\.)[ \t]*$/gm;
  close.lastIndex = yamlStart;
  let m: RegExpExecArray | null;
  while ((m = close.exec(text)) !== null) {
    if (m.index === yamlStart || text[m.index - 1] === '\n') break;
  }
  if (m === null) {
    return { ok: false, line: 1, message: 'The front matter opened on line 1 is never closed by a "---" line' };
  }
  let bodyStart = m.index + m[0].length;
  if (text.startsWith('\r\n', bodyStart)) bodyStart += 2;
  else if (text[bodyStart] === '\n') bodyStart += 1;
  return { ok: true, layout: { yamlStart, yamlEnd: m.index, bodyStart, yamlFirstLine: 2, eol } };
}

/** A change to one front-matter key: a new value, or `undefined` to remove the key. */
export type FieldChanges = Readonly<Record<string, unknown>>;

/**
 * Applies `changes` to the front matter of `text`, touching only the bytes of the changed keys:
 * comments, key order, quoting, unknown keys and the body survive byte for byte. A scalar keeps
 * its quoting style where the new value allows it; an inline comment after it is kept. New keys
 * are appended at the end of the front matter.
 */
export function editFrontMatter(text: string, changes: FieldChanges): string {
  const split = splitFrontMatter(text);
  if (!split.ok) throw new FrontMatterEditError(split.message);
  let out = text;
  const { yamlStart, eol } = split.layout;
  let { yamlEnd } = split.layout;
  const before = frontMatterValues(text.slice(yamlStart, yamlEnd));
  for (const [key, value] of Object.entries(changes)) {
    const yamlText = out.slice(yamlStart, yamlEnd);
    const doc = parseDocument(yamlText, { keepSourceTokens: false, uniqueKeys: false });
    if (doc.errors.length > 0) {
      // Valid before (checked above), broken by an earlier change of this edit: the layout.
      throw new FrontMatterEditError(out === text ? `Front matter is not valid YAML: ${doc.errors[0].message.split('\n')[0]}` : UNSAFE_LAYOUT);
    }
    const root = doc.contents;
    if (root !== null && !isMap(root)) throw new FrontMatterEditError('Front matter is not a mapping of keys to values');
    if (root !== null && root.flow) {
      throw new FrontMatterEditError('Front matter is written as one {…} flow mapping, which cannot be edited line by line; write it as one "key: value" per line');
    }
    const pair = root ? (root.items as Pair[]).find((p) => isScalar(p.key) && p.key.value === key) : undefined;
    const [from, to, replacement] = pair ? editPair(yamlText, pair, key, value, eol) : appendPair(yamlText, key, value, eol);
    out = out.slice(0, yamlStart + from) + replacement + out.slice(yamlStart + to);
    yamlEnd += replacement.length - (to - from);
  }
  // The edit above works on source ranges; a style it does not foresee (an indented block, odd
  // spacing) could yield YAML that means something else. Check the result means exactly the old
  // values plus the changes before anyone writes it.
  const expected: Record<string, unknown> = { ...before };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete expected[key];
    else expected[key] = JSON.parse(JSON.stringify(value));
  }
  let after: Record<string, unknown> | undefined;
  try {
    after = frontMatterValues(out.slice(yamlStart, yamlEnd));
  } catch {
    after = undefined;
  }
  if (!after || canonicalJson(after) !== canonicalJson(expected)) {
    throw new FrontMatterEditError(UNSAFE_LAYOUT);
  }
  return out;
}

const UNSAFE_LAYOUT =
  'The front matter is laid out in a way that cannot be edited safely (an indented block or an unusual style); nothing was written. Write it as one "key: value" per line, starting at the first column.';

/** An edit refused because its result would not be the file with just the changes applied. */
export class FrontMatterEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrontMatterEditError';
  }
}

/** The front matter's values as plain JSON; throws if it is not a valid mapping. */
function frontMatterValues(yamlText: string): Record<string, unknown> {
  const doc = parseDocument(yamlText, { uniqueKeys: false });
  if (doc.errors.length > 0) throw new FrontMatterEditError(`Front matter is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  if (doc.contents !== null && !isMap(doc.contents)) throw new FrontMatterEditError('Front matter is not a mapping of keys to values');
  return (doc.toJS() ?? {}) as Record<string, unknown>;
}

/** JSON with object keys sorted, so two values compare equal whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

type Splice = [from: number, to: number, replacement: string];

function editPair(yamlText: string, pair: Pair, key: string, value: unknown, eol: string): Splice {
  const keyNode = pair.key as Node;
  const valueNode = pair.value as Node | null;
  const keyStart = keyNode.range![0];
  const valueEnd = valueNode?.range ? valueNode.range[1] : keyNode.range![1];
  const lineStart = yamlText.lastIndexOf('\n', keyStart - 1) + 1;
  if (value === undefined) {
    let end = valueEnd;
    if (yamlText[end - 1] !== '\n') {
      const nl = yamlText.indexOf('\n', end);
      end = nl === -1 ? yamlText.length : nl + 1;
    }
    return [lineStart, end, ''];
  }
  const oldIsScalar = valueNode === null || isScalar(valueNode);
  if (oldIsScalar && !isCollectionValue(value)) {
    const old = valueNode;
    if (old?.range && old.range[1] > old.range[0]) {
      return [old.range[0], old.range[1], renderScalar(value, old.type)];
    }
    // `key:` with no value: write it after the colon.
    const colon = yamlText.indexOf(':', keyNode.range![1]);
    return [colon + 1, colon + 1, ' ' + renderScalar(value, undefined)];
  }
  // Collections are re-rendered as a whole pair: flow for lists of scalars, block otherwise.
  let rendered = renderPair(key, value, eol);
  if (yamlText[valueEnd - 1] !== '\n') rendered = rendered.replace(/(\r?\n)$/, '');
  return [lineStart, valueEnd, rendered];
}

function appendPair(yamlText: string, key: string, value: unknown, eol: string): Splice {
  if (value === undefined) return [0, 0, ''];
  const needsEol = yamlText.length > 0 && !yamlText.endsWith('\n');
  return [yamlText.length, yamlText.length, (needsEol ? eol : '') + renderPair(key, value, eol)];
}

function isCollectionValue(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

function renderScalar(value: unknown, oldType: Scalar.Type | undefined): string {
  const doc = new Document(value);
  if (typeof value === 'string' && (oldType === 'QUOTE_DOUBLE' || oldType === 'QUOTE_SINGLE') && isScalar(doc.contents)) {
    doc.contents.type = oldType;
  }
  return doc.toString({ lineWidth: 0 }).replace(/\r?\n$/, '');
}

function renderPair(key: string, value: unknown, eol: string): string {
  const flow = Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null);
  const doc = new Document({ [key]: value });
  if (flow && isMap(doc.contents)) {
    const seq = doc.contents.items[0].value;
    if (isCollection(seq)) seq.flow = true;
  }
  const text = doc.toString({ lineWidth: 0, flowCollectionPadding: false, indentSeq: true });
  return eol === '\n' ? text : text.replace(/\n/g, eol);
}
