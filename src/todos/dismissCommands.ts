import * as vscode from 'vscode';
import { normaliseAnchor, todoAnchor } from '../core/todos/anchors';
import { DISMISSED_TODOS_FILE, dismissedTodoFor, type DismissedTodo } from '../core/todos/dismissedTodos';
import { inertPick } from '../common/inertView';
import { runItemOperation } from '../items/itemOperation';
import type { BacklogFolders } from '../store/backlogFolders';
import type { FolderTodos } from './folderTodos';
import { CommandId } from '../commands';
import { isTodoRef, sectionNodeOf, type TodoRef } from './todoCommands';
import { TodoCommentNode, TodoFileNode } from './untrackedTodosSection';
import type { WorkspaceTodos } from './workspaceTodos';

/**
 * Dismiss from Inbox (a comment that is not backlog work: a note, a comment in vendored code)
 * and Show Dismissed TODOs… (tick to list again). The list lives in the repository, in
 * `.backlog/dismissed-todos.txt`, so the whole team's inbox agrees and `backlog todos` too.
 */
export function registerDismissCommands(workspace: WorkspaceTodos, folders: BacklogFolders): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandId.TodoDismiss, async (arg?: unknown, all?: unknown): Promise<number> => {
      const byFolder = new Map<FolderTodos, DismissedTodo[]>();
      for (const a of Array.isArray(all) && all.length > 1 ? all : [arg]) {
        const node = sectionNodeOf(a);
        const found = isTodoRef(a)
          ? commentAt(workspace, a)
          : node instanceof TodoCommentNode
            ? { todos: node.todos, entries: [dismissedTodoFor(node.file.path, node.todo)] }
            : node instanceof TodoFileNode
              ? { todos: node.todos, entries: node.comments.map((c) => dismissedTodoFor(node.file.path, c)) }
              : undefined;
        if (found) byFolder.set(found.todos, [...(byFolder.get(found.todos) ?? []), ...found.entries]);
      }
      if (byFolder.size === 0) {
        void vscode.window.showInformationMessage('Backlog: pick a comment (or a file) in the Untracked TODOs list to dismiss it.');
        return 0;
      }
      let count = 0;
      for (const [todos, entries] of byFolder) {
        const done = await runItemOperation(folders, 'Dismiss TODO', () => todos.changeDismissed({ add: entries }).then(() => true));
        if (done) count += entries.length;
      }
      if (count > 0) {
        const undo = 'Undo';
        void vscode.window
          .showInformationMessage(`Backlog: dismissed ${count} TODO comment${count === 1 ? '' : 's'} from the inbox (listed in .backlog/${DISMISSED_TODOS_FILE}).`, undo)
          .then(async (choice) => {
            if (choice !== undo) return;
            for (const [todos, entries] of byFolder) await runItemOperation(folders, 'Restore TODO', () => todos.changeDismissed({ remove: entries }));
          });
      }
      return count;
    }),
    vscode.commands.registerCommand(CommandId.TodoShowDismissed, async (): Promise<number> => {
      const rows = workspace.all().flatMap((todos) => todos.dismissedTodos.entries.map((entry) => ({ todos, entry })));
      if (rows.length === 0) {
        void vscode.window.showInformationMessage('Backlog: no TODO comments are dismissed.');
        return 0;
      }
      const multiFolder = new Set(rows.map((r) => r.todos)).size > 1;
      const picks = await vscode.window.showQuickPick(
        rows.map(({ todos, entry }) => {
          const line = lineNow(todos, entry);
          return inertPick({
            label: entry.anchor,
            description: `${multiFolder ? todos.folder.folder.name + ': ' : ''}${entry.path}${line ? `:${line}` : ' (no such comment now)'}`,
            row: { todos, entry },
          });
        }),
        { canPickMany: true, title: 'Dismissed TODO comments', placeHolder: 'Tick the comments to list in the inbox again, then press Enter', matchOnDescription: true },
      );
      if (!picks || picks.length === 0) return 0;
      const byFolder = new Map<FolderTodos, DismissedTodo[]>();
      for (const { row } of picks) byFolder.set(row.todos, [...(byFolder.get(row.todos) ?? []), row.entry]);
      let count = 0;
      for (const [todos, entries] of byFolder) {
        if (await runItemOperation(folders, 'Restore TODO', () => todos.changeDismissed({ remove: entries }).then(() => true))) count += entries.length;
      }
      if (count > 0) void vscode.window.showInformationMessage(`Backlog: ${count} TODO comment${count === 1 ? ' is' : 's are'} back in the inbox.`);
      return count;
    }),
  ];
}

/** The comment a reference (a code action, a CodeLens, a test) points at, as a dismissal. */
function commentAt(workspace: WorkspaceTodos, ref: TodoRef): { todos: FolderTodos; entries: DismissedTodo[] } | undefined {
  const uri = vscode.Uri.parse(ref.uri);
  const todos = workspace.forUri(uri);
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const rel = todos?.relPath(uri);
  const file = doc ? todos?.fileFor(doc) : rel === undefined ? undefined : todos?.file(rel);
  const todo = file?.todos.find((t) => t.line === ref.line);
  return todos && file && todo ? { todos, entries: [dismissedTodoFor(file.path, todo)] } : undefined;
}

/** Where a dismissed comment is now (the first with its text), to tell live entries from stale ones. */
function lineNow(todos: FolderTodos, entry: DismissedTodo): number | undefined {
  const want = normaliseAnchor(entry.anchor);
  return todos.file(entry.path)?.todos.find((t) => normaliseAnchor(todoAnchor(t)) === want)?.line;
}
