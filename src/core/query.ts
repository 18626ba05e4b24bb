import type { BacklogConfig } from './config';
import type { Item } from './item';
import { compareRanks } from './rank';

/** Backlog order: rank, then id so that merge ties look the same in every clone. */
export function compareItems(a: Item, b: Item): number {
  return compareRanks(a.rank, b.rank) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function sortItems(items: readonly Item[]): Item[] {
  return [...items].sort(compareItems);
}

/** A parsed filter: `key:value` terms must all match, free words must each appear somewhere. */
export interface ItemQuery {
  readonly words: readonly string[];
  readonly terms: readonly { readonly key: QueryKey; readonly value: string; readonly negate: boolean }[];
}

export const QUERY_KEYS = ['id', 'status', 'type', 'priority', 'label', 'assignee', 'sprint', 'is'] as const;
export type QueryKey = (typeof QUERY_KEYS)[number];

/**
 * Parses filter text such as `type:bug label:ui -status:Done "login page"`. Values with spaces
 * are quoted (`status:"In Progress"`); unknown keys are treated as free words.
 */
export function parseQuery(text: string): ItemQuery {
  const words: string[] = [];
  const terms: { key: QueryKey; value: string; negate: boolean }[] = [];
  const tokens = text.match(/-?[A-Za-z]+:"[^"]*"?|-?[A-Za-z]+:\S+|"[^"]*"?|\S+/g) ?? [];
  for (const token of tokens) {
    const m = /^(-?)([A-Za-z]+):(.*)$/.exec(token);
    if (m && (QUERY_KEYS as readonly string[]).includes(m[2].toLowerCase())) {
      terms.push({ key: m[2].toLowerCase() as QueryKey, value: unquote(m[3]).toLowerCase(), negate: m[1] === '-' });
    } else {
      const w = unquote(token).toLowerCase();
      if (w) words.push(w);
    }
  }
  return { words, terms };
}

function unquote(s: string): string {
  return s.replace(/^"/, '').replace(/"$/, '');
}

export function matchesQuery(item: Item, query: ItemQuery, config?: BacklogConfig): boolean {
  for (const t of query.terms) {
    if (termMatches(item, t.key, t.value, config) === t.negate) return false;
  }
  if (query.words.length === 0) return true;
  const haystack = `${item.id}\n${item.title}\n${item.labels.join('\n')}\n${item.assignee ?? ''}\n${item.type}\n${item.status}`.toLowerCase();
  return query.words.every((w) => haystack.includes(w));
}

function termMatches(item: Item, key: QueryKey, value: string, config: BacklogConfig | undefined): boolean {
  const eq = (v: string | undefined) => (v ?? '').toLowerCase() === value;
  switch (key) {
    case 'id': return item.id.toLowerCase().startsWith(value);
    case 'status': return eq(item.status);
    case 'type': return eq(item.type);
    case 'priority': return eq(item.priority);
    case 'label': return item.labels.some((l) => l.toLowerCase() === value);
    case 'assignee': return eq(item.assignee) || (value === 'none' && !item.assignee);
    case 'sprint': return eq(item.sprint) || (value === 'none' && !item.sprint);
    case 'is': {
      const category = config?.statuses.find((s) => s.name === item.status)?.category;
      if (value === 'open') return category !== 'done';
      if (value === 'done' || value === 'doing' || value === 'todo') return category === value;
      if (value === 'linked') return item.links.length > 0;
      if (value === 'estimated') return item.points !== undefined;
      return false;
    }
  }
}

export type GroupBy = 'status' | 'type' | 'priority' | 'sprint' | 'none';

/** A group of items sharing one value of the grouping field; `value` undefined is "none". */
export interface ItemGroup {
  readonly by: GroupBy;
  readonly value: string | undefined;
  readonly label: string;
  readonly items: Item[];
  /** The value is not declared in config.yaml (e.g. a typo or a status removed from config). */
  readonly undeclared: boolean;
}

/**
 * Groups items (already in rank order) by a field. Declared values come first in config order
 * and always appear (empty groups are drop targets); stray values follow, then "none".
 */
export function groupItems(items: readonly Item[], by: GroupBy, config: BacklogConfig): ItemGroup[] {
  if (by === 'none') return [{ by, value: undefined, label: 'All items', items: [...items], undeclared: false }];
  const declared: string[] =
    by === 'status' ? config.statuses.map((s) => s.name) : by === 'type' ? [...config.types] : by === 'priority' ? [...config.priorities] : [];
  const buckets = new Map<string | undefined, Item[]>();
  for (const v of declared) buckets.set(v, []);
  for (const item of items) {
    const raw = by === 'status' ? item.status : by === 'type' ? item.type : by === 'priority' ? item.priority : item.sprint;
    const value = raw === '' ? undefined : raw;
    let bucket = buckets.get(value);
    if (!bucket) buckets.set(value, (bucket = []));
    bucket.push(item);
  }
  const declaredSet = new Set(declared);
  const keys = [...buckets.keys()];
  const stray = keys.filter((k): k is string => k !== undefined && !declaredSet.has(k)).sort();
  const ordered: (string | undefined)[] = [...declared, ...stray];
  if (buckets.has(undefined)) ordered.push(undefined);
  return ordered.map((value) => ({
    by,
    value,
    label: value === undefined ? noneLabel(by) : value,
    items: buckets.get(value) ?? [],
    undeclared: value !== undefined && !declaredSet.has(value) && by !== 'sprint',
  }));
}

function noneLabel(by: GroupBy): string {
  switch (by) {
    case 'sprint': return 'Product backlog (no sprint)';
    case 'priority': return 'No priority';
    case 'type': return 'No type';
    default: return 'No status';
  }
}
