import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { samePath } from '../core/paths';
import { bundledWorkerScript, ScanWorkerPool } from '../node/scanWorkers';
import type { BacklogFolder, BacklogFolders } from '../store/backlogFolders';
import { FolderTodos } from './folderTodos';
import { affectsTodoScan, readTodoSettings } from './todoSettings';

/** How long an edited buffer rests before it is rescanned (the tree; providers scan on demand). */
const BUFFER_DELAY_MS = 250;
/** How long file events are gathered before rescanning (a save, a checkout, a build touch many). */
const DISK_DELAY_MS = 200;

/**
 * The TODO comments of every workspace folder that has a backlog. Nothing is scanned until
 * `start()` (the composition root calls it once the tree has drawn), so activation never waits
 * for a scan; after that, folders are scanned one at a time and then kept current file by file.
 */
export class WorkspaceTodos extends Disposable {
  private readonly byRoot = new Map<string, { todos: FolderTodos; sub: vscode.Disposable }>();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires (coalesced) when any folder's comments, tracking or link states changed. */
  readonly onDidChange = this.changed.event;
  private started = false;
  private fireTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly bufferTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly diskEvents = new Map<FolderTodos, Set<string>>();
  private diskTimer: ReturnType<typeof setTimeout> | undefined;
  private scanQueue: Promise<void> = Promise.resolve();
  private readonly warned = new Set<string>();
  /** Full scans read and lex on two worker threads, leaving the extension host's thread free. */
  private readonly workers: ScanWorkerPool | undefined;

  constructor(private readonly folders: BacklogFolders) {
    super();
    const script = bundledWorkerScript();
    this.workers = script ? new ScanWorkerPool(script, 2) : undefined;
    this._register(
      folders.onDidChange((folder) => {
        const todos = folder && this.byRoot.get(folder.backlog.root)?.todos;
        // A folder whose backlog appeared (Initialize, a checkout) or vanished changes which
        // folders are scanned; any other change only changes what is tracked.
        if (folder && !!todos === (folder.backlog.snapshot.kind === 'backlog')) todos?.backlogChanged();
        else this.syncFolders();
      }),
    );
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affectsTodoScan(e)) return;
        for (const { todos } of this.byRoot.values()) {
          todos.configure(this.settingsFor(todos.folder));
          if (this.started) this.queueScan(todos);
        }
      }),
    );
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.bufferChanged(e.document)));
    this._register(vscode.workspace.onDidOpenTextDocument((doc) => this.bufferChanged(doc)));
    this._register(
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (this.started) this.forUri(doc.uri)?.saved(doc);
      }),
    );
    // A closed buffer may have been discarded unsaved: the file on disk is the truth again.
    this._register(vscode.workspace.onDidCloseTextDocument((doc) => this.diskChanged(doc.uri)));
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/*'));
    this._register(watcher.onDidCreate((uri) => this.diskChanged(uri)));
    this._register(watcher.onDidChange((uri) => this.diskChanged(uri)));
    this._register(watcher.onDidDelete((uri) => this.diskChanged(uri)));
    this._register({
      dispose: () => {
        clearTimeout(this.fireTimer);
        clearTimeout(this.diskTimer);
        for (const t of this.bufferTimers.values()) clearTimeout(t);
        for (const { todos, sub } of this.byRoot.values()) {
          sub.dispose();
          todos.dispose();
        }
        this.workers?.dispose();
      },
    });
  }

  /** Begins scanning (once). */
  start(): void {
    if (this.started || this.isDisposed) return;
    this.started = true;
    this.syncFolders();
  }

  get isStarted(): boolean {
    return this.started;
  }

  all(): FolderTodos[] {
    return [...this.byRoot.values()].map((e) => e.todos);
  }

  forFolder(folder: BacklogFolder): FolderTodos | undefined {
    return this.byRoot.get(folder.backlog.root)?.todos;
  }

  /** The folder a file belongs to, if that folder has a backlog and is being scanned. */
  forUri(uri: vscode.Uri): FolderTodos | undefined {
    const folder = this.folders.forUri(uri);
    return folder ? this.byRoot.get(folder.backlog.root)?.todos : undefined;
  }

  /** Scans every folder again (the Rescan command, a settings change). */
  rescanAll(): Promise<void> {
    // Folders first: a backlog created behind our back is scanned too (syncFolders queues it).
    const known = new Set(this.byRoot.values());
    this.syncFolders();
    for (const entry of known) if (this.byRoot.get(entry.todos.root) === entry) this.queueScan(entry.todos);
    return this.scanQueue;
  }

  private syncFolders(): void {
    if (!this.started) return;
    const wanted = new Map(this.folders.withBacklog().map((f) => [f.backlog.root, f]));
    for (const [root, entry] of this.byRoot) {
      if (wanted.has(root)) continue;
      entry.sub.dispose();
      entry.todos.dispose();
      this.byRoot.delete(root);
    }
    for (const [root, folder] of wanted) {
      if (this.byRoot.has(root)) continue;
      const todos = new FolderTodos(folder, this.settingsFor(folder), this.workers);
      this.byRoot.set(root, { todos, sub: todos.onDidChange(() => this.fireSoon()) });
      this.queueScan(todos);
    }
    this.fireSoon();
  }

  /** One folder at a time: two full scans at once would only compete for the same disk and CPU. */
  private queueScan(todos: FolderTodos): void {
    this.scanQueue = this.scanQueue.then(() => (this.isDisposed || todos.isDisposedFolder ? undefined : todos.scanAll())).catch(() => undefined);
  }

  private settingsFor(folder: BacklogFolder) {
    const settings = readTodoSettings(folder.folder);
    for (const p of settings.problems) {
      if (this.warned.has(p)) continue;
      this.warned.add(p);
      void vscode.window.showWarningMessage(`Backlog: ${p}.`);
    }
    return settings;
  }

  private bufferChanged(doc: vscode.TextDocument): void {
    if (!this.started || doc.uri.scheme !== 'file') return;
    const key = doc.uri.toString();
    clearTimeout(this.bufferTimers.get(key));
    this.bufferTimers.set(
      key,
      setTimeout(() => {
        this.bufferTimers.delete(key);
        if (!doc.isClosed) this.forUri(doc.uri)?.scanDocument(doc);
      }, BUFFER_DELAY_MS),
    );
  }

  private diskChanged(uri: vscode.Uri): void {
    if (!this.started) return;
    const todos = this.forUri(uri);
    const rel = todos?.relPath(uri);
    if (!todos || rel === undefined) return;
    if (samePath(uri.fsPath, todos.folder.backlog.dismissedTodosPath)) {
      void todos.reloadDismissed();
      return;
    }
    let set = this.diskEvents.get(todos);
    if (!set) this.diskEvents.set(todos, (set = new Set()));
    set.add(rel);
    clearTimeout(this.diskTimer);
    this.diskTimer = setTimeout(() => {
      const work = [...this.diskEvents];
      this.diskEvents.clear();
      for (const [t, paths] of work) if (!t.isDisposedFolder) void t.rescan([...paths]);
    }, DISK_DELAY_MS);
  }

  private fireSoon(): void {
    if (this.fireTimer) return;
    this.fireTimer = setTimeout(() => {
      this.fireTimer = undefined;
      this.changed.fire();
    }, 30);
  }
}
