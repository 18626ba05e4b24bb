import { BacklogError } from './backlog';
import type { BacklogFiles, LockOptions, WriteOptions } from './files';

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
    readText: (path, maxBytes) => files.readText(path, maxBytes),
    list: (dir) => files.list(dir),
    stat: (path) => files.stat(path),
    ...(files.statMany ? { statMany: (paths: readonly string[]) => files.statMany!(paths) } : {}),
    isDirectory: (path) => files.isDirectory(path),
    realPath: (path) => files.realPath(path),
    writeTextAtomic: guard((path: string, text: string | Iterable<string>, options?: WriteOptions) => files.writeTextAtomic(path, text, options)),
    createExclusive: guard((path: string, text: string, options?: WriteOptions) => files.createExclusive(path, text, options)),
    remove: guard((path: string) => files.remove(path)),
    rename: guard((from: string, to: string) => files.rename(from, to)),
    mkdirp: guard((dir: string) => files.mkdirp(dir)),
    syncDir: guard((dir: string) => files.syncDir(dir)),
    // The lock is a folder in .backlog/: taking it is a write too.
    lock: guard((lockPath: string, options?: LockOptions) => files.lock(lockPath, options)),
    removeLeftoverTemps: guard((dir: string) => files.removeLeftoverTemps(dir)),
  };
}
