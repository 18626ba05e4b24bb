/**
 * What a file's stat says about it: enough to tell that it may have changed. `ctimeMs` and `ino`
 * cannot be set back by hand (restoring an mtime moves the ctime), so the parse cache keys on
 * them where the file system gives them.
 */
export interface FileStat {
  readonly mtimeMs: number;
  readonly size: number;
  readonly ctimeMs?: number;
  readonly ino?: number;
}

/** Releases a write lock taken with `BacklogFiles.lock`. */
export type ReleaseLock = () => Promise<void>;

export interface LockOptions {
  /** Wait for another process to release it (default). When false, resolves to undefined if it is held. */
  readonly wait?: boolean;
  /** Told when a lock left behind by a process that stopped was taken over. */
  readonly onNotice?: (message: string) => void;
}

export interface WriteOptions {
  /**
   * Sync the file's data to disk before it takes its name (default true). A bulk write of
   * thousands of new files passes false and syncs their folder once: a sync per file doubled an
   * import's time, and only a power loss mid-import (not a killed process) can then leave a new
   * file empty, which `check` reports.
   */
  readonly sync?: boolean;
}

/** The most a file read by the backlog may hold (a clone could point an item at something huge). */
export const MAX_READ_BYTES = 16 * 1024 * 1024;

/**
 * The narrow file-system surface the backlog needs. The CLI and the extension pass a Node
 * implementation; unit tests pass an in-memory one. Paths are absolute.
 */
export interface BacklogFiles {
  /**
   * Reads a regular file, never through a symbolic link and never more than `maxBytes`
   * (default MAX_READ_BYTES), checked before reading. Rejects with an error whose `code` is
   * 'ENOENT' when the file does not exist, 'ENOTREG' when it is not a regular file (a link, a
   * folder, a device) and 'EFBIG' when it is too large.
   */
  readText(path: string, maxBytes?: number): Promise<string>;
  /**
   * Writes through a synced temporary file and a rename, so readers never see half a file and a
   * crash leaves the old or the new file. Parts are written one after another as they are
   * produced (a large file need not exist as one string). An existing file keeps its mode.
   */
  writeTextAtomic(path: string, text: string | Iterable<string>, options?: WriteOptions): Promise<void>;
  /**
   * Creates a new file; rejects with code 'EEXIST' if it already exists. May resolve to the new
   * file's stat when that comes for free (it lets the parse cache keep the new file).
   */
  createExclusive(path: string, text: string, options?: WriteOptions): Promise<FileStat | undefined | void>;
  /** Names of the entries in `dir`; empty when it does not exist. */
  list(dir: string): Promise<string[]>;
  stat(path: string): Promise<FileStat | undefined>;
  /**
   * Optional: many stats at once. A backlog load stats every item file to check the parse cache;
   * on Node, synchronous stats in one go are about twice as fast as 10,000 promises.
   */
  statMany?(paths: readonly string[]): Promise<(FileStat | undefined)[]>;
  isDirectory(path: string): Promise<boolean>;
  remove(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  mkdirp(dir: string): Promise<void>;
  /** The path with every symbolic link resolved; undefined when it does not exist. */
  realPath(path: string): Promise<string | undefined>;
  /** Makes the names created or removed in `dir` durable (after many new files, once). */
  syncDir(dir: string): Promise<void>;
  /**
   * Takes the backlog's write lock, shared by every process on this machine (and others on the
   * same disk): a folder at `lockPath`. A lock whose holder stopped (kill -9, power loss) is
   * taken over once it is stale. Rejects with code 'ELOCKED' when waiting gives up.
   */
  lock(lockPath: string, options?: LockOptions): Promise<ReleaseLock | undefined>;
  /**
   * Removes temporary files in `dir` left by writes that never finished (a killed process).
   * Call only while holding the lock, so no running write owns them. Returns their names.
   */
  removeLeftoverTemps(dir: string): Promise<string[]>;
}

export function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}

export function isAlreadyExists(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EEXIST';
}

/** An error's `code`, if it has one (Node's errno codes and ours). */
export function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** Temporary files of an atomic write: `.<random>-<pid>-<n>.tmp` (a dot name the loader skips). */
export const TEMP_FILE = /^\.[0-9a-f]{8}-(\d+)-[0-9a-z]+\.tmp$/;
