import { relative, join } from 'node:path';
import { BacklogError, BACKLOG_DIR, unloadableItemMessage, type BacklogSnapshot } from '../core/backlog';
import { inertText } from '../core/inertText';
import type { Item } from '../core/item';
import type { ItemRelations } from '../core/planning/relations';
import { normalizeItemId } from '../core/ids';

export function requireBacklog(s: BacklogSnapshot): void {
  if (s.kind === 'backlog-md') throw new BacklogError(`${join(s.root, BACKLOG_DIR)} holds a Backlog.md project; Repo Backlog leaves it untouched`, 'backlog-md');
  if (s.kind === 'missing') throw new BacklogError(`No backlog in ${s.root}: run "repo-backlog init"`, 'not-initialized');
}

export function findItem(s: BacklogSnapshot, id: string | undefined): Item {
  requireBacklog(s);
  if (!id) throw new BacklogError('Which item? Pass its id, e.g. BL-7K3QM', 'invalid-value');
  const item = s.byId.get(normalizeItemId(id));
  if (!item) {
    // A part of .backlog/ linked out of the folder is not read: say so rather than "No item".
    const unsafe = s.problems.find((p) => p.code === 'unsafe-path');
    if (unsafe) throw new BacklogError(unsafe.message, 'unsafe-path');
    throw new BacklogError(unloadableItemMessage(s, id) ?? `No item ${id}`, 'missing-item');
  }
  return item;
}

/**
 * The stable JSON shape of an item in `--json` output (paths relative to the root), with what
 * the snapshot's relations compute: `blocked`, `blocks` and, for a parent, its `rollup`.
 */
export function itemJson(item: Item, root: string, relations: ItemRelations): Record<string, unknown> {
  const rollup = relations.rollup(item.id);
  return {
    id: item.id,
    title: item.title,
    type: item.type,
    status: item.status,
    priority: item.priority ?? null,
    points: item.points ?? null,
    labels: item.labels,
    assignee: item.assignee ?? null,
    sprint: item.sprint ?? null,
    parent: item.parent ?? null,
    milestone: item.milestone ?? null,
    blockedBy: item.blockedBy,
    blocked: relations.isBlocked(item),
    blocks: relations.blocks(item.id).map((i) => i.id),
    ...(rollup ? { rollup } : {}),
    rank: item.rank ?? null,
    created: item.created ?? null,
    updated: item.updated ?? null,
    links: item.links,
    file: relative(root, item.file),
    ...(Object.keys(item.extra).length > 0 ? { extra: item.extra } : {}),
  };
}

export function itemTable(items: readonly Item[]): string {
  if (items.length === 0) return 'No items.';
  // Cells are made inert before measuring, so an escaped control keeps the columns aligned.
  const rows = items.map((i) => [i.id, i.status, i.type, i.priority ?? '', i.points === undefined ? '' : String(i.points), i.title].map((cell) => inertText(cell)));
  const widths = [0, 1, 2, 3, 4].map((c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c < 5 ? cell.padEnd(widths[c]) : cell)).join('  ').trimEnd()).join('\n');
}
