// How each node looks in the sidebar. User text goes into labels and plain-text Markdown only.
import * as vscode from 'vscode';
import { statusCategory, type BacklogConfig } from '../core/config';
import { checklistProgress, type Item } from '../core/item';
import { itemTestStateBadge, type TestStateBadge } from '../core/testReports/testStateBadge';
import { CommandId } from '../commands';
import type { BacklogSnapshot } from '../core/backlog';
import { itemHoverMarkdown } from './itemHover';
import { priorityIcon, type PriorityIcon } from './priorityIcons';
import { groupDescription, itemDescription, type TreeGroup } from './treeModel';

/** What the item rows and hovers need from the folder's snapshot. */
export type RowContext = Pick<BacklogSnapshot, 'config' | 'sprints'>;

/**
 * The row's icon: the item's priority (the first thing a triager scans for), except that an item
 * tracking a test shows the test's state in the Test Explorer's own icon and colours ("this test
 * fails" outranks any priority, and reads the same as the Testing view next to it), and a done
 * item shows a check (its priority no longer matters). Items without a priority get a hollow dot.
 */
export function itemIcon(item: Item, config: BacklogConfig, test: TestStateBadge | undefined = itemTestStateBadge(item)): vscode.ThemeIcon {
  if (test) return testStateIcon(test);
  if (statusCategory(config, item.status) === 'done') return new vscode.ThemeIcon('pass', new vscode.ThemeColor('charts.green'));
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

/** A row at the default sidebar width: priority icon, the title, then the id first in the description. */
export function itemTreeItem(item: Item, root: string, config: BacklogConfig, key: string, highlights: readonly string[]): vscode.TreeItem {
  const label: vscode.TreeItemLabel = { label: item.title, highlights: highlightRanges(item.title, highlights) };
  const t = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  t.id = key;
  const progress = checklistProgress(item.body);
  const test = itemTestStateBadge(item);
  t.iconPath = itemIcon(item, config, test);
  const priorityInIcon = !test && statusCategory(config, item.status) !== 'done' && priorityIcon(config, item.priority) !== undefined;
  t.description = itemDescription(item, progress, test?.text, priorityInIcon);
  t.resourceUri = vscode.Uri.file(item.file);
  t.contextValue = ['item', item.links.length > 0 ? 'linked' : ''].filter(Boolean).join(' ');
  t.command = { command: CommandId.OpenItem, title: 'Open Item', arguments: [{ root, id: item.id }] };
  t.accessibilityInformation = {
    label: `${item.title}, ${item.id}, ${item.type}, ${item.status}${item.priority ? ', priority ' + item.priority : ''}${item.points !== undefined ? ', ' + item.points + (item.points === 1 ? ' point' : ' points') : ''}${test ? ', ' + test.label : ''}`,
  };
  return t;
}

/** The hover for an item; built on demand (resolveTreeItem) because big backlogs have thousands of rows. */
export function itemTooltip(item: Item, context: RowContext): vscode.MarkdownString {
  // Theme icons on for our own `$(…)`; item text in it is escaped by itemHoverMarkdown.
  return new vscode.MarkdownString(itemHoverMarkdown(item, { config: context.config, sprints: context.sprints, test: itemTestStateBadge(item) }), true);
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
