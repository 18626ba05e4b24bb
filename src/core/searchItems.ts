import type { BacklogConfig } from './config';
import type { Item } from './item';
import { matchesQuery, parseQuery } from './query';

/**
 * Items matching a query in the filter language (`type:bug -status:Done "login page"`), best
 * first: an exact id, then free words found in the title (whole words above parts of words),
 * then the rest; ties keep backlog order, so with no free words this is the backlog order.
 */
export function searchItems(items: readonly Item[], text: string, config: BacklogConfig): Item[] {
  const query = parseQuery(text);
  const scored: { item: Item; score: number; index: number }[] = [];
  items.forEach((item, index) => {
    if (!matchesQuery(item, query, config)) return;
    scored.push({ item, score: query.words.length === 0 ? 0 : relevance(item, query.words), index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((s) => s.item);
}

function relevance(item: Item, words: readonly string[]): number {
  const title = item.title.toLowerCase();
  const id = item.id.toLowerCase();
  let score = 0;
  for (const w of words) {
    if (id === w) score += 100;
    if (title.includes(w)) score += new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(w)}($|[^\\p{L}\\p{N}])`, 'u').test(title) ? 3 : 2;
    if (item.labels.some((l) => l.toLowerCase() === w)) score += 1;
  }
  return score;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
