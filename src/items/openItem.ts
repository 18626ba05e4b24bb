import * as vscode from 'vscode';
import { CommandId, InternalCommandId } from '../commands';
import { inertPick } from '../common/inertView';
import type { Item } from '../core/item';
import { parseQuery } from '../core/query';
import { searchItems } from '../core/searchItems';
import type { BacklogFolders } from '../store/backlogFolders';
import { resolveTargets, type ItemTarget, type SelectionSource } from './itemTargets';

/** Opens an item's page (the rendered item; its raw file is one click away there). */
export function openItemPage(file: string, preview = true, viewColumn?: vscode.ViewColumn): Thenable<unknown> {
  return vscode.commands.executeCommand(InternalCommandId.OpenItemPage, vscode.Uri.file(file), { preview, viewColumn });
}

/** Selects an item in the sidebar tree (the tree's own reveal). */
export type RevealInTree = (root: string, id: string) => Promise<void>;

/** Open Item (click in the tree), Go to Item… (search all items), Copy Id. */
export function registerOpenItem(folders: BacklogFolders, selection: SelectionSource, revealInTree: RevealInTree): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandId.OpenItem, async (arg?: unknown, all?: unknown) => {
      for (const { item } of await resolveTargets(folders, selection, arg, all, 'Open which item?')) {
        await openItemPage(item.file);
      }
    }),
    vscode.commands.registerCommand(CommandId.GoToItem, async (initial?: unknown) => {
      const target = await goToItemPick(folders, typeof initial === 'string' ? initial : '');
      if (!target) return;
      await openItemPage(target.item.file, false);
      await revealInTree(target.folder.backlog.root, target.item.id);
    }),
    vscode.commands.registerCommand(CommandId.CopyId, async (arg?: unknown, all?: unknown) => {
      const targets = await resolveTargets(folders, selection, arg, all, 'Copy the id of which item?');
      if (targets.length === 0) return;
      await vscode.env.clipboard.writeText(targets.map((t) => t.item.id).join(' '));
      vscode.window.setStatusBarMessage(`Copied ${targets.map((t) => t.item.id).join(', ')}`, 3000);
    }),
  ];
}

/** Rows shown at once: enough to scroll through, few enough to stay instant on 10,000 items. */
const MAX_ROWS = 200;

type ItemRow = vscode.QuickPickItem & { readonly target: ItemTarget };

/**
 * Go to Item: a live search in the query language (words match titles, ids, labels, assignees
 * and descriptions; `type:bug is:open` narrows), best matches first.
 */
async function goToItemPick(folders: BacklogFolders, initial: string): Promise<ItemTarget | undefined> {
  const withBacklog = folders.withBacklog();
  if (!withBacklog.some((f) => f.backlog.snapshot.items.length > 0)) {
    void vscode.window.showInformationMessage('Backlog: there are no items yet. Create one with "Backlog: New Item".');
    return undefined;
  }
  const multi = withBacklog.length > 1;
  const pick = vscode.window.createQuickPick<ItemRow>();
  pick.placeholder = 'Go to item: words, an id, or a query such as type:bug is:open "login page"';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  const update = () => {
    const rows: ItemRow[] = [];
    let found = 0;
    for (const folder of withBacklog) {
      const { snapshot } = folder.backlog;
      const matches = searchItems(snapshot.items, pick.value, snapshot);
      found += matches.length;
      for (const item of matches.slice(0, MAX_ROWS - rows.length)) rows.push(row(item, folder, multi));
    }
    // The rows are already what the query keeps: VS Code's own fuzzy filter must not drop them.
    pick.items = rows.map((r) => ({ ...r, alwaysShow: true }));
    // What the query did not understand is said where the user is typing.
    const problems = parseQuery(pick.value).problems;
    pick.title = problems.length ? problems.join(' ') : found > rows.length ? `${rows.length} of ${found} items: type more to narrow` : undefined;
  };
  update();
  pick.onDidChangeValue(update);
  pick.value = initial;
  return new Promise<ItemTarget | undefined>((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.target);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

function row(item: Item, folder: ItemTarget['folder'], multi: boolean): ItemRow {
  const facts = [item.id, item.status, item.priority ?? 'no priority'];
  const detail = [item.type, ...item.labels.map((l) => `#${l}`), item.assignee ? `@${item.assignee.replace(/^@/, '')}` : undefined, multi ? folder.folder.name : undefined];
  return inertPick({ label: item.title, description: facts.join(' · '), detail: detail.filter(Boolean).join('  '), target: { folder, item } });
}
