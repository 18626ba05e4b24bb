// Translates what the user did on the board (a drop at a position among the cards they can see,
// or a keyboard move) into the store's `MoveTarget` semantics: status from the column, the lane's
// field from the row, and `index` among the `within` ids of the target cell. Also replays a move
// on the card list exactly as the store will order it, so the board can show it before the
// write comes back.
import type { BoardCard } from './boardCard';
import type { BoardLayout, CardPosition } from './boardLayout';
import type { SwimlaneField } from './boardView';
import { landingIndex } from '../store/moveOrder';

/** A field change that comes with moving a card into another swimlane. `null` removes the field. */
export type LaneChange = { readonly type: string } | { readonly assignee: string | null } | { readonly priority: string | null };

/** A move as the webview asks the host for it; the host passes it to `Backlog.move`. */
export interface BoardMove {
  readonly id: string;
  readonly status: string;
  /** Position among `within` once the moving card is taken out of it. */
  readonly index: number;
  /** Ids of the cards shown in the target cell, in order (may include the moving card). */
  readonly within: readonly string[];
  readonly changes?: LaneChange;
}

export interface DropTarget {
  readonly column: number;
  readonly lane: number;
  /** Position among the cell's cards other than the dragged one. */
  readonly index: number;
}

export type KeyboardMove = 'up' | 'down' | 'left' | 'right' | 'top' | 'bottom';

/** The move for a drop, or undefined when nothing would change or the target takes no drops. */
export function planDrop(layout: BoardLayout, id: string, target: DropTarget): BoardMove | undefined {
  const from = layout.positions.get(id);
  const column = layout.columns[target.column];
  const lane = layout.lanes[target.lane];
  if (!from || !column || !lane || !column.declared) return undefined;
  const within = lane.cells[target.column].map((c) => c.id);
  const others = within.filter((x) => x !== id);
  const index = Math.max(0, Math.min(Math.trunc(target.index), others.length));
  if (from.column === target.column && from.lane === target.lane && index === from.index) return undefined;
  let changes: LaneChange | undefined;
  if (from.lane !== target.lane) {
    changes = laneChange(layout.swimlanes, lane.value);
    if (!changes) return undefined;
  }
  const move: BoardMove = { id, status: column.status, index, within };
  return changes ? { ...move, changes } : move;
}

/** The move for Alt+Arrow (and Alt+Home/End) on a focused card, or undefined at an edge. */
export function planKeyboardMove(layout: BoardLayout, id: string, direction: KeyboardMove): BoardMove | undefined {
  const from = layout.positions.get(id);
  if (!from) return undefined;
  const cellSize = layout.lanes[from.lane].cells[from.column].length;
  const to = (column: number, index: number) => planDrop(layout, id, { column, lane: from.lane, index });
  switch (direction) {
    case 'up':
      return from.index > 0 ? to(from.column, from.index - 1) : undefined;
    case 'down':
      return from.index < cellSize - 1 ? to(from.column, from.index + 1) : undefined;
    case 'top':
      return to(from.column, 0);
    case 'bottom':
      return to(from.column, cellSize - 1);
    case 'left':
    case 'right': {
      const column = nextDropColumn(layout, from, direction === 'left' ? -1 : 1);
      if (column === undefined) return undefined;
      return to(column, Math.min(from.index, layout.lanes[from.lane].cells[column].length));
    }
  }
}

function nextDropColumn(layout: BoardLayout, from: CardPosition, step: -1 | 1): number | undefined {
  for (let c = from.column + step; c >= 0 && c < layout.columns.length; c += step) {
    if (layout.columns[c].declared) return c;
  }
  return undefined;
}

function laneChange(field: SwimlaneField, value: string | undefined): LaneChange | undefined {
  switch (field) {
    case 'none':
      return undefined;
    case 'type':
      // Every item has a type; a "No type" lane cannot be dropped into.
      return value === undefined ? undefined : { type: value };
    case 'assignee':
      return { assignee: value ?? null };
    case 'priority':
      return { priority: value ?? null };
    case 'epic':
      // A drag must not re-parent: the card may belong to a story under the epic. The item page
      // and the CLI change a parent.
      return undefined;
  }
}

/**
 * The card list after a move, ordered by the same rule `Backlog.move` orders the items by
 * (`landingIndex`).
 */
export function applyMove(cards: readonly BoardCard[], move: BoardMove): BoardCard[] {
  const moving = cards.find((c) => c.id === move.id);
  if (!moving) return [...cards];
  const ordered = cards.filter((c) => c.id !== move.id);
  const at = landingIndex(ordered, move.id, move.within, move.index);
  let moved: BoardCard = { ...moving, status: move.status };
  if (move.changes) {
    const [key, value] = Object.entries(move.changes)[0] as ['type' | 'assignee' | 'priority', string | null];
    moved = { ...moved, [key]: value ?? undefined };
  }
  ordered.splice(at, 0, moved);
  return ordered;
}

