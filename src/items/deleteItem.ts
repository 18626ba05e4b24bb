import * as vscode from 'vscode';
import { CommandId } from '../commands';
import type { BacklogFolders } from '../store/backlogFolders';
import { refuseIfDirty, runItemOperation } from './itemOperation';
import { resolveTargets, type SelectionSource } from './itemTargets';

/** Delete: always confirmed, names what goes; the file stays recoverable from git. */
export function registerDeleteItem(folders: BacklogFolders, selection: SelectionSource): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandId.Delete, async (arg?: unknown, all?: unknown) => {
      const targets = await resolveTargets(folders, selection, arg, all, 'Delete which item?');
      if (targets.length === 0 || refuseIfDirty(targets.map((t) => t.item))) return;
      const what = targets.length === 1 ? `${targets[0].item.id} "${targets[0].item.title}"` : `${targets.length} items (${targets.map((t) => t.item.id).join(', ')})`;
      const choice = await vscode.window.showWarningMessage(
        `Delete ${what}?`,
        { modal: true, detail: 'The item file is deleted from .backlog/items/. If it was committed, git can bring it back.' },
        'Delete',
      );
      if (choice !== 'Delete') return;
      await runItemOperation(folders, 'Delete', async () => {
        for (const t of targets) await t.folder.backlog.delete(t.item);
      });
    }),
  ];
}
