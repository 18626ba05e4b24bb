import * as vscode from 'vscode';
import { ContextKey } from '../commands';
import { Disposable } from '../common/lifecycle';
import type { BacklogFolders } from '../store/backlogFolders';
import { ItemPage } from './itemPage';

/** The custom editor VS Code opens item files with (Explorer, Quick Open, `vscode.open`). */
export const ITEM_PAGE_VIEW_TYPE = 'repoBacklog.itemPage';
/** The panels items opened from our own views show in (the preview page and the pages kept open). */
export const ITEM_PANEL_VIEW_TYPE = 'repoBacklog.itemPanel';

/** Two opens of the item the preview shows this close together are a double-click: keep it open. */
const DOUBLE_CLICK_MS = 500;

/** How an item is opened: as the preview (replaced by the next open) or kept open, and where. */
export interface OpenItemPageOptions {
  readonly preview?: boolean;
  readonly viewColumn?: vscode.ViewColumn;
}

/**
 * Every open item page, and which one an item opened from our views (the tree, Go to Item, the
 * board, links between items, the sprint review, failing tests) shows in. Like VS Code's preview
 * editors: one preview page is pointed at each item opened in turn, without a new webview (a new
 * webview alone costs more than half a second); a page the user edits, double-clicks or keeps
 * open ("Keep Open") stays, and the next open takes a new preview page. An item already open in
 * any page is shown there. The custom editor still serves files VS Code opens itself; both are
 * the same ItemPage.
 */
export class ItemPages extends Disposable {
  /** Custom editors, owned by VS Code (one per editor of a file). */
  private readonly editors = new Set<ItemPage>();
  /** Our panels; `preview` is the one the next open replaces. */
  private readonly panels = new Set<ItemPage>();
  private preview: ItemPage | undefined;
  private lastOpen: { page: ItemPage; file: string; at: number } | undefined;
  private readonly resolved = this._register(new vscode.EventEmitter<ItemPage>());

  constructor(
    private readonly folders: BacklogFolders,
    private readonly extensionUri: vscode.Uri,
  ) {
    super();
  }

  /** Adopts a custom editor's webview (VS Code opened the file). */
  addEditor(file: vscode.Uri, panel: vscode.WebviewPanel): ItemPage {
    const page = new ItemPage(file, panel, this.folders, this.extensionUri);
    this.editors.add(page);
    panel.onDidDispose(() => {
      this.editors.delete(page);
      page.dispose();
    });
    this.resolved.fire(page);
    return page;
  }

  /** Adopts a panel VS Code restored after a reload: kept open, as it was a page on screen. */
  restorePanel(file: vscode.Uri, panel: vscode.WebviewPanel): ItemPage {
    return this.adoptPanel(file, panel, false);
  }

  /** Shows an item: in a page that has it already, else in the preview page, else in a new page. */
  async open(file: vscode.Uri, options: OpenItemPageOptions = {}): Promise<ItemPage> {
    const now = Date.now();
    const previous = this.lastOpen;
    const existing = this.pageShowing(file) ?? (await this.editorBeingResolved(file));
    let page: ItemPage;
    if (existing) {
      page = existing;
      const doubleClick = previous?.page === page && previous.file === file.fsPath && now - previous.at < DOUBLE_CLICK_MS;
      if (page === this.preview && (options.preview === false || doubleClick)) this.keep(page);
      page.panel.reveal(options.viewColumn ?? page.panel.viewColumn, false);
    } else if (this.preview) {
      page = this.preview;
      page.show(file);
      if (options.preview === false) this.keep(page);
      page.panel.reveal(options.viewColumn ?? page.panel.viewColumn, false);
    } else {
      const panel = vscode.window.createWebviewPanel(ITEM_PANEL_VIEW_TYPE, file.path.split('/').pop() ?? 'Item', { viewColumn: options.viewColumn ?? vscode.ViewColumn.Active, preserveFocus: false }, {
        enableScripts: true,
        // Re-showing a page, or pointing the preview at another item while it is hidden, must not
        // load the webview afresh (that is the half second this class exists to avoid).
        retainContextWhenHidden: true,
      });
      page = this.adoptPanel(file, panel, options.preview !== false);
    }
    this.lastOpen = { page, file: file.fsPath, at: now };
    this.updateContext();
    return page;
  }

  /** Keeps the preview page open: the next open takes a new page ("Keep Open"). */
  keepPreviewOpen(): void {
    if (this.preview) this.keep(this.preview);
  }

  override dispose(): void {
    for (const page of this.panels) page.panel.dispose();
    super.dispose();
  }

  private adoptPanel(file: vscode.Uri, panel: vscode.WebviewPanel, preview: boolean): ItemPage {
    const page = new ItemPage(file, panel, this.folders, this.extensionUri);
    this.panels.add(page);
    if (preview) {
      this.preview = page;
      // An edit made in the preview page keeps it, like typing in a preview editor.
      page.onDidEdit(() => this.keep(page));
    }
    panel.onDidChangeViewState(() => this.updateContext());
    panel.onDidDispose(() => {
      this.panels.delete(page);
      if (this.preview === page) this.preview = undefined;
      if (this.lastOpen?.page === page) this.lastOpen = undefined;
      page.dispose();
      this.updateContext();
    });
    return page;
  }

  private keep(page: ItemPage): void {
    if (this.preview !== page) return;
    this.preview = undefined;
    this.updateContext();
  }

  /** The page to show `file` in when one has it: the active one, else any. */
  private pageShowing(file: vscode.Uri): ItemPage | undefined {
    const all = [...this.editors, ...this.panels].filter((p) => p.shows(file));
    return all.find((p) => p.panel.active) ?? all.find((p) => p !== this.preview) ?? all[0];
  }

  /** A custom editor tab for `file` whose page is still being made (VS Code opened it a moment ago). */
  private async editorBeingResolved(file: vscode.Uri): Promise<ItemPage | undefined> {
    // Only a tab on screen is being resolved: VS Code makes a background tab's page when it is shown.
    const showing = vscode.window.tabGroups.all.some((g) => g.activeTab?.input instanceof vscode.TabInputCustom && g.activeTab.input.viewType === ITEM_PAGE_VIEW_TYPE && g.activeTab.input.uri.fsPath === file.fsPath);
    if (!showing) return undefined;
    return new Promise<ItemPage | undefined>((resolve) => {
      const timer = setTimeout(() => {
        sub.dispose();
        resolve(this.pageShowing(file));
      }, 2000);
      const sub = this.resolved.event((page) => {
        if (!page.shows(file)) return;
        clearTimeout(timer);
        sub.dispose();
        resolve(page);
      });
    });
  }

  /** "Keep Open" is offered on the preview page only. */
  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', ContextKey.ItemPageIsPreview, this.preview?.panel.active ?? false);
  }
}
