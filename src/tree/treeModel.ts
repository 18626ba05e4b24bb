// The tree's content as plain data, computed from a snapshot. No `vscode` here: the benchmark and
// unit tests build the same model the sidebar shows.
import type { BacklogSnapshot } from '../core/backlog';
import { statusCategory } from '../core/config';
import type { Item } from '../core/item';
import type { Rollup } from '../core/planning/relations';
import { groupItems, matchesQuery, type GroupBy, type ItemGroup, type ItemQuery } from '../core/query';

export interface TreeGroup {
  readonly group: ItemGroup;
  /** Items after the filter, in rank order. */
  readonly items: readonly Item[];
  /** Items in the group before filtering (for "3 of 10"). */
  readonly total: number;
  readonly points: number;
  /** For status groups with a WIP limit: the limit and whether it is exceeded. */
  readonly wip?: { readonly limit: number; readonly over: boolean };
}

export interface TreeModelOptions {
  readonly groupBy: GroupBy;
  readonly query?: ItemQuery;
  /** Hide items whose status is in the done category (they stay in their files). */
  readonly hideDone?: boolean;
  /** Hide groups left empty by the filter (declared empty groups stay: they are drop targets). */
  readonly hideEmptyFilteredGroups?: boolean;
}

/** Whether an item passes the view's filter and its done-items choice, on its own. */
function passes(snapshot: BacklogSnapshot, item: Item, options: Pick<TreeModelOptions, 'query' | 'hideDone'>): boolean {
  return (!options.hideDone || statusCategory(snapshot.config, item.status) !== 'done') && (!options.query || matchesQuery(item, options.query, snapshot));
}

/** Groups for one folder's backlog, filtered; the order within a group is the backlog rank. */
export function buildTreeModel(snapshot: BacklogSnapshot, options: TreeModelOptions): TreeGroup[] {
  const { config } = snapshot;
  const visible = (item: Item) => passes(snapshot, item, options);
  const filtering = options.query !== undefined && (options.query.words.length > 0 || options.query.terms.length > 0);
  const groups: TreeGroup[] = [];
  for (const group of groupItems(snapshot.items, options.groupBy, config)) {
    const items = group.items.filter(visible);
    if (filtering && options.hideEmptyFilteredGroups && items.length === 0) continue;
    const points = items.reduce((sum, i) => sum + (i.points ?? 0), 0);
    let wip: TreeGroup['wip'];
    if (group.by === 'status') {
      const limit = config.statuses.find((s) => s.name === group.value)?.wip;
      // WIP counts every item in the column, filtered or not: the limit is about the team's work.
      if (limit !== undefined) wip = { limit, over: group.items.length > limit };
    }
    groups.push({ group, items, total: group.items.length, points, wip });
  }
  return groups;
}

/** Group by Parent: items nested under their parent, each level in rank order. */
export interface ParentTree {
  /** Items with no parent in this backlog (or in a parent cycle), in rank order. */
  readonly roots: readonly Item[];
  /** The children shown under an item, in rank order. */
  children(id: string): readonly Item[];
  /** Whether the item is in the tree: it matches, or something under it does. */
  shows(id: string): boolean;
}

/**
 * The items as a forest of parents and children. With a filter or done items hidden, an item is
 * shown when it matches or when something under it does, so a match keeps its place in the
 * hierarchy. Parents, children and ranks come from the snapshot's relations.
 */
export function buildParentTree(snapshot: BacklogSnapshot, options: Omit<TreeModelOptions, 'groupBy' | 'hideEmptyFilteredGroups'>): ParentTree {
  const { relations, byId } = snapshot;
  const matches = (item: Item) => passes(snapshot, item, options);
  const shown = new Map<string, boolean>();
  const isShown = (item: Item, visiting: Set<string>): boolean => {
    const known = shown.get(item.id);
    if (known !== undefined) return known;
    visiting.add(item.id);
    const result = matches(item) || relations.children(item.id).some((c) => !visiting.has(c.id) && isShown(c, visiting));
    visiting.delete(item.id);
    shown.set(item.id, result);
    return result;
  };
  // An item whose parent chain comes back to it (a cycle `check` reports) is shown as a root.
  const inCycle = (item: Item) => relations.ancestors(item).some((a) => a.parent === item.id);
  const isRoot = (item: Item) => item.parent === undefined || !byId.has(item.parent) || inCycle(item);
  return {
    roots: snapshot.items.filter((i) => isRoot(i) && isShown(i, new Set())),
    children: (id) => relations.children(id).filter((c) => isShown(c, new Set())),
    shows: (id) => {
      const item = byId.get(id);
      return item !== undefined && isShown(item, new Set());
    },
  };
}

