import * as vscode from 'vscode';
import { jsonForHtml } from '../core/board/jsonForHtml';
import type { BoardUpdate } from '../protocol/boardMessages';

/**
 * The board page. Cards are rendered as text by the script, never as HTML. A freshly opened
 * board may carry its first snapshot in a JSON data block (`initial`), so it paints without
 * waiting for the `ready` → snapshot round trip (~300 ms of a 700 ms first paint); every later
 * snapshot arrives by message. The block is tagged with the page's nonce: a hidden board is
 * reloaded from the same HTML when shown again, and must not paint that stale snapshot again. A data block is never executed, and `jsonForHtml` leaves no `<`,
 * `>` or `&` in it, so item text cannot end the block or reach the HTML parser.
 */
export function boardHtml(webview: vscode.Webview, extensionUri: vscode.Uri, initial?: BoardUpdate): string {
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
<title>Backlog Board</title>
</head>
<body>
<div id="board-app" aria-busy="true"></div>
${initial ? `<script type="application/json" id="board-initial">${jsonForHtml({ page: nonce, update: initial })}</script>\n` : ''}<script nonce="${nonce}" src="${asset('webview', 'board.js')}"></script>
</body>
</html>`;
}

/** Where the webview may load files from: the built assets only (not the workspace, not src/). */
export function boardResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist')];
}

function makeNonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
