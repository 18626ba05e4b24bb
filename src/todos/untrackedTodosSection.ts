import * as vscode from 'vscode';
import { CommandId } from '../commands';
import type { StatusCategory } from '../core/config';
import type { TodoLinkCheck } from '../core/todos/linkStates';
import type { TodoComment } from '../core/todos/scanner';
import type { BacklogFolder } from '../store/backlogFolders';
import type { SectionNode, TreeSection } from '../tree/treeNodes';
import type { FolderTodos, TodoFile } from './folderTodos';
import type { WorkspaceTodos } from './workspaceTodos';

/** Files listed expanded up to this many; more start collapsed so the inbox stays scannable. */
const EXPAND_FILES_UP_TO = 8;

/** The "Untracked TODOs" heading of one folder. */
export class TodoInboxNode implements SectionNode {
  readonly isHeading = true;

  constructor(
    readonly todos: FolderTodos,
    readonly treeItem: vscode.TreeItem,
    private readonly files: readonly TodoFileNode[],
  ) {}

  children(): readonly SectionNode[] {
    return this.files;
  }
}

/** One file's untracked comments. */
export class TodoFileNode implements SectionNode {
  readonly treeItem: vscode.TreeItem;

  constructor(
    readonly todos: FolderTodos,
    readonly file: TodoFile,
    readonly comments: readonly TodoComment[],
    expanded: boolean,
  ) {
    const slash = file.path.lastIndexOf('/');
    const t = new vscode.TreeItem(file.path.slice(slash + 1), expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    t.id = `todos:${todos.root}:file:${file.path}`;
    t.resourceUri = vscode.Uri.file(file.absolutePath);
    t.iconPath = vscode.ThemeIcon.File;
    t.description = `${comments.length}${slash > 0 ? ' · ' + file.path.slice(0, slash) : ''}`;
    t.tooltip = `${file.path}: ${comments.length} untracked comment${comments.length === 1 ? '' : 's'}${file.dirty ? ' (unsaved changes)' : ''}`;
    t.contextValue = 'todoFile';
    this.treeItem = t;
  }

  children(): readonly SectionNode[] {
    return this.comments.map((c) => new TodoCommentNode(this.todos, this.file, c));
  }
}

/** One untracked comment; clicking opens the file at it. */
export class TodoCommentNode implements SectionNode {
  readonly treeItem: vscode.TreeItem;

  constructor(
    readonly todos: FolderTodos,
    readonly file: TodoFile,
    readonly todo: TodoComment,
  ) {
    const t = new vscode.TreeItem(todo.text ? `${todo.tag}: ${todo.text}` : todo.tag, vscode.TreeItemCollapsibleState.None);
    t.id = `todos:${todos.root}:todo:${file.path}:${todo.line}:${todo.column}`;
    t.description = `line ${todo.line}`;
    t.iconPath = new vscode.ThemeIcon(tagIcon(todo.tag));
    t.tooltip = `${file.path}:${todo.line}\n${todo.tag}${todo.text ? ': ' + todo.text : ''}`;
    t.contextValue = 'todoComment';
    const at = new vscode.Range(todo.line - 1, todo.column - 1, todo.line - 1, todo.column - 1);
    t.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(file.absolutePath), { selection: at, preview: true }] };
    this.treeItem = t;
  }
}

/** Items whose TODO comment is gone (or whose link points outside the folder). */
export class LostLinksNode implements SectionNode {
  readonly treeItem: vscode.TreeItem;

  constructor(
    readonly todos: FolderTodos,
    private readonly checks: readonly TodoLinkCheck[],
  ) {
    const t = new vscode.TreeItem('Lost TODO Links', vscode.TreeItemCollapsibleState.Collapsed);
    t.id = `todos:${todos.root}:lost`;
    t.iconPath = new vscode.ThemeIcon('debug-disconnect');
    t.description = String(checks.length);
    t.tooltip = 'Items whose TODO comment can no longer be found. Re-link each to a comment, or resolve it if the work is done.';
    t.contextValue = 'todoLostLinks';
    t.accessibilityInformation = { label: `Lost TODO Links, ${checks.length}` };
    this.treeItem = t;
  }

  children(): readonly SectionNode[] {
    return this.checks.map((c) => new LostLinkNode(this.todos, c));
  }
}

export class LostLinkNode implements SectionNode {
  readonly treeItem: vscode.TreeItem;

  constructor(
    readonly todos: FolderTodos,
    readonly check: TodoLinkCheck,
  ) {
    const { item, link } = check;
    const t = new vscode.TreeItem(item.title, vscode.TreeItemCollapsibleState.None);
    t.id = `todos:${todos.root}:lost:${item.id}:${check.index}`;
    const where = `${link.path}${link.line ? ':' + link.line : ''}`;
    t.description = `${item.id} · ${where}`;
    t.iconPath = new vscode.ThemeIcon('warning');
    t.tooltip =
      check.state === 'outside'
        ? `${item.id} links to ${where}, which is outside the workspace folder; the link is not followed.`
        : `${item.id} was linked to “${link.anchor ?? ''}” in ${where}, but that comment is gone.`;
    t.contextValue = 'todoLostLink';
    t.command = { command: CommandId.OpenItem, title: 'Open Item', arguments: [{ root: todos.root, id: item.id }] };
    this.treeItem = t;
  }
}

