import type { NewItem } from '../backlog';
import type { BacklogConfig } from '../config';
import type { CodeLink, Item } from '../item';
import { defaultItemBody } from '../itemFile';
import { baseName } from '../paths';
import { normaliseAnchor, todoAnchor } from './anchors';
import { NO_DISMISSED_TODOS, type DismissedTodos } from './dismissedTodos';
import type { TodoComment } from './scanner';

/** The TODO comments of one file, with the text they were found in. */
export interface ScannedFile {
  /** Workspace-relative path with '/' separators (what code links store). */
  readonly path: string;
  /** Markdown fence info string for the file's language (`ts`, `python`, …). */
  readonly fence: string;
  readonly text: string;
  readonly todos: readonly TodoComment[];
}

/** Whether a comment is already in the backlog. */
export type TodoTracking =
  /** Linked to an item: by the id in its marker, or by an item's code link whose anchor matches. */
  | { readonly kind: 'linked'; readonly id: string; readonly via: 'marker' | 'link' }
  /** The marker names an id the backlog does not have (deleted, or from another branch). */
  | { readonly kind: 'unknown-id'; readonly id: string }
  /** Untracked, but the team said it is not backlog work (listed in `.backlog/dismissed-todos.txt`). */
  | { readonly kind: 'dismissed' }
  | { readonly kind: 'untracked' };

/**
 * Decides for every comment whether it is tracked. An item's TODO link claims at most one
 * comment in its file (the nearest with the same anchor); items already named by a marker in
 * that file claim nothing more, so two identical `TODO: handle errors` stay two comments.
 */
export function trackTodos(files: readonly ScannedFile[], items: readonly Item[], dismissed: DismissedTodos = NO_DISMISSED_TODOS): Map<TodoComment, TodoTracking> {
  const known = new Set(items.map((i) => i.id));
  const out = new Map<TodoComment, TodoTracking>();
  const linksByPath = new Map<string, { item: Item; link: CodeLink }[]>();
  for (const item of items) {
    for (const link of item.links) {
      if (link.kind !== 'todo' || !link.anchor) continue;
      const list = linksByPath.get(link.path) ?? [];
      list.push({ item, link });
      linksByPath.set(link.path, list);
    }
  }
  for (const file of files) {
    const marked = new Set<string>();
    for (const todo of file.todos) {
      if (todo.id === undefined) continue;
      marked.add(todo.id);
      out.set(todo, known.has(todo.id) ? { kind: 'linked', id: todo.id, via: 'marker' } : { kind: 'unknown-id', id: todo.id });
    }
    const free = file.todos.filter((t) => t.id === undefined);
    for (const { item, link } of linksByPath.get(file.path) ?? []) {
      if (marked.has(item.id)) continue;
      const want = normaliseAnchor(link.anchor!);
      let best: TodoComment | undefined;
      for (const t of free) {
        if (out.has(t) || normaliseAnchor(todoAnchor(t)) !== want) continue;
        if (best === undefined || Math.abs(t.line - (link.line ?? 0)) < Math.abs(best.line - (link.line ?? 0))) best = t;
      }
      if (best) out.set(best, { kind: 'linked', id: item.id, via: 'link' });
    }
    for (const t of free) if (!out.has(t)) out.set(t, dismissed.has(file.path, t) ? { kind: 'dismissed' } : { kind: 'untracked' });
  }
  return out;
}

/** Where and how to write an item's id into its comment once the item exists. */
export interface MarkerEdit {
  readonly path: string;
  readonly line: number;
  /** Range in the file text: from the tag to the end of the comment text. */
  readonly start: number;
  readonly end: number;
  /** Offset of the start of the comment's line, and the line as scanned (without its line break): the edit is refused if it changed since. */
  readonly lineStart: number;
  readonly lineText: string;
  /** The tag as written (`TODO`, `@todo`). */
  readonly tag: string;
  /** Marker contents to keep after the id (owners, foreign issue keys). */
  readonly refs: readonly string[];
  /** The comment text as written (untruncated). */
  readonly text: string;
}

