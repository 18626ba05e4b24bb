// `.backlog/archive/`: items moved out of the backlog unchanged, still readable. Every step
// writes before it removes, so an interruption leaves two copies, never none.
import { isAlreadyExists, isNotFound, type BacklogFiles } from '../files';
import type { Item } from '../item';
import { parseItemFile } from '../itemFile';
import { joinPath, relativeTo } from '../paths';
import type { Problem } from '../problem';
import { sortItems } from '../query';
import { BacklogError } from './backlogError';
import { readOptional } from './readOptional';
import { readReported } from './itemReader';

/** Where an item with this id is archived. */
export function archivedFile(archiveDir: string, id: string): string {
  return joinPath(archiveDir, `${id}.md`);
}

/**
 * Writes the item's text to `archive/<ID>.md` (its file is removed by the caller, second).
 * Never overwrites: an item already archived under that id is an error.
 */
export async function writeArchivedCopy(files: BacklogFiles, root: string, archiveDir: string, item: Item, text: string): Promise<string> {
  const dest = archivedFile(archiveDir, item.id);
  try {
    await files.createExclusive(dest, text);
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
    // An archive interrupted between its two steps left the same file in both places:
    // finishing it loses nothing. A different file under that id is a real clash.
    if ((await readOptional(files, dest)) !== text) {
      throw new BacklogError(`${item.id} is already in the archive (${relativeTo(root, dest)}) with different content; nothing was moved`, 'exists');
    }
  }
  return dest;
}

/** Moves an archived item's file back into `itemsDir`; returns the new file and its text. */
export async function takeFromArchive(files: BacklogFiles, archiveDir: string, itemsDir: string, id: string): Promise<{ file: string; text: string }> {
  const from = archivedFile(archiveDir, id);
  let text: string;
  try {
    text = await files.readText(from);
  } catch (e) {
    if (isNotFound(e)) throw new BacklogError(`No archived item ${id} in ${archiveDir}`, 'missing-item');
    throw e;
  }
  const file = joinPath(itemsDir, `${id}.md`);
  try {
    await files.createExclusive(file, text);
  } catch (e) {
    if (isAlreadyExists(e)) throw new BacklogError(`${id} already exists in ${itemsDir}; nothing was restored`, 'exists');
    throw e;
  }
  await files.remove(from);
  return { file, text };
}

/** True when an archive of `item` was interrupted after its copy was written: both copies are the same. */
export async function isInterruptedArchive(files: BacklogFiles, archiveDir: string, item: Item): Promise<boolean> {
  const archived = await readOptional(files, archivedFile(archiveDir, item.id));
  const live = await readOptional(files, item.file);
  return archived !== undefined && archived === live;
}

/** The ids of the archived items, from their file names (nothing is read). */
export async function listArchivedIds(files: BacklogFiles, archiveDir: string): Promise<string[]> {
  return (await files.list(archiveDir)).filter((name) => name.endsWith('.md') && !name.startsWith('.')).map((name) => name.slice(0, -3));
}

/** Parses every archived item (not cached: the archive is read when someone asks for it). */
export async function readArchive(files: BacklogFiles, root: string, archiveDir: string): Promise<{ items: Item[]; problems: Problem[] }> {
  const names = (await files.list(archiveDir)).filter((n) => n.endsWith('.md') && !n.startsWith('.'));
  const items: Item[] = [];
  const problems: Problem[] = [];
  for (const name of names.sort()) {
    const file = joinPath(archiveDir, name);
    // One that vanished meanwhile is skipped; one that cannot be read is a problem naming it.
    const text = await readReported(files, root, file, problems);
    if (text === undefined) continue;
    const parsed = parseItemFile(file, text);
    problems.push(...parsed.problems);
    if (parsed.item) items.push(parsed.item);
  }
  return { items: sortItems(items), problems };
}
