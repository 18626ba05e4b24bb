// Path handling without `node:path`, so the core also bundles for the webview.
// Backlog paths are always built from a root the host gave us, joined with '/'.

export function joinPath(...parts: string[]): string {
  return parts
    .filter((p) => p !== '')
    .map((p, i) => (i === 0 ? p.replace(/[\\/]+$/, '') : p.replace(/^[\\/]+|[\\/]+$/g, '')))
    .join('/');
}

export function baseName(path: string): string {
  const m = /[^\\/]*$/.exec(path);
  return m ? m[0] : path;
}

/** `path` relative to `root` with '/' separators, or `path` unchanged when it is not inside it. */
export function relativeTo(root: string, path: string): string {
  const norm = (p: string) => p.replace(/\\/g, '/').replace(/\/+$/, '');
  const r = norm(root);
  const p = norm(path);
  return p.startsWith(r + '/') ? p.slice(r.length + 1) : p;
}
