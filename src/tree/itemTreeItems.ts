// How each node looks in the sidebar. User text goes into labels and plain-text Markdown only.
import * as vscode from 'vscode';
import { statusCategory, type BacklogConfig } from '../core/config';
import { checklistProgress, type Item } from '../core/item';
import { itemTestStateBadge, type TestStateBadge } from '../core/testReports/testStateBadge';
import { CommandId } from '../commands';
import type { BacklogSnapshot } from '../core/backlog';
import { itemHoverMarkdown } from './itemHover';
import { priorityIcon, type PriorityIcon } from './priorityIcons';
import { groupDescription, itemDescription, rollupDescription, rollupLabel, type TreeGroup } from './treeModel';
import type { Rollup } from '../core/planning/relations';

/** What the item rows and hovers need from the folder's snapshot. */
export type RowContext = Pick<BacklogSnapshot, 'config' | 'sprints' | 'relations'>;

/** How an item row relates to others (from the snapshot's relations). */
export interface RowRelations {
  /** Some blocker is not done yet. */
  readonly blocked?: boolean;
  /** Group by Parent: the item's roll-up, shown on its row. */
  readonly rollup?: Rollup;
  /** Group by Parent: the row holds children. */
  readonly hasChildren?: boolean;
}

const BLOCKED: PriorityIcon = { icon: 'stop-circle', color: 'list.errorForeground' };

/**
 * The row's icon: the item's priority (the first thing a triager scans for), except that an item
 * tracking a test shows the test's state in the Test Explorer's own icon and colours ("this test
 * fails" outranks any priority, and reads the same as the Testing view next to it), and a done
 * item shows a check (its priority no longer matters), and a blocked one a stop sign (it cannot be
 * started, whatever its priority). Items without a priority get a small dot.
 */
export function itemIcon(item: Item, config: BacklogConfig, test: TestStateBadge | undefined = itemTestStateBadge(item), blocked = false): vscode.ThemeIcon {
  if (test) return testStateIcon(test);
  if (statusCategory(config, item.status) === 'done') return new vscode.ThemeIcon('pass', new vscode.ThemeColor('charts.green'));
  if (blocked) return themeIcon(BLOCKED);
  return themeIcon(priorityIcon(config, item.priority) ?? NO_PRIORITY);
}

const NO_PRIORITY: PriorityIcon = { icon: 'circle-small' };

function themeIcon(p: PriorityIcon): vscode.ThemeIcon {
  return new vscode.ThemeIcon(p.icon, p.color ? new vscode.ThemeColor(p.color) : undefined);
}

export function testStateIcon(test: TestStateBadge): vscode.ThemeIcon {
  return test.state === 'failing'
    ? new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'))
    : new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
}

/**
 * A row at the default sidebar width: priority icon, a parent's progress ("◑ 3/11") and the
 * title, then the id first in the description. The full roll-up is in the hover.
 */
export function itemTreeItem(item: Item, root: string, config: BacklogConfig, key: string, highlights: readonly string[], relations: RowRelations = {}): vscode.TreeItem {
  const progressPrefix = relations.rollup ? `${rollupLabel(relations.rollup)}  ` : '';
  const label: vscode.TreeItemLabel = {
    label: progressPrefix + item.title,
    highlights: highlightRanges(item.title, highlights).map(([from, to]) => [from + progressPrefix.length, to + progressPrefix.length]),
  };
  const t = new vscode.TreeItem(label, relations.hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  t.id = key;
  const progress = checklistProgress(item.body);
  const test = itemTestStateBadge(item);
  const done = statusCategory(config, item.status) === 'done';
  const blocked = !done && relations.blocked === true;
  t.iconPath = itemIcon(item, config, test, blocked);
  const priorityInIcon = !test && !done && !blocked && priorityIcon(config, item.priority) !== undefined;
  const rollup = relations.rollup ? rollupDescription(relations.rollup) : undefined;
  t.description = itemDescription(item, progress, [test?.text, rollup].filter(Boolean).join(' · ') || undefined, priorityInIcon);
  t.resourceUri = vscode.Uri.file(item.file);
  t.contextValue = ['item', item.links.length > 0 ? 'linked' : '', blocked ? 'blocked' : ''].filter(Boolean).join(' ');
  t.command = { command: CommandId.OpenItem, title: 'Open Item', arguments: [{ root, id: item.id }] };
  t.accessibilityInformation = {
    label: `${item.title}, ${item.id}, ${item.type}, ${item.status}${item.priority ? ', priority ' + item.priority : ''}${item.points !== undefined ? ', ' + item.points + (item.points === 1 ? ' point' : ' points') : ''}${test ? ', ' + test.label : ''}${blocked ? ', blocked' : ''}${relations.rollup ? `, ${relations.rollup.done} of ${relations.rollup.total} done` : ''}`,
  };
  return t;
}

/** The hover for an item; built on demand (resolveTreeItem) because big backlogs have thousands of rows. */
export function itemTooltip(item: Item, context: RowContext): vscode.MarkdownString {
  // Theme icons on for our own `$(…)`; item text in it is escaped by itemHoverMarkdown.
  const { config, sprints, relations } = context;
  const hover = itemHoverMarkdown(item, {
    config,
    sprints,
    test: itemTestStateBadge(item),
    blockers: statusCategory(config, item.status) === 'done' ? [] : relations.openBlockers(item),
    rollup: relations.rollup(item.id),
  });
  return new vscode.MarkdownString(hover, true);
}

function highlightRanges(title: string, words: readonly string[]): [number, number][] {
  const lower = title.toLowerCase();
  const ranges: [number, number][] = [];
  for (const w of words) {
    const at = lower.indexOf(w);
    if (w && at !== -1) ranges.push([at, at + w.length]);
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

export function groupTreeItem(g: TreeGroup, context: RowContext, key: string, filtering: boolean): vscode.TreeItem {
  const { config } = context;
  const category = g.group.by === 'status' && g.group.value ? statusCategory(config, g.group.value) : undefined;
  const collapsed = category === 'done' && !filtering;
  // A sprint group is labelled by the sprint's name; items store its id.
  const label = g.group.by === 'sprint' && g.group.value ? (context.sprints.find((s) => s.id === g.group.value)?.name ?? g.group.label) : g.group.label;
  const t = new vscode.TreeItem(label, collapsed ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
  t.id = key;
  t.description = groupDescription(g);
  t.contextValue = `group group:${g.group.by}`;
  t.accessibilityInformation = { label: `${label}, ${groupDescription(g, 'spoken')}` };
  if (g.wip?.over) {
    t.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    t.tooltip = `${label}: ${g.total} items, over its WIP limit of ${g.wip.limit}`;
  } else if (g.group.undeclared) {
    t.iconPath = new vscode.ThemeIcon('question', new vscode.ThemeColor('list.warningForeground'));
    t.tooltip = `"${label}" is not declared in .backlog/config.yaml`;
  } else {
    const priority = g.group.by === 'priority' ? priorityIcon(config, g.group.value) : undefined;
    t.iconPath = priority
      ? themeIcon(priority)
      : new vscode.ThemeIcon(
          category === 'done' ? 'pass' : category === 'doing' ? 'play-circle' : g.group.by === 'sprint' ? 'milestone' : g.group.by === 'priority' ? NO_PRIORITY.icon : g.group.by === 'type' ? 'symbol-class' : 'circle-large-outline',
        );
    t.tooltip = `${label}: ${groupDescription(g)}`;
  }
  return t;
}
