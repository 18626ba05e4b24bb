import { BacklogError } from './backlog';
import type { BacklogFiles } from './files';

/**
 * `files` with every write refused while `writable()` says no: reads pass through, so the backlog
 * still loads and shows, and each write method rejects with a `read-only` BacklogError carrying
 * `refusal` (what to do about it). Asked on every call, so writes work as soon as the answer
 * changes (a workspace that becomes trusted), with no store to rebuild.
 */
export function writableWhen(files: BacklogFiles, writable: () => boolean, refusal: string): BacklogFiles {
  const guard = <A extends unknown[], R>(write: (...args: A) => Promise<R>) => (...args: A): Promise<R> =>
    writable() ? write(...args) : Promise.reject(new BacklogError(refusal, 'read-only'));
  return {
    readText: (path) => files.readText(path),
    list: (dir) => files.list(dir),
    stat: (path) => files.stat(path),
    ...(files.statMany ? { statMany: (paths: readonly string[]) => files.statMany!(paths) } : {}),
    isDirectory: (path) => files.isDirectory(path),
    writeTextAtomic: guard((path: string, text: string | Iterable<string>) => files.writeTextAtomic(path, text)),
    createExclusive: guard((path: string, text: string) => files.createExclusive(path, text)),
    remove: guard((path: string) => files.remove(path)),
    rename: guard((from: string, to: string) => files.rename(from, to)),
    mkdirp: guard((dir: string) => files.mkdirp(dir)),
  };
}
