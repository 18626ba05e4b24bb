// Writing item files: a new one under a fresh id, exclusively, and a changed one only when its
// new text still parses as an item, so a change never leaves an item unreadable.
import { isAlreadyExists, type BacklogFiles, type FileStat } from '../files';
import { newItemId, type RandomInt } from '../ids';
import type { Item } from '../item';
import { newItemFile, parseItemFile, type ParsedItemFile } from '../itemFile';
import { joinPath, relativeTo } from '../paths';
import { BacklogError } from './backlogError';

/** A new item file as written: its path, its parse, and its stat when the file system gave one. */
export interface NewItemFile {
  readonly file: string;
  readonly parsed: ParsedItemFile;
  readonly stat: FileStat | undefined | void;
}

/**
 * Writes a new item file `itemsDir/<id>.md` under a fresh id: not in `taken`, nor in `tried`
 * (ids already tried by this operation, added to as it goes), nor a file already on disk.
 */
export async function writeNewItemFile(
  files: BacklogFiles, itemsDir: string, idPrefix: string, taken: (id: string) => boolean, tried: Set<string>, random: RandomInt,
  fields: Record<string, unknown>, body: string, sync: boolean,
): Promise<NewItemFile> {
  const notFree = { has: (id: string) => taken(id) || tried.has(id) };
  for (;;) {
    const id = newItemId(idPrefix, notFree, random);
    tried.add(id);
    const file = joinPath(itemsDir, `${id}.md`);
    const { text, parsed } = newItemFile(file, { id, fields, body });
    let stat: FileStat | undefined | void;
    try {
      stat = await files.createExclusive(file, text, { sync });
    } catch (e) {
      // Someone (another branch checked out, another process) has this file: pick again.
      if (isAlreadyExists(e)) continue;
      throw e;
    }
    return { file, parsed, stat };
  }
}

/** Writes an item file's new text only if it parses as an item; else refuses, writing nothing. */
export async function writeCheckedItem(files: BacklogFiles, root: string, file: string, next: string): Promise<ParsedItemFile & { readonly item: Item }> {
  const parsed = parseItemFile(file, next);
  if (!parsed.item) {
    throw new BacklogError(`${relativeTo(root, file)}: the change would leave the item unreadable (${parsed.problems[0]?.message ?? 'no id'}); nothing was written`, 'invalid-value');
  }
  await files.writeTextAtomic(file, next);
  return { ...parsed, item: parsed.item };
}
