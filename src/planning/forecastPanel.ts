import * as vscode from 'vscode';
import { makeNonce } from '../common/webviewPage';
import type { Backlog } from '../core/backlog';
import { systemUtcOffsetMinutes } from '../core/planning/calendar';
import { DEFAULT_FORECAST_WEEKS, type Forecast } from '../core/planning/forecast';
import { forecastWork, historySince, resolveScope, type ForecastScope } from '../core/planning/forecastScope';
import { loadHistory } from '../node/gitHistory';
import { forecastPage } from './forecastHtml';
import { historySourceText, ReportPanel, type BacklogChanges, type ReportView } from './reportPanel';

const VIEW: ReportView = {
  viewType: 'repoBacklog.forecast',
  title: 'Forecast',
  placement: { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
};

/**
 * A forecast in an editor tab beside the current one. Like the sprint review the page is static
 * HTML built on the host (no script), rebuilt when the backlog changes; history comes from git for
 * the sampled weeks only.
 */
export class ForecastPanel extends ReportPanel {
  private readonly rendered = this._register(new vscode.EventEmitter<Forecast | undefined>());
  /** Fires after each render with the forecast shown (undefined when the scope could not be shown). */
  readonly onDidRender = this.rendered.event;
  /** The forecast on the page now. */
  current: Forecast | undefined;

  private constructor(
    changes: BacklogChanges,
    backlog: Backlog,
    private scope: ForecastScope,
  ) {
    super(VIEW, changes, backlog);
    this.refresh();
  }

  show(backlog: Backlog, scope: ForecastScope): void {
    this.scope = scope;
    this.showAgain(backlog);
  }

  protected async render(stale: () => boolean): Promise<void> {
    const snapshot = this.backlog.snapshot;
    try {
      const work = resolveScope(snapshot, this.scope, snapshot.relations);
      const heading = work.kind === 'milestone' ? `milestone ${work.name}` : work.kind === 'item' ? `${work.id} ${work.name}` : `query ${work.name}`;
      this.panel.title = `Forecast: ${work.name}`;
      const now = Date.now();
      const weeks = DEFAULT_FORECAST_WEEKS;
      // Not in an untrusted workspace: git obeys the repository's own config (hooks, fsmonitor).
      const history = await loadHistory(this.backlog, now, { since: historySince(now, weeks), snapshotAtSince: 'changed', useGit: vscode.workspace.isTrusted });
      if (stale()) return;
      const forecast = forecastWork(work, snapshot.config, history.events, { now, utcOffsetMinutes: systemUtcOffsetMinutes(), weeks, historyFrom: history.baseAt });
      this.panel.webview.html = forecastPage(forecast, { nonce: makeNonce(), heading, historySource: historySourceText(history.source), goal: work.milestone?.goal });
      this.current = forecast;
      this.rendered.fire(forecast);
    } catch (e) {
      if (stale()) return;
      this.showMessage(`Could not build the forecast: ${(e as Error).message}`);
      this.current = undefined;
      this.rendered.fire(undefined);
    }
  }

  static create(changes: BacklogChanges, backlog: Backlog, scope: ForecastScope): ForecastPanel {
    return new ForecastPanel(changes, backlog, scope);
  }
}
