import * as vscode from 'vscode';
import type { Item } from '../core/item';
import { todoTitle } from '../core/todos/capture';
import { findIdMentions, type IdMention } from '../core/todos/idMentions';
import { writtenCodeLinks } from '../core/todos/itemFileLinks';
import { languageForPath } from '../core/todos/languages';
import { isWorkspacePath } from '../core/todos/linkStates';
import { joinPath, samePath } from '../core/paths';
import type { BacklogFolders } from '../store/backlogFolders';
import { CommandId } from '../commands';
import type { TodoRef } from './todoCommands';
import type { WorkspaceTodos } from './workspaceTodos';
import { inertMarkdown } from '../common/inertView';
import { inertText } from '../core/inertText';

const SELECTOR: vscode.DocumentSelector = { scheme: 'file' };

/** CodeLens, quick fix, document links and hovers for TODO comments and item ids in code. */
export function registerTodoEditorFeatures(workspace: WorkspaceTodos, folders: BacklogFolders): vscode.Disposable[] {
  const mentions = new IdMentionCache(folders);
  return [
    vscode.languages.registerCodeLensProvider(SELECTOR, new CreateItemLenses(workspace)),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new CreateItemActions(workspace), { providedCodeActionKinds: CreateItemActions.kinds }),
    vscode.languages.registerDocumentLinkProvider(SELECTOR, new ItemIdLinks(folders, mentions)),
    vscode.languages.registerHoverProvider(SELECTOR, new ItemIdHovers(folders, mentions)),
    vscode.languages.registerDocumentLinkProvider({ scheme: 'file', pattern: '**/.backlog/items/*.md' }, new ItemFileCodeLinks(folders, workspace)),
    mentions,
  ];
}

/** The untracked comments of a document, scanned from its buffer now if it changed. */
function untrackedIn(workspace: WorkspaceTodos, doc: vscode.TextDocument) {
  const todos = workspace.forUri(doc.uri);
  if (!todos || todos.state !== 'ready') return { todos, comments: [] };
  const file = todos.fileFor(doc);
  if (!file) return { todos, comments: [] };
  const tracking = todos.tracking();
  return { todos, file, comments: file.todos.filter((t) => tracking.get(t)?.kind === 'untracked') };
}

function createCommand(doc: vscode.TextDocument, line: number, title: string): vscode.Command {
  const ref: TodoRef = { uri: doc.uri.toString(), line };
  return { command: CommandId.TodoCreateItem, title, arguments: [ref] };
}

/** "Create backlog item" above every untracked TODO comment. */
class CreateItemLenses implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly workspace: WorkspaceTodos) {
    this.onDidChangeCodeLenses = workspace.onDidChange;
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const { todos, comments } = untrackedIn(this.workspace, doc);
    if (!todos?.codeLens) return [];
    return comments.map((t) => new vscode.CodeLens(new vscode.Range(t.line - 1, t.column - 1, t.line - 1, t.column - 1), createCommand(doc, t.line, 'Create backlog item')));
  }
}

/** The quick fix on a TODO comment line. */
class CreateItemActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly workspace: WorkspaceTodos) {}

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const { file, comments } = untrackedIn(this.workspace, doc);
    if (!file) return [];
    return comments
      .filter((t) => t.line - 1 >= range.start.line && t.line - 1 <= range.end.line)
      .map((t) => {
        const title = `Create backlog item: ${todoTitle(t, file.path)}`;
        const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        action.command = createCommand(doc, t.line, title);
        return action;
      });
  }
}

/**
 * Item ids inside comments, per document version. Ids in strings or code are left alone: a
 * test fixture's `"BL-7K3QM"` is data, not a reference.
 */
class IdMentionCache implements vscode.Disposable {
  private readonly cache = new Map<string, { version: number; prefix: string; mentions: IdMention[] }>();
  private readonly sub: vscode.Disposable;

