import { isUtf8 } from 'node:buffer';
import { closeSync, constants as fsConstants, fstatSync, openSync, promises as fs, readdirSync, readFileSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { decodeSource, type SourceEncoding, type Utf8Decoder } from '../core/todos/decode';
import { BINARY_EXTENSIONS, languageForPath, type SourceLanguage } from '../core/todos/languages';
import type { TodoComment, TodoScanner } from '../core/todos/scanner';
import type { ScanWorkerPool, WireSource } from './scanWorkers';

/** A scanned file that holds TODO comments, with what is needed to quote and edit it. */
export interface ScannedSource {
  /** Path relative to the scan root, '/' separators. */
  readonly path: string;
  readonly absolutePath: string;
  readonly language: SourceLanguage;
  readonly text: string;
  readonly encoding: SourceEncoding;
  readonly todos: readonly TodoComment[];
  /** The file held more tags than the scanner's per-file cap: only the first ones were read. */
  readonly capped?: boolean;
}

/** Why a FIFO, socket or device is skipped: reading one can block forever or never end. */
const NOT_A_REGULAR_FILE = 'not a regular file (a FIFO, socket or device); only regular files are read';

/** A file that was not scanned, and why: nothing is dropped silently. */
export interface SkippedSource {
  readonly path: string;
  readonly reason: 'binary' | 'too-large' | 'unreadable';
  readonly detail?: string;
}

export interface WorkspaceScanOptions {
  readonly scanner: TodoScanner;
  /** Files or folders to scan (absolute or relative to the root); default the whole root. */
  readonly paths?: readonly string[];
  /** Honour `.gitignore` files at every level and `.git/info/exclude` (default true). */
  readonly gitignore?: boolean;
  /** Also scan hidden files and folders (default false, like ripgrep); `.git` is always skipped. */
  readonly hidden?: boolean;
  /** Bigger files are skipped as generated or data (default 1 MiB). */
  readonly maxFileSize?: number;
  /** Longest synchronous stretch of reading before yielding to the event loop (default 8 ms). */
  readonly sliceMs?: number;
  readonly signal?: AbortSignal;
  /** Called for every file the walk yields (before reading it); for counting and listing. */
  readonly onFile?: (path: string) => void;
  /**
   * Further paths to leave out (the editor's `files.exclude`), asked for every entry the walk
   * meets, folders included (without a trailing '/'), so an excluded folder is never entered.
   */
  readonly exclude?: (path: string) => boolean;
  /**
   * Worker threads to read and scan files on (the walk stays on this thread): uses the other
   * cores, and keeps the caller's event loop free for whatever else it runs.
   */
  readonly workers?: ScanWorkerPool;
}

export interface WorkspaceScan {
  /** Files with at least one TODO comment, sorted by path. */
  readonly files: readonly ScannedSource[];
  /** How many files were read and checked (binary and over-size ones included). */
  readonly filesVisited: number;
  readonly skipped: readonly SkippedSource[];
}

/** A scan asked for something it must not do, e.g. a path outside the workspace folder. */
export class TodoScanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TodoScanError';
  }
}

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

const nodeUtf8: Utf8Decoder = (bytes) => {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isUtf8(buf) ? buf.toString('utf8') : undefined;
};

/** Decodes file bytes the way the scan does (UTF-8, UTF-16 with BOM, else Latin-1; NUL → binary). */
export function decodeFileBytes(bytes: Uint8Array): ReturnType<typeof decodeSource> {
  return decodeSource(bytes, nodeUtf8);
}

/** Resolves `path` against `root` and refuses anything outside it (including through symlinks). */
export function insideRoot(root: string, path: string): string {
  const absolute = resolve(root, path);
  const check = (r: string, p: string) => {
    const rel = relative(r, p);
    return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
  };
  let real = absolute;
  let realRoot = root;
  try {
    realRoot = realpathSync(root);
    real = realpathSync(absolute);
  } catch {
    // A path that does not exist is checked as written; reading it will report it.
  }
  if (!check(resolve(root), absolute) || !check(realRoot, real)) throw new TodoScanError(`${path} is outside the workspace folder ${root}; refusing to scan or link it`);
  return absolute;
}