/** One comment to turn into an item. */
export interface TodoCapture {
  readonly path: string;
  readonly todo: TodoComment;
  readonly item: NewItem;
  readonly marker: MarkerEdit;
}

export interface CapturePlan {
  readonly create: readonly TodoCapture[];
  readonly linked: readonly { readonly path: string; readonly todo: TodoComment; readonly id: string; readonly via: 'marker' | 'link' }[];
  readonly unknownIds: readonly { readonly path: string; readonly todo: TodoComment; readonly id: string }[];
  /** Dismissed comments left out (unless `includeDismissed`). */
  readonly dismissed: readonly { readonly path: string; readonly todo: TodoComment }[];
}

export interface CaptureOptions {
  readonly config: Pick<BacklogConfig, 'types' | 'defaultType'>;
  /** Item type per tag; default FIXME and BUG → bug, everything else → debt (when the config has them). */
  readonly tagTypes?: Readonly<Record<string, string>>;
  /** Lines of code shown above and below the comment in the item body (default 3). */
  readonly contextLines?: number;
  /** Comments dismissed from the inbox: not captured unless `includeDismissed` (one asked for by name). */
  readonly dismissed?: DismissedTodos;
  readonly includeDismissed?: boolean;
}

export const DEFAULT_TAG_TYPES: Readonly<Record<string, string>> = { FIXME: 'bug', BUG: 'bug' };

/**
 * Plans a capture: which comments become items (with title, type, link and body), which are
 * already linked. Pure and idempotent: once the items exist, planning again creates nothing.
 */
export function planCapture(files: readonly ScannedFile[], items: readonly Item[], options: CaptureOptions): CapturePlan {
  const tracking = trackTodos(files, items, options.dismissed);
  const create: TodoCapture[] = [];
  const dismissed: { path: string; todo: TodoComment }[] = [];
  const linked: { path: string; todo: TodoComment; id: string; via: 'marker' | 'link' }[] = [];
  const unknownIds: { path: string; todo: TodoComment; id: string }[] = [];
  for (const file of files) {
    const lines = file.text.split('\n');
    for (const todo of file.todos) {
      const t = tracking.get(todo) ?? { kind: 'untracked' };
      if (t.kind === 'linked') linked.push({ path: file.path, todo, id: t.id, via: t.via });
      else if (t.kind === 'unknown-id') unknownIds.push({ path: file.path, todo, id: t.id });
      else if (t.kind === 'dismissed' && !options.includeDismissed) dismissed.push({ path: file.path, todo });
      else create.push({ path: file.path, todo, item: newItemFor(file, todo, lines, options), marker: markerEditFor(file, todo) });
    }
  }
  return { create, linked, unknownIds, dismissed };
}

function newItemFor(file: ScannedFile, todo: TodoComment, lines: readonly string[], options: CaptureOptions): NewItem {
  const tagTypes = options.tagTypes ?? DEFAULT_TAG_TYPES;
  const wanted = tagTypes[todo.tag] ?? 'debt';
  const type = options.config.types.includes(wanted) ? wanted : options.config.defaultType;
  const link: CodeLink = { path: file.path, line: todo.line, kind: 'todo', anchor: todoAnchor(todo) };
  return {
    title: todoTitle(todo, file.path, codeBelow(lines, todo.line)),
    type,
    assignee: todo.owner,
    links: [link],
    body: defaultItemBody(describeTodo(file, todo, lines, options.contextLines ?? 3)),
  };
}

/**
 * An item title from the comment: its first sentence, continued on the comment lines below when
 * it wraps, capitalised unless it starts with code (`parseDate`, `user_id`, `src/app.ts`), cut at
 * a word near 100 characters. A comment that says nothing but a tag word ("TODO", "FIX") is
 * titled from the code it stands above, never "TODO in x.js".
 */