/** What keeps an item out of the tree: the filter, hidden done items, or both. */
export type HiddenBy = 'filter' | 'done';

/**
 * Why the tree does not show an item (empty: it is shown). `nested` is Group by Parent, where a
 * parent stays while something under it matches.
 */
export function whatHides(snapshot: BacklogSnapshot, item: Item, options: Pick<TreeModelOptions, 'query' | 'hideDone'> & { readonly nested: boolean }): HiddenBy[] {
  const shown = (o: Pick<TreeModelOptions, 'query' | 'hideDone'>) => (options.nested ? buildParentTree(snapshot, o).shows(item.id) : passes(snapshot, item, o));
  if (shown(options)) return [];
  if (options.query && shown({ hideDone: options.hideDone })) return ['filter'];
  if (options.hideDone && shown({ query: options.query })) return ['done'];
  const both: HiddenBy[] = [];
  if (options.query) both.push('filter');
  if (options.hideDone) both.push('done');
  return both;
}

/**
 * A parent's progress for the front of its row's label ("◑ 3/11", a pie glyph for the share
 * done): the description follows the title and a long title pushes it out of a narrow sidebar.
 */
export function rollupLabel(rollup: Rollup): string {
  return `${progressGlyph(rollup.done, rollup.total)} ${rollup.done}/${rollup.total}`;
}

/** The rest of a parent's roll-up, for its row's description: "8/20 pts" (none without estimates). */
export function rollupDescription(rollup: Rollup): string | undefined {
  return rollup.pointsTotal > 0 ? `${rollup.pointsDone}/${rollup.pointsTotal} pts` : undefined;
}

/** ○ ◔ ◑ ◕ ●: none, about a quarter, half, three quarters, all done. */
export function progressGlyph(done: number, total: number): string {
  if (total <= 0 || done <= 0) return '○';
  if (done >= total) return '●';
  return ['◔', '◑', '◕'][Math.min(2, Math.max(0, Math.round((done / total) * 4) - 1))];
}

/**
 * The one-line summary shown next to an item: id · test state · priority · points · assignee ·
 * checklist. The id comes first and the test state right after it so a narrow sidebar still
 * shows them; the priority is left out when the row's icon already shows it.
 */
export function itemDescription(item: Item, progress?: { done: number; total: number }, testState?: string, priorityInIcon = false): string {
  const parts = [item.id];
  if (testState) parts.push(testState);
  if (item.priority && !priorityInIcon) parts.push(item.priority);
  if (item.points !== undefined) parts.push(`${item.points} pt${item.points === 1 ? '' : 's'}`);
  if (item.assignee) parts.push(`@${item.assignee.replace(/^@/, '')}`);
  if (progress && progress.total > 0) parts.push(`☑ ${progress.done}/${progress.total}`);
  return parts.join(' · ');
}

/**
 * The summary shown next to a group: count (of total when filtered), points, WIP. `spoken` is
 * the same in words, for screen readers ("6 items, 5 points, 6 of WIP limit 5, over limit").
 */
export function groupDescription(g: TreeGroup, mode: 'shown' | 'spoken' = 'shown'): string {
  const spoken = mode === 'spoken';
  const n = g.items.length === g.total ? `${g.total}` : `${g.items.length} of ${g.total}`;
  const parts = [spoken ? `${n} item${g.total === 1 ? '' : 's'}` : n];
  if (g.points > 0) parts.push(spoken ? `${g.points} point${g.points === 1 ? '' : 's'}` : `${g.points} pts`);
  if (g.wip) parts.push(spoken ? `${g.total} of WIP limit ${g.wip.limit}${g.wip.over ? ', over limit' : ''}` : `WIP ${g.total}/${g.wip.limit}${g.wip.over ? ' over limit' : ''}`);
  return parts.join(spoken ? ', ' : ' · ');
}
