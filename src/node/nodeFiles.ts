import { randomBytes } from 'node:crypto';
import { close as closeCallback, fstat as fstatCallback, open as openCallback, promises as fs, statSync, writeFile as writeFileCallback, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BacklogFiles, FileStat } from '../core/files';

/**
 * Creates `path` (O_EXCL) holding `text`; returns its stat. A failed write leaves no file.
 * Callback-style calls on a bare descriptor: an import creates thousands of files, and a
 * FileHandle per file costs ~20% more CPU.
 */
async function writeNew(path: string, text: string): Promise<FileStat> {
  const fd = await callback<number>((done) => openCallback(path, 'wx', 0o666, done));
  let open = true;
  try {
    await callback<void>((done) => writeFileCallback(fd, text, 'utf8', done));
    const s = await callback<Stats>((done) => fstatCallback(fd, done));
    // Never closed twice: the descriptor number may already belong to another file by then.
    open = false;
    await callback<void>((done) => closeCallback(fd, done));
    return { mtimeMs: s.mtimeMs, size: s.size };
  } catch (e) {
    if (open) await callback<void>((done) => closeCallback(fd, done)).catch(() => undefined);
    await fs.unlink(path).catch(() => undefined);
    throw e;
  }
}

function callback<T>(start: (done: (error: NodeJS.ErrnoException | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value as T))));
}

// Temp names: unique per process by a counter, across processes by a random prefix drawn once
// (a crypto draw per file cost ~25 µs, a quarter of a second in a 10,000-item import). The
// exclusive create ('wx') still refuses a name that somehow exists.
const tempPrefix = `.${randomBytes(4).toString('hex')}-${process.pid}-`;
let tempCounter = 0;

function tempPathNear(path: string): string {
  return join(dirname(path), `${tempPrefix}${(tempCounter++).toString(36)}.tmp`);
}

/** The backlog's file access on a real disk, used by the CLI and the extension host. */
export const nodeFiles: BacklogFiles = {
  readText: (path) => fs.readFile(path, 'utf8'),

  async writeTextAtomic(path, text) {
    // Same directory as the target so the rename is atomic; a dot name so watchers and the
    // loader ignore it if we crash between the two steps.
    const tmp = tempPathNear(path);
    try {
      await fs.writeFile(tmp, text, { encoding: 'utf8', flag: 'wx' });
      await fs.rename(tmp, path);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
  },

  async createExclusive(path, text) {
    // Write the content to a temp file first, then link it into place: `link` fails with
    // EEXIST like O_EXCL, and readers never see an empty new item. The link shares the temp
    // file's inode, so its stat (taken before closing, no extra path lookup) is the new file's.
    const tmp = tempPathNear(path);
    let stat: FileStat;
    try {
      stat = await writeNew(tmp, text);
    } catch (e) {
      // Only the first file in a new folder pays for the mkdir.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      await fs.mkdir(dirname(path), { recursive: true });
      stat = await writeNew(tmp, text);
    }
    try {
      await fs.link(tmp, path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // File systems without hard links: fall back to an exclusive create.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') {
        await fs.unlink(tmp).catch(() => undefined);
        throw e;
      }
      stat = await writeNew(path, text).finally(() => fs.unlink(tmp).catch(() => undefined));
      return stat;
    }
    await fs.unlink(tmp);
    return stat;
  },

  async list(dir) {
    try {
      return await fs.readdir(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
      throw e;
    }
  },

  async statMany(paths) {
    return paths.map((path) => {
      const s = statSync(path, { throwIfNoEntry: false });
      return s?.isFile() ? { mtimeMs: s.mtimeMs, size: s.size } : undefined;
    });
  },

  async stat(path): Promise<FileStat | undefined> {
    try {
      const s = await fs.stat(path);
      return s.isFile() ? { mtimeMs: s.mtimeMs, size: s.size } : undefined;
    } catch {
      return undefined;
    }
  },

  async isDirectory(path) {
    try {
      return (await fs.stat(path)).isDirectory();
    } catch {
      return false;
    }
  },

  remove: (path) => fs.rm(path),
  rename: (from, to) => fs.rename(from, to),
  mkdirp: async (dir) => {
    await fs.mkdir(dir, { recursive: true });
  },
};
