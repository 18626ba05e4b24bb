import { relative } from 'node:path';
import { checklistProgress, type Item } from '../core/item';
import { acceptanceCriteria } from '../core/itemBody';
import type { ItemRelations } from '../core/planning/relations';

// What tools hand back about items: small enough for a model's context. Empty fields are left
// out rather than sent as null, and bodies only come with `backlog_show`.

/**
 * One line's worth of an item, for lists: its parent and blockers as stored, `blocked` while one
 * of them is open, and a parent's roll-up over everything under it.
 */
export function itemSummary(item: Item, relations: ItemRelations): Record<string, unknown> {
  const out: Record<string, unknown> = { id: item.id, title: item.title, status: item.status, type: item.type };
  if (item.priority) out.priority = item.priority;
  if (item.points !== undefined) out.points = item.points;
  if (item.assignee) out.assignee = item.assignee;
  if (item.sprint) out.sprint = item.sprint;
  if (item.milestone) out.milestone = item.milestone;
  if (item.labels.length > 0) out.labels = item.labels;
  if (item.parent) out.parent = item.parent;
  if (item.blockedBy.length > 0) {
    out.blockedBy = item.blockedBy;
    out.blocked = relations.isBlocked(item);
  }
  const rollup = relations.rollup(item.id);
  if (rollup) out.rollup = rollup;
  return out;
}

/** Everything about one item: fields, relations, criteria, links, and the body when asked for. */
export function itemDetail(item: Item, root: string, withBody: boolean, relations: ItemRelations): Record<string, unknown> {
  const out: Record<string, unknown> = { ...itemSummary(item, relations), file: relative(root, item.file).split('\\').join('/') };
  const open = relations.openBlockers(item);
  if (open.length > 0) out.waitingFor = open.map((b) => ({ id: b.id, status: b.status }));
  const children = relations.children(item.id);
  if (children.length > 0) out.children = children.map((c) => ({ id: c.id, title: c.title, status: c.status }));
  const blocks = relations.blocks(item.id);
  if (blocks.length > 0) out.blocks = blocks.map((b) => b.id);
  if (item.created) out.created = item.created;
  if (item.updated) out.updated = item.updated;
  if (item.links.length > 0) out.links = item.links;
  if (Object.keys(item.extra).length > 0) out.extra = item.extra;
  const criteria = acceptanceCriteria(item.body);
  if (criteria.length > 0) {
    const { done, total } = checklistProgress(item.body);
    out.acceptanceCriteria = criteria;
    out.criteriaDone = `${done}/${total}`;
  }
  if (withBody) out.body = item.body;
  return out;
}
