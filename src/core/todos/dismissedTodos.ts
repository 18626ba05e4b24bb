import type { Problem } from '../problem';
import { normaliseAnchor, todoAnchor } from './anchors';
import type { TodoComment } from './scanner';

/** The file in `.backlog/` that lists TODO comments dismissed from the inbox. */
export const DISMISSED_TODOS_FILE = 'dismissed-todos.txt';

/**
 * A comment the team decided is not backlog work. Keyed by file and comment text (tag and text,
 * as a TODO link's anchor), not by line, so it stays dismissed while code around it moves.
 */
export interface DismissedTodo {
  /** Workspace-relative path with '/' separators. */
  readonly path: string;
  /** `TODO: text`, as `todoAnchor` writes it. */
  readonly anchor: string;
}

export interface DismissedTodos {
  readonly entries: readonly DismissedTodo[];
  /** Lines that could not be read (kept as they are when the file is rewritten). */
  readonly problems: readonly Problem[];
  /** Whether this comment of this file is dismissed. */
  has(path: string, todo: Pick<TodoComment, 'tag' | 'text'>): boolean;
}

const HEADER = [
  '# TODO comments dismissed from the Untracked TODOs inbox: one per line, <path><TAB><comment>.',
  '# Delete a line (or use "Backlog: Show Dismissed TODOs…") to list its comment again.',
];

export const NO_DISMISSED_TODOS: DismissedTodos = parseDismissedTodos('', '');

/** The entry that dismisses this comment. */
export function dismissedTodoFor(path: string, todo: Pick<TodoComment, 'tag' | 'text'>): DismissedTodo {
  return { path, anchor: oneLine(todoAnchor(todo)) };
}

/** Reads the file's text. Bad lines become problems (file and line); nothing is thrown. */
export function parseDismissedTodos(file: string, text: string): DismissedTodos {
  const entries: DismissedTodo[] = [];
  const problems: Problem[] = [];
  const keys = new Set<string>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || line.startsWith('#')) return;
    const entry = parseLine(line);
    if (!entry) {
      problems.push({ file, line: i + 1, column: 1, severity: 'warning', code: 'dismissed-todo', message: 'expected <path><TAB><comment>, e.g. "src/app.ts\tTODO: handle errors"; this line is ignored' });
      return;
    }
    entries.push(entry);
    keys.add(keyOf(entry.path, entry.anchor));
  });
  return { entries, problems, has: (path, todo) => keys.has(keyOf(path, todoAnchor(todo))) };
}

/**
 * The file's text with `add` listed and `remove` no longer listed. Entries are kept sorted and
 * one per line, so two branches that dismiss different comments merge without a conflict in
 * most cases; lines this version cannot read are kept, so nothing someone wrote is lost.
 */
export function editDismissedTodos(text: string, change: { readonly add?: readonly DismissedTodo[]; readonly remove?: readonly DismissedTodo[] }): string {
  const removed = new Set((change.remove ?? []).map((e) => keyOf(e.path, e.anchor)));
  const byKey = new Map<string, string>();
  const unreadable: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || line.startsWith('#')) continue;
    const entry = parseLine(line);
    if (!entry) unreadable.push(line);
    else if (!removed.has(keyOf(entry.path, entry.anchor))) byKey.set(keyOf(entry.path, entry.anchor), line);
  }
  for (const e of change.add ?? []) {
    const key = keyOf(e.path, e.anchor);
    if (!byKey.has(key)) byKey.set(key, `${oneLine(e.path)}\t${oneLine(e.anchor)}`);
  }
  const lines = [...byKey.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...HEADER, ...lines, ...unreadable, ''].join('\n');
}

function parseLine(line: string): DismissedTodo | undefined {
  const tab = line.indexOf('\t');
  if (tab <= 0) return undefined;
  const path = line.slice(0, tab).trim();
  const anchor = line.slice(tab + 1).trim();
  return path && anchor ? { path, anchor } : undefined;
}

function keyOf(path: string, anchor: string): string {
  return `${path}\u0000${normaliseAnchor(anchor)}`;
}

/** Tabs and line breaks would split an entry: a path or comment holding one is written with spaces. */
function oneLine(text: string): string {
  return text.replace(/[\t\r\n]+/g, ' ');
}
