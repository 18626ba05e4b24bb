// The board's view settings: what the user narrowed the board to. This is UI state: the webview
// keeps it (getState/setState) and tells the host, which matches the query against the items
// (descriptions included, which never cross into the webview) and writes nothing from it.
import { setQueryTerm } from '../query';
import type { BoardCard, BoardSprint } from './boardCard';

/** Which items are on the board: everything, the product backlog (no sprint), or one sprint. */
export type SprintScope = { readonly kind: 'all' } | { readonly kind: 'backlog' } | { readonly kind: 'sprint'; readonly name: string };

/** Rows across the columns, one per value of a field. */
export type SwimlaneField = 'none' | 'type' | 'assignee' | 'priority' | 'epic';

export interface BoardView {
  readonly scope: SprintScope;
  /** The filter, in the product's query language (src/core/query.ts); the host matches it. */
  readonly query: string;
  readonly swimlanes: SwimlaneField;
}

export const DEFAULT_VIEW: BoardView = { scope: { kind: 'all' }, query: '', swimlanes: 'none' };

export function inScope(card: BoardCard, scope: SprintScope): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'backlog':
      return !card.sprint;
    case 'sprint':
      return card.sprint === scope.name;
  }
}

export function isFiltering(view: BoardView): boolean {
  return view.query.trim() !== '';
}

/** The sprint selector's choices: declared sprints in calendar order, then ids only items mention. */
export function sprintChoices(sprints: readonly BoardSprint[], cards: readonly BoardCard[]): BoardSprint[] {
  const known = new Set(sprints.map((s) => s.id));
  const extra = new Set<string>();
  for (const c of cards) if (c.sprint && !known.has(c.sprint)) extra.add(c.sprint);
  return [...sprints, ...[...extra].sort(naturalCompare).map((id) => ({ id, name: id }))];
}

/** Values offered by the filter menus, from the items themselves and the config. */
export function filterChoices(cards: readonly BoardCard[]): { labels: string[]; assignees: string[] } {
  const labels = new Set<string>();
  const assignees = new Set<string>();
  for (const c of cards) {
    for (const l of c.labels) labels.add(l);
    if (c.assignee) assignees.add(c.assignee);
  }
  return { labels: [...labels].sort(naturalCompare), assignees: [...assignees].sort(naturalCompare) };
}

export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Reads a view from persisted webview state, which may come from an older version of the board
 * or be damaged: anything unrecognised falls back to the default.
 */
export function sanitizeView(value: unknown): BoardView {
  if (typeof value !== 'object' || value === null) return DEFAULT_VIEW;
  const v = value as Record<string, unknown>;
  const query = typeof v.query === 'string' ? v.query : typeof v.filter === 'object' && v.filter !== null ? legacyFilterQuery(v.filter as Record<string, unknown>) : '';
  const s = (typeof v.scope === 'object' && v.scope !== null ? v.scope : {}) as Record<string, unknown>;
  const scope: SprintScope =
    s.kind === 'backlog' ? { kind: 'backlog' } : s.kind === 'sprint' && typeof s.name === 'string' ? { kind: 'sprint', name: s.name } : { kind: 'all' };
  const swimlanes: SwimlaneField = v.swimlanes === 'type' || v.swimlanes === 'assignee' || v.swimlanes === 'priority' || v.swimlanes === 'epic' ? v.swimlanes : 'none';
  return { scope, query, swimlanes };
}

/** A filter saved by a board before the query language (text box and menus), as a query. */
function legacyFilterQuery(f: Record<string, unknown>): string {
  const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);
  let query = typeof f.text === 'string' ? f.text : '';
  const none = (values: string[]) => values.map((v) => (v === '' ? 'none' : v));
  query = setQueryTerm(query, 'type', strings(f.types));
  query = setQueryTerm(query, 'label', strings(f.labels));
  query = setQueryTerm(query, 'assignee', none(strings(f.assignees)));
  return setQueryTerm(query, 'priority', none(strings(f.priorities)));
}