  constructor(private readonly folders: BacklogFolders) {
    this.sub = vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString()));
  }

  mentions(doc: vscode.TextDocument): IdMention[] {
    const folder = this.folders.forUri(doc.uri);
    if (!folder || folder.backlog.snapshot.kind !== 'backlog') return [];
    const prefix = folder.backlog.snapshot.config.idPrefix;
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version && hit.prefix === prefix) return hit.mentions;
    const text = doc.getText();
    const rel = vscode.workspace.asRelativePath(doc.uri, false);
    const mentions = text.length > 4 * 1024 * 1024 ? [] : findIdMentions(text, prefix, languageForPath(rel, text.slice(0, 256)));
    this.cache.set(key, { version: doc.version, prefix, mentions });
    return mentions;
  }

  dispose(): void {
    this.sub.dispose();
    this.cache.clear();
  }
}

/** Ctrl+click on an id in a comment opens the item's file. */
class ItemIdLinks implements vscode.DocumentLinkProvider {
  constructor(
    private readonly folders: BacklogFolders,
    private readonly mentions: IdMentionCache,
  ) {}

  provideDocumentLinks(doc: vscode.TextDocument): vscode.DocumentLink[] {
    const out: vscode.DocumentLink[] = [];
    for (const m of this.mentions.mentions(doc)) {
      const found = this.folders.findItem(m.id);
      if (!found) continue;
      const link = new vscode.DocumentLink(new vscode.Range(doc.positionAt(m.start), doc.positionAt(m.end)), vscode.Uri.file(found.item.file));
      link.tooltip = `Open backlog item ${found.item.id}`;
      out.push(link);
    }
    return out;
  }
}

/** The item's title, status and priority on hover; from local files only, shown as plain text. */
class ItemIdHovers implements vscode.HoverProvider {
  constructor(
    private readonly folders: BacklogFolders,
    private readonly mentions: IdMentionCache,
  ) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const offset = doc.offsetAt(position);
    const m = this.mentions.mentions(doc).find((x) => x.start <= offset && offset <= x.end);
    if (!m) return undefined;
    const range = new vscode.Range(doc.positionAt(m.start), doc.positionAt(m.end));
    const found = this.folders.findItem(m.id);
    const md = new vscode.MarkdownString();
    if (!found) {
      md.appendText(`${m.id} is not in this workspace's backlog (deleted, archived, or from another branch).`);
      return new vscode.Hover(inertMarkdown(md), range);
    }
    md.appendText(hoverText(found.item));
    return new vscode.Hover(inertMarkdown(md), range);
  }
}

/** Item titles and fields are user text: rendered as text, never as Markdown (no links, no images). */
export function hoverText(item: Item): string {
  const facts = [`Status: ${item.status}`, `Priority: ${item.priority ?? 'none'}`, `Type: ${item.type}`];
  if (item.assignee) facts.push(`Assignee: ${item.assignee}`);
  return `${item.id}: ${item.title}\n${facts.join(' · ')}`;
}

/**
 * In an item file, each code link's `path:` opens the code at the line: where the TODO comment
 * is now if the scan found it elsewhere (after a pull), else the line written. Paths that leave
 * the workspace folder are not links.
 */
class ItemFileCodeLinks implements vscode.DocumentLinkProvider {
  constructor(
    private readonly folders: BacklogFolders,
    private readonly workspace: WorkspaceTodos,
  ) {}

  provideDocumentLinks(doc: vscode.TextDocument): vscode.DocumentLink[] {
    const folder = this.folders.forUri(doc.uri);
    if (!folder) return [];
    const checks = this.workspace.forFolder(folder)?.linkChecks().filter((c) => samePath(c.item.file, doc.uri.fsPath)) ?? [];
    return writtenCodeLinks(doc.getText())
      .filter((l) => isWorkspacePath(l.path))
      .map((l) => {
        const located = checks.find((c) => c.link.path === l.path && c.link.line === l.line)?.location?.line;
        const line = located ?? l.line;
        const target = vscode.Uri.file(joinPath(folder.backlog.root, l.path)).with(line ? { fragment: `L${line}` } : {});
        const link = new vscode.DocumentLink(new vscode.Range(l.at.line, l.at.start, l.at.line, l.at.end), target);
        link.tooltip = inertText(line ? `Open ${l.path} at line ${line}` : `Open ${l.path}`);
        return link;
      });
  }
}
