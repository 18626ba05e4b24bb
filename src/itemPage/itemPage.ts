import * as vscode from 'vscode';
import { BacklogError } from '../core/backlog';
import type { Item } from '../core/item';
import { applyChecklistEdit, checklistEdit } from '../core/itemPage/checklist';
import { shownChild, type ShownChild } from '../core/itemPage/children';
import { isSafeLink } from '../core/itemPage/description';
import { buildItemPageModel } from '../core/itemPage/itemPageModel';
import { parseItemPageRequest, toItemChanges } from '../core/itemPage/itemPageRequests';
import { baseName } from '../core/paths';
import { Disposable } from '../common/lifecycle';
import { inertPick } from '../common/inertView';
import { itemsWithUnsavedEdits, unsavedEditsMessage } from '../items/unsavedEditors';
import type { ItemPageNoticeLevel, ItemPageRequest, ItemPageUpdate } from '../protocol/itemPageMessages';
import type { BacklogFolder, BacklogFolders } from '../store/backlogFolders';
import { readItemHistory } from './itemHistory';
import { itemPageHtml } from './itemPageHtml';
import { webviewResourceRoots } from '../common/webviewPage';
import { openItemPage } from '../items/openItem';

/** What the page reported after painting a model; `openedAt` is when the page was asked to show its item (epoch ms). */
export interface ItemPageTiming {
  readonly seq: number;
  readonly openedAt: number;
  readonly startedAt: number;
  readonly paintedAt: number;
}

/** Requests that only look or navigate; every other request changes the item (and keeps a preview page open). */
const LOOKING: ReadonlySet<ItemPageRequest['type']> = new Set(['ready', 'rendered', 'openText', 'openLink', 'openCodeLink', 'openItem', 'loadHistory']);

/**
 * One item page: a webview showing one item file (a custom editor's, or one of the panels of
 * ItemPages, whose preview page is pointed at another item with `show`). The store owns the item;
 * the page gets a full model on every change and sends requests that become one write each: a
 * field change goes through `Backlog.update`; a ticked criterion or an edited description
 * rewrites the body of the file after checking it is the version shown.
 */
export class ItemPage extends Disposable {
  private seq = 0;
  private ready = false;
  private lastHash: string | undefined;
  private changedBeforeReady = false;
  private openedAt = Date.now();
  private target: vscode.Uri;
  private readonly rendered = this._register(new vscode.EventEmitter<ItemPageTiming>());
  /** Fires when the page has painted a model (tests and the timing check wait on it). */
  readonly onDidRender = this.rendered.event;
  private readonly posted = this._register(new vscode.EventEmitter<ItemPageUpdate>());
  /** Every message sent to the page (tests read notices from it). */
  readonly onDidPost = this.posted.event;
  private readonly edited = this._register(new vscode.EventEmitter<void>());
  /** Fires when the user starts changing the item from the page: a preview page is kept open then. */
  readonly onDidEdit = this.edited.event;

