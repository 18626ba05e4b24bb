import type { BacklogSnapshot } from './backlog';
import type { BacklogConfig } from './config';
import type { Item } from './item';
import { isReady } from './planning/readiness';
import { compareRanks } from './rank';

/** Backlog order: rank, then id so that merge ties look the same in every clone. */
export function compareItems(a: Item, b: Item): number {
  return compareRanks(a.rank, b.rank) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function sortItems(items: readonly Item[]): Item[] {
  return [...items].sort(compareItems);
}

// The one query language of the product: the tree filter, the board filter, Go to Item, the MCP
// search and the CLI's `--query` all parse and match with this module (README: "Query syntax").

/** A `field:value` term: any of `values` matches (`type:bug,task`); `negate` turns it into "none of". */
export interface QueryTerm {
  readonly key: QueryKey;
  readonly values: readonly string[];
  readonly negate: boolean;
}

/** A parsed query: every term must hold and every free word must appear somewhere in the item. */
export interface ItemQuery {
  /** Lower-cased free words and quoted phrases (`-word` becomes a negated `text:` term). */
  readonly words: readonly string[];
  readonly terms: readonly QueryTerm[];
  /** What was not understood, in words for the user; the rest of the query still applies. */
  readonly problems: readonly string[];
}

export const QUERY_KEYS = ['id', 'title', 'text', 'status', 'type', 'priority', 'label', 'assignee', 'sprint', 'parent', 'milestone', 'points', 'blocks', 'blockedby', 'is'] as const;
export type QueryKey = (typeof QUERY_KEYS)[number];

/** The states `is:` knows. */
export const QUERY_STATES = ['open', 'todo', 'doing', 'done', 'blocked', 'ready', 'linked', 'estimated'] as const;

/**
 * What a query is matched against besides the item: the backlog's statuses and the relations
 * between its items (`is:blocked` depends on other items' statuses). A snapshot is one.
 */
export type QueryContext = Pick<BacklogSnapshot, 'config' | 'byId' | 'relations'>;

/** One token of query text, with where it stands (the board's menus rewrite terms in place). */
export interface QueryToken {
  readonly start: number;
  readonly end: number;
  readonly negate: boolean;
  /** The field name as typed (lower-cased), for `field:value` tokens only. */
  readonly key?: string;
  /** The value parts of a term, or the one word or phrase of a free-text token; as typed. */
  readonly values: readonly string[];
}

/**
 * Splits query text into tokens: `-?field:value[,value…]` where a value may be quoted
 * (`status:"In Progress"`), `-?"a phrase"`, and `-?word`. An unclosed quote runs to the end.
 */
export function tokenizeQuery(text: string): QueryToken[] {
  const tokens: QueryToken[] = [];
  const n = text.length;
  const space = (c: string | undefined) => c === undefined || /\s/.test(c);
  let i = 0;
  const quoted = (): string => {
    const close = text.indexOf('"', i + 1);
    const value = text.slice(i + 1, close < 0 ? n : close);
    i = close < 0 ? n : close + 1;
    return value;
  };
  while (i < n) {
    if (space(text[i])) {
      i++;
      continue;
    }
    const start = i;
    const negate = text[i] === '-' && !space(text[i + 1]);
    if (negate) i++;
    const key = /^[A-Za-z]+(?=:)/.exec(text.slice(i, i + 40))?.[0];
    if (text[i] === '"') {
      const phrase = quoted();
      tokens.push({ start, end: i, negate, values: [phrase] });
    } else if (key) {
      i += key.length + 1;
      const values: string[] = [];
      for (;;) {
        if (text[i] === '"') values.push(quoted());
        else {
          const from = i;
          while (i < n && !space(text[i]) && text[i] !== ',') i++;
          values.push(text.slice(from, i));
        }
        if (text[i] !== ',') break;
        i++;
      }
      // Trailing text glued to a term (`label:"a"b`) belongs to it: skip to the next space.
      while (i < n && !space(text[i])) i++;
      tokens.push({ start, end: i, negate, key: key.toLowerCase(), values });
    } else {
      while (i < n && !space(text[i])) i++;
      tokens.push({ start, end: i, negate, values: [text.slice(negate ? start + 1 : start, i)] });
    }
  }
  return tokens;
}

/**
 * Parses query text such as `type:bug label:ui -status:Done "login page"`. A field the language
 * does not know is searched as text and reported in `problems` (so is a value it cannot use).
 */
export function parseQuery(text: string): ItemQuery {
  const words: string[] = [];
  const terms: QueryTerm[] = [];
  const problems: string[] = [];
  for (const token of tokenizeQuery(text)) {
    const raw = text.slice(token.start, token.end);
    if (token.key === undefined || !(QUERY_KEYS as readonly string[]).includes(token.key)) {
      if (token.key !== undefined) problems.push(`Unknown field "${token.key}:" (searched as text). Fields: ${QUERY_KEYS.join(', ')}.`);
      const word = (token.key === undefined ? token.values[0] : raw.replace(/^-/, '')).toLowerCase();
      if (!word) continue;
      if (token.negate) terms.push({ key: 'text', values: [word], negate: true });
      else words.push(word);
      continue;
    }
    const key = token.key as QueryKey;
    const values = token.values.map((v) => v.trim().toLowerCase()).filter(Boolean);
    if (values.length === 0) {
      problems.push(`"${raw}" needs a value, e.g. ${key}:${exampleValue(key)}.`);
      continue;
    }
    for (const v of values) {
      if (key === 'is' && !(QUERY_STATES as readonly string[]).includes(v)) problems.push(`"is:${v}" is not a state: use ${QUERY_STATES.join(', ')}.`);
      if (key === 'points' && !POINTS.test(v) && v !== 'none') problems.push(`"points:${v}" needs a number, a comparison such as >3 or <=5, or none.`);
    }
    terms.push({ key, values, negate: token.negate });
  }
  return { words, terms, problems };
}

/** True when the query narrows nothing (empty, or only things it did not understand as filters). */
export function isEmptyQuery(query: ItemQuery): boolean {
  return query.words.length === 0 && query.terms.length === 0;
}

const POINTS = /^(<=|>=|<|>|=)?(\d+(?:\.\d+)?)$/;

function exampleValue(key: QueryKey): string {
  switch (key) {
    case 'is': return 'open';
    case 'points': return '>3';
    case 'blocks': case 'blockedby': return 'BL-7K3QM';
    case 'type': return 'bug';
    case 'status': return '"In Progress"';
    default: return 'none';
  }
}

/**
 * Whether an item matches. Free words look in the id, title, labels, assignee, type, status and
 * description; all comparisons ignore case.
 */
export function matchesQuery(item: Item, query: ItemQuery, context: QueryContext): boolean {
  for (const t of query.terms) {
    if (t.values.some((v) => termMatches(item, t.key, v, context)) === t.negate) return false;
  }
  if (query.words.length === 0) return true;
  const text = searchText(item);
  return query.words.every((w) => text.includes(w));
}

/** Items are immutable (a changed file is a new Item): each one's search text is built once. */
const searchTexts = new WeakMap<Item, string>();

function searchText(item: Item): string {
  let text = searchTexts.get(item);
  if (text === undefined) {
    text = `${item.id}\n${item.title}\n${item.labels.join('\n')}\n${item.assignee ?? ''}\n${item.type}\n${item.status}\n${item.body}`.toLowerCase();
    searchTexts.set(item, text);
  }
  return text;
}

function termMatches(item: Item, key: QueryKey, value: string, context: QueryContext): boolean {
  const eq = (v: string | undefined) => (v ?? '').toLowerCase() === value;
  const none = value === 'none';
  switch (key) {
    case 'id': return item.id.toLowerCase().startsWith(value);
    case 'title': return item.title.toLowerCase().includes(value);
    case 'text': return searchText(item).includes(value);
    case 'status': return eq(item.status);
    case 'type': return eq(item.type);
    case 'priority': return eq(item.priority) || (none && !item.priority);
    case 'label': return item.labels.some((l) => l.toLowerCase() === value) || (none && item.labels.length === 0);
    // `@bob` and `bob` are the same person, written either way in the file or the query.
    case 'assignee': return (none && !item.assignee) || (item.assignee ?? '').replace(/^@/, '').toLowerCase() === value.replace(/^@/, '');
    case 'sprint': return eq(item.sprint) || (none && !item.sprint);
    case 'parent': return eq(item.parent) || (none && !item.parent);
    case 'milestone': return eq(item.milestone) || (none && !item.milestone);
    case 'points': return pointsMatch(item.points, value);
    // As written in `blockedBy`, done or not: "what did we say waits for BL-7K?".
    case 'blockedby': return item.blockedBy.some((id) => id.toLowerCase() === value) || (none && item.blockedBy.length === 0);
    case 'blocks': {
      const waiting = context.relations.blocks(item.id);
      return waiting.some((w) => w.id.toLowerCase() === value) || (none && waiting.length === 0);
    }
    case 'is': {
      const category = context.config.statuses.find((s) => s.name === item.status)?.category;
      if (value === 'open') return category !== 'done';
      if (value === 'done' || value === 'doing' || value === 'todo') return category === value;
      // Readiness's rules (src/core/planning/readiness.ts): the same as the tree's Blocked badge and `next`.
      if (value === 'blocked') return context.relations.isBlocked(item);
      if (value === 'ready') return isReady(item, context);
      if (value === 'linked') return item.links.length > 0;
      if (value === 'estimated') return item.points !== undefined;
      return false;
    }
  }
}

function pointsMatch(points: number | undefined, value: string): boolean {
  if (value === 'none') return points === undefined;
  const m = POINTS.exec(value);
  if (!m || points === undefined) return false;
  const n = Number(m[2]);
  switch (m[1]) {
    case '<': return points < n;
    case '<=': return points <= n;
    case '>': return points > n;
    case '>=': return points >= n;
    default: return points === n;
  }
}

/** The values of the first non-negated `key:` term in query text (the board's menus show them). */
export function queryTermValues(text: string, key: QueryKey): string[] {
  const token = tokenizeQuery(text).find((t) => t.key === key && !t.negate);
  return token ? [...token.values] : [];
}

/**
 * Query text with the non-negated `key:` terms replaced by one for `values` (none: removed), the
 * rest of the text as typed. Values are quoted when they hold spaces, commas or quotes.
 */
export function setQueryTerm(text: string, key: QueryKey, values: readonly string[]): string {
  let out = '';
  let from = 0;
  for (const t of tokenizeQuery(text)) {
    if (t.key !== key || t.negate) continue;
    out += text.slice(from, t.start);
    from = t.end;
  }
  out = (out + text.slice(from)).replace(/\s+/g, ' ').trim();
  if (values.length === 0) return out;
  const term = `${key}:${values.map((v) => (/^[^\s,"]+$/.test(v) ? v : `"${v.replace(/"/g, '')}"`)).join(',')}`;
  return out ? `${out} ${term}` : term;
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
