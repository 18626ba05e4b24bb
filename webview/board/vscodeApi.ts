import type { BoardRequest } from '../../src/protocol/boardMessages';

/** What the board remembers across reloads and hidden tabs. UI state only: the host owns the data. */
export interface BoardUiState {
  /** The folder shown; the panel serializer reads this after a window reload. */
  readonly root?: string;
  readonly view?: unknown;
  readonly collapsedLanes?: readonly string[];
  readonly focusedId?: string;
  readonly detailId?: string;
  /** The page whose built-in first snapshot was painted (a page shown again must not repaint it). */
  readonly firstPage?: string;
  /** Where the board was scrolled to. */
  readonly scrollTop?: number;
  readonly scrollLeft?: number;
}

interface VsCodeApi {
  postMessage(message: BoardRequest): void;
  getState(): BoardUiState | undefined;
  setState(state: BoardUiState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The webview API; `acquireVsCodeApi` may be called only once per page. */
export const host: VsCodeApi = acquireVsCodeApi();
