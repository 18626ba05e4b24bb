import * as vscode from 'vscode';
import { CommandId } from '../commands';
import { Disposable } from '../common/lifecycle';
import { buildBoardSnapshot, type BoardFolder as BoardFolderInfo } from '../core/board/boardCard';
import { boardMatches } from '../core/board/boardMatches';
import { parseBoardRequest } from '../core/board/boardRequests';
import type { BoardRequest, BoardUpdate, BoardViewState, NoticeLevel } from '../protocol/boardMessages';
import type { BacklogFolder, BacklogFolders } from '../store/backlogFolders';
import { boardHtml, boardResourceRoots } from './boardHtml';
import { runBoardEdit } from './boardEdits';

export const BOARD_VIEW_TYPE = 'repoBacklog.board';

/** What the webview reported after painting a snapshot (see the `rendered` message). */
export type BoardRenderTiming = Omit<Extract<BoardRequest, { type: 'rendered' }>, 'type'>;

/** What the panel remembers across a reload (the webview's own UI state is kept by the webview). */
export interface BoardPanelState {
  readonly root?: string;
}

/**
 * One open board: a webview panel over one folder's backlog. The host owns the data and sends
 * full snapshots; the webview sends requests that become one store operation each.
 */
export class BoardPanel extends Disposable {
  private root: string | undefined;
  private ready = false;
  private seq = 0;
  private pendingSnapshot: ReturnType<typeof setTimeout> | undefined;
  private pendingReveal: string | undefined;
  private pendingFilter: string | undefined;
  /** What the page last reported it shows (its filter is matched here, against every item). */
  private pageState: BoardViewState | undefined;
  /** The filter the last snapshot's matches answer. */
  private snapshotQuery = '';
  private lastSnapshotUpdate: Extract<BoardUpdate, { type: 'snapshot' }> | undefined;
  /** Something changed while the page was loading (or hidden): `ready` must get a new snapshot. */
  private changedBeforeReady = false;
  private readonly rendered = this._register(new vscode.EventEmitter<BoardRenderTiming>());
  /** Fires when the webview has painted a snapshot (tests and the benchmark wait on it). */
  readonly onDidRender = this.rendered.event;
  private readonly posted = this._register(new vscode.EventEmitter<BoardUpdate>());
  /** Every message sent to the webview (tests read notices from it). */
  readonly onDidPost = this.posted.event;
  private readonly viewStates = this._register(new vscode.EventEmitter<BoardViewState>());
  /** Fires when the page reports its view state (on `ready`, after a reload, and on every change). */
  readonly onDidReportView = this.viewStates.event;
  private readonly closed = this._register(new vscode.EventEmitter<void>());
  readonly onDidClose = this.closed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly folders: BacklogFolders,
    extensionUri: vscode.Uri,
    state: BoardPanelState = {},
  ) {
    super();
    this.root = state.root;
    panel.webview.options = { enableScripts: true, localResourceRoots: boardResourceRoots(extensionUri) };
    // The tab icon (the API takes image files, not codicons).
    panel.iconPath = { light: vscode.Uri.joinPath(extensionUri, 'media', 'board-light.svg'), dark: vscode.Uri.joinPath(extensionUri, 'media', 'board-dark.svg') };
    this._register(panel.onDidDispose(() => {
      this.closed.fire();
      this.dispose();
    }));
    this._register(panel.webview.onDidReceiveMessage((m: unknown) => void this.handle(m)));
    // A hidden webview is torn down (no retainContextWhenHidden: it would keep 2,000 cards of DOM
    // alive); when shown again it reloads, restores its UI state and says `ready` again.
    this._register(panel.onDidChangeViewState(() => {
      if (!panel.visible) this.ready = false;
    }));
    this._register(folders.onDidChange(() => this.scheduleSnapshot()));
    // The first page carries the current snapshot, so the board paints without a round trip.
    panel.webview.html = boardHtml(panel.webview, extensionUri, this.initialSnapshot());
    this.updateTitle();
  }

  /** What the page last said it shows: filter, scope, lanes, open detail pane, scroll. */
  get viewState(): BoardViewState | undefined {
    return this.pageState;
  }

  private get query(): string {
    return this.pageState?.view.query ?? '';
  }

  /** The snapshot the webview was last given (in its page or by message). */
  get lastSnapshot(): Extract<BoardUpdate, { type: 'snapshot' }> | undefined {
    return this.lastSnapshotUpdate;
  }

  private initialSnapshot(): BoardUpdate | undefined {
    if (this.folder?.backlog.snapshot.kind !== 'backlog') return undefined;
    const update = this.snapshotUpdate();
    this.posted.fire(update);
    return update;
  }

  private snapshotUpdate(): Extract<BoardUpdate, { type: 'snapshot' }> {
    const infos: BoardFolderInfo[] = this.folders.withBacklog().map((f) => ({ root: f.backlog.root, name: f.folder.name }));
    this.snapshotQuery = this.query;
    this.lastSnapshotUpdate = { type: 'snapshot', seq: ++this.seq, snapshot: buildBoardSnapshot(infos, this.folder?.backlog.snapshot, this.snapshotQuery) };
    return this.lastSnapshotUpdate;
  }

  /** The folder the board shows: the chosen one if it still has a backlog, else the first that does. */
  get folder(): BacklogFolder | undefined {
    const candidates = this.folders.withBacklog();
    return candidates.find((f) => f.backlog.root === this.root) ?? candidates[0];
  }

  /** Shows a folder's board and, optionally, focuses one of its items or sets its filter. */
  show(root?: string, revealId?: string, query?: string): void {
    if (root && root !== this.root) {
      this.root = root;
      this.scheduleSnapshot(0);
    }
    if (query !== undefined) {
      this.pendingFilter = query;
      if (this.ready) this.flushFilter();
    }
    if (revealId) {
      this.pendingReveal = revealId;
      if (this.ready) this.flushReveal();
    }
    this.panel.reveal(undefined, false);
  }

  /** Handles one message from the webview. Public so tests can send what a hostile page might. */
  async handle(message: unknown): Promise<void> {
    const parsed = parseBoardRequest(message);
    if (!parsed.ok) {
      // Not shown to the user as an edit failure: a well-behaved board never sends these.
      console.warn(`[repo-backlog] board: ignored an invalid message from the webview: ${parsed.error}`);
      return;
    }
    await this.dispatch(parsed.request);
  }

  private async dispatch(request: BoardRequest): Promise<void> {
    switch (request.type) {
      case 'ready': {
        this.ready = true;
        if (request.state) this.acceptViewState(request.state);
        // The page already shows the current snapshot when it came with it and nothing changed since.
        const stale = request.seq === undefined || request.seq !== this.seq || this.changedBeforeReady || this.pendingSnapshot !== undefined;
        if (stale || this.query !== this.snapshotQuery) this.postSnapshot();
        this.flushFilter();
        this.flushReveal();
        return;
      }
      case 'viewState': {
        const before = this.query;
        this.acceptViewState(request.state);
        if (this.query !== before) this.postMatches();
        return;
      }
      case 'rendered':
        this.rendered.fire({
          seq: request.seq, phase: request.phase, cards: request.cards, total: request.total, renderMs: request.renderMs,
          startedAt: request.startedAt, receivedAt: request.receivedAt, paintedAt: request.paintedAt,
        });
        return;
      case 'initialize':
        await vscode.commands.executeCommand(CommandId.Init);
        return;
      case 'selectFolder':
        if (this.folders.withBacklog().some((f) => f.backlog.root === request.root)) {
          this.root = request.root;
          this.updateTitle();
          this.postSnapshot();
        }
        return;
      default: {
        const folder = this.folders.withBacklog().find((f) => f.backlog.root === ('ref' in request ? request.ref.root : request.root));
        if (!folder) {
          this.notice('error', 'That backlog is no longer open in this workspace.');
          this.postSnapshot();
          return;
        }
        const outcome = await runBoardEdit(folder, request, (update) => this.post(update));
        if (outcome.notice) this.notice(outcome.notice.level, outcome.notice.message, outcome.notice.id);
        // After a refusal the webview may still show its optimistic guess: send the truth now.
        if (outcome.notice || outcome.reveal) this.postSnapshot();
        if (outcome.reveal) {
          this.pendingReveal = outcome.reveal;
          this.flushReveal();
        }
      }
    }
  }

  private notice(level: NoticeLevel, message: string, id?: string): void {
    this.post(id === undefined ? { type: 'notice', level, message } : { type: 'notice', level, message, id });
  }

  private scheduleSnapshot(delay = 10): void {
    // Several folders (or the store and a watcher) can report in the same tick: send one snapshot.
    clearTimeout(this.pendingSnapshot);
    this.pendingSnapshot = setTimeout(() => this.postSnapshot(), delay);
  }

  private postSnapshot(): void {
    clearTimeout(this.pendingSnapshot);
    this.pendingSnapshot = undefined;
    if (this.isDisposed) return;
    this.updateTitle();
    if (!this.ready) {
      // The page may be showing the snapshot it was built with: send a fresh one on `ready`.
      this.changedBeforeReady = true;
      return;
    }
    this.changedBeforeReady = false;
    this.post(this.snapshotUpdate());
  }

  private acceptViewState(state: BoardViewState): void {
    this.pageState = state;
    this.viewStates.fire(state);
  }

  /** The answer to a changed filter: the ids it keeps, without sending every card again. */
  private postMatches(): void {
    const snapshot = this.folder?.backlog.snapshot;
    if (!this.ready || snapshot?.kind !== 'backlog') return;
    const matches = boardMatches(snapshot.items, this.query, snapshot);
    this.post(matches ? { type: 'matches', query: this.query, matches } : { type: 'matches', query: this.query });
  }

  private flushFilter(): void {
    if (!this.ready || this.pendingFilter === undefined) return;
    this.post({ type: 'filter', query: this.pendingFilter });
    this.pendingFilter = undefined;
  }

  private flushReveal(): void {
    if (!this.ready || this.pendingReveal === undefined) return;
    this.post({ type: 'reveal', id: this.pendingReveal });
    this.pendingReveal = undefined;
  }

  private post(update: BoardUpdate): void {
    if (this.isDisposed) return;
    this.posted.fire(update);
    void this.panel.webview.postMessage(update);
  }

  private updateTitle(): void {
    const folder = this.folder;
    const title = folder && this.folders.withBacklog().length > 1 ? `Board: ${folder.folder.name}` : 'Backlog Board';
    if (this.panel.title !== title) this.panel.title = title;
  }

  override dispose(): void {
    clearTimeout(this.pendingSnapshot);
    super.dispose();
  }
}
