import { spawn } from 'node:child_process';
import { BACKLOG_DIR, type Backlog } from '../core/backlog';
import { parseItemFile } from '../core/itemFile';
import { currentEvents, planningState, scanPlanningState, type HistoryEvent } from '../core/planning/history';
import type { Problem } from '../core/problem';

// Item history from git, in a fixed number of processes whatever the size of the history:
// 1. `git log --raw` lists, for every commit on the current branch's first-parent line, the
//    item files it changed and their new blob ids;
// 2. `git cat-file --batch` streams all those blobs (each distinct blob once).
// Each blob is parsed with the same parser as the live files, so a quoted status or a comment
// reads the same in history as it does now. Following only first parents means a merged branch
// counts from the moment it landed, which is when its changes became true for this branch.
// Every process costs a fork of this (large) one plus git's own start: the reads are chained so
// that each step starts as soon as what it needs is known, and `startGitHistory` lets a caller
// start them before loading the backlog, so git works while the backlog is parsed.

/** Where history came from, for reports to say. */
export type HistorySource = 'git' | 'recorded' | 'none';

export interface LoadedHistory {
  readonly events: HistoryEvent[];
  readonly source: HistorySource;
  readonly problems: Problem[];
  /** When the history was read from a base commit (see `since`): that commit's time; it reaches back at least that far. */
  readonly baseAt?: number;
}

interface ChangedFile {
  /** Which commit (counting from the first one listed) and its commit time in ms. */
  readonly seq: number;
  readonly commit: number;
  readonly path: string;
  readonly id: string;
  /** The new blob, or undefined when the commit deleted the file. */
  readonly blob: string | undefined;
}

const ITEM_PATH = /(?:^|\/)\.backlog\/(?:items|archive)\/([^/]+)\.md$/;
const NULL_SHA = /^0+$/;

/** Runs git and collects stdout; rejects with stderr on a non-zero exit. */
export function git(cwd: string, args: readonly string[], stdin?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`git ${args[0]} failed (${code}): ${Buffer.concat(err).toString('utf8').trim()}`));
    });
    child.stdin.on('error', () => undefined); // git exiting early closes the pipe; the exit code tells why
    child.stdin.end(stdin ?? '');
  });
}

/** True when `root` is inside a git work tree (and git is installed). */
export async function isGitWorkTree(root: string): Promise<boolean> {
  try {
    return (await git(root, ['rev-parse', '--is-inside-work-tree'])).toString('utf8').trim() === 'true';
  } catch {
    return false;
  }
}

/** Parses `git log --raw -z --format=%x01%H %ct` output into the item files each commit changed. */
export function parseRawLog(output: string): ChangedFile[] {
  const files: ChangedFile[] = [];
  const tokens = output.split('\0');
  let commit = 0;
  let seq = -1;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i].replace(/^\n+/, '');
    if (token.startsWith('\x01')) {
      commit = Number(token.slice(1).split(' ')[1]) * 1000;
      seq++;
      continue;
    }
    if (!token.startsWith(':')) continue;
    // :<old mode> <new mode> <old blob> <new blob> <status>, then the path as the next token.
    const fields = token.slice(1).split(' ');
    const path = tokens[++i] ?? '';
    const m = ITEM_PATH.exec(path);
    if (!m || fields.length < 5) continue;
    const status = fields[4][0];
    const blob = status === 'D' || NULL_SHA.test(fields[3]) ? undefined : fields[3];
    files.push({ seq, commit, path, id: m[1], blob });
  }
  return files;
}

/** Splits `git cat-file --batch` output into blob texts by id. */
export function parseCatFileBatch(output: Buffer): Map<string, string> {
  const blobs = new Map<string, string>();
  for (const object of catFileObjects(output)) if (object) blobs.set(object.sha, object.text);
  return blobs;
}

interface CatFileObject {
  readonly sha: string;
  /** blob, tree, commit or tag. */
  readonly type: string;
  readonly text: string;
}

/** `git cat-file --batch` output as one entry per line asked for, in order: undefined where git said "missing". */
export function catFileObjects(output: Buffer): (CatFileObject | undefined)[] {
  const objects: (CatFileObject | undefined)[] = [];
  let at = 0;
  while (at < output.length) {
    const nl = output.indexOf(0x0a, at);
    if (nl === -1) break;
    const header = output.toString('utf8', at, nl).split(' ');
    at = nl + 1;
    if (header[header.length - 1] === 'missing' || header.length < 3) {
      objects.push(undefined);
      continue;
    }
    const size = Number(header[2]);
    objects.push({ sha: header[0], type: header[1], text: output.toString('utf8', at, at + size) });
    at += size + 1; // the content is followed by a newline
  }
  return objects;
}

