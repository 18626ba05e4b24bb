import * as vscode from 'vscode';
import { CommandId, isItemArg } from '../commands';
import type { BacklogFolders } from '../store/backlogFolders';
import { BOARD_VIEW_TYPE, BoardPanel, type BoardPanelState } from './boardPanel';
import { webviewResourceRoots } from '../common/webviewPage';

/**
 * Backlog: Open Board, and the serializer that brings an open board back after a reload. There
 * is one board panel; opening it again reveals it (on the item, when opened for one).
 */
export function registerBoard(context: vscode.ExtensionContext, folders: BacklogFolders): vscode.Disposable[] {
  let current: BoardPanel | undefined;
  const adopt = (panel: vscode.WebviewPanel, state: BoardPanelState) => {
    const board = new BoardPanel(panel, folders, context.extensionUri, state);
    current = board;
    board.onDidClose(() => {
      if (current === board) current = undefined;
    });
    return board;
  };
  return [
    vscode.commands.registerCommand(CommandId.OpenBoard, (arg?: unknown): BoardPanel => {
      const item = isItemArg(arg) ? arg : undefined;
      // `{ query }`: open the board filtered (a query in the language of src/core/query.ts).
      const query = typeof arg === 'object' && arg !== null && typeof (arg as { query?: unknown }).query === 'string' ? (arg as { query: string }).query : undefined;
      if (current) {
        current.show(item?.root, item?.id, query);
        return current;
      }
      const panel = vscode.window.createWebviewPanel(BOARD_VIEW_TYPE, 'Backlog Board', vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: webviewResourceRoots(context.extensionUri),
      });
      const board = adopt(panel, { root: item?.root });
      if (item || query !== undefined) board.show(item?.root, item?.id, query);
      return board;
    }),
    vscode.window.registerWebviewPanelSerializer(BOARD_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        // The state is what the webview saved with setState: untrusted like everything it sends.
        const root = typeof state === 'object' && state !== null && typeof (state as { root?: unknown }).root === 'string' ? (state as { root: string }).root : undefined;
        current?.panel.dispose();
        adopt(panel, { root });
      },
    }),
    { dispose: () => current?.dispose() },
  ];
}
