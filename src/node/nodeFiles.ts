import { randomBytes } from 'node:crypto';
import {
  close as closeCallback, constants, fdatasync as fdatasyncCallback, fstat as fstatCallback, lstatSync, open as openCallback, promises as fs,
  read as readCallback, rmdir as rmdirCallback, stat as statCallback, mkdir as mkdirCallback, utimes as utimesCallback, realpath as realpathCallback,
  statSync, writeFile as writeFileCallback, type Stats,
} from 'node:fs';
import { dirname, join } from 'node:path';
import * as lockfile from 'proper-lockfile';
import { MAX_READ_BYTES, TEMP_FILE, type BacklogFiles, type FileStat, type LockOptions, type ReleaseLock } from '../core/files';

/**
 * Creates `path` (O_EXCL) holding `text`, synced to disk; returns its stat. A failed write
 * leaves no file. Callback-style calls on a bare descriptor: an import creates thousands of
 * files, and a FileHandle per file costs ~20% more CPU.
 */
async function writeNew(path: string, text: string, sync: boolean): Promise<FileStat> {
  const fd = await callback<number>((done) => openCallback(path, 'wx', 0o666, done));
  let open = true;
  try {
    await callback<void>((done) => writeFileCallback(fd, text, 'utf8', done));
    // Durable before it is linked into place: a crash never leaves an empty item file.
    if (sync) await callback<void>((done) => fdatasyncCallback(fd, done));
    const s = await callback<Stats>((done) => fstatCallback(fd, done));
    // Never closed twice: the descriptor number may already belong to another file by then.
    open = false;
    await callback<void>((done) => closeCallback(fd, done));
    return fileStat(s);
  } catch (e) {
    if (open) await callback<void>((done) => closeCallback(fd, done)).catch(() => undefined);
    await fs.unlink(path).catch(() => undefined);
    throw e;
  }
}

function callback<T>(start: (done: (error: NodeJS.ErrnoException | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value as T))));
}

function fileStat(s: Stats): FileStat {
  return { mtimeMs: s.mtimeMs, size: s.size, ctimeMs: s.ctimeMs, ino: s.ino };
}

function fileError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

// O_NOFOLLOW: the last path part is never followed (the folders above are checked by the
// backlog); O_NONBLOCK: opening a FIFO a clone planted must not hang. Windows has neither
// flag, so there an lstat guards the link case.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** Reads a regular file of at most `maxBytes`, refusing links, folders and devices before reading. */
async function readRegular(path: string, maxBytes: number): Promise<string> {
  if (constants.O_NOFOLLOW === undefined && lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) {
    throw fileError('ENOTREG', `${path} is a symbolic link; Repo Backlog reads only regular files`);
  }
  let fd: number;
  try {
    fd = await callback<number>((done) => openCallback(path, READ_FLAGS, done));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw fileError('ENOTREG', `${path} is a symbolic link; Repo Backlog reads only regular files`);
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') throw fileError('ENOTREG', `${path} is a folder, not a file`);
    throw e;
  }
  try {
    const s = await callback<Stats>((done) => fstatCallback(fd, done));
    if (!s.isFile()) throw fileError('ENOTREG', `${path} is ${s.isDirectory() ? 'a folder' : 'a device, pipe or socket'}; Repo Backlog reads only regular files`);
    if (s.size > maxBytes) throw fileError('EFBIG', `${path} holds ${s.size} bytes, more than the ${maxBytes} Repo Backlog reads`);
    // One byte more than the stat said, to notice a file that grew while being read.
    const buffer = Buffer.allocUnsafe(s.size + 1);
    let length = 0;
    for (;;) {
      const n = await callback<number>((done) => readCallback(fd, buffer, length, buffer.length - length, length, done));
      if (n === 0) break;
      length += n;
      if (length === buffer.length) throw fileError('EAGAIN', `${path} changed while being read; try again`);
    }
    return buffer.toString('utf8', 0, length);
  } finally {
    await callback<void>((done) => closeCallback(fd, done)).catch(() => undefined);
  }
}

// Temp names: unique per process by a counter, across processes by a random prefix drawn once
// (a crypto draw per file cost ~25 µs, a quarter of a second in a 10,000-item import). The
// exclusive create ('wx') still refuses a name that somehow exists. `TEMP_FILE` matches them.
const tempPrefix = `.${randomBytes(4).toString('hex')}-${process.pid}-`;
let tempCounter = 0;

function tempPathNear(path: string): string {
  return join(dirname(path), `${tempPrefix}${(tempCounter++).toString(36)}.tmp`);
}

async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open or sync a folder; its renames are durable with the file.
  }
}

// A holder refreshes its lock's mtime every LOCK_UPDATE_MS; a lock not refreshed for
// LOCK_STALE_MS belongs to a process that stopped and is taken over.
const LOCK_STALE_MS = 10_000;
const LOCK_UPDATE_MS = 2_000;
// Waiting gives up after about a minute: longer than any healthy write, and more than the stale
// time, so a lock left by a killed process is always taken over before we give up.
const LOCK_RETRIES = { retries: 700, factor: 1.2, minTimeout: 2, maxTimeout: 100, randomize: true };