export interface GitHistoryOptions {
  /**
   * Only history from this moment (ms) on matters: the log is read from the last commit before
   * it, whose tree gives every item's state at that commit. Reports about one sprint need only
   * its weeks, and diffing a 10,000-file items folder for every commit of a long history is
   * what makes `git log` slow.
   */
  readonly since?: number;
  /**
   * With `since`: also report every item's state at the base commit (default true), or only
   * the states of items the log changes after it (`'changed'`): enough to tell what each change
   * changed, and far fewer files to read when most items sit still (throughput forecasts).
   */
  readonly snapshotAtSince?: boolean | 'changed';
}

/**
 * Every committed state of every item file under `root/.backlog/` (items and archive), oldest
 * first. Undefined when `root` is not in a git repository.
 */
export async function readGitHistory(root: string, options: GitHistoryOptions = {}): Promise<HistoryEvent[] | undefined> {
  return (await readGitHistoryFrom(root, options))?.events;
}

/** Item history read from git (see `readGitHistoryFrom`). */
export interface GitHistoryRead {
  readonly events: HistoryEvent[];
  /** When the log was read from a base commit: that commit's time. */
  readonly baseAt?: number;
}

/** The folders an item file can be in, in the order git lists them. */
const BASE_FOLDERS = ['archive', 'items'] as const;

/** The objects named (blob ids or `rev:path`), one entry per name in order; none asked, no process. */
async function catFile(root: string, names: readonly string[]): Promise<ReturnType<typeof catFileObjects>> {
  return names.length > 0 ? catFileObjects(await git(root, ['cat-file', '--batch'], names.join('\n') + '\n')) : [];
}

/**
 * Starts `readGitHistoryFrom` now, for `loadHistory` to take as `git` later: git then works while
 * the caller does something else (the CLI loads the backlog meanwhile). A failure is kept for
 * whoever awaits the promise, never reported as unhandled.
 */
export function startGitHistory(root: string, options: GitHistoryOptions = {}): Promise<GitHistoryRead | undefined> {
  const started = readGitHistoryFrom(root, options);
  started.catch(() => undefined);
  return started;
}

