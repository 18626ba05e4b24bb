import * as vscode from 'vscode';
import { InternalCommandId } from '../commands';
import type { BacklogFolders } from '../store/backlogFolders';
import { ItemPage } from './itemPage';

export const ITEM_PAGE_VIEW_TYPE = 'repoBacklog.itemPage';

/**
 * The item page as the default editor of `.backlog/items/*.md`: every place VS Code opens an
 * item file (the tree, Go to Item, links, the Explorer, search results) shows the page, and
 * "Reopen Editor With… → Text Editor" or the page's "Open file" button give the raw file.
 * A custom *text* editor keeps the file a normal TextDocument, so git, diff, search and the
 * unsaved-editor guard all keep working; the page itself never edits text the user typed.
 */
export function registerItemPage(context: vscode.ExtensionContext, folders: BacklogFolders): vscode.Disposable[] {
  const pages = new Map<string, ItemPage>();
  const waiting = new Map<string, ((page: ItemPage) => void)[]>();
  const provider: vscode.CustomTextEditorProvider = {
    async resolveCustomTextEditor(document, panel) {
      // After a window reload the page can be restored before the backlog is read.
      await folders.whenReady();
      const page = new ItemPage(document, panel, folders, context.extensionUri);
      const key = document.uri.toString();
      pages.set(key, page);
      panel.onDidDispose(() => {
        if (pages.get(key) === page) pages.delete(key);
        page.dispose();
      });
      for (const resolve of waiting.get(key) ?? []) resolve(page);
      waiting.delete(key);
    },
  };
  return [
    vscode.window.registerCustomEditorProvider(ITEM_PAGE_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true }),
    vscode.commands.registerCommand(InternalCommandId.OpenItemPage, async (uri: vscode.Uri, options?: { preview?: boolean; viewColumn?: vscode.ViewColumn }): Promise<ItemPage> => {
      const key = uri.toString();
      const open = pages.get(key);
      const ready = open ? Promise.resolve(open) : new Promise<ItemPage>((resolve) => waiting.set(key, [...(waiting.get(key) ?? []), resolve]));
      await vscode.commands.executeCommand('vscode.openWith', uri, ITEM_PAGE_VIEW_TYPE, { preview: options?.preview ?? true, viewColumn: options?.viewColumn });
      return ready;
    }),
  ];
}
