// The board's filter, matched where the items are: the host has every item's description, the
// webview only the cards. One query language for every view (src/core/query.ts).
import type { Item } from '../item';
import { isEmptyQuery, matchesQuery, parseQuery, type QueryContext } from '../query';

/** The cards a query keeps, and what in the query was not understood. */
export interface BoardMatches {
  /** The query text these ids answer (the webview may have moved on while they travelled). */
  readonly query: string;
  readonly ids: readonly string[];
  readonly problems: readonly string[];
}

/** Undefined for a query that filters nothing (every card is shown). */
export function boardMatches(items: readonly Item[], query: string, context: QueryContext): BoardMatches | undefined {
  if (query.trim() === '') return undefined;
  const parsed = parseQuery(query);
  const ids = isEmptyQuery(parsed) ? items.map((i) => i.id) : items.filter((i) => matchesQuery(i, parsed, context)).map((i) => i.id);
  return { query, ids, problems: parsed.problems };
}