/** `readGitHistory`, also saying when the base commit was (when the log was read from one). */
export async function readGitHistoryFrom(root: string, options: GitHistoryOptions = {}): Promise<GitHistoryRead | undefined> {
  const paths = [`${BACKLOG_DIR}/items`, `${BACKLOG_DIR}/archive`];
  // Whether this is a repository and which commit the window starts from are asked together.
  const [inside, baseLine] = await Promise.all([
    isGitWorkTree(root),
    options.since === undefined
      ? undefined
      : git(root, ['log', '-1', '--first-parent', `--before=${new Date(options.since).toISOString()}`, '--format=%H %ct', 'HEAD']).then(
          (out) => out.toString('utf8').trim(),
          (e: Error) => e,
        ),
  ]);
  if (!inside) return undefined;
  if (baseLine instanceof Error) {
    if (/does not have any commits|bad default revision|unknown revision|ambiguous argument 'HEAD'/.test(baseLine.message)) return { events: [] };
    throw baseLine;
  }
  const base = baseLine ? { sha: baseLine.split(' ')[0], at: Number(baseLine.split(' ')[1]) * 1000 } : undefined;
  let log: Buffer;
  try {
    log = await git(root, [
      '-c', 'core.quotepath=false', 'log', '--first-parent', '-m', '--raw', '--no-abbrev', '--no-renames', '-z', '--reverse',
      '--format=%x01%H %ct', ...(base ? [`${base.sha}..HEAD`] : []), '--', ...paths,
    ]);
  } catch (e) {
    // A repository without commits yet has no history.
    if (/does not have any commits|bad default revision|unknown revision/.test((e as Error).message)) return { events: [] };
    throw e;
  }
  const logged = parseRawLog(log.toString('utf8'));
  const loggedBlobs = [...new Set(logged.map((c) => c.blob).filter((b): b is string => b !== undefined))];
  const blobs = new Map<string, string>();
  const baseFiles: ChangedFile[] = [];
  if (base && options.snapshotAtSince !== false) {
    const changedIds = options.snapshotAtSince === 'changed' ? [...new Set(logged.map((c) => c.id))].sort() : undefined;
    if (changedIds && !changedIds.some((id) => /[\n\r]/.test(id))) {
      // Only the changed items' files at the base commit, asked for by path in the same
      // cat-file as the logged blobs (one process fewer than listing the base tree, which holds
      // every item). Archive before items, as the tree lists them: the items file wins.
      const wanted = BASE_FOLDERS.flatMap((folder) => changedIds.map((id) => `${base.sha}:./${BACKLOG_DIR}/${folder}/${id}.md`));
      const objects = await catFile(root, [...wanted, ...loggedBlobs]);
      for (let k = 0; k < wanted.length; k++) {
        const object = objects[k];
        if (object?.type === 'blob') baseFiles.push({ seq: -1, commit: base.at, path: wanted[k].slice(base.sha.length + 3), id: changedIds[k % changedIds.length], blob: object.sha });
      }
      for (const object of objects) if (object) blobs.set(object.sha, object.text);
    } else {
      const tree = (await git(root, ['-c', 'core.quotepath=false', 'ls-tree', '-r', '-z', base.sha, '--', ...paths])).toString('utf8');
      const only = changedIds && new Set(changedIds);
      for (const entry of tree.split('\0')) {
        const tab = entry.indexOf('\t');
        const [, type, blob] = entry.slice(0, tab).split(' ');
        const path = entry.slice(tab + 1);
        const m = ITEM_PATH.exec(path);
        if (type === 'blob' && m && (!only || only.has(m[1]))) baseFiles.push({ seq: -1, commit: base.at, path, id: m[1], blob });
      }
    }
  }
  const changes = [...baseFiles, ...logged];
  const missing = [...new Set(changes.map((c) => c.blob).filter((b): b is string => b !== undefined && !blobs.has(b)))];
  for (const object of await catFile(root, missing)) if (object) blobs.set(object.sha, object.text);

  const parsedBlobs = new Map<string, HistoryEvent['state'] | null>();
  const stateOf = (blob: string, path: string) => {
    let state = parsedBlobs.get(blob);
    if (state === undefined) {
      const text = blobs.get(blob);
      const scanned = text === undefined ? undefined : scanPlanningState(text);
      const item = scanned || text === undefined ? undefined : parseItemFile(path, text).item;
      // null: this version could not be read (a committed conflict); the previous state stands.
      state = scanned ? scanned.state : item ? planningState(item) : null;
      parsedBlobs.set(blob, state);
    }
    return state;
  };

  // Within one commit an item can be deleted in one folder and added in the other (archiving);
  // the added file wins.
  const events: HistoryEvent[] = [];
  for (let i = 0; i < changes.length; ) {
    let j = i;
    while (j < changes.length && changes[j].seq === changes[i].seq) j++;
    const perId = new Map<string, HistoryEvent['state'] | null>();
    for (const c of changes.slice(i, j)) {
      if (c.blob === undefined) {
        if (!perId.has(c.id)) perId.set(c.id, undefined);
      } else {
        const state = stateOf(c.blob, c.path);
        if (state !== null || !perId.has(c.id)) perId.set(c.id, state);
      }
    }
    for (const [id, state] of perId) if (state !== null) events.push({ at: changes[i].commit, id, state });
    i = j;
  }
  return { events, baseAt: base?.at };
}

/**
 * History for sprint reviews: git when the backlog is in a repository, plus anything the store
 * recorded (a backlog kept outside git, or before it was put in git), plus the files as they
 * are now (uncommitted changes count) — live items and the archive.
 */
export async function loadHistory(
  backlog: Backlog,
  now: number,
  options: GitHistoryOptions & { readonly useGit?: boolean; /** Git history already being read (`startGitHistory`) with these options. */ readonly git?: Promise<GitHistoryRead | undefined> } = {},
): Promise<LoadedHistory> {
  // Not in an untrusted workspace: git obeys the repository's own config (core.fsmonitor, hooks),
  // so running it there runs whatever the clone says.
  const [fromGit, recorded, archive] = await Promise.all([
    options.useGit === false ? undefined : (options.git ?? readGitHistoryFrom(backlog.root, options)),
    backlog.readRecordedHistory(),
    backlog.readArchive(),
  ]);
  const gitEvents = fromGit?.events;
  const events = [
    ...(gitEvents ?? []),
    ...recorded.events,
    ...currentEvents(archive.items, now),
    ...currentEvents(backlog.snapshot.items, now),
  ];
  const source: HistorySource = gitEvents !== undefined ? 'git' : recorded.events.length > 0 ? 'recorded' : 'none';
  return { events, source, problems: recorded.problems, baseAt: fromGit?.baseAt };
}
