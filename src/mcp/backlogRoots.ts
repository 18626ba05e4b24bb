import { existsSync, realpathSync } from 'node:fs';
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
  /** One store per backlog folder, kept between requests and refreshed from disk for each. */
  private readonly backlogs = new Map<string, Backlog>();

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
    let backlog = this.backlogs.get(root);
    if (!backlog) {
      backlog = new Backlog(root, nodeFiles);
      this.backlogs.set(root, backlog);
      await backlog.load();
    } else await backlog.refresh();
    return backlog;
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
