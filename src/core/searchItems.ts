import type { Item } from './item';
import { matchesQuery, parseQuery, type QueryContext } from './query';

/**
 * Items matching a query in the query language (`type:bug -status:Done "login page"`), best
 * first: an exact id, then free words found in the title (whole words above parts of words),
 * then labels, then the rest (a word found only in the description); ties keep backlog order, so
 * with no free words this is the backlog order.
 */
export function searchItems(items: readonly Item[], text: string, context: QueryContext): Item[] {
  const query = parseQuery(text);
  const scored: { item: Item; score: number; index: number }[] = [];
  items.forEach((item, index) => {
    if (!matchesQuery(item, query, context)) return;
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
    const at = title.indexOf(w);
    if (at >= 0) score += hasWholeWord(title, w, at) ? 3 : 2;
    if (item.labels.some((l) => l.toLowerCase() === w)) score += 1;
  }
  return score;
}

/** Whether `word` occurs in `text` (first found at `at`) with no letter or digit glued to it. */
function hasWholeWord(text: string, word: string, at: number): boolean {
  for (let i = at; i >= 0; i = text.indexOf(word, i + 1)) {
    if (!WORD_CHAR.test(text[i - 1] ?? ' ') && !WORD_CHAR.test(text[i + word.length] ?? ' ')) return true;
  }
  return false;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
