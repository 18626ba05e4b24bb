// `check --fix` for duplicate ids (two branches each created ITEM-12): every duplicate but one
// gets a fresh id, in its front matter and its file name.
import { findDuplicateIds, planIdRepairs, type IdRepair } from '../check';
import type { BacklogConfig } from '../config';
import type { BacklogFiles } from '../files';
import type { RandomInt } from '../ids';
import type { Item } from '../item';
import { editedText } from './editedText';

/** The repairs that leave every id used once, new ids taken from none of `items`. */
export function planDuplicateIdRepairs(items: readonly Item[], config: BacklogConfig, itemsDir: string, random: RandomInt): IdRepair[] {
  const groups = findDuplicateIds(items);
  const allIds = new Set(items.map((i) => i.id));
  return planIdRepairs(groups, allIds, config, itemsDir, random);
}

/**
 * Writes the item's `text` under its new id and file name, then removes the old file (an
 * interruption leaves two copies, never none). Returns the new file's text.
 */
export async function writeRepairedItem(files: BacklogFiles, root: string, repair: IdRepair, text: string, updated: string): Promise<string> {
  const next = editedText(root, repair.item.file, text, { id: repair.newId, updated });
  await files.createExclusive(repair.newFile, next);
  await files.remove(repair.item.file);
  return next;
}