/**
 * Scans a folder tree for TODO comments. Honours nested `.gitignore` files the way git does
 * (a deeper file overrides a shallower one, an ignored folder is never entered), skips hidden
 * entries and symlinks like ripgrep. Files are tested for a tag on their raw bytes before
 * anything is decoded, so most are never lexed.
 *
 * Reads are synchronous in time slices of `sliceMs`, yielding to the event loop in between:
 * on a warm disk cache, four thread-pool round trips per file (open, fstat, read, close) cost
 * three times more than the reads themselves, while a slice keeps the event loop free to run
 * other work (the extension host, a cancel) every few milliseconds.
 */
export async function scanWorkspace(root: string, options: WorkspaceScanOptions): Promise<WorkspaceScan> {
  const absRoot = resolve(root);
  const targets = (options.paths && options.paths.length > 0 ? options.paths : [absRoot]).map((p) => insideRoot(absRoot, p));
  const found: ScannedSource[] = [];
  const skipped: SkippedSource[] = [];
  let visited = 0;
  const maxSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const useGitignore = options.gitignore !== false;
  const sliceMs = options.sliceMs ?? 8;
  const rootRules: Rules[] = [];
  if (useGitignore) {
    const exclude = readIgnoreFile(join(absRoot, '.git', 'info', 'exclude'));
    if (exclude) rootRules.push({ base: '', ig: exclude });
  }
  const dirs: { abs: string; rel: string; rules: readonly Rules[] }[] = [];
  const files: { abs: string; rel: string }[] = [];

  const addFile = (abs: string, rel: string) => {
    options.onFile?.(rel);
    visited++;
    const dot = rel.lastIndexOf('.');
    if (dot > rel.lastIndexOf('/') && BINARY_EXTENSIONS.has(rel.slice(dot + 1).toLowerCase())) skipped.push({ path: rel, reason: 'binary' });
    else files.push({ abs, rel });
  };

  const readDir = (abs: string, rel: string, rules: readonly Rules[]) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      skipped.push({ path: rel || '.', reason: 'unreadable', detail: (e as Error).message });
      return;
    }
    let here = rules;
    if (useGitignore && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      const ig = readIgnoreFile(join(abs, '.gitignore'));
      if (ig) here = [...rules, { base: rel, ig }];
    }
    // Reversed so that popping from the stacks visits entries in directory order.
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i];
      const name = e.name;
      if (name === '.git' || (!options.hidden && name.charCodeAt(0) === 46)) continue;
      if (e.isSymbolicLink()) continue;
      const childRel = rel ? `${rel}/${name}` : name;
      const isDir = e.isDirectory();
      if (useGitignore && isIgnored(here, childRel, isDir)) continue;
      if (options.exclude?.(childRel)) continue;
      if (!isDir && !e.isFile()) {
        skipped.push({ path: childRel, reason: 'unreadable', detail: NOT_A_REGULAR_FILE });
        continue;
      }
      if (isDir) dirs.push({ abs: join(abs, name), rel: childRel, rules: here });
      else addFile(join(abs, name), childRel);
    }
  };

  for (const target of targets) {
    const rel = toPosix(relative(absRoot, target));
    let stat;
    try {
      stat = statSync(target);
    } catch (e) {
      throw new TodoScanError(`Cannot scan ${rel || '.'}: ${(e as Error).message}`);
    }
    // An explicitly named file is scanned even if ignored; a folder's contents follow the rules.
    if (stat.isDirectory()) dirs.push({ abs: target, rel, rules: useGitignore ? rulesAbove(absRoot, rel, rootRules) : [] });
    else if (!stat.isFile()) skipped.push({ path: rel, reason: 'unreadable', detail: NOT_A_REGULAR_FILE });
    else addFile(target, rel);
  }

  let sliceStart = performance.now();
  // One buffer for every read: a fresh one per file costs an allocation and, in a new process,
  // page faults on memory never touched before (a third of the read time in a CLI run).
  const readBuffer = Buffer.allocUnsafeSlow(Math.min(maxSize, DEFAULT_MAX_FILE_SIZE));
  const accept = (result: ScannedSource | SkippedSource | undefined) => {
    if (result === undefined) return;
    if ('reason' in result) skipped.push(result);
    else found.push(result);
  };
  const batches: Promise<void>[] = [];
  const pool = options.workers;
  while (files.length > 0 || dirs.length > 0) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('Scan cancelled');
    if (pool && (files.length >= WORKER_BATCH || (dirs.length === 0 && files.length > 0))) {
      const batch = files.splice(0, WORKER_BATCH);
      batches.push(
        pool.scan(batch, options.scanner.options, maxSize).then(
          (results) => results.forEach((r) => accept(r === null ? undefined : 'reason' in r ? r : fromWire(r))),
          // A worker that failed (out of memory, killed) loses no files: they are read here.
          () => batch.forEach((f) => accept(scanSourceFileSync(f.abs, f.rel, options.scanner, maxSize))),
        ),
      );
      continue;
    }
    const file = pool ? undefined : files.pop();
    if (file) {
      accept(scanSourceFileSync(file.abs, file.rel, options.scanner, maxSize, readBuffer));
    } else {
      const dir = dirs.pop()!;
      readDir(dir.abs, dir.rel, dir.rules);
    }
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise<void>((r) => setImmediate(r));
      sliceStart = performance.now();
    }
  }
  await Promise.all(batches);
  if (options.signal?.aborted) throw options.signal.reason ?? new Error('Scan cancelled');
  found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: found, filesVisited: visited, skipped };
}

