// The planning changes (status, sprint, points) the store appends to `.backlog/history/<ID>.jsonl`
// when the backlog records history (see planning/history.ts), and reading them back.
import { isNotFound, type BacklogFiles } from '../files';
import type { Item } from '../item';
import { joinPath } from '../paths';
import { historyLine, parseHistoryLog, planningState, type HistoryEvent } from '../planning/history';
import type { Problem } from '../problem';
import { readReported } from './itemReader';

/** Appends the planning-relevant change from `before` to `after` (either may be absent) to the item's log. */
export async function appendHistory(
  files: BacklogFiles, historyDir: string, before: Item | undefined, after: Item | undefined, stamp: string, sync: boolean,
): Promise<void> {
  const line = historyLine(before && planningState(before), after && planningState(after), stamp);
  const id = (after ?? before)?.id;
  if (!line || !id) return;
  const file = joinPath(historyDir, `${id}.jsonl`);
  let text = '';
  try {
    text = await files.readText(file);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  await files.mkdirp(historyDir);
  await files.writeTextAtomic(file, text + (text === '' || text.endsWith('\n') ? '' : '\n') + line, { sync });
}

/** Every event in `historyDir`'s logs; a log that cannot be read is a problem, not a failure. */
export async function readRecordedHistory(files: BacklogFiles, root: string, historyDir: string): Promise<{ events: HistoryEvent[]; problems: Problem[] }> {
  const events: HistoryEvent[] = [];
  const problems: Problem[] = [];
  for (const name of await files.list(historyDir)) {
    if (!name.endsWith('.jsonl') || name.startsWith('.')) continue;
    const file = joinPath(historyDir, name);
    // One that vanished meanwhile is skipped; one that cannot be read is a problem naming it.
    const text = await readReported(files, root, file, problems);
    if (text === undefined) continue;
    const parsed = parseHistoryLog(file, name.slice(0, -'.jsonl'.length), text);
    events.push(...parsed.events);
    problems.push(...parsed.problems);
  }
  return { events, problems };
}

/**
 * True when the root or a folder above it holds `.git` (a folder, or a file in worktrees): by
 * default a backlog records history only outside git, whose history is the record inside.
 */
export async function insideGitRepository(files: BacklogFiles, root: string): Promise<boolean> {
  for (let dir = root.replace(/\\/g, '/').replace(/\/+$/, ''); dir !== ''; ) {
    const git = joinPath(dir, '.git');
    if ((await files.isDirectory(git)) || (await files.stat(git))) return true;
    const up = dir.replace(/\/[^/]*$/, '');
    if (up === dir) break;
    dir = up;
  }
  return false;
}
