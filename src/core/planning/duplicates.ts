// Likely duplicates by title: token-set Jaccard similarity with the "all pairs" prefix filter.
//
// Comparing every pair of 10,000 titles is 50 million comparisons. Instead each title's tokens
// are sorted rarest-first, and only a short prefix of each is indexed: two sets whose Jaccard
// similarity reaches t must share a token within their first |x| - ⌈t·|x|⌉ + 1 rarest tokens,
// so the index finds every qualifying pair (the filter is exact, not a heuristic) while common
// words like "page" or "error" are rarely looked at. Candidates are then checked exactly.

/** Words that carry no meaning for "same thing?" and only inflate similarity. */
const STOP_WORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'with', 'at', 'by', 'from', 'as', 'is', 'are', 'be', 'it', 'its',
  'this', 'that', 'when', 'should', 'not', 'no', 'into', 'via', 'after', 'before', 'if', 'we', 'our', 'can', 'cannot', 'do', 'does',
]);

/** A title's comparable words: lower case, accents and punctuation dropped, plurals folded. */
export function titleTokens(title: string): string[] {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w))
    .map(singular);
  return [...new Set(words)];
}

function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

export interface DuplicatePair {
  readonly a: string;
  readonly b: string;
  /** Jaccard similarity of the title tokens, 0–1. */
  readonly similarity: number;
}

/** Every pair of items whose titles reach `threshold` similarity, most similar first. */
export function findSimilarTitles(items: readonly { readonly id: string; readonly title: string }[], threshold: number): DuplicatePair[] {
  const t = Math.min(1, Math.max(Number.EPSILON, threshold));
  const sets = items.map((item) => ({ id: item.id, tokens: titleTokens(item.title) })).filter((s) => s.tokens.length > 0);
  const frequency = new Map<string, number>();
  for (const s of sets) for (const w of s.tokens) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const rarestFirst = (x: string, y: string) => frequency.get(x)! - frequency.get(y)! || (x < y ? -1 : x > y ? 1 : 0);
  for (const s of sets) s.tokens.sort(rarestFirst);
  // Smaller sets first, so every earlier set in the index is no larger than the current one.
  sets.sort((x, y) => x.tokens.length - y.tokens.length);

  const index = new Map<string, number[]>();
  const pairs: DuplicatePair[] = [];
  // A hair under the exact product, so floating point never makes a prefix too short.
  const minOverlap = (n: number) => Math.ceil(t * n - 1e-9);
  for (let xi = 0; xi < sets.length; xi++) {
    const x = sets[xi];
    const n = x.tokens.length;
    const prefix = n - minOverlap(n) + 1;
    const seen = new Set<number>();
    for (let k = 0; k < prefix; k++) {
      const w = x.tokens[k];
      const posting = index.get(w);
      if (posting) {
        for (const yi of posting) {
          if (seen.has(yi)) continue;
          seen.add(yi);
          if (sets[yi].tokens.length < minOverlap(n)) continue; // |y| ≥ t·|x| is necessary
          const similarity = jaccard(x.tokens, sets[yi].tokens);
          if (similarity >= t - 1e-9) {
            const [a, b] = x.id < sets[yi].id ? [x.id, sets[yi].id] : [sets[yi].id, x.id];
            pairs.push({ a, b, similarity: Math.round(similarity * 1000) / 1000 });
          }
        }
      }
    }
    for (let k = 0; k < prefix; k++) {
      let posting = index.get(x.tokens[k]);
      if (!posting) index.set(x.tokens[k], (posting = []));
      posting.push(xi);
    }
  }
  return pairs.sort((p, q) => q.similarity - p.similarity || (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : 1));
}

function jaccard(x: readonly string[], y: readonly string[]): number {
  const small = x.length <= y.length ? x : y;
  const large = new Set(x.length <= y.length ? y : x);
  let common = 0;
  for (const w of small) if (large.has(w)) common++;
  return common / (x.length + y.length - common);
}

/** An existing item whose title is close to a title about to be created. */
export interface LikelyDuplicate {
  readonly id: string;
  readonly title: string;
  readonly similarity: number;
}

/**
 * For each title about to be created (a capture's preview), the existing items it likely
 * duplicates, most similar first. One pass of `findSimilarTitles` over both sets, so a preview of
 * hundreds of comments against thousands of items stays as fast as grooming.
 */
export function likelyDuplicatesOf(
  newTitles: readonly string[],
  items: readonly { readonly id: string; readonly title: string }[],
  threshold: number,
): LikelyDuplicate[][] {
  // Ids no item can have (item ids never hold NUL) tell the new titles apart.
  const NEW = '\u0000new:';
  const titles = new Map(items.map((i) => [i.id, i.title]));
  const out: LikelyDuplicate[][] = newTitles.map(() => []);
  const all = [...newTitles.map((title, i) => ({ id: `${NEW}${i}`, title })), ...items];
  for (const pair of findSimilarTitles(all, threshold)) {
    const aNew = pair.a.startsWith(NEW);
    const bNew = pair.b.startsWith(NEW);
    if (aNew === bNew) continue;
    const [fresh, existing] = aNew ? [pair.a, pair.b] : [pair.b, pair.a];
    out[Number(fresh.slice(NEW.length))].push({ id: existing, title: titles.get(existing) ?? '', similarity: pair.similarity });
  }
  return out;
}
