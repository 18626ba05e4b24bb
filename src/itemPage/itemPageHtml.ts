import type * as vscode from 'vscode';
import { webviewPageHtml } from '../common/webviewPage';
import type { ItemPageUpdate } from '../protocol/itemPageMessages';

/**
 * The item page. Its first model travels in the page (see webviewPageHtml), so it paints without
 * a round trip. The description inside it is HTML that markdown-it produced with raw HTML escaped
 * and links checked (src/core/itemPage/description.ts); the CSP allows no remote images and no
 * styles from item text.
 */
export function itemPageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, initial: ItemPageUpdate | undefined, title: string): string {
  return webviewPageHtml(webview, extensionUri, {
    title,
    appId: 'item-app',
    script: 'item.js',
    styles: ['board.css', 'item.css'],
    ...(initial ? { initial: { id: 'item-initial', update: initial } } : {}),
  });
}
