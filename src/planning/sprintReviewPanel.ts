import { CommandId } from '../commands';
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { Backlog } from '../core/backlog';
import { systemUtcOffsetMinutes } from '../core/planning/calendar';
import { ItemTimeline } from '../core/planning/history';
import { reviewStart, sprintReview } from '../core/planning/review';
import { findSprint } from '../core/planning/sprintFile';
import { loadHistory } from '../node/gitHistory';
import type { BacklogFolders } from '../store/backlogFolders';
import { reviewPage, text } from './reviewHtml';
import { makeNonce } from '../common/webviewPage';

const VIEW_TYPE = 'repoBacklog.sprintReview';
const REFRESH_DELAY_MS = 400;

/**
 * A sprint review in an editor tab. The page is static HTML built on the host (no script): it
 * is rebuilt when the backlog changes, reading history from git for the sprint's weeks only.
 */
export class SprintReviewPanel extends Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private readonly closed = this._register(new vscode.EventEmitter<void>());
  readonly onDidClose = this.closed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    folders: BacklogFolders,
    private backlog: Backlog,
    private sprintId: string,
  ) {
    super();
    this._register(panel.onDidDispose(() => {
      this.closed.fire();
      this.dispose();
    }));
    this._register(folders.onDidChange((f) => {
      if (!f || f.backlog === this.backlog) this.schedule();
    }));
    this._register({ dispose: () => clearTimeout(this.timer) });
    void this.render();
  }

  show(backlog: Backlog, sprintId: string): void {
    this.backlog = backlog;
    this.sprintId = sprintId;
    this.panel.reveal();
    void this.render();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.render(), REFRESH_DELAY_MS);
  }

  private async render(): Promise<void> {
    const generation = ++this.generation;
    const snapshot = this.backlog.snapshot;
    const sprint = findSprint(snapshot.sprints, this.sprintId);
    const nonce = makeNonce();
    if (!sprint) {
      this.panel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>${text(`Sprint ${this.sprintId} no longer exists in ${this.backlog.sprintsDir}.`)}</p></body></html>`;
      return;
    }
    this.panel.title = `Review: ${sprint.name}`;
    const now = Date.now();
    const offset = systemUtcOffsetMinutes();
    try {
      const history = await loadHistory(this.backlog, now, { since: reviewStart(sprint, now, offset), useGit: vscode.workspace.isTrusted });
      if (generation !== this.generation || this.isDisposed) return;
      const review = sprintReview({
        sprint, sprints: snapshot.sprints, timeline: new ItemTimeline(history.events), config: snapshot.config, now, utcOffsetMinutes: offset,
        titles: new Map(snapshot.items.map((i) => [i.id, i.title])),
      });
      const source = history.source === 'git' ? 'git' : history.source === 'recorded' ? '.backlog/history (recorded changes)' : 'the current files only';
      const root = this.backlog.root;
      this.panel.webview.html = reviewPage(review, {
        cspSource: this.panel.webview.cspSource,
        nonce,
        historySource: source,
        // The page runs no script: ids and the sprint actions are command links, the only commands the panel allows.
        itemLink: (id) => `command:${CommandId.OpenItem}?${encodeURIComponent(JSON.stringify([{ root, id }]))}`,
        sprintAction: (action) => `command:${action === 'start' ? CommandId.StartSprint : CommandId.CloseSprint}?${encodeURIComponent(JSON.stringify([{ root, sprint: sprint.id }]))}`,
        today: localDay(now, offset),
      });
    } catch (e) {
      if (generation !== this.generation || this.isDisposed) return;
      this.panel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>${text(`Could not build the review: ${(e as Error).message}`)}</p></body></html>`;
    }
  }

  static create(folders: BacklogFolders, backlog: Backlog, sprintId: string): SprintReviewPanel {
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Sprint Review', vscode.ViewColumn.Active, { enableScripts: false, enableCommandUris: [CommandId.OpenItem, CommandId.StartSprint, CommandId.CloseSprint], localResourceRoots: [] });
    return new SprintReviewPanel(panel, folders, backlog, sprintId);
  }
}

/** `YYYY-MM-DD` of `now` in the given UTC offset (the burndown's day labels). */
function localDay(now: number, utcOffsetMinutes: number): string {
  return new Date(now + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}
