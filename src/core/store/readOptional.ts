import { isNotFound, type BacklogFiles } from '../files';

/** A file's text, or undefined if it does not exist (any other failure is thrown). */
export async function readOptional(files: BacklogFiles, file: string): Promise<string | undefined> {
  try {
    return await files.readText(file);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}
