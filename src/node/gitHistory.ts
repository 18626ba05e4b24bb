import { spawn } from 'node:child_process';
import { BACKLOG_DIR, type Backlog } from '../core/backlog';
import { parseItemFile } from '../core/itemFile';
import { currentEvents, planningState, scanPlanningState, type HistoryEvent } from '../core/planning/history';
import type { Problem } from '../core/problem';

// Item history from git, in two processes whatever the size of the history:
// 1. `git log --raw` lists, for every commit on the current branch's first-parent line, the
//    item files it changed and their new blob ids;
// 2. `git cat-file --batch` streams all those blobs (each distinct blob once).
// Each blob is parsed with the same parser as the live files, so a quoted status or a comment
// reads the same in history as it does now. Following only first parents means a merged branch
// counts from the moment it landed, which is when its changes became true for this branch.

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
  let at = 0;
  while (at < output.length) {
    const nl = output.indexOf(0x0a, at);
    if (nl === -1) break;
    const header = output.toString('utf8', at, nl).split(' ');
    at = nl + 1;
    if (header[1] === 'missing' || header.length < 3) continue;
    const size = Number(header[2]);
    blobs.set(header[0], output.toString('utf8', at, at + size));
    at += size + 1; // the content is followed by a newline
  }
  return blobs;
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

/** `readGitHistory`, also saying when the base commit was (when the log was read from one). */
export async function readGitHistoryFrom(root: string, options: GitHistoryOptions = {}): Promise<{ events: HistoryEvent[]; baseAt?: number } | undefined> {
  if (!(await isGitWorkTree(root))) return undefined;
  const paths = [`${BACKLOG_DIR}/items`, `${BACKLOG_DIR}/archive`];
  let base: { sha: string; at: number } | undefined;
  if (options.since !== undefined) {
    try {
      const line = (await git(root, ['log', '-1', '--first-parent', `--before=${new Date(options.since).toISOString()}`, '--format=%H %ct', 'HEAD'])).toString('utf8').trim();
      if (line) base = { sha: line.split(' ')[0], at: Number(line.split(' ')[1]) * 1000 };
    } catch (e) {
      if (/does not have any commits|bad default revision|unknown revision|ambiguous argument 'HEAD'/.test((e as Error).message)) return { events: [] };
      throw e;
    }
  }
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
  const baseFiles: ChangedFile[] = [];
  if (base && options.snapshotAtSince !== false) {
    const changedIds = options.snapshotAtSince === 'changed' ? new Set(logged.map((c) => c.id)) : undefined;
    const tree = (await git(root, ['-c', 'core.quotepath=false', 'ls-tree', '-r', '-z', base.sha, '--', ...paths])).toString('utf8');
    for (const entry of tree.split('\0')) {
      const tab = entry.indexOf('\t');
      const [, type, blob] = entry.slice(0, tab).split(' ');
      const path = entry.slice(tab + 1);
      const m = ITEM_PATH.exec(path);
      if (type === 'blob' && m && (!changedIds || changedIds.has(m[1]))) baseFiles.push({ seq: -1, commit: base.at, path, id: m[1], blob });
    }
  }
  const changes = [...baseFiles, ...logged];
  const wanted = [...new Set(changes.map((c) => c.blob).filter((b): b is string => b !== undefined))];
  const blobs = wanted.length > 0 ? parseCatFileBatch(await git(root, ['cat-file', '--batch'], wanted.join('\n') + '\n')) : new Map<string, string>();

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
export async function loadHistory(backlog: Backlog, now: number, options: GitHistoryOptions & { readonly useGit?: boolean } = {}): Promise<LoadedHistory> {
  // Not in an untrusted workspace: git obeys the repository's own config (core.fsmonitor, hooks),
  // so running it there runs whatever the clone says.
  const fromGit = options.useGit === false ? undefined : await readGitHistoryFrom(backlog.root, options);
  const gitEvents = fromGit?.events;
  const recorded = await backlog.readRecordedHistory();
  const archive = await backlog.readArchive();
  const events = [
    ...(gitEvents ?? []),
    ...recorded.events,
    ...currentEvents(archive.items, now),
    ...currentEvents(backlog.snapshot.items, now),
  ];
  const source: HistorySource = gitEvents !== undefined ? 'git' : recorded.events.length > 0 ? 'recorded' : 'none';
  return { events, source, problems: recorded.problems, baseAt: fromGit?.baseAt };
}
