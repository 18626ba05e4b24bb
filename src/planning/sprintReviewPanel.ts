import { CommandId } from '../commands';
import * as vscode from 'vscode';
import type { Backlog } from '../core/backlog';
import { systemUtcOffsetMinutes } from '../core/planning/calendar';
import { ItemTimeline } from '../core/planning/history';
import { reviewStart, sprintReview } from '../core/planning/review';
import { findSprint } from '../core/planning/sprintFile';
import { loadHistory } from '../node/gitHistory';
import { reviewPage } from './reviewHtml';
import { makeNonce } from '../common/webviewPage';
import { historySourceText, ReportPanel, type BacklogChanges, type ReportView } from './reportPanel';

const VIEW: ReportView = {
  viewType: 'repoBacklog.sprintReview',
  title: 'Sprint Review',
  placement: { viewColumn: vscode.ViewColumn.Active },
  // The page runs no script: ids and the sprint actions are command links, the only commands the panel allows.
  commandLinks: [CommandId.OpenItem, CommandId.StartSprint, CommandId.CloseSprint],
};

/**
 * A sprint review in an editor tab. The page is static HTML built on the host (no script): it
 * is rebuilt when the backlog changes, reading history from git for the sprint's weeks only.
 */
export class SprintReviewPanel extends ReportPanel {
  private constructor(
    changes: BacklogChanges,
    backlog: Backlog,
    private sprintId: string,
  ) {
    super(VIEW, changes, backlog);
    this.refresh();
  }

  show(backlog: Backlog, sprintId: string): void {
    this.sprintId = sprintId;
    this.showAgain(backlog);
  }

  protected async render(stale: () => boolean): Promise<void> {
    const snapshot = this.backlog.snapshot;
    const sprint = findSprint(snapshot.sprints, this.sprintId);
    if (!sprint) {
      this.showMessage(`Sprint ${this.sprintId} no longer exists in ${this.backlog.sprintsDir}.`);
      return;
    }
    this.panel.title = `Review: ${sprint.name}`;
    const now = Date.now();
    const offset = systemUtcOffsetMinutes();
    try {
      const history = await loadHistory(this.backlog, now, { since: reviewStart(sprint, now, offset), useGit: vscode.workspace.isTrusted });
      if (stale()) return;
      const review = sprintReview({
        sprint, sprints: snapshot.sprints, timeline: new ItemTimeline(history.events), config: snapshot.config, now, utcOffsetMinutes: offset,
        titles: new Map(snapshot.items.map((i) => [i.id, i.title])),
      });
      const root = this.backlog.root;
      this.panel.webview.html = reviewPage(review, {
        nonce: makeNonce(),
        historySource: historySourceText(history.source),
        itemLink: (id) => `command:${CommandId.OpenItem}?${encodeURIComponent(JSON.stringify([{ root, id }]))}`,
        sprintAction: (action) => `command:${action === 'start' ? CommandId.StartSprint : CommandId.CloseSprint}?${encodeURIComponent(JSON.stringify([{ root, sprint: sprint.id }]))}`,
        today: localDay(now, offset),
      });
    } catch (e) {
      if (stale()) return;
      this.showMessage(`Could not build the review: ${(e as Error).message}`);
    }
  }

  static create(changes: BacklogChanges, backlog: Backlog, sprintId: string): SprintReviewPanel {
    return new SprintReviewPanel(changes, backlog, sprintId);
  }
}

/** `YYYY-MM-DD` of `now` in the given UTC offset (the burndown's day labels). */
function localDay(now: number, utcOffsetMinutes: number): string {
  return new Date(now + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}
