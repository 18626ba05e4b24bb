// What the item page shows of one item, as plain data that crosses the webview boundary. No
// absolute paths: code links are named by index, the file by its base name.
import type { BacklogSnapshot } from '../backlog';
import { statusCategory } from '../config';
import { checklistProgress, type Item } from '../item';
import { baseName } from '../paths';
import { itemTestStateBadge } from '../testReports/testStateBadge';
import type { ItemFieldChoices, ItemFieldValues, ItemPageModel, ItemPageRef, ItemPageRelations } from '../../protocol/itemPageMessages';
import { renderDescription } from './description';

export function itemFieldValues(item: Pick<Item, 'id' | 'title' | 'status' | 'type' | 'priority' | 'points' | 'labels' | 'assignee' | 'sprint'>): ItemFieldValues {
  const out: { -readonly [K in keyof ItemFieldValues]: ItemFieldValues[K] } = { id: item.id, title: item.title, status: item.status, type: item.type, labels: item.labels };
  if (item.priority !== undefined) out.priority = item.priority;
  if (item.points !== undefined) out.points = item.points;
  if (item.assignee !== undefined) out.assignee = item.assignee;
  if (item.sprint !== undefined) out.sprint = item.sprint;
  return out;
}

/** Choices from config.yaml, the declared sprints, and the people and labels the backlog uses. */
export function itemFieldChoices(snapshot: BacklogSnapshot): ItemFieldChoices {
  const assignees = new Set<string>();
  const labels = new Set<string>();
  for (const item of snapshot.items) {
    if (item.assignee) assignees.add(item.assignee);
    for (const l of item.labels) labels.add(l);
  }
  const sprints = snapshot.sprints.map((s) => ({ id: s.id, name: s.name }));
  return {
    statuses: snapshot.config.statuses.map((s) => s.name),
    types: snapshot.config.types,
    priorities: snapshot.config.priorities,
    sprints,
    assignees: [...assignees].sort((a, b) => a.localeCompare(b)),
    labels: [...labels].sort((a, b) => a.localeCompare(b)),
  };
}

/** The item's parent, children, blockers and what it blocks, from the snapshot's relations. */
export function itemPageRelations(item: Item, snapshot: BacklogSnapshot): ItemPageRelations {
  const { relations, config } = snapshot;
  const ref = (i: Item): ItemPageRef => ({ id: i.id, title: i.title, status: i.status, done: statusCategory(config, i.status) === 'done' });
  const parent = relations.parentOf(item);
  const rollup = relations.rollup(item.id);
  return {
    ...(parent ? { parent: ref(parent) } : item.parent !== undefined ? { unknownParent: item.parent } : {}),
    children: relations.children(item.id).map((c) => ({ ...ref(c), hash: c.hash })),
    ...(rollup ? { rollup } : {}),
    blockedBy: item.blockedBy.flatMap((id) => {
      const blocker = snapshot.byId.get(id);
      return blocker ? [ref(blocker)] : [];
    }),
    unknownBlockers: item.blockedBy.filter((id) => !snapshot.byId.has(id)),
    blocks: relations.blocks(item.id).map(ref),
  };
}

export function buildItemPageModel(item: Item, snapshot: BacklogSnapshot, unsaved: boolean): ItemPageModel {
  const test = itemTestStateBadge(item);
  return {
    hash: item.hash,
    fields: itemFieldValues(item),
    choices: itemFieldChoices(snapshot),
    fileName: baseName(item.file),
    ...(item.created !== undefined ? { created: item.created } : {}),
    ...(item.updated !== undefined ? { updated: item.updated } : {}),
    descriptionHtml: renderDescription(item.body),
    body: item.body,
    checklist: checklistProgress(item.body),
    codeLinks: item.links.map((l, index) => ({ index, path: l.path, ...(l.line !== undefined ? { line: l.line } : {}), ...(l.kind ? { kind: l.kind } : {}), ...(l.state ? { state: l.state } : {}) })),
    ...(test ? { test } : {}),
    relations: itemPageRelations(item, snapshot),
    unsaved,
  };
}
