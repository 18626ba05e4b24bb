// How each node looks in the sidebar. User text goes into labels and plain-text Markdown only.
import * as vscode from 'vscode';
import { statusCategory, type BacklogConfig } from '../core/config';
import { checklistProgress, type Item } from '../core/item';
import type { Problem } from '../core/problem';
import { itemTestStateBadge, type TestStateBadge } from '../core/testReports/testStateBadge';
import { CommandId } from '../commands';
import { groupDescription, itemDescription, type TreeGroup } from './treeModel';

const TYPE_ICONS: Record<string, [string, string | undefined]> = {
  feature: ['lightbulb', 'charts.blue'],
  story: ['book', 'charts.blue'],
  bug: ['bug', 'charts.red'],
  debt: ['tools', 'charts.orange'],
  chore: ['checklist', undefined],
  spike: ['beaker', 'charts.purple'],
  epic: ['layers', 'charts.purple'],
};

/**
 * The row's icon. An item that tracks a test shows the test's state in the Test Explorer's own
 * icon and colours instead of its type: "this test fails" matters more than "this is a bug", and
 * it reads the same as the Testing view next to it. Otherwise done items get a check, the rest
 * their type.
 */
export function itemIcon(item: Item, config: BacklogConfig, test: TestStateBadge | undefined = itemTestStateBadge(item)): vscode.ThemeIcon {
  if (test) return testStateIcon(test);
  if (statusCategory(config, item.status) === 'done') return new vscode.ThemeIcon('pass', new vscode.ThemeColor('charts.green'));
  const [icon, color] = TYPE_ICONS[item.type.toLowerCase()] ?? ['circle-outline', undefined];
  return new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
}

export function testStateIcon(test: TestStateBadge): vscode.ThemeIcon {
  return test.state === 'failing'
    ? new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'))
    : new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
}

export function itemTreeItem(item: Item, root: string, config: BacklogConfig, key: string, highlights: readonly string[]): vscode.TreeItem {
  const label: vscode.TreeItemLabel = { label: item.title, highlights: highlightRanges(item.title, highlights) };
  const t = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  t.id = key;
  const progress = checklistProgress(item.body);
  const test = itemTestStateBadge(item);
  t.description = itemDescription(item, progress, test?.text);
  t.iconPath = itemIcon(item, config, test);
  t.resourceUri = vscode.Uri.file(item.file);
  t.contextValue = ['item', item.links.length > 0 ? 'linked' : ''].filter(Boolean).join(' ');
  t.command = { command: CommandId.OpenItem, title: 'Open Item', arguments: [{ root, id: item.id }] };
  t.accessibilityInformation = {
    label: `${item.title}, ${item.id}, ${item.type}, ${item.status}${item.priority ? ', priority ' + item.priority : ''}${item.points !== undefined ? ', ' + item.points + (item.points === 1 ? ' point' : ' points') : ''}${test ? ', ' + test.label : ''}`,
  };
  return t;
}

/** The hover for an item; built on demand (resolveTreeItem) because big backlogs have thousands of rows. */
export function itemTooltip(item: Item): vscode.MarkdownString {
  const progress = checklistProgress(item.body);
  // Built with appendText so nothing from the item file is interpreted as Markdown or HTML
  // (with theme icons on, appendText also escapes `$(…)` in that text).
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown('**');
  md.appendText(item.title);
  md.appendMarkdown('**\n\n');
  const test = itemTestStateBadge(item);
  if (test) appendTestState(md, test);
  const rows: [string, string | undefined][] = [
    ['Id', item.id],
    ['Type', item.type],
    ['Status', item.status],
    ['Priority', item.priority],
    ['Points', item.points?.toString()],
    ['Labels', item.labels.join(', ') || undefined],
    ['Assignee', item.assignee],
    ['Sprint', item.sprint],
    ['Acceptance criteria', progress.total ? `${progress.done}/${progress.total} done` : undefined],
    ['Code links', item.links.length ? item.links.map((l) => `${l.path}${l.line ? ':' + l.line : ''}`).join(', ') : undefined],
    ['Updated', item.updated],
  ];
  for (const [name, value] of rows) {
    if (value === undefined) continue;
    md.appendMarkdown(`${name}: `);
    md.appendText(value);
    md.appendMarkdown('  \n');
  }
  const summary = firstParagraph(item.body);
  if (summary) {
    md.appendMarkdown('\n---\n\n');
    md.appendText(summary);
  }
  return md;
}