/**
 * Reads and scans one file (e.g. after a save). Returns undefined when it holds no TODO
 * comment, a SkippedSource when it is binary, too large or unreadable.
 */
export async function scanSourceFile(abs: string, rel: string, scanner: TodoScanner, maxSize: number = DEFAULT_MAX_FILE_SIZE): Promise<ScannedSource | SkippedSource | undefined> {
  return scanSourceFileSync(abs, rel, scanner, maxSize);
}

/** Files handed to a worker at a time: enough to amortise a message, few enough to balance the workers. */
const WORKER_BATCH = 64;

/** A worker's result, decoding the text only when someone reads it (listing and tracking never do). */
function fromWire(w: WireSource): ScannedSource {
  const buf = Buffer.from(w.bytes.buffer, w.bytes.byteOffset, w.bytes.byteLength);
  let text: string | undefined;
  const decode = () => {
    if (text === undefined) {
      const d = decodeFileBytes(buf);
      text = d.kind === 'text' ? d.text : '';
    }
    return text;
  };
  const head = w.encoding === 'utf8' || w.encoding === 'latin1' ? buf.toString('latin1', 0, 256) : decode().slice(0, 256);
  return {
    path: w.path,
    absolutePath: w.absolutePath,
    encoding: w.encoding,
    todos: w.todos,
    ...(w.capped ? { capped: true } : {}),
    language: languageForPath(w.path, head),
    get text() {
      return decode();
    },
  };
}

function scanSourceFileSync(abs: string, rel: string, scanner: TodoScanner, maxSize: number, into?: Buffer): ScannedSource | SkippedSource | undefined {
  let bytes: Buffer;
  try {
    const read = readBounded(abs, maxSize, into);
    if (read === 'too-large') return { path: rel, reason: 'too-large', detail: `over ${maxSize} bytes` };
    bytes = read;
  } catch (e) {
    return { path: rel, reason: 'unreadable', detail: (e as Error).message };
  }
  return scanSourceBytes(bytes, abs, rel, scanner);
}

/** Scans file contents already in memory (a worker, a test). */
export function scanSourceBytes(bytes: Buffer, abs: string, rel: string, scanner: TodoScanner): ScannedSource | SkippedSource | undefined {
  const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (!utf16) {
    if (bytes.subarray(0, 1024).indexOf(0) !== -1) return { path: rel, reason: 'binary' };
    // Tags are ASCII: in UTF-8 and Latin-1 their bytes appear as is, so a file without them
    // needs no decoding at all. That is most files.
    if (scanner.tagBytes.length > 0 && !scanner.tagBytes.some((t) => bytes.indexOf(t) !== -1)) return undefined;
  }
  const decoded = decodeFileBytes(bytes);
  if (decoded.kind === 'binary') return { path: rel, reason: 'binary' };
  const head = decoded.text.slice(0, 256);
  const language = languageForPath(rel, head);
  const { todos, capped } = scanner.scanBounded(decoded.text, language);
  if (todos.length === 0) return undefined;
  return { path: rel, absolutePath: abs, language, text: decoded.text, encoding: decoded.encoding, todos, ...(capped ? { capped } : {}) };
}

