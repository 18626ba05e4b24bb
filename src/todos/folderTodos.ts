import { readFileSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { Item } from '../core/item';
import { joinPath, relativeTo } from '../core/paths';
import { trackTodos, type ScannedFile, type TodoTracking } from '../core/todos/capture';
import { NO_DISMISSED_TODOS, type DismissedTodo, type DismissedTodos } from '../core/todos/dismissedTodos';
import { excludeFilter, type PathFilter } from '../core/todos/excludes';
import { languageForPath, type SourceLanguage } from '../core/todos/languages';
import { checkTodoLinks, type LinkedFile, type TodoLinkCheck } from '../core/todos/linkStates';
import { TodoScanner, type TodoComment } from '../core/todos/scanner';
import { DEFAULT_MAX_FILE_SIZE, IgnoreRules, scanSourceBytes, scanSourceFile, scanWorkspace, type ScannedSource, type SkippedSource } from '../node/workspaceScan';
import type { ScanWorkerPool } from '../node/scanWorkers';
import type { BacklogFolder } from '../store/backlogFolders';
import { todoScanOptions, type TodoSettings } from './todoSettings';

/** The TODO comments of one file as last seen: from disk, or from an open editor's buffer. */
export interface TodoFile extends ScannedFile {
  readonly absolutePath: string;
  readonly language: SourceLanguage;
  /** The document version scanned, when the text came from an open editor. */
  readonly version?: number;
  /** The buffer had unsaved changes: its lines are not yet the file's lines. */
  readonly dirty: boolean;
}

export type ScanState = 'waiting' | 'scanning' | 'ready' | 'disabled' | 'failed';

/** Longest stretch of synchronous work while rescanning a batch of files, as in the full scan. */
const SLICE_MS = 8;
/** More changed paths than this at once (a branch switch) are handled by one full scan. */
const FULL_SCAN_THRESHOLD = 400;
/** How long after a save in this editor the file's links may be rewritten in item files. */
const EDIT_WINDOW_MS = 60_000;

/**
 * The TODO comments of one workspace folder that has a backlog, kept current: one full scan
 * with the core walk (gitignore-aware, sliced so the extension host stays responsive), then
 * single files as they change on disk or in an editor. Also checks the backlog's TODO links
 * against what it finds and re-anchors those that moved.
 */
export class FolderTodos extends Disposable {
  private files = new Map<string, TodoFile>();
  /** Linked files the walk leaves out (ignored, excluded), read on demand to judge their links. */
  private readonly outside = new Map<string, LinkedFile>();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires after the comments, their tracking or the link states changed. */
  readonly onDidChange = this.changed.event;
  private scanner!: TodoScanner;
  /** The id prefix the scanner reads markers with (the backlog config may change it). */
  private scannerPrefix = '';
  private excluded: PathFilter = () => false;
  private ignore: IgnoreRules;
  private abort: AbortController | undefined;
  private pending = new Set<string>();
  private rescanning: Promise<void> | undefined;
  private trackingFor: { items: readonly Item[]; files: Map<string, TodoFile>; dismissed: DismissedTodos; map: Map<TodoComment, TodoTracking> } | undefined;
  /** Comments dismissed from the inbox, as last read from `.backlog/dismissed-todos.txt`. */
  private dismissed: DismissedTodos = NO_DISMISSED_TODOS;
  /** Problems of the dismissed list already shown (each once). */
  private readonly warnedDismissed = new Set<string>();
  private checks: readonly TodoLinkCheck[] = [];
  /** Items being re-anchored, and the file hash a failed repair saw (not retried until it changes). */
  private readonly repairing = new Set<string>();
  private readonly failedRepairs = new Map<string, string>();
  /** When each file was last saved from this editor. */
  private readonly savedAt = new Map<string, number>();
  state: ScanState = 'waiting';
  skipped: readonly SkippedSource[] = [];
  filesVisited = 0;
  /** Wall time of the last full scan, and the longest the event loop was held during it. */
  lastScan: { readonly ms: number; readonly files: number } | undefined;
  error: string | undefined;

  constructor(
    readonly folder: BacklogFolder,
    private settings: TodoSettings,
    private readonly workers?: ScanWorkerPool,
  ) {
    super();
    this.ignore = new IgnoreRules(this.root);
    this.configure(settings);
    this._register({ dispose: () => this.abort?.abort() });
  }

  get root(): string {
    return this.folder.backlog.root;
  }

  get isDisposedFolder(): boolean {
    return this.isDisposed;
  }

  get markerFormat(): string {
    return this.settings.markerFormat;
  }

  get codeLens(): boolean {
    return this.settings.codeLens;
  }

  get idPrefix(): string {
    return this.folder.backlog.snapshot.config.idPrefix;
  }

  get items(): readonly Item[] {
    const s = this.folder.backlog.snapshot;
    return s.kind === 'backlog' ? s.items : [];
  }

  /** Applies new settings; the caller rescans. */
  configure(settings: TodoSettings): void {
    this.settings = settings;
    this.scannerPrefix = this.idPrefix;
    this.scanner = new TodoScanner(todoScanOptions(settings, this.scannerPrefix));
    const filter = excludeFilter(settings.exclude);
    this.excluded = filter.matches;
    if (filter.invalid.length > 0) {
      void vscode.window.showWarningMessage(`Backlog: TODO scan ignores exclude globs it cannot read: ${filter.invalid.map((i) => `"${i.glob}" (${i.reason})`).join(', ')}`);
    }
    this.ignore.clear();
    this.outside.clear();
    this.trackingFor = undefined;
  }

  /** Workspace-relative path of a file URI in this folder, or undefined. */
  relPath(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== 'file') return undefined;
    const rel = relativeTo(this.root, uri.fsPath);
    return rel === uri.fsPath.replace(/\\/g, '/') || rel === '' ? undefined : rel;
  }

  /** Would the scan look at this path? (.gitignore, hidden, and the exclude settings). */
  inScope(rel: string, isDir = false): boolean {
    if (this.ignore.ignores(rel, isDir)) return false;
    const parts = rel.split('/');
    for (let i = 1; i <= parts.length; i++) if (this.excluded(parts.slice(0, i).join('/'))) return false;
    return true;
  }

  /** Every file with TODO comments, sorted by path. */
  allFiles(): TodoFile[] {
    return [...this.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  file(rel: string): TodoFile | undefined {
    return this.files.get(rel);
  }

  /** Whether each comment is tracked (recomputed only when files or items changed). */
  tracking(): Map<TodoComment, TodoTracking> {
    const items = this.items;
    const { files, dismissed } = this;
    if (this.trackingFor && this.trackingFor.items === items && this.trackingFor.files === files && this.trackingFor.dismissed === dismissed) return this.trackingFor.map;
    const map = trackTodos([...files.values()], items, dismissed);
    this.trackingFor = { items, files, dismissed, map };
    return map;
  }

  /** Comments dismissed from the inbox (they are tracked as 'dismissed', not 'untracked'). */
  get dismissedTodos(): DismissedTodos {
    return this.dismissed;
  }

  /** Dismisses comments or lists them again, through the backlog's write lock; the inbox follows. */
  async changeDismissed(change: { readonly add?: readonly DismissedTodo[]; readonly remove?: readonly DismissedTodo[] }): Promise<void> {
    this.acceptDismissed(await this.folder.backlog.changeDismissedTodos(change));
  }

  /** Re-reads the dismissed list (it changed on disk: a pull, a merge, an edit by hand). */
  async reloadDismissed(options: { quiet?: boolean } = {}): Promise<void> {
    try {
      this.acceptDismissed(await this.folder.backlog.readDismissedTodos(), options);
    } catch (e) {
      void vscode.window.showWarningMessage(`Backlog: could not read the dismissed TODOs of ${this.folder.folder.name}: ${(e as Error).message}`);
    }
  }

  private acceptDismissed(next: DismissedTodos, options: { quiet?: boolean } = {}): void {
    for (const p of next.problems) {
      const where = `${relativeTo(this.root, p.file)}:${p.line}`;
      if (this.warnedDismissed.has(`${where} ${p.message}`)) continue;
      this.warnedDismissed.add(`${where} ${p.message}`);
      void vscode.window.showWarningMessage(`Backlog: ${where}: ${p.message}.`);
    }
    this.dismissed = next;
    if (!options.quiet) this.afterChange();
  }

  /** The TODO links of every item, as of the last check. */
  linkChecks(): readonly TodoLinkCheck[] {
    return this.checks;
  }

  /** Scans the whole folder. Cancels a scan in progress; open documents are scanned from their buffers. */
  async scanAll(): Promise<void> {
    this.abort?.abort();
    if (!this.settings.enabled) {
      this.files = new Map();
      this.state = 'disabled';
      this.afterChange();
      return;
    }
    const abort = (this.abort = new AbortController());
    this.state = 'scanning';
    this.error = undefined;
    this.changed.fire();
    const started = performance.now();
    // Read with the comments, so the first inbox already leaves dismissed ones out.
    await this.reloadDismissed({ quiet: true });
    if (abort.signal.aborted) return;
    try {
      const scan = await scanWorkspace(this.root, { scanner: this.scanner, exclude: this.excluded, signal: abort.signal, maxFileSize: DEFAULT_MAX_FILE_SIZE, workers: this.workers });
      if (abort.signal.aborted) return;
      const next = new Map<string, TodoFile>();
      for (const f of scan.files) next.set(f.path, fromDisk(f));
      this.files = next;
      this.skipped = scan.skipped;
      this.filesVisited = scan.filesVisited;
      this.lastScan = { ms: performance.now() - started, files: scan.filesVisited };
      this.outside.clear();
      for (const doc of vscode.workspace.textDocuments) this.scanDocument(doc, { quiet: true });
      this.state = 'ready';
    } catch (e) {
      if (abort.signal.aborted) return;
      this.state = 'failed';
      this.error = (e as Error).message;
    }
    this.afterChange();
    if (this.pending.size > 0) void this.rescan([]);
  }

  /**
   * Scans an open document from its buffer if it is in scope and its version was not scanned
   * yet. Returns the file's comments now (undefined when it has none or is out of scope).
   */
  scanDocument(doc: vscode.TextDocument, options: { quiet?: boolean } = {}): TodoFile | undefined {
    const rel = this.relPath(doc.uri);
    if (rel === undefined || !this.settings.enabled || !this.inScope(rel)) return undefined;
    const known = this.files.get(rel);
    if (known && known.version === doc.version && known.dirty === doc.isDirty) return known;
    const text = doc.getText();
    let file: TodoFile | undefined;
    if (text.length <= DEFAULT_MAX_FILE_SIZE && this.scanner.mayContain(text)) {
      const language = languageForPath(rel, text.slice(0, 256));
      const todos = this.scanner.scan(text, language);
      if (todos.length > 0) file = { path: rel, absolutePath: doc.uri.fsPath, fence: language.fence, language, text, todos, version: doc.version, dirty: doc.isDirty };
    }
    if (!file && !known) return undefined;
    this.replace((files) => (file ? files.set(rel, file) : files.delete(rel)));
    if (!options.quiet) this.afterChange();
    return file;
  }

  /** A document was saved in this editor: rescan it, and its links may now be written back (see maintainLinks). */
  saved(doc: vscode.TextDocument): void {
    const rel = this.relPath(doc.uri);
    if (rel === undefined) return;
    this.savedAt.set(rel, Date.now());
    this.scanDocument(doc, { quiet: true });
    this.afterChange();
  }

  /** The comments of an open document, scanned now if the buffer changed since. */
  fileFor(doc: vscode.TextDocument): TodoFile | undefined {
    return this.scanDocument(doc);
  }

  /**
   * Rescans paths that changed on disk (files or folders; created, changed or deleted). Paths
   * open in an editor are skipped: their buffer is what the user sees, and it is scanned on change.
   */
  rescan(rels: readonly string[]): Promise<void> {
    for (const r of rels) this.pending.add(r);
    if (this.state === 'scanning') return Promise.resolve();
    if (rels.some((r) => r === '.gitignore' || r.endsWith('/.gitignore'))) {
      this.ignore.clear();
      this.pending.clear();
      return this.scanAll();
    }
    this.rescanning ??= this.drain().finally(() => (this.rescanning = undefined));
    return this.rescanning;
  }

  private async drain(): Promise<void> {
    while (this.pending.size > 0 && this.state === 'ready') {
      const paths = [...this.pending];
      this.pending.clear();
      for (const p of paths) this.outside.delete(p);
      if (paths.length > FULL_SCAN_THRESHOLD) {
        await this.scanAll();
        return;
      }
      const next = new Map(this.files);
      let sliceStart = performance.now();
      for (const rel of paths) {
        if (vscode.workspace.textDocuments.some((d) => this.relPath(d.uri) === rel)) continue;
        const abs = joinPath(this.root, rel);
        let isDir: boolean;
        try {
          isDir = statSync(abs).isDirectory();
        } catch {
          // Deleted: drop it and anything that was under it.
          next.delete(rel);
          for (const k of next.keys()) if (k.startsWith(rel + '/')) next.delete(k);
          continue;
        }
        if (!this.inScope(rel, isDir)) {
          next.delete(rel);
          continue;
        }
        if (isDir) {
          for (const k of next.keys()) if (k.startsWith(rel + '/')) next.delete(k);
          const scan = await scanWorkspace(this.root, { scanner: this.scanner, exclude: this.excluded, paths: [rel] });
          for (const f of scan.files) next.set(f.path, fromDisk(f));
        } else {
          const result = await scanSourceFile(abs, rel, this.scanner);
          if (result && !('reason' in result)) next.set(rel, fromDisk(result));
          else next.delete(rel);
        }
        if (performance.now() - sliceStart > SLICE_MS) {
          await new Promise<void>((r) => setImmediate(r));
          sliceStart = performance.now();
        }
      }
      this.files = next;
      this.afterChange();
    }
  }

  /** The backlog changed (items, config): recheck tracking and links. */
  backlogChanged(): void {
    if (this.idPrefix !== this.scannerPrefix) {
      this.configure(this.settings);
      void this.scanAll();
      return;
    }
    this.afterChange();
  }

  private replace(edit: (files: Map<string, TodoFile>) => unknown): void {
    // A new map rather than a mutation: tracking is cached per map.
    const next = new Map(this.files);
    edit(next);
    this.files = next;
  }

  private afterChange(): void {
    this.maintainLinks();
    this.changed.fire();
  }

  /**
   * Checks every TODO link against the current comments. Moved links are re-anchored and lost
   * ones marked in the item file (one minimal update per item), but only for files the user
   * saved in this editor a moment ago: the item change then goes with the code change. Code that
   * changed underneath (a branch switch, a pull) is shown as moved or lost without rewriting
   * item files, which would leave a checkout dirty; nor is an unsaved buffer written from.
   */
  private maintainLinks(): void {
    if (this.state !== 'ready') {
      this.checks = [];
      return;
    }
    const { checks, repairs } = checkTodoLinks(this.items, (p) => this.linkedFile(p));
    this.checks = checks;
    for (const repair of repairs) {
      const { item } = repair;
      if (this.repairing.has(item.id) || this.failedRepairs.get(item.id) === item.hash) continue;
      const changedPaths = repair.links.filter((l, i) => l !== item.links[i]).map((l) => l.path);
      const now = Date.now();
      if (!changedPaths.every((p) => now - (this.savedAt.get(p) ?? -Infinity) < EDIT_WINDOW_MS && !this.isDirty(p))) continue;
      this.repairing.add(item.id);
      this.folder.backlog
        .update({ id: item.id, file: item.file, hash: item.hash }, { links: repair.links })
        .then(
          () => this.failedRepairs.delete(item.id),
          // Changed on disk meanwhile, or not writable: the watcher brings the new text and we
          // try again then; the same text is not retried.
          () => this.failedRepairs.set(item.id, item.hash),
        )
        .finally(() => this.repairing.delete(item.id));
    }
  }

  private isDirty(rel: string): boolean {
    return vscode.workspace.textDocuments.some((d) => d.isDirty && this.relPath(d.uri) === rel);
  }

  private linkedFile(rel: string): LinkedFile {
    const known = this.files.get(rel);
    if (known) return known.todos;
    if (this.outside.has(rel)) return this.outside.get(rel);
    const abs = joinPath(this.root, rel);
    let exists: boolean;
    try {
      exists = statSync(abs).isFile();
    } catch {
      exists = false;
    }
    if (!exists) return 'missing';
    if (this.inScope(rel)) return []; // scanned: no comment left in it
    // Out of the scan's scope (ignored or excluded) but linked: read just this file.
    let result: LinkedFile;
    try {
      const bytes = readFileSync(abs);
      const scanned = bytes.length > DEFAULT_MAX_FILE_SIZE ? undefined : scanSourceBytes(bytes, abs, rel, this.scanner);
      result = scanned && !('reason' in scanned) ? scanned.todos : bytes.length > DEFAULT_MAX_FILE_SIZE ? undefined : [];
    } catch {
      result = undefined;
    }
    this.outside.set(rel, result);
    return result;
  }
}

function fromDisk(f: ScannedSource): TodoFile {
  // The text is decoded on first use (a capture): a worker scan hands over bytes, and decoding
  // every file with a comment at once would hold the extension host's thread.
  return {
    path: f.path,
    absolutePath: f.absolutePath,
    fence: f.language.fence,
    language: f.language,
    todos: f.todos,
    dirty: false,
    get text() {
      return f.text;
    },
  };
}
