import { editFrontMatter, FrontMatterEditError, type FieldChanges } from '../frontMatter';
import { relativeTo } from '../paths';
import { BacklogError } from './backlogError';

/**
 * The file's text with `changes` applied to its front matter, checked before anything is
 * written: a layout the editor cannot change safely is refused and the file stays as it is.
 */
export function editedText(root: string, file: string, text: string, changes: FieldChanges): string {
  try {
    return editFrontMatter(text, changes);
  } catch (e) {
    if (e instanceof FrontMatterEditError) throw new BacklogError(`${relativeTo(root, file)}: ${e.message}`, 'invalid-value');
    throw e;
  }
}
