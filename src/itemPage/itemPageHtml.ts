import * as vscode from 'vscode';
import { jsonForHtml } from '../core/board/jsonForHtml';
import type { ItemPageUpdate } from '../protocol/itemPageMessages';

/**
 * The item page. Its first model travels in the page as a JSON data block (never executed;
 * `jsonForHtml` leaves no `<`, `>` or `&` in it), so the page paints without a round trip. The
 * description inside it is HTML that markdown-it produced with raw HTML escaped and links
 * checked (src/core/itemPage/description.ts); the CSP allows no script but the page's own, no
 * inline handlers, no remote images and no styles from item text.
 */
export function itemPageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, initial: ItemPageUpdate | undefined, title: string): string {
  const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', ...path)).toString();
  const nonce = makeNonce();
  const csp = [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('media', 'codicons', 'codicon.css')}">
<link rel="stylesheet" href="${asset('media', 'board.css')}">
<link rel="stylesheet" href="${asset('media', 'item.css')}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="item-app" aria-busy="true"></div>
${initial ? `<script type="application/json" id="item-initial">${jsonForHtml({ page: nonce, update: initial })}</script>\n` : ''}<script nonce="${nonce}" src="${asset('webview', 'item.js')}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function makeNonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
