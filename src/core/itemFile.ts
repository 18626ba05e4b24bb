import { isMap, isScalar, LineCounter, parseDocument, type Pair, type Node } from 'yaml';
import { canonicalYamlWithLines } from './canonicalYaml';
import { contentHash } from './hash';
import { isItemId } from './ids';
import { FIELD_ORDER, KNOWN_FIELDS, type CodeLink, type Item } from './item';
import { baseName } from './paths';
import type { Problem } from './problem';
import { splitFrontMatter } from './frontMatter';
import { valueText } from './valueText';

export interface ParsedItemFile {
  /** Absent when the file is too broken to be an item (bad YAML, conflict markers, no id). */
  readonly item?: Item;
  readonly problems: Problem[];
}

const CONFLICT_MARKER = /^(?:<{7}|={7}|>{7}|\|{7})(?:[ \t]|\r?$)/gm;

/**
 * Parses an item file. Never throws and never needs to rewrite the file: whatever is wrong is
 * returned as problems with file and line, and the item is still returned whenever it has an id.
 */
export function parseItemFile(file: string, text: string): ParsedItemFile {
  const problems: Problem[] = [];
  const report = (line: number, column: number, code: string, message: string, severity: Problem['severity'] = 'error') => {
    problems.push({ file, line, column, code, message, severity });
  };

  // `=======` alone is a Markdown setext heading; a real conflict always opens with `<<<<<<<`
  // and closes with `>>>>>>>`.
  const markers = [...text.matchAll(CONFLICT_MARKER)];
  const opening = markers.find((m) => m[0].startsWith('<'));
  if (opening && markers.some((m) => m[0].startsWith('>'))) {
    const line = lineOf(text, opening.index);
    report(line, 1, 'merge-conflict', `Unresolved merge conflict (${markers.length} conflict marker line${markers.length > 1 ? 's' : ''}); resolve it in git, the item is not loaded until then`);
    return { problems };
  }

  const split = splitFrontMatter(text);
  if (!split.ok) {
    report(split.line, 1, 'front-matter', split.message);
    return { problems };
  }
  const { yamlStart, yamlEnd, bodyStart, yamlFirstLine } = split.layout;
  const lines = new LineCounter();
  const yamlText = text.slice(yamlStart, yamlEnd);
  const doc = parseDocument(yamlText, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const pos = (offset: number) => {
    const p = lines.linePos(offset);
    return { line: p.line + yamlFirstLine - 1, column: p.col };
  };
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      // Errors found at end of input (an unterminated quote) belong to the last line, not the fence.
      const p = pos(Math.min(e.pos[0], Math.max(0, yamlText.trimEnd().length - 1)));
      report(p.line, p.column, 'yaml', `Invalid YAML in front matter: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
    }
    return { problems };
  }
  const root = doc.contents;
  if (root !== null && !isMap(root)) {
    const p = pos(root.range?.[0] ?? 0);
    report(p.line, p.column, 'front-matter', 'Front matter must be a mapping of keys to values');
    return { problems };
  }

  const values: Record<string, unknown> = {};
  const fieldLines: Record<string, number> = {};
  const nodes: Record<string, Node | null> = {};
  for (const pair of (root?.items ?? []) as Pair[]) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    values[key] = pair.value === null ? null : (pair.value as Node).toJSON();
    nodes[key] = pair.value as Node | null;
    fieldLines[key] = pos((pair.key as Node).range?.[0] ?? 0).line;
  }
  return itemFromFrontMatter({ file, text, bodyStart, yamlFirstLine, values, fieldLines, valuePosition: (key) => (nodes[key]?.range ? pos(nodes[key].range[0]) : undefined) }, problems);
}

/** The front matter of an item file as read (or as just written), for `itemFromFrontMatter`. */
interface FrontMatterValues {
  readonly file: string;
  readonly text: string;
  readonly bodyStart: number;
  readonly yamlFirstLine: number;
  /** Each top-level key's value as plain JSON-like data. */
  readonly values: Readonly<Record<string, unknown>>;
  /** 1-based file line of each key. */
  readonly fieldLines: Record<string, number>;
  /** Where a key's value starts, when known, for warnings that point at the value. */
  readonly valuePosition: (key: string) => { line: number; column: number } | undefined;
}

/** The item (or the problems) that front-matter values make; shared by parsing and creating. */
function itemFromFrontMatter({ file, text, bodyStart, yamlFirstLine, values, fieldLines, valuePosition }: FrontMatterValues, problems: Problem[]): ParsedItemFile {
  const report = (line: number, column: number, code: string, message: string, severity: Problem['severity'] = 'error') => {
    problems.push({ file, line, column, code, message, severity });
  };
  // A key that is absent is reported on the opening `---` fence.
  const lineOfKey = (key: string) => fieldLines[key] ?? Math.max(1, yamlFirstLine - 1);
  const warn = (key: string, code: string, message: string) => {
    const p = valuePosition(key) ?? { line: lineOfKey(key), column: 1 };
    report(p.line, p.column, code, message, 'warning');
  };

  const id = values.id;
  if (typeof id !== 'string' || !isItemId(id)) {
    if (id === undefined || id === null) report(Math.max(1, yamlFirstLine - 1), 1, 'missing-id', 'Item has no "id" in its front matter; it is not loaded');
    else report(lineOfKey('id'), 1, 'invalid-id', `"${valueText(id)}" is not an item id (expected PREFIX-XXXXX, e.g. BL-7K3QM); the item is not loaded`);
    return { problems };
  }
  const expectedName = `${id}.md`;
  if (baseName(file) !== expectedName) {
    warn('id', 'file-name', `File name should be ${expectedName} to match the item's id`);
  }

  const str = (key: string): string | undefined => {
    const v = values[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    warn(key, 'field-type', `"${key}" should be text`);
    return undefined;
  };

  let title = str('title')?.trim();
  if (!title) {
    warn('title', 'missing-title', 'Item has no title');
    title = id;
  }

  let points: number | undefined;
  if (values.points !== undefined && values.points !== null) {
    if (typeof values.points === 'number' && Number.isFinite(values.points) && values.points >= 0) points = values.points;
    else warn('points', 'field-type', '"points" should be a number of at least 0');
  }

  let labels: string[] = [];
  if (values.labels !== undefined && values.labels !== null) {
    if (Array.isArray(values.labels)) labels = values.labels.filter((l) => typeof l === 'string' || typeof l === 'number').map(String);
    else if (typeof values.labels === 'string') labels = values.labels.split(',').map((l) => l.trim()).filter(Boolean);
    if (!Array.isArray(values.labels) || labels.length !== values.labels.length) warn('labels', 'field-type', '"labels" should be a list of names, e.g. [ui, auth]');
  }

  // A malformed parent or blocker is reported and left out of the item, never rewritten: the
  // file keeps what the user wrote until they fix it.
  // Ids are read as typed in any case (`bl-7k3qm`), like ids typed anywhere else.
  const parentText = str('parent');
  let parent = parentText?.trim().toUpperCase();
  if (parent !== undefined && !isItemId(parent)) {
    warn('parent', 'parent', `"parent" should be one item id (e.g. BL-7K3QM), not "${parentText}"`);
    parent = undefined;
  }

  let blockedBy: string[] = [];
  if (values.blockedBy !== undefined && values.blockedBy !== null) {
    const raw = Array.isArray(values.blockedBy) ? values.blockedBy : typeof values.blockedBy === 'string' ? values.blockedBy.split(',').map((b) => b.trim()).filter(Boolean) : [values.blockedBy];
    const asId = (b: unknown) => (typeof b === 'string' ? b.trim().toUpperCase() : '');
    blockedBy = [...new Set(raw.map(asId).filter(isItemId))];
    const bad = raw.filter((b) => !isItemId(asId(b)));
    if (!Array.isArray(values.blockedBy) || bad.length > 0) {
      const shown = bad.length > 0 ? ` ("${bad.map(valueText).join('", "')}" ${bad.length > 1 ? 'are not ids' : 'is not an id'})` : '';
      warn('blockedBy', 'blocked-by', `"blockedBy" should be a list of item ids, e.g. [BL-7K3QM, BL-2XW9A]${shown}`);
    }
  }

  const links: CodeLink[] = [];
  if (values.links !== undefined && values.links !== null) {
    const raw = Array.isArray(values.links) ? values.links : [values.links];
    for (const l of raw) {
      const link = toCodeLink(l);
      if (link) links.push(link);
      else warn('links', 'link', 'Each link needs at least a "path" (workspace-relative), e.g. { path: src/app.ts, line: 12 }');
    }
  }

  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (!KNOWN_FIELDS.has(k)) extra[k] = v;

  const rank = str('rank');
  const item: Item = {
    id,
    title,
    type: str('type') ?? '',
    status: str('status') ?? '',
    rank,
    priority: str('priority'),
    points,
    labels,
    assignee: str('assignee'),
    sprint: str('sprint'),
    parent,
    milestone: str('milestone'),
    blockedBy,
    created: str('created'),
    updated: str('updated'),
    links,
    file,
    body: text.slice(bodyStart),
    hash: contentHash(text),
    extra,
    lines: fieldLines,
  };
  return { item, problems };
}

function toCodeLink(value: unknown): CodeLink | undefined {
  if (typeof value === 'string' && value.trim() !== '') {
    const m = /^(.*?)(?::(\d+))?$/.exec(value.trim())!;
    return m[2] ? { path: m[1], line: Number(m[2]) } : { path: m[1] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.path !== 'string' || v.path.trim() === '') return undefined;
  const link: { -readonly [K in keyof CodeLink]: CodeLink[K] } = { path: v.path };
  if (typeof v.line === 'number' && Number.isInteger(v.line) && v.line > 0) link.line = v.line;
  if (v.kind === 'todo' || v.kind === 'test' || v.kind === 'code') link.kind = v.kind;
  if (typeof v.anchor === 'string') link.anchor = v.anchor;
  if (v.state === 'current' || v.state === 'moved' || v.state === 'lost') link.state = v.state;
  return link;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** What a new item file holds. `body` is Markdown; the rest becomes front matter. */
export interface NewItemFile {
  readonly id: string;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly body: string;
}

/** Renders a new item file with keys in the canonical order. */
export function renderItemFile(spec: NewItemFile): string {
  return renderNewItem(spec).text;
}

/**
 * Renders a new item file and returns the item a parse of it yields, without parsing it back
 * (an import creates thousands at once; the unit tests check both paths agree).
 */
export function newItemFile(file: string, spec: NewItemFile): { readonly text: string; readonly parsed: ParsedItemFile } {
  const { text, ordered, keyLines, yamlFirstLine, bodyStart } = renderNewItem(spec);
  const fieldLines: Record<string, number> = {};
  for (const [key, line] of Object.entries(keyLines)) fieldLines[key] = line + yamlFirstLine;
  const values = plainData(ordered) as Record<string, unknown>;
  const problems: Problem[] = [];
  return { text, parsed: itemFromFrontMatter({ file, text, bodyStart, yamlFirstLine, values, fieldLines, valuePosition: () => undefined }, problems) };
}

function renderNewItem({ id, fields, body }: NewItemFile) {
  const ordered: Record<string, unknown> = { id };
  for (const key of FIELD_ORDER) if (key !== 'id' && fields[key] !== undefined) ordered[key] = fields[key];
  for (const [k, v] of Object.entries(fields)) if (!(k in ordered) && v !== undefined) ordered[k] = v;
  const { text: yamlText, keyLines } = canonicalYamlWithLines(ordered);
  const head = `---\n${yamlText}---\n`;
  const text = head + (body.startsWith('\n') || body === '' ? body : '\n' + body);
  return { text, ordered, keyLines, yamlFirstLine: 2, bodyStart: head.length };
}

/** What reading `value` back from YAML gives: no `undefined` keys, `null` for missing list entries. */
function plainData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : plainData(v)));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plainData(v);
    return out;
  }
  return Object.is(value, -0) ? 0 : value;
}

/** The body a new item starts with: a description and an acceptance-criteria checklist. */
export function defaultItemBody(description = ''): string {
  return `\n## Description\n\n${description ? description.trimEnd() + '\n' : ''}\n## Acceptance criteria\n\n- [ ] \n`;
}
