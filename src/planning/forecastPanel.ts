import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { makeNonce } from '../common/webviewPage';
import type { Backlog } from '../core/backlog';
import { systemUtcOffsetMinutes } from '../core/planning/calendar';
import { DEFAULT_FORECAST_WEEKS, type Forecast } from '../core/planning/forecast';
import { forecastWork, historySince, resolveScope, type ForecastScope } from '../core/planning/forecastScope';
import { loadHistory } from '../node/gitHistory';
import { forecastPage } from './forecastHtml';
import { text } from './reviewHtml';

const VIEW_TYPE = 'repoBacklog.forecast';
const REFRESH_DELAY_MS = 400;

/** What a panel needs to know of the backlog folders: when one changes. */
export interface BacklogChanges {
  onDidChange: vscode.Event<{ readonly backlog: Backlog } | undefined>;
}

/**
 * A forecast in an editor tab beside the current one. Like the sprint review the page is static
 * HTML built on the host (no script), rebuilt when the backlog changes; history comes from git for
 * the sampled weeks only.
 */
export class ForecastPanel extends Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private readonly closed = this._register(new vscode.EventEmitter<void>());
  readonly onDidClose = this.closed.event;
  private readonly rendered = this._register(new vscode.EventEmitter<Forecast | undefined>());
  /** Fires after each render with the forecast shown (undefined when the scope could not be shown). */
  readonly onDidRender = this.rendered.event;
  /** The forecast on the page now. */
  current: Forecast | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    changes: BacklogChanges,
    private backlog: Backlog,
    private scope: ForecastScope,
  ) {
    super();
    this._register(panel.onDidDispose(() => {
      this.closed.fire();
      this.dispose();
    }));
    this._register(changes.onDidChange((f) => {
      if (!f || f.backlog === this.backlog) this.schedule();
    }));
    this._register({ dispose: () => clearTimeout(this.timer) });
    void this.render();
  }

  show(backlog: Backlog, scope: ForecastScope): void {
    this.backlog = backlog;
    this.scope = scope;
    this.panel.reveal(undefined, true);
    void this.render();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.render(), REFRESH_DELAY_MS);
  }

  private async render(): Promise<void> {
    const generation = ++this.generation;
    const snapshot = this.backlog.snapshot;
    const plain = (message: string) => {
      this.panel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>${text(message)}</p></body></html>`;
      this.current = undefined;
      this.rendered.fire(undefined);
    };
    try {
      const work = resolveScope(snapshot, this.scope, snapshot.relations);
      const heading = work.kind === 'milestone' ? `milestone ${work.name}` : work.kind === 'item' ? `${work.id} ${work.name}` : `query ${work.name}`;
      this.panel.title = `Forecast: ${work.name}`;
      const now = Date.now();
      const weeks = DEFAULT_FORECAST_WEEKS;
      // Not in an untrusted workspace: git obeys the repository's own config (hooks, fsmonitor).
      const history = await loadHistory(this.backlog, now, { since: historySince(now, weeks), snapshotAtSince: 'changed', useGit: vscode.workspace.isTrusted });
      if (generation !== this.generation || this.isDisposed) return;
      const forecast = forecastWork(work, snapshot.config, history.events, { now, utcOffsetMinutes: systemUtcOffsetMinutes(), weeks, historyFrom: history.baseAt });
      const source = history.source === 'git' ? 'git' : history.source === 'recorded' ? '.backlog/history (recorded changes)' : 'the current files only';
      this.panel.webview.html = forecastPage(forecast, { nonce: makeNonce(), heading, historySource: source, goal: work.milestone?.goal });
      this.current = forecast;
      this.rendered.fire(forecast);
    } catch (e) {
      if (generation !== this.generation || this.isDisposed) return;
      plain(`Could not build the forecast: ${(e as Error).message}`);
    }
  }

  static create(changes: BacklogChanges, backlog: Backlog, scope: ForecastScope): ForecastPanel {
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Forecast', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false, localResourceRoots: [] });
    return new ForecastPanel(panel, changes, backlog, scope);
  }
}
