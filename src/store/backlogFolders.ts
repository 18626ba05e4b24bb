import * as vscode from 'vscode';
import { Backlog, BACKLOG_DIR } from '../core/backlog';
import { nodeFiles } from '../node/nodeFiles';
import { isInside, joinPath } from '../core/paths';
import { writableWhen } from '../core/readOnlyFiles';
import { UNTRUSTED_REFUSAL, workspaceTrusted } from './workspaceTrust';
import { Disposable } from '../common/lifecycle';
import type { Item } from '../core/item';

/** The backlog of one workspace folder. */
export interface BacklogFolder {
  readonly folder: vscode.WorkspaceFolder;
  readonly backlog: Backlog;
}

/** How long to gather file events before refreshing: a git checkout touches many files at once. */
const REFRESH_DELAY_MS = 60;

/**
 * One `Backlog` per workspace folder, kept in sync with the disk by a file watcher. This is the
 * single source of truth for every view: views read snapshots and listen to `onDidChange`.
 */
export class BacklogFolders extends Disposable {
  private readonly byFolder = new Map<string, BacklogFolder & { stop: () => void }>();
  private readonly changed = this._register(new vscode.EventEmitter<BacklogFolder | undefined>());
  /** Fires when any folder's snapshot changed (with that folder), or folders came or went (undefined). */
  readonly onDidChange = this.changed.event;
  private readonly pending = new Map<string, Set<string>>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly ready: Promise<void>;

  constructor() {
    super();
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.syncFolders()));
    const watcher = this._register(vscode.workspace.createFileSystemWatcher(`**/${BACKLOG_DIR}/**`));
    const onEvent = (uri: vscode.Uri) => this.schedule(uri);
    this._register(watcher.onDidCreate(onEvent));
    this._register(watcher.onDidChange(onEvent));
    this._register(watcher.onDidDelete(onEvent));
    // The `.backlog` folder itself appearing or vanishing (init from the CLI, a branch switch).
    const rootWatcher = this._register(vscode.workspace.createFileSystemWatcher(`**/${BACKLOG_DIR}`));
    this._register(rootWatcher.onDidCreate(onEvent));
    this._register(rootWatcher.onDidDelete(onEvent));
    this._register({ dispose: () => clearTimeout(this.timer) });
    this.ready = this.syncFolders();
  }

  /** Resolves once every workspace folder has been loaded once. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Every workspace folder's backlog, in workspace order (folders without `.backlog/` included). */
  all(): BacklogFolder[] {
    const order = vscode.workspace.workspaceFolders ?? [];
    return order.map((f) => this.byFolder.get(f.uri.toString())).filter((f): f is BacklogFolder & { stop: () => void } => !!f);
  }

  /** Folders that hold a backlog of ours. */
  withBacklog(): BacklogFolder[] {
    return this.all().filter((f) => f.backlog.snapshot.kind === 'backlog');
  }

  /** The folder containing `uri` (a file, or an item file), if any. */
  forUri(uri: vscode.Uri): BacklogFolder | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder ? this.byFolder.get(folder.uri.toString()) : undefined;
  }

  /** The folder whose backlog holds an item with this id (the first one, in workspace order). */
  findItem(id: string): { folder: BacklogFolder; item: Item } | undefined {
    for (const folder of this.all()) {
      const item = folder.backlog.snapshot.byId.get(id.toUpperCase());
      if (item) return { folder, item };
    }
    return undefined;
  }

  /** Re-reads everything from disk (the Refresh command; normally the watcher does this). */
  async reloadAll(): Promise<void> {
    await Promise.all(this.all().map((f) => f.backlog.refresh()));
  }

  private async syncFolders(): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    const keep = new Set(folders.map((f) => f.uri.toString()));
    for (const [key, entry] of this.byFolder) {
      if (!keep.has(key)) {
        entry.stop();
        this.byFolder.delete(key);
      }
    }
    await Promise.all(
      folders.map(async (folder) => {
        const key = folder.uri.toString();
        if (this.byFolder.has(key)) return;
        // Until the workspace is trusted every write is refused, whichever view or command asks.
        const backlog = new Backlog(folder.uri.fsPath, writableWhen(nodeFiles, workspaceTrusted, UNTRUSTED_REFUSAL));
        const entry: BacklogFolder & { stop: () => void } = { folder, backlog, stop: () => undefined };
        entry.stop = backlog.onDidChange(() => this.changed.fire(entry));
        this.byFolder.set(key, entry);
        try {
          await backlog.load();
        } catch (e) {
          void vscode.window.showErrorMessage(`Backlog: could not load ${folder.name}: ${(e as Error).message}`);
        }
      }),
    );
    this.changed.fire(undefined);
  }

  private schedule(uri: vscode.Uri): void {
    const entry = this.forUri(uri);
    if (!entry) return;
    // The parse cache and the recorded history (outside git) say nothing the snapshot shows.
    if (isInside(joinPath(entry.backlog.dir, '.cache'), uri.fsPath) || isInside(entry.backlog.historyDir, uri.fsPath)) return;
    // Temp files of our atomic writes come and go around every write.
    if (/[/\\]\.[^/\\]*\.tmp$/.test(uri.fsPath)) return;
    const key = entry.folder.uri.toString();
    let paths = this.pending.get(key);
    if (!paths) this.pending.set(key, (paths = new Set()));
    paths.add(uri.fsPath);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), REFRESH_DELAY_MS);
  }

  private async flush(): Promise<void> {
    const work = [...this.pending];
    this.pending.clear();
    await Promise.all(
      work.map(async ([key, paths]) => {
        const entry = this.byFolder.get(key);
        if (!entry) return;
        try {
          // The store reloads everything itself when a path is not an item file (config, the folder).
          await entry.backlog.refresh([...paths]);
        } catch (e) {
          void vscode.window.showErrorMessage(`Backlog: could not reload ${entry.folder.name}: ${(e as Error).message}`);
        }
      }),
    );
  }
}
