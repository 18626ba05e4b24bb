// Where a moved item lands in the backlog order. The store writes ranks from this, and the board
// replays it on its cards to show a move before the write comes back: one rule, used by both.

/**
 * The index in `ordered` (the backlog order without the moving item) where it lands when put
 * at `index` among `within`, the ids a filtered view shows (a board cell, a tree group): right
 * before the item that will follow it in that view, or right after the last one, so the order
 * of items the view hides is disturbed as little as possible.
 */
export function landingIndex(ordered: readonly { readonly id: string }[], movingId: string, within: readonly string[], index: number): number {
  const visible = within.filter((id) => id !== movingId);
  if (visible.length === 0) return ordered.length;
  const at =
    index < visible.length
      ? ordered.findIndex((i) => i.id === visible[Math.max(0, index)])
      : ordered.findIndex((i) => i.id === visible[visible.length - 1]) + 1;
  // An id the view shows that the list no longer holds (deleted meanwhile): the end.
  return at < 0 ? ordered.length : at;
}
