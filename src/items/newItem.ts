import * as vscode from 'vscode';
import type { Item } from '../core/item';
import { CommandId, isItemArg, type ItemArg } from '../commands';
import type { BacklogFolders } from '../store/backlogFolders';
import type { BacklogNode } from '../tree/treeNodes';
import { runItemOperation } from './itemOperation';
import { openItemPage } from './openItem';
import { pickBacklogFolder } from './itemTargets';

/** Called with the new item so the tree can reveal it. */
export type RevealItem = (root: string, id: string) => Promise<void>;

/**
 * New Item: asks for a title and a type, and creates the item at the bottom of the backlog.
 * Invoked on a group (the `+` on "In Progress", on "bug"…), the new item gets that group's value.
 * New Child Item, on an item row, is the same flow with the row's item as the new item's parent.
 */
export function registerNewItem(folders: BacklogFolders, reveal: RevealItem): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandId.NewItem, (arg?: unknown) => newItem(arg)),
    vscode.commands.registerCommand(CommandId.NewChildItem, (arg?: unknown) => (isItemArg(arg) ? newItem(arg, arg) : undefined)),
  ];

  async function newItem(arg: unknown, parent?: ItemArg): Promise<void> {
      const folder = await pickBacklogFolder(folders, arg);
      if (!folder) {
        if (folders.withBacklog().length === 0) {
          const init = 'Initialize Backlog';
          if ((await vscode.window.showInformationMessage('Backlog: this workspace has no .backlog/ folder yet.', init)) === init) {
            await vscode.commands.executeCommand(CommandId.Init);
          }
        }
        return;
      }
      const config = folder.backlog.snapshot.config;
      const group = isGroupNode(arg) ? arg.group.group : undefined;
      const preset: Record<string, string | undefined> = {};
      if (group && group.by !== 'none') preset[group.by] = group.value;

      const title = await vscode.window.showInputBox({
        title: 'New Backlog Item',
        prompt: parent ? `Child of ${parent.id} ${folder.backlog.snapshot.byId.get(parent.id)?.title ?? ''}`.trim() : group ? `In ${group.label}` : undefined,
        placeHolder: 'Title, e.g. "Export the sprint report as CSV"',
        validateInput: (v) => (v.trim() ? undefined : 'A title is required'),
      });
      if (title === undefined) return;
      let type = preset.type;
      if (!('type' in preset)) {
        const picked = await vscode.window.showQuickPick(
          [config.defaultType, ...config.types.filter((t) => t !== config.defaultType)].map((t) => ({ label: t, description: t === config.defaultType ? 'default' : undefined })),
          { title: 'New Backlog Item: type', placeHolder: 'Type of item' },
        );
        if (!picked) return;
        type = picked.label;
      }
      const item: Item | undefined = await runItemOperation(folders, 'New item', () =>
        folder.backlog.create({ title, type, status: preset.status, priority: preset.priority, sprint: preset.sprint, parent: parent?.id }),
      );
      if (!item) return;
      await reveal(folder.backlog.root, item.id);
      if (vscode.workspace.getConfiguration('repoBacklog').get<boolean>('openNewItems', true)) {
        await openItemPage(item.file, false);
      }
  }
}

function isGroupNode(arg: unknown): arg is Extract<BacklogNode, { kind: 'group' }> {
  return typeof arg === 'object' && arg !== null && (arg as BacklogNode).kind === 'group';
}
