import * as vscode from 'vscode';
import { CommandId, InternalCommandId } from '../commands';
import type { BacklogFolders } from '../store/backlogFolders';
import { pickItem, resolveTargets, type SelectionSource } from './itemTargets';

/** Opens an item's page (the rendered item; its raw file is one click away there). */
export function openItemPage(file: string, preview = true, viewColumn?: vscode.ViewColumn): Thenable<unknown> {
  return vscode.commands.executeCommand(InternalCommandId.OpenItemPage, vscode.Uri.file(file), { preview, viewColumn });
}

/** Open Item (click in the tree), Go to Item… (search all items), Copy Id. */
export function registerOpenItem(folders: BacklogFolders, selection: SelectionSource): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandId.OpenItem, async (arg?: unknown, all?: unknown) => {
      for (const { item } of await resolveTargets(folders, selection, arg, all, 'Open which item?')) {
        await openItemPage(item.file);
      }
    }),
    vscode.commands.registerCommand(CommandId.GoToItem, async () => {
      const target = await pickItem(folders, 'Go to item: type a title or an id');
      if (target) await openItemPage(target.item.file, false);
    }),
    vscode.commands.registerCommand(CommandId.CopyId, async (arg?: unknown, all?: unknown) => {
      const targets = await resolveTargets(folders, selection, arg, all, 'Copy the id of which item?');
      if (targets.length === 0) return;
      await vscode.env.clipboard.writeText(targets.map((t) => t.item.id).join(' '));
      vscode.window.setStatusBarMessage(`Copied ${targets.map((t) => t.item.id).join(', ')}`, 3000);
    }),
  ];
}
