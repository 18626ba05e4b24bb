// Reading `.backlog/` from disk: item files (through the parse cache), sprint files and the
// config. A file that cannot be read becomes a problem with its reason; the rest still loads.
import { contentHash } from '../hash';
import { errorCode, isNotFound, type BacklogFiles } from '../files';
import type { ItemIndexCache } from '../indexCache';
import { parseItemFile, type ParsedItemFile } from '../itemFile';
import { joinPath, relativeTo } from '../paths';
import { parseSprintFile, type ParsedSprintFile } from '../planning/sprintFile';
import type { Problem } from '../problem';
import { mapLimit } from './mapLimit';
import type { BacklogKind } from './snapshot';

/**
 * Reads a file for loading: one that vanished meanwhile (archived, deleted) is skipped, one
 * that cannot be read is added to `problems` with its reason, and the rest of the backlog still loads.
 */
export async function readReported(files: BacklogFiles, root: string, file: string, problems: Problem[]): Promise<string | undefined> {
  try {
    return await files.readText(file);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    const shown = relativeTo(root, file);
    const reason = errorCode(e) === 'ENOTREG' || errorCode(e) === 'EFBIG' ? (e as Error).message.replace(file, shown) : `cannot be read (${errorCode(e) ?? (e as Error).message})`;
    problems.push({ file, line: 1, column: 1, severity: 'error', code: 'unreadable', message: reason.startsWith(shown) ? reason : `${shown} ${reason}` });
    return undefined;
  }
}

/** What `dir` holds: our backlog (a config or an items folder), nothing, or a Backlog.md project. */
export async function detectKind(files: BacklogFiles, dir: string, configPath: string, itemsDir: string): Promise<BacklogKind> {
  if (await files.stat(configPath)) return 'backlog';
  if ((await files.stat(joinPath(dir, 'config.yml'))) || (await files.isDirectory(joinPath(dir, 'tasks')))) return 'backlog-md';
  return (await files.isDirectory(itemsDir)) ? 'backlog' : 'missing';
}

/**
 * Parses the item files among `listed` (the names in `itemsDir`), in that order. The cache is
 * loaded first and left holding exactly these names.
 */
export async function readItemFiles(
  files: BacklogFiles, root: string, itemsDir: string, listed: readonly string[], cache: ItemIndexCache | undefined, problems: Problem[],
): Promise<Map<string, ParsedItemFile>> {
  const names = listed.filter((n) => n.endsWith('.md') && !n.startsWith('.'));
  await cache?.load();
  const paths = names.map((name) => joinPath(itemsDir, name));
  const stats = files.statMany ? await files.statMany(paths) : await mapLimit(paths, 64, (p) => files.stat(p));
  // Cache hits need no I/O beyond the stat; only changed files are read and parsed. A name
  // without a regular-file stat is read too: it vanished (skipped) or is a link or folder
  // (reported).
  const toParse: number[] = [];
  const results = new Array<readonly [string, ParsedItemFile] | undefined>(names.length);
  for (let i = 0; i < names.length; i++) {
    const stat = stats[i];
    const cached = stat && cache?.get(names[i], stat);
    if (cached) results[i] = [paths[i], cached];
    else toParse.push(i);
  }
  await mapLimit(toParse, 64, async (i) => {
    const text = await readReported(files, root, paths[i], problems);
    if (text === undefined) return;
    const parsed = parseItemFile(paths[i], text);
    const stat = stats[i];
    if (stat) cache?.set(names[i], stat, parsed);
    results[i] = [paths[i], parsed];
  });
  const parsed = new Map<string, ParsedItemFile>();
  for (const r of results) if (r) parsed.set(r[0], r[1]);
  cache?.retain(new Set(names));
  return parsed;
}

/** Parses every sprint file in `sprintsDir`. */
export function readSprintFiles(files: BacklogFiles, root: string, sprintsDir: string, problems: Problem[]): Promise<Map<string, ParsedSprintFile>> {
  return readPlanningFiles(files, root, sprintsDir, problems, parseSprintFile);
}

/**
 * Parses every Markdown file in a planning folder (sprints, milestones; none when the folder does
 * not exist); a file that cannot be read is a problem, not a failure.
 */
export async function readPlanningFiles<T>(files: BacklogFiles, root: string, dir: string, problems: Problem[], parse: (file: string, text: string) => T): Promise<Map<string, T>> {
  const parsed = new Map<string, T>();
  for (const name of await files.list(dir)) {
    if (!name.endsWith('.md') || name.startsWith('.')) continue;
    const file = joinPath(dir, name);
    const text = await readReported(files, root, file, problems);
    if (text !== undefined) parsed.set(file, parse(file, text));
  }
  return parsed;
}

/**
 * Re-reads the given item files into `parsed`; a file gone from disk is handed to `forget`.
 * Returns whether anything differs from before (an unchanged file is not parsed again).
 */
export async function rereadItemFiles(
  files: BacklogFiles, parsed: Map<string, ParsedItemFile>, paths: readonly string[], forget: (file: string) => void,
): Promise<boolean> {
  let changed = false;
  for (const raw of new Set(paths)) {
    const file = raw.replace(/\\/g, '/');
    let text: string | undefined;
    try {
      text = await files.readText(file);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    const previous = parsed.get(file);
    if (text === undefined) {
      if (previous) {
        forget(file);
        changed = true;
      }
      continue;
    }
    if (previous?.item && previous.item.hash === contentHash(text)) continue;
    const next = parseItemFile(file, text);
    if (previous && !previous.item && !next.item && JSON.stringify(previous.problems) === JSON.stringify(next.problems)) continue;
    parsed.set(file, next);
    changed = true;
  }
  return changed;
}

/** True for an item file: a `.md` directly in `itemsDir`. */
export function isItemPath(itemsDir: string, path: string): boolean {
  const norm = path.replace(/\\/g, '/');
  return norm.startsWith(itemsDir + '/') && norm.endsWith('.md') && !norm.slice(itemsDir.length + 1).includes('/');
}
