import type { BacklogFiles, FileStat } from './files';
import type { ParsedItemFile } from './itemFile';
import { joinPath } from './paths';

// Parsing YAML costs ~75 µs an item, so 10,000 items take ~0.8 s to parse: too slow for a CLI
// that CI calls in a loop and for a tree that should appear at once. The parse results are kept
// in `.backlog/.cache/` (which ignores itself in git) keyed by each file's size, mtime, ctime and
// inode; a file whose stat changed is parsed again. Size and mtime alone can be restored by hand
// (`touch -d`, an editor keeping times) and the cache would hide the edit; the ctime moves on any
// change and cannot be set back. The cache is only ever a shortcut: deleting it is safe.

// Bump whenever what a parse yields changes shape (3: items gained `parent`, `milestone` and
// `blockedBy`), so a cache written by an older version is parsed again instead of trusted.
const CACHE_VERSION = 3;

interface CacheEntry {
  readonly m: number;
  readonly s: number;
  /** ctime and inode, where the file system gives them. */
  readonly c?: number;
  readonly i?: number;
  readonly p: ParsedItemFile;
}

interface CacheFile {
  readonly version: number;
  readonly itemsDir: string;
  readonly entries: Record<string, CacheEntry>;
}

/** `.backlog/.cache/.gitignore`: the folder keeps machine-local state only. */
export const CACHE_GITIGNORE = '# Repo Backlog parse cache: safe to delete, never commit.\n*\n';

/** The cache holds every item's parse: allow far more than one item file may hold. */
const CACHE_MAX_BYTES = 1024 * 1024 * 1024;

export class ItemIndexCache {
  private entries = new Map<string, CacheEntry>();
  private dirty = false;
  private loaded = false;
  /** An entry was found wrong and dropped: save soon, or the next process trusts it again. */
  private stale = false;

  constructor(
    private readonly files: BacklogFiles,
    private readonly cacheDir: string,
    private readonly itemsDir: string,
  ) {}

  private get path(): string {
    return joinPath(this.cacheDir, 'items-index.json');
  }

  get isDirty(): boolean {
    return this.dirty;
  }

  /** Reads the cache file, once: after that the entries in memory are at least as good. */
  async load(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    try {
      const data = JSON.parse(await this.files.readText(this.path, CACHE_MAX_BYTES)) as CacheFile;
      if (data.version === CACHE_VERSION && data.itemsDir === this.itemsDir && typeof data.entries === 'object') {
        this.entries = new Map(Object.entries(data.entries));
      }
    } catch {
      // Missing or unreadable: start empty; it is rebuilt on the next save.
    }
  }

  get(name: string, stat: FileStat): ParsedItemFile | undefined {
    const e = this.entries.get(name);
    return e && e.m === stat.mtimeMs && e.s === stat.size && e.c === stat.ctimeMs && e.i === stat.ino ? e.p : undefined;
  }

  set(name: string, stat: FileStat, parsed: ParsedItemFile): void {
    this.entries.set(name, { m: stat.mtimeMs, s: stat.size, c: stat.ctimeMs, i: stat.ino, p: parsed });
    this.dirty = true;
  }

  /** Drops an entry found not to match its file. */
  forget(name: string): void {
    if (!this.entries.delete(name)) return;
    this.dirty = true;
    this.stale = true;
  }

  /** Saves only if an entry was dropped as wrong (new entries wait for a load to save them). */
  async saveIfStale(): Promise<void> {
    if (this.stale) await this.save();
  }

  /** Drops entries for files that no longer exist. */
  retain(names: ReadonlySet<string>): void {
    for (const name of this.entries.keys()) {
      if (!names.has(name)) {
        this.entries.delete(name);
        this.dirty = true;
      }
    }
  }

  /**
   * The cache file (a `CacheFile` as JSON), made part by part as it is written: for 10,000
   * items one string would be ~15 MB, twice that in memory as UTF-16, plus its UTF-8 copy.
   */
  private *serialize(): Generator<string> {
    let batch: string[] = [];
    let first = true;
    const head: Omit<CacheFile, 'entries'> = { version: CACHE_VERSION, itemsDir: this.itemsDir };
    yield `${JSON.stringify(head).slice(0, -1)},"entries":{`;
    for (const [name, entry] of this.entries) {
      batch.push(`${first ? '' : ','}${JSON.stringify(name)}:${JSON.stringify(entry)}`);
      first = false;
      if (batch.length === 500) {
        yield batch.join('');
        batch = [];
      }
    }
    yield `${batch.join('')}}}`;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    try {
      await this.files.mkdirp(this.cacheDir);
      const ignore = joinPath(this.cacheDir, '.gitignore');
      if (!(await this.files.stat(ignore))) await this.files.writeTextAtomic(ignore, CACHE_GITIGNORE);
      await this.files.writeTextAtomic(this.path, this.serialize());
      this.dirty = false;
      this.stale = false;
    } catch {
      // A read-only checkout still works, just without the shortcut.
    }
  }
}
