// Path handling without `node:path`, so the core also bundles for the webview.
// Backlog paths are always built from a root the host gave us, joined with '/'. On Windows the
// root comes with backslashes (`C:\repo`) and VS Code's `fsPath` with a lower-case drive letter
// (`c:\repo\.backlog\items\BL-1.md`): every path the core builds uses '/' throughout (Windows
// accepts it), and paths from elsewhere are compared through `pathKey`, never as raw strings.

/** A Windows path: a drive letter (`C:\`, `c:/`) or a UNC share (`\\server\share`). */
function isWindowsPath(path: string): boolean {
  return /^[A-Za-z]:([\\/]|$)/.test(path) || /^[\\/]{2}[^\\/]/.test(path);
}

/** `path` with '/' separators. Backslashes are separators only in a Windows path: on POSIX a name may hold one. */
export function normalizePath(path: string): string {
  return isWindowsPath(path) ? path.replace(/\\/g, '/') : path;
}

/**
 * The form two paths are compared in: '/' separators, no trailing separator, and for a Windows
 * path lower case (its file systems ignore case; VS Code hands out `c:` where Node says `C:`).
 */
export function pathKey(path: string): string {
  const norm = normalizePath(path);
  const trimmed = norm.length > 1 && !/^[A-Za-z]:\/$/.test(norm) ? norm.replace(/\/+$/, '') : norm;
  return isWindowsPath(path) ? trimmed.toLowerCase() : trimmed;
}

/** True when both name the same file (see `pathKey`). */
export function samePath(a: string, b: string): boolean {
  return pathKey(a) === pathKey(b);
}

/** True when `path` is `dir` or inside it. */
export function isInside(dir: string, path: string): boolean {
  const d = pathKey(dir);
  const p = pathKey(path);
  return p === d || p.startsWith(d.endsWith('/') ? d : d + '/');
}

export function joinPath(...parts: string[]): string {
  return parts
    .filter((p) => p !== '')
    .map((p, i) => (i === 0 ? normalizePath(p).replace(/[\\/]+$/, '') : p.replace(/^[\\/]+|[\\/]+$/g, '')))
    .join('/');
}

export function baseName(path: string): string {
  const m = /[^\\/]*$/.exec(path);
  return m ? m[0] : path;
}

/** `path` relative to `root` with '/' separators, or `path` unchanged (separators '/') when it is not inside it. */
export function relativeTo(root: string, path: string): string {
  if (!isInside(root, path) || samePath(root, path)) return path.replace(/\\/g, '/').replace(/\/+$/, '');
  const r = normalizePath(root);
  const prefix = r.endsWith('/') && r.length > 1 && !/^[A-Za-z]:\/$/.test(r) ? r.replace(/\/+$/, '') : r;
  return normalizePath(path).replace(/\/+$/, '').slice(prefix.endsWith('/') ? prefix.length : prefix.length + 1);
}