/**
 * Reads a whole file unless it is bigger than `max` (checked with fstat before reading). Into
 * `into` when it is big enough: the result is then a view of it, valid until the next read
 * (every decode copies, so nothing keeps it).
 */
export function readBounded(path: string, max: number, into?: Buffer): Buffer | 'too-large' {
  // Non-blocking, so a path that became a FIFO after it was listed cannot hang the open waiting
  // for a writer; fstat on the open file then refuses anything but a regular file.
  const fd = openSync(path, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error(NOT_A_REGULAR_FILE);
    const size = stat.size;
    if (size > max) return 'too-large';
    const buf = into && into.length >= size ? into : Buffer.allocUnsafe(size);
    let offset = 0;
    while (offset < size) {
      const n = readSync(fd, buf, offset, size - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    return buf.subarray(0, offset);
  } finally {
    closeSync(fd);
  }
}

interface Rules {
  /** Folder of the .gitignore, relative to the scan root ('' for the root). */
  readonly base: string;
  readonly ig: Ignore;
}

function isIgnored(rules: readonly Rules[], rel: string, isDir: boolean): boolean {
  let ignored = false;
  for (const { base, ig } of rules) {
    const sub = base === '' ? rel : rel.slice(base.length + 1);
    const r = ig.test(isDir ? sub + '/' : sub);
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  }
  return ignored;
}

/** The rules that apply inside `rel` from the .gitignore files of its parent folders. */
function rulesAbove(root: string, rel: string, rootRules: readonly Rules[]): Rules[] {
  const rules = [...rootRules];
  const parts = rel ? rel.split('/') : [];
  for (let i = 0; i < parts.length; i++) {
    const base = parts.slice(0, i).join('/');
    const ig = readIgnoreFile(join(root, base, '.gitignore'));
    if (ig) rules.push({ base, ig });
    if (isIgnored(rules, parts.slice(0, i + 1).join('/'), true)) break;
  }
  return rules;
}

/**
 * Answers "would the walk skip this path?" for single paths, e.g. a file watcher's event, with
 * the same rules as `scanWorkspace`: hidden entries, `.git`, and every `.gitignore` above the
 * path. Each folder's rules are read once and cached; call `clear()` when a `.gitignore` changes.
 */
export class IgnoreRules {
  private readonly cache = new Map<string, readonly Rules[]>();

  constructor(
    private readonly root: string,
    private readonly options: { readonly gitignore?: boolean; readonly hidden?: boolean } = {},
  ) {}

  /** True when `rel` (relative to the root, '/' separators) or a folder above it is skipped. */
  ignores(rel: string, isDir = false): boolean {
    const parts = rel.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.length === 0) return false;
    if (parts.some((p) => p === '.git' || p === '..' || (!this.options.hidden && p.charCodeAt(0) === 46))) return true;
    if (this.options.gitignore === false) return false;
    let rules = this.rulesIn('', []);
    for (let i = 0; i < parts.length; i++) {
      const sub = parts.slice(0, i + 1).join('/');
      const last = i === parts.length - 1;
      if (isIgnored(rules, sub, last ? isDir : true)) return true;
      if (!last) rules = this.rulesIn(sub, rules);
    }
    return false;
  }

  clear(): void {
    this.cache.clear();
  }

  private rulesIn(dir: string, parent: readonly Rules[]): readonly Rules[] {
    let rules = this.cache.get(dir);
    if (rules) return rules;
    const own: Rules[] = [];
    if (dir === '') {
      const exclude = readIgnoreFile(join(this.root, '.git', 'info', 'exclude'));
      if (exclude) own.push({ base: '', ig: exclude });
    }
    const ig = readIgnoreFile(join(this.root, dir, '.gitignore'));
    if (ig) own.push({ base: dir, ig });
    rules = own.length > 0 ? [...parent, ...own] : parent;
    this.cache.set(dir, rules);
    return rules;
  }
}

function readIgnoreFile(path: string): Ignore | undefined {
  try {
    return ignore().add(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/** Writes bytes through a temporary file in the same folder and a rename, keeping the file's mode. */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const st = await fs.stat(path);
  const tmp = join(dirname(path), `.${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}.tmp`);
  try {
    await fs.writeFile(tmp, bytes, { flag: 'wx', mode: st.mode & 0o7777 });
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}
