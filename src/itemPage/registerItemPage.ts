import * as vscode from 'vscode';
import { CommandId, InternalCommandId } from '../commands';
import { isItemId } from '../core/ids';
import type { BacklogFolders } from '../store/backlogFolders';
import type { ItemPage } from './itemPage';
import { ITEM_PAGE_VIEW_TYPE, ITEM_PANEL_VIEW_TYPE, ItemPages, type OpenItemPageOptions } from './itemPages';

/**
 * The item page, two ways in. As the default editor of `.backlog/items/*.md`: wherever VS Code
 * opens an item file (the Explorer, Quick Open, search results) it shows the page, and "Reopen
 * Editor With… → Text Editor" or the page's "Open file" button give the raw file. A custom *text*
 * editor keeps the file a normal TextDocument, so git, diff, search and the unsaved-editor guard
 * keep working. Items opened from our own views go through `OpenItemPage` into a reusable preview
 * page instead (ItemPages), so a click shows the item without waiting for a new webview.
 */
export function registerItemPage(context: vscode.ExtensionContext, folders: BacklogFolders): vscode.Disposable[] {
  const pages = new ItemPages(folders, context.extensionUri);
  const provider: vscode.CustomTextEditorProvider = {
    async resolveCustomTextEditor(document, panel) {
      // After a window reload the page can be restored before the backlog is read.
      await folders.whenReady();
      pages.addEditor(document.uri, panel);
    },
  };
  return [
    pages,
    vscode.window.registerCustomEditorProvider(ITEM_PAGE_VIEW_TYPE, provider, {
      supportsMultipleEditorsPerDocument: true,
      webviewOptions: { retainContextWhenHidden: true },
    }),
    vscode.window.registerWebviewPanelSerializer(ITEM_PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        await folders.whenReady();
        // The state is what the page saved with setState: untrusted like everything it sends.
        const id = typeof state === 'object' && state !== null ? (state as { item?: unknown }).item : undefined;
        const item = typeof id === 'string' && isItemId(id) ? folders.withBacklog().map((f) => f.backlog.snapshot.byId.get(id)).find((i) => i) : undefined;
        if (item) pages.restorePanel(vscode.Uri.file(item.file), panel);
        else panel.dispose();
      },
    }),
    vscode.commands.registerCommand(InternalCommandId.OpenItemPage, (uri: vscode.Uri, options?: OpenItemPageOptions): Promise<ItemPage> => pages.open(uri, options)),
    vscode.commands.registerCommand(CommandId.KeepItemPageOpen, () => pages.keepPreviewOpen()),
  ];
}
