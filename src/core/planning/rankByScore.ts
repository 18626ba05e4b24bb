import type { Backlog } from '../backlog';
import type { Item } from '../item';
import type { ItemScore, ScoringModel } from './scoring';

/** One item that has to move for the scope to be in score order. */
export interface RankMove {
  readonly id: string;
  readonly title: string;
  readonly score: number | undefined;
  /** 0-based position in the scope before and after. */
  readonly from: number;
  readonly to: number;
  /** Where the store puts it: right after this item, or (for the new first item) right before this one. */
  readonly after?: string;
  readonly before?: string;
}

/** What "rank by score" would do: the new order and the fewest moves that produce it. */
export interface RankPlan {
  readonly model: string;
  /** The scope in its new order, each with its score. */
  readonly order: readonly { readonly item: Item; readonly score: ItemScore }[];
  readonly moves: readonly RankMove[];
}

/**
 * Plans re-ranking `scope` (items in their current backlog order) by descending score. Unscored
 * items keep their relative order after the scored ones; equal scores keep their current order.
 * Only items outside the longest run already in score order move, so a nearly sorted backlog
 * costs a few writes, not one per item (each move is one item file in the store).
 */
export function planRankByScore(scope: readonly Item[], model: ScoringModel): RankPlan {
  const scored = scope.map((item, index) => ({ item, index, score: model.score(item) }));
  const target = [...scored].sort((a, b) => {
    const av = a.score.value;
    const bv = b.score.value;
    if (av !== undefined && bv !== undefined && av !== bv) return bv - av;
    if ((av === undefined) !== (bv === undefined)) return av === undefined ? 1 : -1;
    return a.index - b.index;
  });
  const staying = longestIncreasingRun(target.map((t) => t.index));
  const moves: RankMove[] = [];
  target.forEach((t, to) => {
    if (staying.has(to)) return;
    const base = { id: t.item.id, title: t.item.title, score: t.score.value, from: t.index, to };
    if (to > 0) moves.push({ ...base, after: target[to - 1].item.id });
    else {
      // The new first item goes before the first item that stays (there is always one).
      let next = 1;
      while (!staying.has(next)) next++;
      moves.push({ ...base, before: target[next].item.id });
    }
  });
  return { model: model.name, order: target.map((t) => ({ item: t.item, score: t.score })), moves };
}

/** Applies the moves in order through the store (one write per moved item). Returns the moved items. */
export async function applyRankPlan(backlog: Backlog, plan: RankPlan): Promise<Item[]> {
  const moved: Item[] = [];
  for (const m of plan.moves) {
    moved.push(await backlog.move(m.id, m.after !== undefined ? { after: m.after } : { before: m.before! }));
  }
  return moved;
}

/** Positions (into `values`) of one longest strictly increasing subsequence, O(n log n). */
export function longestIncreasingRun(values: readonly number[]): Set<number> {
  const tails: number[] = []; // tails[k]: position of the smallest tail of a run of length k+1
  const previous = new Array<number>(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]] < values[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const run = new Set<number>();
  for (let i = tails.length > 0 ? tails[tails.length - 1] : -1; i !== -1; i = previous[i]) run.add(i);
  return run;
}