export function todoTitle(todo: Pick<TodoComment, 'tag' | 'text'> & Partial<Pick<TodoComment, 'continuation' | 'line'>>, path: string, nextCode?: string): string {
  const whole = [todo.text, todo.continuation ?? ''].join(' ').replace(/\s+/g, ' ').replace(/^[\s:;,.?!\-–—]+/, '');
  let title = firstSentence(whole.trim()).replace(/[\s.:;,\-–—]+$/, '').trim();
  if (isOnlyTagWords(title, todo.tag)) {
    const where = `${baseName(path)}${todo.line ? `:${todo.line}` : ''}`;
    const code = nextCode?.trim().replace(/\s+/g, ' ');
    if (!code) return `Follow up at ${where}`;
    return `Follow up on \`${code.length > 60 ? code.slice(0, 59).trimEnd() + '…' : code}\` (${where})`;
  }
  if (title.length > 100) {
    const cut = title.lastIndexOf(' ', 99);
    title = title.slice(0, cut > 60 ? cut : 99).trimEnd() + '…';
  }
  return looksLikeCode(/^\S+/.exec(title)![0]) ? title : title[0].toUpperCase() + title.slice(1);
}

/** Text up to the end of its first sentence: `.`, `!` or `?` before a space, not in `e.g.` or `U.S.`. */
function firstSentence(text: string): string {
  const re = /[.!?](?=\s|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const before = text.slice(0, m.index + 1);
    if (/(?:^|\s)(?:e\.g|i\.e|etc|vs|cf|approx|incl|fig|resp)\.$/i.test(before) || /(?:^|[\s.])[A-Za-z]\.$/.test(before)) continue;
    return m[0] === '.' ? text.slice(0, m.index) : before;
  }
  return text;
}

/** Words that say no more than the tag itself. */
const TAG_WORDS = new Set(['todo', 'todos', 'fixme', 'fix', 'hack', 'xxx', 'bug', 'note', 'tbd', 'wip']);

/** True when a title would say nothing: empty, or only tag words and punctuation ("FIX", "TODO: fixme!"). */
function isOnlyTagWords(title: string, tag: string): boolean {
  return title
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .every((w) => TAG_WORDS.has(w) || w === tag.toLowerCase());
}

/** A word written as code: camelCase, snake_case, a call, a path, a member access, or in backticks. */
function looksLikeCode(word: string): boolean {
  return /^`|[_$#/\\(]|::|\w{2,}\.\w|\w\.\w{2,}|^[a-z]+[A-Z]|^[a-z][a-z]*\d/.test(word);
}

/** The first line of code below a comment: what a comment with no words of its own is about. */
export function codeBelow(lines: readonly string[], line: number): string | undefined {
  for (let i = line; i < Math.min(lines.length, line + 8); i++) {
    const l = lines[i].trim();
    if (!/\w/.test(l) || /^(?:\/\/|\/\*|\*|#|--|;|%|<!--|-->|"""|''')/.test(l)) continue;
    return l.length > 200 ? l.slice(0, 200) : l;
  }
  return undefined;
}

function describeTodo(file: ScannedFile, todo: TodoComment, lines: readonly string[], context: number): string {
  let from = Math.max(1, todo.line - context);
  let to = Math.min(lines.length, todo.line + context);
  while (from < todo.line && lines[from - 1].trim() === '') from++;
  while (to > todo.line && lines[to - 1].trim() === '') to--;
  const snippet = lines.slice(from - 1, to).map((l) => {
    const line = l.endsWith('\r') ? l.slice(0, -1) : l;
    return line.length > 200 ? line.slice(0, 199) + '…' : line;
  });
  const indent = Math.min(...snippet.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length));
  const body = snippet.map((l) => l.slice(Number.isFinite(indent) ? Math.min(indent, /^[ \t]*/.exec(l)![0].length) : 0)).join('\n');
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `From a \`${todo.tag}\` comment in \`${file.path}\` at line ${todo.line}:\n\n${fence}${file.fence}\n${body}\n${fence}\n`;
}

