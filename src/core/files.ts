/** Size and modification time, enough to tell that a file may have changed. */
export interface FileStat {
  readonly mtimeMs: number;
  readonly size: number;
}

/**
 * The narrow file-system surface the backlog needs. The CLI and the extension pass a Node
 * implementation; unit tests pass an in-memory one. Paths are absolute.
 */
export interface BacklogFiles {
  /** Rejects with an error whose `code` is 'ENOENT' when the file does not exist. */
  readText(path: string): Promise<string>;
  /**
   * Writes through a temporary file and a rename, so readers never see half a file. Parts are
   * written one after another as they are produced (a large file need not exist as one string).
   */
  writeTextAtomic(path: string, text: string | Iterable<string>): Promise<void>;
  /**
   * Creates a new file; rejects with code 'EEXIST' if it already exists. May resolve to the new
   * file's stat when that comes for free (it lets the parse cache keep the new file).
   */
  createExclusive(path: string, text: string): Promise<FileStat | undefined | void>;
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
}

export function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}

export function isAlreadyExists(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EEXIST';
}
