import * as vscode from 'vscode';
import { jsonForHtml } from '../core/board/jsonForHtml';
import { htmlDocument, text } from './html';

/** A random nonce for a page's script and its first-snapshot block (a fresh one for every page). */
export function makeNonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Where our webviews may load files from: the built assets only (not the workspace, not src/). */
export function webviewResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist')];
}

/** One of our script-driven webview pages (the board, the item page). */
export interface WebviewPage {
  readonly title: string;
  /** The id of the element the script renders into. */
  readonly appId: string;
  /** The bundle under dist/webview/, e.g. `board.js`. */
  readonly script: string;
  /** Stylesheets under dist/media/, after the codicons. */
  readonly styles: readonly string[];
  /** The first snapshot, carried in the page under `<appId>-initial`, so it paints without a round trip. */
  readonly initial?: { readonly id: string; readonly update: unknown };
}

/**
 * The HTML shell every script-driven page shares. The CSP allows no script but the page's own
 * (by nonce), no inline handlers, and styles, fonts and images from the extension only. The first
 * snapshot travels as a JSON data block: never executed, tagged with the page's nonce (a page
 * reloaded from the same HTML must not paint it again), and `jsonForHtml` leaves no `<`, `>` or
 * `&` in it, so item text cannot end the block or reach the HTML parser.
 */
export function webviewPageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', ...path)).toString();
  const nonce = makeNonce();
  const csp = [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
  ].join('; ');
  const styles = ['codicons/codicon.css', ...page.styles].map((s) => `<link rel="stylesheet" href="${asset('media', ...s.split('/'))}">`).join('\n');
  const initial = page.initial ? `<script type="application/json" id="${page.initial.id}">${jsonForHtml({ page: nonce, update: page.initial.update })}</script>\n` : '';
  const body = `<div id="${page.appId}" aria-busy="true"></div>\n${initial}<script nonce="${nonce}" src="${asset('webview', page.script)}"></script>`;
  return htmlDocument(csp, `${styles}\n<title>${text(page.title)}</title>`, body);
}
