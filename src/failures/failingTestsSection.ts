import * as vscode from 'vscode';
import { CommandId } from '../commands';
import { Disposable } from '../common/lifecycle';
import { escapeMarkdown } from '../core/markdownText';
import { failingTestEntries, type FailingTestEntry } from '../core/testReports/failingTests';
import type { BacklogFolder, BacklogFolders } from '../store/backlogFolders';
import type { SectionNode, TreeSection } from '../tree/treeNodes';

/** A row of the section; its item is what the inline "Open Failing Line" acts on. */
export interface FailingTestNode extends SectionNode {
  readonly root: string;
  readonly id: string;
}

/**
 * "Failing tests" under each folder in the Items tree: items whose test fails (newest failure
 * first) and those marked "passing again" that are still open. Clicking opens the item; the
 * inline action opens the failing line.
 */
export class FailingTestsSection extends Disposable implements TreeSection {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  /** Per folder, what the section last showed: the tree needs no refresh for other changes. */
  private readonly shown = new Map<string, string>();

  constructor(folders: BacklogFolders) {
    super();
    this._register(
      folders.onDidChange(() => {
        let changed = false;
        for (const f of folders.all()) {
          const key = signature(f);
          if (this.shown.get(f.backlog.root) !== key) {
            this.shown.set(f.backlog.root, key);
            changed = true;
          }
        }
        if (changed) this.changed.fire();
      }),
    );
  }

  nodes(folder: BacklogFolder): readonly SectionNode[] {
    const s = folder.backlog.snapshot;
    if (s.kind !== 'backlog') return [];
    const entries = failingTestEntries(s.items, s.config);
    this.shown.set(folder.backlog.root, signature(folder));
    if (entries.length === 0) return [];
    const failing = entries.filter((e) => e.record.state === 'failing').length;
    const heading = new vscode.TreeItem('Failing tests', vscode.TreeItemCollapsibleState.Expanded);
    heading.id = `failing-tests:${folder.backlog.root}`;
    heading.iconPath = new vscode.ThemeIcon('beaker');
    heading.description = [failing ? `${failing} failing` : '', entries.length - failing ? `${entries.length - failing} passing again` : ''].filter(Boolean).join(' · ');
    heading.contextValue = 'failingTests';
    heading.accessibilityInformation = { label: `Failing tests, ${heading.description.replace(' · ', ', ')}` };
    const children = entries.map((e) => entryNode(folder.backlog.root, e));
    return [{ treeItem: heading, children: () => children, isHeading: true }];
  }
}

function entryNode(root: string, e: FailingTestEntry): FailingTestNode {
  const { item, record } = e;
  const failing = record.state === 'failing';
  const t = new vscode.TreeItem(record.name || item.title, vscode.TreeItemCollapsibleState.None);
  t.id = `failing-test:${root}:${item.id}`;
  t.iconPath = failing ? new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')) : new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  t.description = `${item.id} · ${failing ? `failed ${record.failures}× · last ${day(record.lastSeen)}` : `passing again since ${day(record.passedAt ?? record.lastSeen)}`}`;
  const tip = new vscode.MarkdownString(undefined, true);
  tip.appendMarkdown(`**${escapeMarkdown(item.title.trim())}** · ${item.id} · ${escapeMarkdown(item.status)}\n\n`);
  tip.appendMarkdown(failing ? `$(error) failing — ${record.failures} failed run${record.failures === 1 ? '' : 's'}, first ${record.firstSeen}, last ${record.lastSeen}\n\n` : `$(pass) passing again since ${record.passedAt ?? '?'}\n\n`);
  if (record.message) appendFenced(tip, record.message);
  if (record.report) tip.appendMarkdown(`\nfrom \`${record.report.replace(/`/g, "'")}\``);
  t.tooltip = tip;
  t.command = { command: CommandId.OpenItem, title: 'Open Item', arguments: [{ root, id: item.id }] };
  t.contextValue = `failingTest${e.failingLine ? ' failingTest:line' : ''}${item.links.some((l) => l.kind === 'test') ? ' failingTest:test' : ''}`;
  return { treeItem: t, root, id: item.id };
}

function day(iso: string): string {
  return iso.slice(0, 10) || 'unknown';
}

/**
 * The failure message as a code block whose fence is longer than any run of backticks in it:
 * `appendCodeblock` uses a fixed fence, so a message holding one could close the block and have
 * the rest rendered as Markdown (links, images).
 */
function appendFenced(md: vscode.MarkdownString, text: string): void {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  md.appendMarkdown(`\n${fence}text\n${text}\n${fence}\n`);
}

function signature(folder: BacklogFolder): string {
  const s = folder.backlog.snapshot;
  if (s.kind !== 'backlog') return '';
  return failingTestEntries(s.items, s.config)
    .map((e) => `${e.item.id}\u0000${e.item.hash}`)
    .join('\n');
}
