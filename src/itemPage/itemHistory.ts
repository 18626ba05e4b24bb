import { relative } from 'node:path';
import { itemHistoryEntries, type ItemVersion } from '../core/itemPage/itemHistory';
import { parseItemFile } from '../core/itemFile';
import type { ItemHistoryEntry } from '../protocol/itemPageMessages';
import { git, isGitWorkTree, parseCatFileBatch } from '../node/gitHistory';

/** Most commits read for one item page; older ones are left to `git log`. */
const MAX_COMMITS = 100;

/**
 * Who changed what in one item file, newest first, from git (two processes: `git log --raw` for
 * the commits and blob ids of this one path, `git cat-file --batch` for the blobs). Read lazily,
 * after the page has painted: history is never on the way to seeing the item.
 */
export async function readItemHistory(root: string, file: string): Promise<{ entries: ItemHistoryEntry[]; note?: string }> {
  if (!(await isGitWorkTree(root))) return { entries: [], note: 'This backlog is not in a git repository, so there is no history to show.' };
  const path = relative(root, file).split('\\').join('/');
  let log: string;
  try {
    log = (await git(root, ['-c', 'core.quotepath=false', 'log', `-n${MAX_COMMITS}`, '--raw', '--no-abbrev', '--no-renames', '--format=%x01%ct%x00%an%x00%s', '--', path])).toString('utf8');
  } catch (e) {
    if (/does not have any commits|bad default revision|unknown revision/.test((e as Error).message)) return { entries: [], note: 'No commits yet.' };
    throw e;
  }
  const commits: { at: number; author: string; subject: string; blob?: string }[] = [];
  for (const line of log.split('\n')) {
    if (line.startsWith('\x01')) {
      const [at, author, subject] = line.slice(1).split('\0');
      commits.push({ at: Number(at) * 1000, author: author ?? '', subject: subject ?? '' });
    } else if (line.startsWith(':') && commits.length) {
      // :<old mode> <new mode> <old blob> <new blob> <status>\t<path>
      const fields = line.slice(1).split('\t')[0].split(' ');
      commits[commits.length - 1].blob = fields[4]?.startsWith('D') || /^0+$/.test(fields[3] ?? '') ? undefined : fields[3];
    }
  }
  commits.reverse();
  const wanted = [...new Set(commits.map((c) => c.blob).filter((b): b is string => !!b))];
  const blobs = wanted.length ? parseCatFileBatch(await git(root, ['cat-file', '--batch'], wanted.join('\n') + '\n')) : new Map<string, string>();
  const versions: ItemVersion[] = commits.map((c) => {
    const text = c.blob ? blobs.get(c.blob) : undefined;
    return { at: c.at, author: c.author, subject: c.subject, item: text === undefined ? undefined : parseItemFile(file, text).item, ...(c.blob ? {} : { deleted: true }) };
  });
  const entries = itemHistoryEntries(versions);
  if (commits.length === 0) return { entries, note: 'Not committed yet: the history starts with its first commit.' };
  return commits.length === MAX_COMMITS ? { entries, note: `The last ${MAX_COMMITS} commits; older ones are in git log.` } : { entries };
}