/** The tracked test's state as a block of its own, above the item's fields. */
function appendTestState(md: vscode.MarkdownString, test: TestStateBadge): void {
  md.appendMarkdown(test.state === 'failing' ? '$(error) **Test failing**' : '$(pass) **Test passing again**');
  md.appendMarkdown('  \n');
  for (const fact of test.facts) {
    md.appendMarkdown(`${fact.label}: `);
    md.appendText(fact.value);
    md.appendMarkdown('  \n');
  }
  md.appendMarkdown('\n---\n\n');
}

function firstParagraph(body: string): string {
  const text = body
    .split(/\r?\n/)
    .filter((l) => !/^\s*#/.test(l) && !/^\s*[-*+]\s+\[[ xX]\]/.test(l))
    .join('\n')
    .trim()
    .split(/\n\s*\n/)[0] ?? '';
  return text.length > 300 ? text.slice(0, 299) + '…' : text;
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

export function groupTreeItem(g: TreeGroup, config: BacklogConfig, key: string, filtering: boolean): vscode.TreeItem {
  const category = g.group.by === 'status' && g.group.value ? statusCategory(config, g.group.value) : undefined;
  const collapsed = category === 'done' && !filtering;
  const t = new vscode.TreeItem(g.group.label, collapsed ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
  t.id = key;
  t.description = groupDescription(g);
  t.contextValue = `group group:${g.group.by}`;
  if (g.wip?.over) {
    t.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    t.tooltip = `${g.group.label}: ${g.total} items, over its WIP limit of ${g.wip.limit}`;
  } else if (g.group.undeclared) {
    t.iconPath = new vscode.ThemeIcon('question', new vscode.ThemeColor('list.warningForeground'));
    t.tooltip = `"${g.group.label}" is not declared in .backlog/config.yaml`;
  } else {
    t.iconPath = new vscode.ThemeIcon(
      category === 'done' ? 'pass' : category === 'doing' ? 'play-circle' : g.group.by === 'sprint' ? 'milestone' : g.group.by === 'priority' ? 'arrow-up' : g.group.by === 'type' ? 'symbol-class' : 'circle-large-outline',
    );
    t.tooltip = `${g.group.label}: ${groupDescription(g)}`;
  }
  return t;
}

export function problemsTreeItem(problems: readonly Problem[], key: string): vscode.TreeItem {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const parts = [errors ? `${errors} error${errors === 1 ? '' : 's'}` : '', warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''].filter(Boolean);
  const t = new vscode.TreeItem('Problems in .backlog/', errors ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
  t.id = key;
  t.description = parts.join(', ');
  t.iconPath = new vscode.ThemeIcon(errors ? 'error' : 'warning', new vscode.ThemeColor(errors ? 'list.errorForeground' : 'list.warningForeground'));
  t.tooltip = 'Files that could not be loaded or have odd values. They are never rewritten: fix them in the editor.';
  t.contextValue = 'problems';
  return t;
}

export function problemTreeItem(p: Problem, key: string): vscode.TreeItem {
  const name = p.file.split('/').pop() ?? p.file;
  const t = new vscode.TreeItem(`${name}: ${p.message}`, vscode.TreeItemCollapsibleState.None);
  t.id = key;
  t.description = `line ${p.line}`;
  t.iconPath = new vscode.ThemeIcon(p.severity === 'error' ? 'error' : 'warning', new vscode.ThemeColor(p.severity === 'error' ? 'list.errorForeground' : 'list.warningForeground'));
  t.tooltip = `${p.file}:${p.line}:${p.column}\n${p.message} (${p.code})`;
  const line = Math.max(0, p.line - 1);
  t.command = {
    command: 'vscode.open',
    title: 'Open File',
    arguments: [vscode.Uri.file(p.file), { selection: new vscode.Range(line, Math.max(0, p.column - 1), line, Math.max(0, p.column - 1)) } satisfies vscode.TextDocumentShowOptions],
  };
  t.contextValue = 'problem';
  return t;
}
