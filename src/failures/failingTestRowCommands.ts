import { join } from 'node:path';
import * as vscode from 'vscode';
import { CommandId, isItemArg, type ItemArg } from '../commands';
import { openItemPage } from '../items/openItem';
import { runItemOperation } from '../items/itemOperation';
import type { BacklogFolders } from '../store/backlogFolders';

/** The item of a Failing tests row: the tree hands commands its node, which wraps our section node. */
export function failingTestRef(arg: unknown): ItemArg | undefined {
  if (isItemArg(arg)) return arg;
  const node = typeof arg === 'object' && arg !== null ? (arg as { node?: unknown }).node : undefined;
  return isItemArg(node) ? node : undefined;
}

/** The context menu of a Failing tests row: open the item or the test, copy the id, resolve the item. */
export function registerFailingTestRowCommands(folders: BacklogFolders): vscode.Disposable[] {
  const find = (arg: unknown) => {
    const ref = failingTestRef(arg);
    const folder = ref && folders.all().find((f) => f.backlog.root === ref.root);
    const item = ref && folder?.backlog.snapshot.byId.get(ref.id);
    return folder && item ? { folder, item } : undefined;
  };
  return [
    vscode.commands.registerCommand(CommandId.FailingTestOpenItem, async (arg?: unknown) => {
      const found = find(arg);
      if (found) await openItemPage(found.item.file, false);
    }),
    vscode.commands.registerCommand(CommandId.FailingTestOpenTest, async (arg?: unknown) => {
      const found = find(arg);
      if (!found) return;
      const link = found.item.links.find((l) => l.kind === 'test');
      if (!link) {
        void vscode.window.showInformationMessage(`Backlog: ${found.item.id} has no link to its test's definition.`);
        return;
      }
      const line = Math.max(0, (link.line ?? 1) - 1);
      try {
        await vscode.window.showTextDocument(vscode.Uri.file(join(found.folder.backlog.root, link.path)), { selection: new vscode.Range(line, 0, line, 0) });
      } catch {
        void vscode.window.showWarningMessage(`Backlog: ${link.path} could not be opened; the test may have moved.`);
      }
    }),
    vscode.commands.registerCommand(CommandId.FailingTestCopyId, async (arg?: unknown) => {
      const found = find(arg);
      if (found) await vscode.commands.executeCommand(CommandId.CopyId, { root: found.folder.backlog.root, id: found.item.id });
    }),
    vscode.commands.registerCommand(CommandId.FailingTestResolveItem, async (arg?: unknown) => {
      const found = find(arg);
      if (!found) return;
      const done = found.folder.backlog.snapshot.config.statuses.find((s) => s.category === 'done');
      if (!done) {
        void vscode.window.showErrorMessage('Backlog: config.yaml has no status in the "done" category to resolve items with.');
        return;
      }
      await runItemOperation(folders, 'Resolve item', () => found.folder.backlog.update(found.item, { status: done.name }));
    }),
  ];
}
