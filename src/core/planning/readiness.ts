import type { BacklogSnapshot } from '../backlog';
import { statusCategory } from '../config';
import type { Item } from '../item';
import { readinessGaps } from './grooming';

// `blockedBy: [ID, ...]` in an item's front matter lists the items that must be done first.
// `blockers` is the one rule for "blocked": the snapshot's relations, the tree, the board and
// the CLI all ask it.

/**
 * The listed blockers that are not done yet. An id that is not in the backlog (mistyped, or
 * archived after it was done) does not block: an unknown id must not hide work forever.
 */
export function blockers(item: Item, snapshot: Pick<BacklogSnapshot, 'byId' | 'config'>): Item[] {
  const open: Item[] = [];
  for (const id of item.blockedBy) {
    const other = snapshot.byId.get(id);
    if (other && other.id !== item.id && statusCategory(snapshot.config, other.status) !== 'done') open.push(other);
  }
  return open;
}

/**
 * Ready to be picked up: in a to-do status, groomed (estimate, acceptance criteria, description;
 * the same check as grooming's "not ready" list) and not blocked by an unfinished item.
 */
export function isReady(item: Item, snapshot: Pick<BacklogSnapshot, 'byId' | 'config'>): boolean {
  return statusCategory(snapshot.config, item.status) === 'todo' && readinessGaps(item).length === 0 && blockers(item, snapshot).length === 0;
}

export interface NextItemsOptions {
  /** Only items assigned to this person (or agent), plus unassigned ones. */
  readonly assignee?: string;
  readonly limit?: number;
}

/** The top of the product backlog that someone can start now, in rank order. */
export function nextItems(snapshot: BacklogSnapshot, options: NextItemsOptions = {}): Item[] {
  const who = options.assignee?.trim().toLowerCase();
  const limit = options.limit ?? 5;
  const out: Item[] = [];
  for (const item of snapshot.items) {
    if (out.length >= limit) break;
    if (who && item.assignee && item.assignee.toLowerCase() !== who) continue;
    if (isReady(item, snapshot)) out.push(item);
  }
  return out;
}
