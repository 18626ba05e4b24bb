import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { text } from '../common/html';
import { reportPageHtml } from '../common/reportPage';
import { makeNonce } from '../common/webviewPage';
import type { Backlog } from '../core/backlog';
import type { HistorySource } from '../node/gitHistory';
import { REPORT_PAGE_STYLE } from './reportPageStyle';

const REFRESH_DELAY_MS = 400;

/** What a report panel needs to know of the backlog folders: when one changes. */
export interface BacklogChanges {
  onDidChange: vscode.Event<{ readonly backlog: Backlog } | undefined>;
}

/** The kind of report a panel shows and where it opens. */
export interface ReportView {
  readonly viewType: string;
  /** The tab's title until the first page names it. */
  readonly title: string;
  /** The column it opens in, and whether it leaves the focus where it was (also when shown again). */
  readonly placement: { readonly viewColumn: vscode.ViewColumn; readonly preserveFocus?: boolean };
  /** The commands the page's links may run; the page runs no script, so these are its only actions. */
  readonly commandLinks?: readonly string[];
}

/**
 * A report (Sprint Review, Forecast) in an editor tab: a script-free page built on the host, with
 * no local resources, built again shortly after its backlog changes. A subclass builds the page.
 */
export abstract class ReportPanel extends Disposable {
  readonly panel: vscode.WebviewPanel;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private readonly closed = this._register(new vscode.EventEmitter<void>());
  readonly onDidClose = this.closed.event;

  protected constructor(
    private readonly view: ReportView,
    changes: BacklogChanges,
    protected backlog: Backlog,
  ) {
    super();
    this.panel = vscode.window.createWebviewPanel(view.viewType, view.title, view.placement, {
      enableScripts: false,
      localResourceRoots: [],
      ...(view.commandLinks ? { enableCommandUris: view.commandLinks } : {}),
    });
    this._register(this.panel.onDidDispose(() => {
      this.closed.fire();
      this.dispose();
    }));
    this._register(changes.onDidChange((f) => {
      if (!f || f.backlog === this.backlog) this.schedule();
    }));
    this._register({ dispose: () => clearTimeout(this.timer) });
  }

  /**
   * Builds the page for the panel's current subject. `stale()` turns true once a newer build has
   * started or the panel has closed: a build that awaited anything must then leave the page alone.
   */
  protected abstract render(stale: () => boolean): Promise<void>;

  /** Builds the page now (subclasses call it once their subject is set). */
  protected refresh(): void {
    clearTimeout(this.timer);
    const generation = ++this.generation;
    void this.render(() => generation !== this.generation || this.isDisposed);
  }

  /** Brings the panel forward, where it is, for this backlog, and builds its page again. */
  protected showAgain(backlog: Backlog): void {
    this.backlog = backlog;
    this.panel.reveal(undefined, this.view.placement.preserveFocus);
    this.refresh();
  }

  /** A page that only says one thing: why there is no report. */
  protected showMessage(message: string): void {
    const nonce = makeNonce();
    this.panel.webview.html = reportPageHtml({ title: this.view.title, nonce, style: REPORT_PAGE_STYLE, body: `<p>${text(message)}</p>` });
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), REFRESH_DELAY_MS);
  }
}

/** Where a report's history came from, as the page says it under its chart. */
export function historySourceText(source: HistorySource): string {
  return source === 'git' ? 'git' : source === 'recorded' ? '.backlog/history (recorded changes)' : 'the current files only';
}
