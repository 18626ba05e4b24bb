// What each commit changed in one item, for the item page's history ("Ana moved it from Ready to
// In Progress"). Pure: the git reading lives in src/itemPage/itemHistory.ts.
import type { Item } from '../item';
import type { ItemHistoryEntry } from '../../protocol/itemPageMessages';

/** One committed version of the item file; `item` undefined when it could not be read or was deleted. */
export interface ItemVersion {
  readonly at: number;
  readonly author: string;
  readonly subject: string;
  readonly item: Item | undefined;
  readonly deleted?: boolean;
}

const SHOWN_FIELDS = ['title', 'status', 'type', 'priority', 'points', 'labels', 'assignee', 'sprint'] as const;

function shown(item: Item, field: (typeof SHOWN_FIELDS)[number]): string | undefined {
  const value = item[field];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.length ? value.join(', ') : undefined;
  return String(value);
}

/** The changes between consecutive versions (oldest first in, newest first out). */
export function itemHistoryEntries(versions: readonly ItemVersion[]): ItemHistoryEntry[] {
  const out: ItemHistoryEntry[] = [];
  let before: Item | undefined;
  for (const v of versions) {
    const changes: { field: string; from?: string; to?: string }[] = [];
    if (v.deleted) changes.push({ field: 'deleted' });
    else if (!v.item) changes.push({ field: 'unreadable' });
    else if (!before) changes.push({ field: 'created', to: v.item.title });
    else {
      for (const field of SHOWN_FIELDS) {
        const from = shown(before, field);
        const to = shown(v.item, field);
        if (from !== to) changes.push({ field, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
      }
      if (before.body !== v.item.body) changes.push({ field: 'description' });
      if (JSON.stringify(before.links) !== JSON.stringify(v.item.links)) changes.push({ field: 'code links' });
    }
    if (v.item) before = v.item;
    if (changes.length) out.push({ at: v.at, author: v.author, subject: v.subject, changes });
  }
  return out.reverse();
}