/**
 * The TODO inbox in the Items tree: untracked comments grouped by file with counts, and the
 * items whose TODO link was lost. Nodes are rebuilt from the index when it changes.
 */
export class UntrackedTodosSection implements TreeSection, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly sub: vscode.Disposable;
  private shown = '';

  constructor(private readonly workspace: WorkspaceTodos) {
    // Typing in an editor rescans its buffer every few hundred milliseconds; the whole tree is
    // redrawn only when what this section shows actually changed.
    this.sub = workspace.onDidChange(() => {
      const next = this.signature();
      if (next === this.shown) return;
      this.shown = next;
      this.changed.fire();
    });
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }

  private signature(): string {
    const parts: string[] = [];
    for (const todos of this.workspace.all()) {
      parts.push(`${todos.root}\0${todos.state}\0${todos.filesVisited}`);
      if (todos.state !== 'ready') continue;
      for (const [file, comments] of untrackedByFile(todos)) {
        parts.push(`${file.path}\0${file.dirty}`);
        for (const c of comments) parts.push(`${c.line}:${c.column}:${c.tag}:${c.text}`);
      }
      for (const c of lostLinks(todos)) parts.push(`lost\0${c.item.id}\0${c.index}\0${c.item.title}\0${c.state}\0${c.link.path}:${c.link.line}`);
    }
    return parts.join('\n');
  }

  nodes(folder: BacklogFolder): readonly SectionNode[] {
    const todos = this.workspace.forFolder(folder);
    if (!todos || todos.state === 'disabled') return [];
    const out: SectionNode[] = [];
    const heading = new vscode.TreeItem('Untracked TODOs', vscode.TreeItemCollapsibleState.Collapsed);
    heading.id = `todos:${todos.root}:inbox`;
    heading.iconPath = new vscode.ThemeIcon('inbox');
    heading.contextValue = 'todoInbox';
    let files: TodoFileNode[] = [];
    if (todos.state === 'waiting' || todos.state === 'scanning') {
      heading.description = 'scanning…';
      heading.collapsibleState = vscode.TreeItemCollapsibleState.None;
    } else if (todos.state === 'failed') {
      heading.description = 'scan failed';
      heading.tooltip = todos.error;
      heading.collapsibleState = vscode.TreeItemCollapsibleState.None;
    } else {
      const untracked = untrackedByFile(todos);
      files = untracked.map(([file, comments]) => new TodoFileNode(todos, file, comments, untracked.length <= EXPAND_FILES_UP_TO));
      const count = untracked.reduce((n, [, c]) => n + c.length, 0);
      heading.description = count === 0 ? 'none' : `${count} in ${files.length} file${files.length === 1 ? '' : 's'}`;
      if (count === 0) heading.collapsibleState = vscode.TreeItemCollapsibleState.None;
      else heading.contextValue = 'todoInbox todoInbox:nonEmpty';
      const skipped = todos.skipped.filter((s) => s.reason === 'unreadable').length;
      heading.tooltip = `TODO-style comments that no backlog item tracks yet (${todos.filesVisited} files scanned${
        todos.lastScan ? ` in ${Math.round(todos.lastScan.ms)} ms` : ''
      }${skipped ? `, ${skipped} unreadable` : ''}).`;
    }
    // Read as its text ("Untracked TODOs, 13"), not as a row of unlabelled parts.
    heading.accessibilityInformation = { label: `Untracked TODOs, ${heading.description}` };
    // With nothing untracked the view is empty and shows its welcome text instead.
    if (todos.state !== 'ready' || files.length > 0) out.push(new TodoInboxNode(todos, heading, files));
    const lost = lostLinks(todos);
    if (lost.length > 0) out.push(new LostLinksNode(todos, lost));
    return out;
  }
}

/** Untracked comments per file, in path order. */
export function untrackedByFile(todos: FolderTodos): [TodoFile, TodoComment[]][] {
  const tracking = todos.tracking();
  const out: [TodoFile, TodoComment[]][] = [];
  for (const file of todos.allFiles()) {
    const comments = file.todos.filter((t) => tracking.get(t)?.kind === 'untracked');
    if (comments.length > 0) out.push([file, comments]);
  }
  return out;
}

/** Lost or refused links of items that are not done (a done item's comment is expected to go). */
export function lostLinks(todos: FolderTodos): TodoLinkCheck[] {
  const categories = new Map<string, StatusCategory>(todos.folder.backlog.snapshot.config.statuses.map((s) => [s.name, s.category]));
  return todos.linkChecks().filter((c) => (c.state === 'lost' || c.state === 'outside') && categories.get(c.item.status) !== 'done');
}

function tagIcon(tag: string): string {
  switch (tag.toUpperCase()) {
    case 'FIXME':
    case 'BUG':
      return 'bug';
    case 'HACK':
      return 'tools';
    case 'XXX':
      return 'warning';
    default:
      return 'checklist';
  }
}
