import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

// Order is a per-item rank string (fractional indexing): a key that sorts between its
// neighbours, so moving one item rewrites that item's file only and two branches that reorder
// different items merge without conflict. Ties (two branches that put different items in the
// same gap) are broken by id, so every clone shows the same order.

/** Compares rank keys the way fractional-indexing orders them (plain code-unit order). */
export function compareRanks(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1; // unranked items go last
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}

/** True if `rank` is a key fractional-indexing can place items around. */
export function isValidRank(rank: string): boolean {
  // Every snapshot checks every item's rank; each check costs two key generations.
  let valid = rankValidity.get(rank);
  if (valid === undefined) {
    valid = checkRank(rank);
    if (rankValidity.size >= RANK_MEMO_LIMIT) rankValidity.clear();
    rankValidity.set(rank, valid);
  }
  return valid;
}

const RANK_MEMO_LIMIT = 200_000;
const rankValidity = new Map<string, boolean>();

function checkRank(rank: string): boolean {
  if (!/^[0-9A-Za-z]+$/.test(rank)) return false;
  try {
    generateKeyBetween(rank, null);
    generateKeyBetween(null, rank);
    return true;
  } catch {
    return false;
  }
}

export function rankBetween(before: string | undefined, after: string | undefined): string {
  return generateKeyBetween(before ?? null, after ?? null);
}

/** `n` keys in order between two neighbours (either may be absent: an end of the list). */
export function ranksBetween(before: string | undefined, after: string | undefined, n: number): string[] {
  return generateNKeysBetween(before ?? null, after ?? null, n);
}

/** Something with an id and a rank, in display order. */
export interface Ranked {
  readonly id: string;
  readonly rank?: string | undefined;
}

/** New ranks to write so that `movingId` ends up at `index` of `ordered` (after removing it). */
export interface RankChange {
  readonly id: string;
  readonly rank: string;
}

/**
 * Plans the rank writes that put `movingId` at position `index` among `ordered` (the target list
 * without or with the moving item; it is removed first). Usually one write: the moving item's.
 * When neighbours share a rank (a merge tie) or are unranked, the minimum set of neighbours is
 * re-ranked too, so the result is always the order the user asked for.
 */
export function planMove(ordered: readonly Ranked[], movingId: string, index: number): RankChange[] {
  const others = ordered.filter((r) => r.id !== movingId);
  const at = Math.max(0, Math.min(index, others.length));
  const usable = (r: string | undefined): r is string => r !== undefined && isValidRank(r);
  // The largest usable rank before the gap (the list is sorted, but ties and unranked or
  // hand-edited ranks can sit anywhere near it).
  let lo: string | undefined;
  for (let i = 0; i < at; i++) {
    const r = others[i].rank;
    if (usable(r) && (lo === undefined || r > lo)) lo = r;
  }
  // The first item after the gap whose rank is strictly above `lo`; everything between the gap
  // and it must be re-ranked along with the moving item to keep the order the user sees.
  let j = at;
  while (j < others.length) {
    const r = others[j].rank;
    if (usable(r) && (lo === undefined || r > lo)) break;
    j++;
  }
  const hi = j < others.length ? others[j].rank : undefined;
  const ids = [movingId, ...others.slice(at, j).map((r) => r.id)];
  const keys = generateNKeysBetween(lo ?? null, hi ?? null, ids.length);
  return ids.map((id, i) => ({ id, rank: keys[i] }));
}
