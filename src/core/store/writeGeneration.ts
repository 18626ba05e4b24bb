// A file every writer rewrites with a new value under the lock: a reader that finds the value
// it last read knows no other process (nor another Backlog of this folder) wrote since. Edits
// outside the store do not change it; the files a change writes are checked by hash anyway.
import type { BacklogFiles } from '../files';
import type { RandomInt } from '../ids';
import { CACHE_GITIGNORE } from '../indexCache';
import { joinPath } from '../paths';
import { readOptional } from './readOptional';

function generationPath(cacheDir: string): string {
  return joinPath(cacheDir, 'generation');
}

/** The current write generation ('' when none was written or it cannot be read). */
export async function readGeneration(files: BacklogFiles, cacheDir: string): Promise<string> {
  return (await readOptional(files, generationPath(cacheDir)).catch(() => undefined)) ?? '';
}

/** Under the lock, after a change: writes a new generation and returns it (undefined if it cannot be written). */
export async function writeNextGeneration(files: BacklogFiles, cacheDir: string, random: RandomInt): Promise<string | undefined> {
  const next = `${Date.now().toString(36)}-${random(2 ** 30).toString(36)}`;
  try {
    await files.mkdirp(cacheDir);
    const ignore = joinPath(cacheDir, '.gitignore');
    if (!(await files.stat(ignore))) await files.writeTextAtomic(ignore, CACHE_GITIGNORE, { sync: false });
    await files.writeTextAtomic(generationPath(cacheDir), next, { sync: false });
  } catch {
    // A read-only checkout: nobody else writes either.
    return undefined;
  }
  return next;
}
