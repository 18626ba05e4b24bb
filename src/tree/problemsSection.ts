import * as vscode from 'vscode';
import type { Problem } from '../core/problem';
import { Disposable } from '../common/lifecycle';
import type { BacklogFolder, BacklogFolders } from '../store/backlogFolders';
import type { SectionNode, TreeSection } from './treeNodes';

/**
 * Files in `.backlog/` that could not be loaded or hold odd values, for the Backlog Problems view
 * (the Problems panel lists them too, as diagnostics).
 */
export class ProblemsSection extends Disposable implements TreeSection {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(folders: BacklogFolders) {
    super();
    this._register(folders.onDidChange(() => this.changed.fire()));
  }

  nodes(folder: BacklogFolder): readonly SectionNode[] {
    const s = folder.backlog.snapshot;
    if (s.kind !== 'backlog' || s.problems.length === 0) return [];
    const key = `problems:${s.root}`;
    const rows = s.problems.map((p, i) => ({ treeItem: problemTreeItem(p, `${key}/${i}`) }));
    return [{ treeItem: problemsHeading(s.problems, key), children: () => rows, isHeading: true }];
  }
}

function problemsHeading(problems: readonly Problem[], key: string): vscode.TreeItem {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const parts = [errors ? `${errors} error${errors === 1 ? '' : 's'}` : '', warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''].filter(Boolean);
  const t = new vscode.TreeItem('Problems in .backlog/', errors ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
  t.id = key;
  t.description = parts.join(', ');
  t.iconPath = new vscode.ThemeIcon(errors ? 'error' : 'warning', new vscode.ThemeColor(errors ? 'list.errorForeground' : 'list.warningForeground'));
  t.tooltip = 'Files that could not be loaded or have odd values. They are never rewritten: fix them in the editor.';
  t.accessibilityInformation = { label: `Problems in .backlog, ${t.description}` };
  t.contextValue = 'problems';
  return t;
}

function problemTreeItem(p: Problem, key: string): vscode.TreeItem {
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
