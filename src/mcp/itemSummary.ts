import { relative } from 'node:path';
import { checklistProgress, type Item } from '../core/item';
import { acceptanceCriteria } from '../core/itemBody';

// What tools hand back about items: small enough for a model's context. Empty fields are left
// out rather than sent as null, and bodies only come with `backlog_show`.

/** One line's worth of an item, for lists. */
export function itemSummary(item: Item): Record<string, unknown> {
  const out: Record<string, unknown> = { id: item.id, title: item.title, status: item.status, type: item.type };
  if (item.priority) out.priority = item.priority;
  if (item.points !== undefined) out.points = item.points;
  if (item.assignee) out.assignee = item.assignee;
  if (item.sprint) out.sprint = item.sprint;
  if (item.labels.length > 0) out.labels = item.labels;
  return out;
}

/** Everything about one item: fields, criteria, links, and the body when asked for. */
export function itemDetail(item: Item, root: string, withBody: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...itemSummary(item), file: relative(root, item.file).split('\\').join('/') };
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
