import type { ItemPageRequest } from '../../src/protocol/itemPageMessages';

/** What the page remembers across reloads and hidden tabs. UI state only: the host owns the item. */
export interface ItemPageUiState {
  /** The page whose built-in first model was painted (a page shown again must not repaint it). */
  readonly firstPage?: string;
  /** The id of the item shown, for restoring an item page panel after a window reload. */
  readonly item?: string;
}

interface VsCodeApi {
  postMessage(message: ItemPageRequest): void;
  getState(): ItemPageUiState | undefined;
  setState(state: ItemPageUiState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The webview API; `acquireVsCodeApi` may be called only once per page. */
export const host: VsCodeApi = acquireVsCodeApi();