/** Where the id goes in a comment's text, checked against the line as scanned when applied. */
export function markerEditFor(file: Pick<ScannedFile, 'path' | 'text'>, todo: TodoComment): MarkerEdit {
  const tagLength = (file.text.charCodeAt(todo.start) === 64 ? 1 : 0) + todo.tag.length;
  const lineStart = file.text.lastIndexOf('\n', todo.start - 1) + 1;
  let lineEnd = file.text.indexOf('\n', todo.start);
  if (lineEnd === -1) lineEnd = file.text.length;
  if (lineEnd > lineStart && file.text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
  return {
    path: file.path,
    line: todo.line,
    start: todo.start,
    end: todo.textEnd,
    lineStart,
    lineText: file.text.slice(lineStart, lineEnd),
    tag: file.text.slice(todo.start, todo.start + tagLength),
    refs: todo.refs,
    text: file.text.slice(todo.textStart, todo.textEnd),
  };
}

/** Default write-back format: `TODO(BL-7K3QM): text`. `{refs}` is the id followed by kept marker contents. */
export const DEFAULT_MARKER_FORMAT = '{tag}({refs}): {text}';

/**
 * Why `format` may not be used to write ids into comments, or undefined when it may. The format
 * comes from a setting a cloned repository can set, and what it renders is written into source
 * files, so it must stay inside the comment it replaces: one line, and only characters that
 * cannot end a comment in any language (no `*`, `/`, `>`, `%`, `}`, quotes or backslash — so no
 * `*\/`, `-->`, `%>`, `#}`, `?>`, `-}`, `*)`, `"""`, nor a `\` that would continue a line comment
 * onto the next line — and no `]]`, which ends a Lua long comment).
 */
export function markerFormatProblem(format: unknown): string | undefined {
  if (typeof format !== 'string') return 'must be text';
  if (format.length > 200) return 'must be at most 200 characters';
  if (!format.includes('{id}') && !format.includes('{refs}')) return 'must contain {id} or {refs}';
  const literal = format.replace(/\{(tag|id|refs|text)\}/g, ' ');
  const bad = /[^\p{L}\p{N} ()[\]:;,.\-_@#!?=+&|~^$]/u.exec(literal);
  if (bad) return `may not contain ${JSON.stringify(bad[0]).slice(1, -1) || bad[0]} (only letters, digits, spaces, the placeholders {tag} {id} {refs} {text} and ( ) [ ] : ; , . - _ @ # ! ? = + & | ~ ^ $), so the id stays inside the comment`;
  if (literal.includes(']]')) return 'may not contain "]]" (it ends a Lua comment)';
  return undefined;
}

/** The comment's new text from the tag on, with the id written in. */
export function renderMarker(edit: MarkerEdit, id: string, format: string = DEFAULT_MARKER_FORMAT): string {
  const problem = markerFormatProblem(format);
  if (problem) throw new Error(`TODO marker format "${format}" ${problem}`);
  const refs = [id, ...edit.refs].join(', ');
  const rendered = format.replace(/\{(tag|id|refs|text)\}/g, (_, key: string) => (key === 'tag' ? edit.tag : key === 'id' ? id : key === 'refs' ? refs : edit.text));
  return edit.text === '' ? rendered.replace(/[:\s-]+$/, '') : rendered;
}

export interface AppliedMarkers {
  readonly text: string;
  readonly applied: readonly MarkerEdit[];
  /** Edits whose line no longer reads as scanned (the file changed since): not applied. */
  readonly stale: readonly MarkerEdit[];
}

/** Writes ids into comments of one file's text. Only the marked ranges change; line endings stay. */
export function applyMarkers(text: string, edits: readonly { edit: MarkerEdit; id: string }[], format?: string): AppliedMarkers {
  const sorted = [...edits].sort((a, b) => b.edit.start - a.edit.start);
  const applied: MarkerEdit[] = [];
  const stale: MarkerEdit[] = [];
  let out = text;
  let limit = Infinity;
  for (const { edit, id } of sorted) {
    const lineEnd = edit.lineStart + edit.lineText.length;
    const after = out.charCodeAt(lineEnd);
    if (lineEnd > limit || out.slice(edit.lineStart, lineEnd) !== edit.lineText || !(lineEnd === out.length || after === 10 || after === 13)) {
      stale.push(edit);
      continue;
    }
    out = out.slice(0, edit.start) + renderMarker(edit, id, format) + out.slice(edit.end);
    limit = edit.start;
    applied.push(edit);
  }
  return { text: out, applied: applied.reverse(), stale };
}
