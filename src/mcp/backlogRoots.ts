import { existsSync, realpathSync, watch, type FSWatcher } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Backlog, BacklogError, BACKLOG_DIR } from '../core/backlog';
import { nodeFiles } from '../node/nodeFiles';

/** Where the folders the server may work in come from, asked again for every request. */
export interface WorkspaceFolders {
  /** Absolute folder paths: `--root`, the client's roots, or the directory the server started in. */
  folders(): Promise<readonly string[]>;
}

/**
 * Finds the backlog a request is about. Nothing is pinned at start: agents switch between git
 * worktrees, and a root fixed at start sends their writes to the wrong checkout.
 */
export class BacklogRoots {
  /** One store per backlog folder, kept between requests and brought up to date for each. */
  private readonly backlogs = new Map<string, Promise<WatchedBacklog>>();

  constructor(private readonly workspace: WorkspaceFolders) {}

  /** Folders holding a `.backlog/`: each workspace folder or the nearest parent that has one. */
  async backlogFolders(): Promise<string[]> {
    const found = new Set<string>();
    for (const folder of await this.workspace.folders()) {
      const root = findBacklogRoot(folder);
      if (root) found.add(root);
    }
    return [...found];
  }

  /**
   * The root for a request: `requested` when given (it must lie inside a workspace folder, or be
   * the backlog folder of one), else the only backlog of the workspace.
   */
  async resolve(requested?: string): Promise<string> {
    const folders = await this.workspace.folders();
    const roots = await this.backlogFolders();
    if (requested !== undefined) {
      if (!isAbsolute(requested) && folders.length !== 1) throw new BacklogError(`root "${requested}" must be an absolute path when the workspace has ${folders.length} folders`, 'invalid-value');
      const wanted = canonical(isAbsolute(requested) ? requested : resolve(folders[0], requested));
      const allowed = [...folders.map(canonical), ...roots.map(canonical)];
      if (!allowed.some((f) => isInside(wanted, f))) throw new BacklogError(`root "${requested}" is outside the workspace (${folders.join(', ')})`, 'invalid-value');
      const root = findBacklogRoot(wanted);
      if (!root) throw new BacklogError(`No ${BACKLOG_DIR}/ folder at or above ${requested}; run "repo-backlog init" there`, 'not-initialized');
      return root;
    }
    if (roots.length === 1) return roots[0];
    if (roots.length === 0) throw new BacklogError(`No ${BACKLOG_DIR}/ folder in the workspace (${folders.join(', ') || 'no folders'}); run "repo-backlog init" in the repository`, 'not-initialized');
    throw new BacklogError(`The workspace has ${roots.length} backlogs; pass root, one of: ${roots.join(', ')}`, 'invalid-value');
  }

  /** The store of `root`, up to date with the disk (changes by the CLI, the editor or git included). */
  async backlog(root: string): Promise<Backlog> {
    let watched = this.backlogs.get(root);
    if (!watched) {
      watched = WatchedBacklog.open(root);
      this.backlogs.set(root, watched);
      watched.catch(() => this.backlogs.delete(root));
      return (await watched).backlog;
    }
    const w = await watched;
    await w.catchUp();
    return w.backlog;
  }

  /** Stops watching every backlog. */
  async dispose(): Promise<void> {
    for (const w of this.backlogs.values()) (await w.catch(() => undefined))?.dispose();
    this.backlogs.clear();
  }
}

/**
 * A loaded store plus watchers on its folders, so a request re-reads only the files that changed
 * since the last one (re-checking 10,000 files would cost a second). Where watching fails, every
 * request re-reads the whole backlog instead: slower, never stale.
 */
class WatchedBacklog {
  /** Item files changed since the last request, or `all` when something else changed. */
  private pending: Set<string> | 'all' = new Set();
  private readonly watchers: FSWatcher[] = [];
  private watching = true;

  private constructor(readonly backlog: Backlog) {}

  static async open(root: string): Promise<WatchedBacklog> {
    const w = new WatchedBacklog(new Backlog(root, nodeFiles));
    // Watch first, so nothing written during the load goes unseen.
    w.watch();
    await w.backlog.load();
    return w;
  }

  private watch(): void {
    const b = this.backlog;
    const onEvent = (dir: string, itemsDir: boolean) => (_event: string, name: string | Buffer | null) => {
      const file = name === null ? undefined : String(name);
      // Temp files of atomic writes and the parse cache start with a dot; the loader skips them too.
      if (file?.startsWith('.')) return;
      if (itemsDir && file && this.pending !== 'all') this.pending.add(join(dir, file));
      else this.pending = 'all';
    };
    try {
      for (const [dir, itemsDir] of [[b.dir, false], [b.itemsDir, true], [b.sprintsDir, false], [b.archiveDir, false]] as const) {
        if (!existsSync(dir)) continue;
        const watcher = watch(dir, { persistent: false }, onEvent(dir, itemsDir));
        watcher.on('error', () => this.stopWatching());
        this.watchers.push(watcher);
      }
    } catch {
      this.stopWatching();
    }
  }

  /** Applies what changed on disk since the last request. */
  async catchUp(): Promise<void> {
    // Let file events that arrived with this request be delivered before deciding.
    await new Promise((done) => setImmediate(done));
    if (!this.watching) {
      await this.backlog.refresh();
      return;
    }
    const pending = this.pending;
    this.pending = new Set();
    if (pending === 'all') {
      // A folder may have been replaced (a branch switch): watch the folders there now.
      this.dispose();
      this.watch();
      await this.backlog.refresh();
    } else if (pending.size > 0) await this.backlog.refresh([...pending]);
  }

  private stopWatching(): void {
    this.watching = false;
    this.dispose();
  }

  dispose(): void {
    for (const w of this.watchers.splice(0)) w.close();
  }
}

/** The nearest folder at or above `start` that holds `.backlog/`. */
export function findBacklogRoot(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, BACKLOG_DIR))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** A `file:` URI from the client's roots as a path; other schemes cannot hold a backlog on disk. */
export function rootUriToPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

/** The path with symbolic links resolved where it exists, so a link cannot lead outside. */
export function canonical(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

export function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