async function takeLock(lockPath: string, options: LockOptions = {}): Promise<ReleaseLock | undefined> {
  let acquiring = true;
  let tookOver = false;
  // proper-lockfile removes a stale lock with rmdir while acquiring; seeing that call is how we
  // can tell the user a lock was taken over (the library does not say).
  const lockFs = {
    mkdir: mkdirCallback,
    stat: statCallback,
    utimes: utimesCallback,
    realpath: realpathCallback,
    rmdir: (path: string, done: (e: NodeJS.ErrnoException | null) => void) => {
      if (acquiring) tookOver = true;
      rmdirCallback(path, done);
    },
  };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dirname(lockPath), {
      lockfilePath: lockPath,
      realpath: false,
      stale: LOCK_STALE_MS,
      update: LOCK_UPDATE_MS,
      retries: options.wait === false ? 0 : LOCK_RETRIES,
      fs: lockFs,
      onCompromised: (e) => {
        // Our event loop stalled past the stale time and another process took the lock: say so
        // instead of crashing (the library's default throws from a timer).
        options.onNotice?.(`The backlog lock ${lockPath} was taken over by another process while this one held it (${e.message}); check the last change.`);
      },
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
    if (options.wait === false) return undefined;
    throw fileError('ELOCKED', `Another process has held the backlog lock ${lockPath} for over a minute; nothing was changed. If no other backlog command is running, delete that folder.`);
  } finally {
    acquiring = false;
  }
  if (tookOver) options.onNotice?.(`Took over the backlog lock ${lockPath}: the process holding it stopped without releasing it.`);
  return async () => {
    await release().catch((e: NodeJS.ErrnoException) => {
      // Already released because it was compromised (reported above).
      if (e.code !== 'ERELEASED') throw e;
    });
  };
}

/** True unless `pid` is a process running on this machine. */
function processGone(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** A temp file older than this is left over whatever its pid says (pids are reused; other machines). */
const TEMP_MAX_AGE_MS = 10 * 60_000;

/** The backlog's file access on a real disk, used by the CLI and the extension host. */
export const nodeFiles: BacklogFiles = {
  readText: (path, maxBytes = MAX_READ_BYTES) => readRegular(path, maxBytes),

  async writeTextAtomic(path, text, options) {
    const sync = options?.sync !== false;
    // Same directory as the target so the rename is atomic; a dot name so watchers and the
    // loader ignore it if we crash between the two steps (the next locked write removes it).
    const tmp = tempPathNear(path);
    const existing = lstatSync(path, { throwIfNoEntry: false });
    try {
      const handle = await fs.open(tmp, 'wx', 0o666);
      try {
        await fs.writeFile(handle, text, 'utf8');
        // The umask shaped the new file; an existing file's own mode (a 600 item) stays.
        if (existing?.isFile()) await handle.chmod(existing.mode & 0o7777);
        if (sync) await handle.datasync();
      } finally {
        await handle.close();
      }
      await fs.rename(tmp, path);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
    // The rename itself is durable only once the folder is.
    if (sync) await syncDir(dirname(path));
  },

  async createExclusive(path, text, options) {
    const sync = options?.sync !== false;
    // Write the content to a temp file first, then link it into place: `link` fails with
    // EEXIST like O_EXCL, and readers never see an empty new item. The link shares the temp
    // file's inode, so its stat (taken before closing, no extra path lookup) is the new file's.
    const tmp = tempPathNear(path);
    let stat: FileStat;
    try {
      stat = await writeNew(tmp, text, sync);
    } catch (e) {
      // Only the first file in a new folder pays for the mkdir.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      await fs.mkdir(dirname(path), { recursive: true });
      stat = await writeNew(tmp, text, sync);
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
      stat = await writeNew(path, text, sync).finally(() => fs.unlink(tmp).catch(() => undefined));
      return stat;
    }
    await fs.unlink(tmp);
    // Unlinking the temp name changed the inode's ctime: the parse cache wants the final one.
    return { ...stat, ctimeMs: statSync(path, { throwIfNoEntry: false })?.ctimeMs ?? stat.ctimeMs };
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
      try {
        const s = lstatSync(path, { throwIfNoEntry: false });
        return s?.isFile() ? fileStat(s) : undefined;
      } catch {
        return undefined;
      }
    });
  },

  async stat(path): Promise<FileStat | undefined> {
    try {
      const s = await fs.lstat(path);
      return s.isFile() ? fileStat(s) : undefined;
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

  async realPath(path) {
    try {
      return await fs.realpath(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw e;
    }
  },

  syncDir,
  lock: takeLock,

  async removeLeftoverTemps(dir) {
    const removed: string[] = [];
    for (const name of await nodeFiles.list(dir)) {
      const m = TEMP_FILE.exec(name);
      if (!m) continue;
      const path = join(dir, name);
      const s = lstatSync(path, { throwIfNoEntry: false });
      if (!s?.isFile()) continue;
      if (!processGone(Number(m[1])) && Date.now() - s.mtimeMs < TEMP_MAX_AGE_MS) continue;
      await fs.rm(path, { force: true });
      removed.push(name);
    }
    return removed;
  },
};
