// Where items go in the backlog order: new items at an end of it, a moved item where its
// target says. Ranks are only ever planned here; the store writes them.
import type { Item } from '../item';
import { isValidRank, planMove, rankBetween, ranksBetween, type RankChange } from '../rank';
import { BacklogError } from './backlogError';
import type { ItemChanges } from './itemFields';
import { landingIndex } from './moveOrder';

/** Where to move an item: relative to another item, or to an end of the backlog. */
export type MoveTarget = (
  | { readonly status?: string; readonly before: string }
  | { readonly status?: string; readonly after: string }
  | { readonly status?: string; readonly to: 'top' | 'bottom' }
  | { readonly status?: string; readonly index: number; readonly within: readonly string[] }
) & {
  /** Other fields to change in the same write (e.g. the type when dropped into a type group). */
  readonly changes?: ItemChanges;
};

/** The rank of one new item at the top or bottom of `items` (in rank order). */
export function endRank(items: readonly Item[], position: 'top' | 'bottom'): string {
  const lo = firstRank(items);
  const hi = lastRank(items);
  if (lo === undefined || hi === undefined) return rankBetween(undefined, undefined);
  return position === 'top' ? rankBetween(undefined, lo) : rankBetween(hi, undefined);
}

/**
 * Ranks for new items, one per position, in input order: those for the top before the first
 * item of `items`, the rest after its last, each group keeping input order.
 */
export function endRanks(items: readonly Item[], positions: readonly ('top' | 'bottom' | undefined)[]): string[] {
  const atTop = positions.filter((p) => p === 'top').length;
  const topRanks = atTop > 0 ? ranksBetween(undefined, firstRank(items), atTop) : [];
  const bottomRanks = positions.length > atTop ? ranksBetween(lastRank(items), undefined, positions.length - atTop) : [];
  let nextTop = 0;
  let nextBottom = 0;
  return positions.map((p) => (p === 'top' ? topRanks[nextTop++] : bottomRanks[nextBottom++]));
}

/**
 * The rank changes that put `item` where `target` says among `items` (in rank order): the
 * moving item's, plus neighbours' only in the rare case of a rank tie left by a merge. `get`
 * finds an item by id or throws.
 */
export function planItemMove(items: readonly Item[], item: Item, target: MoveTarget, get: (id: string) => Item): RankChange[] {
  const ordered: readonly Item[] = items.filter((i) => i.id !== item.id);
  let index: number;
  if ('within' in target) {
    // A filtered view (a board column, a tree group); every id it shows must still exist.
    for (const id of target.within) if (id !== item.id) get(id);
    index = landingIndex(ordered, item.id, target.within, target.index);
  } else {
    if ('to' in target) index = target.to === 'top' ? 0 : ordered.length;
    else {
      const anchorId = 'before' in target ? target.before : target.after;
      const at = ordered.findIndex((i) => i.id === anchorId);
      if (at === -1) throw new BacklogError(anchorId === item.id ? `Cannot move ${item.id} relative to itself` : `No item ${anchorId}`, 'missing-item');
      index = 'before' in target ? at : at + 1;
    }
  }
  return planMove(ordered, item.id, index);
}

/** The last usable rank in `items`, if any. */
function lastRank(items: readonly Item[]): string | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (items[i].rank !== undefined && isValidRank(items[i].rank!)) return items[i].rank;
  return undefined;
}

/** The first usable rank in `items`, if any. */
function firstRank(items: readonly Item[]): string | undefined {
  for (const item of items) if (item.rank !== undefined && isValidRank(item.rank)) return item.rank;
  return undefined;
}
