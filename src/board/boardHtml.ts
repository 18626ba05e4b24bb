import type * as vscode from 'vscode';
import { webviewPageHtml, webviewResourceRoots } from '../common/webviewPage';
import type { BoardUpdate } from '../protocol/boardMessages';

/**
 * The board page. Cards are rendered as text by the script, never as HTML. A freshly opened
 * board may carry its first snapshot in the page (`initial`), so it paints without waiting for
 * the `ready` → snapshot round trip (~300 ms of a 700 ms first paint); every later snapshot
 * arrives by message.
 */
export function boardHtml(webview: vscode.Webview, extensionUri: vscode.Uri, initial?: BoardUpdate): string {
  return webviewPageHtml(webview, extensionUri, {
    title: 'Backlog Board',
    appId: 'board-app',
    script: 'board.js',
    styles: ['board.css', 'item.css'],
    ...(initial ? { initial: { id: 'board-initial', update: initial } } : {}),
  });
}

/** Where the board may load files from. */
export const boardResourceRoots = webviewResourceRoots;
