// The children an item page lists, and what the page may do with them: take one out of the item
// (its `parent` is cleared; the item stays) or move it among its siblings. Children show in rank
// order, interleaved in the backlog order with items of other parents. A move names a position
// among the siblings the page showed, and the store places the child with the rule every view
// uses (`Backlog.move` with `within`): right next to its new sibling neighbour, so the order of
// everything else stays and only the child's file is written.
import type { Item } from '../item';

/** The position among the other children one step up or down from where `id` is, or undefined at an end. */
export function childStep(order: readonly string[], id: string, delta: -1 | 1): number | undefined {
  const at = order.indexOf(id);
  const index = at + delta;
  // Among the others, the child one step down sits at `at + 1` once `id` is taken out: the same
  // arithmetic as Move Up / Move Down in the tree.
  if (at === -1 || index < 0 || index >= order.length) return undefined;
  return index;
}

/** The position among the other children for a drop at `index` among them, or undefined when it would not move. */
export function childDrop(order: readonly string[], id: string, index: number): number | undefined {
  const at = order.indexOf(id);
  if (at === -1) return undefined;
  const to = Math.max(0, Math.min(Math.trunc(index), order.length - 1));
  return to === at ? undefined : to;
}

/** What the page says it saw when it asks to change a child. */
export interface ShownChild {
  readonly id: string;
  /** The child's file version the page showed. */
  readonly hash: string;
  /** The children, in order, as the page showed them (moves only). */
  readonly order?: readonly string[];
}

/**
 * The child a request names, if the page showed `parentId`'s children as they are now; else why
 * nothing may be written. `children` are the parent's children now, in rank order.
 */
export function shownChild(parentId: string, children: readonly Item[], shown: ShownChild): { readonly child: Item } | { readonly refused: string } {
  const child = children.find((c) => c.id === shown.id);
  if (!child) return { refused: `${shown.id} is not a child of ${parentId} any more; the page is up to date now. Nothing was written.` };
  if (child.hash !== shown.hash) return { refused: `${child.id} changed on disk since the page showed it; the page is up to date now. Nothing was written.` };
  if (shown.order && (shown.order.length !== children.length || shown.order.some((id, i) => children[i].id !== id))) {
    return { refused: `The children of ${parentId} changed since the page showed them; the page is up to date now. Nothing was written.` };
  }
  return { child };
}