  /**
   * The webview must keep its context while hidden (`retainContextWhenHidden`): the page posts
   * to it hidden or not, and shows it again at once instead of loading it afresh.
   */
  constructor(
    file: vscode.Uri,
    readonly panel: vscode.WebviewPanel,
    private readonly folders: BacklogFolders,
    extensionUri: vscode.Uri,
  ) {
    super();
    this.target = file;
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewResourceRoots(extensionUri) };
    this._register(panel.webview.onDidReceiveMessage((m: unknown) => void this.handle(m)));
    this._register(folders.onDidChange(() => this.postModel()));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (this.shows(e.document.uri)) this.postModel();
    }));
    this._register(vscode.workspace.onDidSaveTextDocument((d) => {
      if (this.shows(d.uri)) this.postModel();
    }));
    const initial = this.update();
    this.lastHash = this.key(initial);
    panel.webview.html = itemPageHtml(panel.webview, extensionUri, initial, baseName(file.fsPath));
  }

  /** The item file the page shows. */
  get file(): vscode.Uri {
    return this.target;
  }

  /** Whether the page shows this file. */
  shows(file: vscode.Uri): boolean {
    return file.fsPath === this.target.fsPath;
  }

  /** The file's document if an editor has it open (its unsaved changes block edits from the page). */
  get document(): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => this.shows(d.uri));
  }

  /**
   * Shows another item in this webview: its model is posted (no new webview, no new HTML), so
   * the page paints it in the time of one render. The page drops what belonged to the old item.
   */
  show(file: vscode.Uri): void {
    if (this.shows(file)) return;
    this.target = file;
    this.openedAt = Date.now();
    this.postModel(true);
  }

  /** The folder and item the file holds right now, if it is a readable item. */
  get current(): { folder: BacklogFolder; item: Item } | undefined {
    const folder = this.folders.forUri(this.target);
    if (!folder || folder.backlog.snapshot.kind !== 'backlog') return undefined;
    const item = folder.backlog.snapshot.items.find((i) => this.shows(vscode.Uri.file(i.file)));
    return item ? { folder, item } : undefined;
  }

  private update(): ItemPageUpdate {
    const current = this.current;
    const seq = ++this.seq;
    if (!current) {
      const fileName = baseName(this.target.fsPath);
      const problem = this.folders.forUri(this.target)?.backlog.snapshot.problems.find((p) => this.shows(vscode.Uri.file(p.file)));
      this.panel.title = fileName;
      return { type: 'unreadable', seq, fileName, message: problem ? `Line ${problem.line ?? 1}: ${problem.message}` : 'This file is not an item of a backlog in this workspace.' };
    }
    const model = buildItemPageModel(current.item, current.folder.backlog.snapshot, this.document?.isDirty ?? false);
    this.panel.title = `${current.item.id}: ${current.item.title}`;
    return { type: 'model', seq, model };
  }

  /** Identity of what the page shows: an unchanged item is not sent again. */
  private key(update: ItemPageUpdate): string {
    // Relations too: a child moved or changed writes the child's file, not this one.
    return update.type === 'model' ? `${update.model.hash}:${update.model.unsaved}:${JSON.stringify([update.model.choices, update.model.relations])}` : `unreadable:${update.type === 'unreadable' ? update.message : ''}`;
  }

  private postModel(force = false): void {
    if (this.isDisposed) return;
    if (!this.ready) {
      this.changedBeforeReady = true;
      return;
    }
    const update = this.update();
    const key = this.key(update);
    if (!force && key === this.lastHash) return;
    this.lastHash = key;
    this.post(update);
  }

  /** Handles one message from the page. Public so tests can send what a hostile page might. */
  async handle(message: unknown): Promise<void> {
    const parsed = parseItemPageRequest(message);
    if (!parsed.ok) {
      console.warn(`[repo-backlog] item page: ignored an invalid message from the webview: ${parsed.error}`);
      return;
    }
    if (!LOOKING.has(parsed.request.type)) this.edited.fire();
    try {
      await this.dispatch(parsed.request);
    } catch (e) {
      const level: ItemPageNoticeLevel = e instanceof BacklogError && e.code === 'changed-on-disk' ? 'warning' : 'error';
      this.notice(level, `Not saved: ${(e as Error).message}`);
      this.postModel(true);
    }
  }

  private async dispatch(request: ItemPageRequest): Promise<void> {
    switch (request.type) {
      case 'ready':
        this.ready = true;
        if (request.seq === undefined || request.seq !== this.seq || this.changedBeforeReady) this.postModel(true);
        this.changedBeforeReady = false;
        return;
      case 'rendered':
        this.rendered.fire({ seq: request.seq, openedAt: this.openedAt, startedAt: request.startedAt, paintedAt: request.paintedAt });
        return;
      case 'openText':
        await vscode.window.showTextDocument(this.target, { viewColumn: vscode.ViewColumn.Beside, preview: false });
        return;
      case 'openLink':
        return this.openLink(request.href);
      case 'openCodeLink': {
        const current = this.current;
        const link = current?.item.links[request.index];
        if (!current || !link) return;
        const line = Math.max(0, (link.line ?? 1) - 1);
        await vscode.window.showTextDocument(vscode.Uri.joinPath(current.folder.folder.uri, link.path), {
          viewColumn: vscode.ViewColumn.Beside,
          selection: new vscode.Range(line, 0, line, 0),
        });
        return;
      }
      case 'openItem': {
        const other = this.current?.folder.backlog.snapshot.byId.get(request.id);
        // Like every open from our views: into the preview page (this one, if it is the preview).
        if (other) await openItemPage(other.file);
        else this.notice('warning', `No item ${request.id} in this backlog.`);
        return;
      }
      case 'addChild': {
        const current = this.current;
        if (!current) return;
        const title = await vscode.window.showInputBox({ title: `Add a child to ${current.item.id}`, prompt: 'Title of the new item', validateInput: (v) => (v.trim() ? undefined : 'An item needs a title') });
        if (!title?.trim()) return;
        const child = await current.folder.backlog.create({ title, parent: current.item.id });
        this.notice('info', `Created ${child.id} under ${current.item.id}.`);
        return;
      }
      case 'addExistingChild':
        return this.addExistingChild();
      case 'removeChild': {
        const found = this.childToChange(request);
        if (!found) return;
        // Only the child's file changes: its `parent` key goes, the item stays in the backlog.
        await found.folder.backlog.update(found.child, { parent: undefined });
        return;
      }
      case 'moveChild': {
        const found = this.childToChange(request);
        if (!found) return;
        // The siblings are the view the move is within: the child lands next to its new sibling
        // neighbour in the backlog order, like a move within a tree group or a board cell.
        await found.folder.backlog.move(found.child, { index: request.index, within: request.order });
        return;
      }
      case 'editing':
        return; // onDidEdit has fired: the page stays open with the draft
      case 'loadHistory': {
        const current = this.current;
        if (!current) return;
        const shown = this.target;
        // git obeys the repository's own config (core.fsmonitor, hooks): not in an untrusted workspace.
        const history = vscode.workspace.isTrusted
          ? await readItemHistory(current.folder.backlog.root, current.item.file)
          : { entries: [], note: 'History from git is shown once you trust this workspace: git runs with the repository’s own configuration.' };
        // The preview page may show another item by now: its history is its own request.
        if (shown === this.target) this.post({ type: 'history', ...history });
        return;
      }
      case 'update': {
        const current = this.editable(request.hash);
        if (!current) return;
        await current.folder.backlog.update({ id: current.item.id, file: current.item.file, hash: request.hash }, toItemChanges(request.changes));
        return;
      }
      case 'check': {
        const current = this.editable(request.hash);
        if (!current) return;
        await this.writeItemBody(current, (body) => {
          const result = checklistEdit(body, body, request.line, request.text, request.checked);
          if (!result.ok) return { refused: `Not ticked: ${result.error}.` };
          return { body: applyChecklistEdit(body, result.edit) };
        });
        return;
      }
      case 'editBody': {
        const current = this.editable(request.hash);
        if (!current) return;
        await this.writeItemBody(current, (body) => (body === current.item.body ? { body: request.body } : { refused: 'Not saved: the description changed since the page showed it.' }));
        return;
      }
    }
  }

  /**
   * The item, if the page may write it now: the page saw the current version, and no editor
   * holds unsaved changes to the file (a write now would fight with them on save).
   */
  private editable(hash: string): { folder: BacklogFolder; item: Item } | undefined {
    const current = this.current;
    if (!current) {
      this.refuse('This file is not a readable item any more; nothing was written.');
      return undefined;
    }
    if (this.document?.isDirty) {
      this.refuse(`${current.item.id} has unsaved changes in the text editor. Save or revert them first; nothing was written.`);
      return undefined;
    }
    if (hash !== current.item.hash) {
      this.refuse(`${current.item.id} changed on disk since the page showed it; the page is up to date now. Nothing was written.`);
      return undefined;
    }
    return current;
  }

  /**
   * The child a request names, if the page showed it (and, for a move, all the children) as they
   * are now, and no editor holds unsaved changes to the child's file.
   */
  private childToChange(shown: ShownChild): { folder: BacklogFolder; child: Item } | undefined {
    const current = this.current;
    if (!current) {
      this.refuse('This file is not a readable item any more; nothing was written.');
      return undefined;
    }
    const found = shownChild(current.item.id, current.folder.backlog.snapshot.relations.children(current.item.id), shown);
    if ('refused' in found) {
      this.refuse(found.refused);
      return undefined;
    }
    if (itemsWithUnsavedEdits([found.child]).length > 0) {
      this.refuse(unsavedEditsMessage([found.child]));
      return undefined;
    }
    return { folder: current.folder, child: found.child };
  }

  /** "Add existing item as child…": a quick pick of the other items; the store refuses a parent cycle. */
  private async addExistingChild(): Promise<void> {
    const current = this.current;
    if (!current) return;
    const { folder, item } = current;
    const picks = folder.backlog.snapshot.items
      .filter((i) => i.id !== item.id && i.parent !== item.id)
      .map((i) => inertPick({ label: i.title, description: [i.id, i.status, i.parent ? `under ${i.parent}` : ''].filter(Boolean).join(' · '), id: i.id }));
    const pick = await vscode.window.showQuickPick(picks, { title: `Add an existing item as a child of ${item.id}`, placeHolder: 'Item to put under this one', matchOnDescription: true });
    const child = pick && folder.backlog.snapshot.byId.get(pick.id);
    if (!child) return;
    if (itemsWithUnsavedEdits([child]).length > 0) return this.refuse(unsavedEditsMessage([child]));
    // By id: the user chose it just now, so the parent is set on the file as it is on disk.
    await folder.backlog.update(child.id, { parent: item.id });
    this.notice('info', `${child.id} is now a child of ${item.id}.`);
  }

  private refuse(message: string): void {
    this.notice('warning', message);
    this.postModel(true);
  }

  /**
   * Rewrites the item's body through the store, as one checked write under the backlog's lock:
   * refused if the file changed since the page showed it, and nothing is written when `change`
   * refuses. Not through the editor's document: that follows the disk a moment after a store
   * write (a field change just before), and a stale document must never be saved over the file.
   */
  private async writeItemBody(current: { folder: BacklogFolder; item: Item }, change: (body: string) => { body: string } | { refused: string }): Promise<void> {
    try {
      await current.folder.backlog.updateBody({ id: current.item.id, file: current.item.file, hash: current.item.hash }, (body) => {
        const next = change(body);
        if ('refused' in next) throw new BacklogError(next.refused, 'changed-on-disk');
        return next.body;
      });
    } catch (e) {
      if (e instanceof BacklogError) return this.refuse(e.message);
      throw e;
    }
  }

  private async openLink(href: string): Promise<void> {
    if (!isSafeLink(href)) return;
    if (/^(?:https?|mailto):/i.test(href.trim())) {
      await vscode.env.openExternal(vscode.Uri.parse(href.trim(), true));
      return;
    }
    const current = this.current;
    if (!current || href.startsWith('#')) return;
    // A path relative to the item file (or to the repository with a leading '/'), optionally `#L12`.
    const [path, fragment = ''] = href.split('#', 2);
    const workspace = current.folder.folder.uri;
    const target = path.startsWith('/')
      ? vscode.Uri.joinPath(workspace, decodeURIComponent(path))
      : vscode.Uri.joinPath(vscode.Uri.file(current.item.file), '..', decodeURIComponent(path));
    if (!target.fsPath.startsWith(workspace.fsPath)) return this.notice('warning', 'Links from an item open files of its workspace folder only.');
    const line = /^L(\d+)/.exec(fragment);
    const at = line ? Math.max(0, Number(line[1]) - 1) : 0;
    try {
      await vscode.window.showTextDocument(target, { viewColumn: vscode.ViewColumn.Beside, selection: new vscode.Range(at, 0, at, 0) });
    } catch {
      this.notice('warning', `${path} does not exist in this workspace.`);
    }
  }

  private notice(level: ItemPageNoticeLevel, message: string): void {
    this.post({ type: 'notice', level, message });
  }

  private post(update: ItemPageUpdate): void {
    if (this.isDisposed) return;
    this.posted.fire(update);
    void this.panel.webview.postMessage(update);
  }
}
