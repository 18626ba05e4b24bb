// Messages between the board webview and the extension host. Type-only: both sides import it,
// neither ships code from it. The host validates every webview message at run time
// (src/core/board/boardRequests.ts): the webview shows untrusted content and is treated as such.
import type { BoardSnapshot } from '../core/board/boardCard';
import type { BoardMatches } from '../core/board/boardMatches';
import type { BoardMove } from '../core/board/boardMove';
import type { BoardView } from '../core/board/boardView';
import type { ItemFieldChanges } from './itemFieldChanges';

/** Fields the board's detail pane edits in place: the item page's, sprint included. */
export type CardChanges = ItemFieldChanges;

/**
 * What the board page shows besides the data: view settings, the open detail pane, the scroll
 * position. The page keeps it (getState) and reports it, so the host can match the query and
 * knows what the user is looking at.
 */
export interface BoardViewState {
  readonly view: BoardView;
  readonly detailId?: string;
  readonly scrollTop: number;
  readonly scrollLeft: number;
}

/** An item as the webview last saw it: the host refuses the edit if the file changed since. */
export interface CardRef {
  readonly root: string;
  readonly id: string;
  readonly hash: string;
}

/** Webview → host. */
export type BoardRequest =
  /**
   * The script has loaded and listens: the host answers with a snapshot, unless the page already
   * shows the current one (`seq`: the snapshot the page was created with, see boardHtml).
   */
  | { readonly type: 'ready'; readonly seq?: number; readonly state?: BoardViewState }
  /** The view state changed (a filter typed, a card opened, the board scrolled). */
  | { readonly type: 'viewState'; readonly state: BoardViewState }
  /**
   * A snapshot has been painted: first the cards on screen (`visible`), then, on big boards whose
   * long columns are filled in over the next frames, every card (`complete`). Times are epoch
   * milliseconds so the host can line them up with its own clock (benchmark and tests).
   */
  | {
      readonly type: 'rendered';
      readonly seq: number;
      readonly phase: 'visible' | 'complete';
      /** Cards in the page, and cards the layout shows (equal once complete). */
      readonly cards: number;
      readonly total: number;
      /** Synchronous work of the first pass: layout and DOM building. */
      readonly renderMs: number;
      /** When the page started loading, when the snapshot arrived, when the frame was painted. */
      readonly startedAt: number;
      readonly receivedAt: number;
      readonly paintedAt: number;
    }
  | { readonly type: 'selectFolder'; readonly root: string }
  /** The empty board's button: run Initialize Backlog (the host asks which folder when there are several). */
  | { readonly type: 'initialize' }
  | ({ readonly type: 'move'; readonly root: string; readonly hash: string } & BoardMove)
  | { readonly type: 'update'; readonly ref: CardRef; readonly changes: CardChanges }
  /**
   * Quick-create in a column (and lane); `sprint`: the sprint in scope, which the item joins;
   * `parent`: "New child" of that item.
   */
  | {
      readonly type: 'create';
      readonly root: string;
      readonly status: string;
      readonly title: string;
      readonly lane?: BoardMove['changes'];
      readonly sprint?: string;
      readonly parent?: string;
    }
  /** Open the item's file in an editor beside the board. */
  | { readonly type: 'open'; readonly root: string; readonly id: string }
  /** The description (Markdown body) for the detail pane; sent on demand to keep snapshots small. */
  | { readonly type: 'loadDetail'; readonly root: string; readonly id: string };

export type NoticeLevel = 'info' | 'warning' | 'error';

/** Host → webview. */
export type BoardUpdate =
  /** The whole board; `seq` increases with every snapshot so stale optimistic state is dropped. */
  | { readonly type: 'snapshot'; readonly seq: number; readonly snapshot: BoardSnapshot }
  /** Shown in the board's message bar (a refused edit, a failed write). */
  | { readonly type: 'notice'; readonly level: NoticeLevel; readonly message: string; readonly id?: string }
  /** `html`: the body rendered and sanitised like the item page's (src/core/itemPage/description.ts). */
  | { readonly type: 'detail'; readonly root: string; readonly id: string; readonly hash: string; readonly body: string; readonly html: string; readonly fileName: string }
  /** Focus (and open the detail pane of) a card, e.g. when the board is opened for an item. */
  | { readonly type: 'reveal'; readonly id: string }
  /** The ids the filter `query` keeps (no `matches`: it keeps every card). */
  | { readonly type: 'matches'; readonly query: string; readonly matches?: BoardMatches }
  /** Set the board's filter, e.g. when the board is opened for a query. */
  | { readonly type: 'filter'; readonly query: string };
