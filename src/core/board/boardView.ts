// The board's view settings: what the user narrowed the board to. This is UI state: the webview
// keeps it (getState/setState) and the host never needs it to write anything.
import type { BoardCard, BoardSprint } from './boardCard';

/** Which items are on the board: everything, the product backlog (no sprint), or one sprint. */
export type SprintScope = { readonly kind: 'all' } | { readonly kind: 'backlog' } | { readonly kind: 'sprint'; readonly name: string };

/** Rows across the columns, one per value of a field. */
export type SwimlaneField = 'none' | 'type' | 'assignee' | 'priority';

/** Narrowing of the visible cards; an empty list means "any". */
export interface BoardFilter {
  /** Words that must each appear in the id, title, labels or assignee (case-insensitive). */
  readonly text: string;
  readonly types: readonly string[];
  readonly labels: readonly string[];
  /** Assignee names; `''` stands for "unassigned". */
  readonly assignees: readonly string[];
  /** Priority names; `''` stands for "no priority". */
  readonly priorities: readonly string[];
}

export interface BoardView {
  readonly scope: SprintScope;
  readonly filter: BoardFilter;
  readonly swimlanes: SwimlaneField;
}

export const EMPTY_FILTER: BoardFilter = { text: '', types: [], labels: [], assignees: [], priorities: [] };

export const DEFAULT_VIEW: BoardView = { scope: { kind: 'all' }, filter: EMPTY_FILTER, swimlanes: 'none' };

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

export function isFiltering(filter: BoardFilter): boolean {
  return filter.text.trim() !== '' || filter.types.length > 0 || filter.labels.length > 0 || filter.assignees.length > 0 || filter.priorities.length > 0;
}

/** A matcher for the filter, prepared once per render rather than once per card. */
export function cardMatcher(filter: BoardFilter): (card: BoardCard) => boolean {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  const types = new Set(filter.types);
  const labels = new Set(filter.labels);
  const assignees = new Set(filter.assignees);
  const priorities = new Set(filter.priorities);
  return (card) => {
    if (types.size > 0 && !types.has(card.type)) return false;
    if (assignees.size > 0 && !assignees.has(card.assignee ?? '')) return false;
    if (priorities.size > 0 && !priorities.has(card.priority ?? '')) return false;
    if (labels.size > 0 && !card.labels.some((l) => labels.has(l))) return false;
    if (words.length === 0) return true;
    const haystack = `${card.id}\n${card.title}\n${card.labels.join('\n')}\n${card.assignee ?? ''}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  };
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
  const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);
  const f = (typeof v.filter === 'object' && v.filter !== null ? v.filter : {}) as Record<string, unknown>;
  const filter: BoardFilter = {
    text: typeof f.text === 'string' ? f.text : '',
    types: strings(f.types),
    labels: strings(f.labels),
    assignees: strings(f.assignees),
    priorities: strings(f.priorities),
  };
  const s = (typeof v.scope === 'object' && v.scope !== null ? v.scope : {}) as Record<string, unknown>;
  const scope: SprintScope =
    s.kind === 'backlog' ? { kind: 'backlog' } : s.kind === 'sprint' && typeof s.name === 'string' ? { kind: 'sprint', name: s.name } : { kind: 'all' };
  const swimlanes: SwimlaneField = v.swimlanes === 'type' || v.swimlanes === 'assignee' || v.swimlanes === 'priority' ? v.swimlanes : 'none';
  return { scope, filter, swimlanes };
}
