// A clone can hold links anywhere: `.backlog/archive -> /home/you`, `.backlog -> /etc`. The store
// reads and writes only inside the workspace folder, so every part of `.backlog/` is resolved to
// its real path first, and a part that leads out is neither read nor written.
import type { BacklogFiles } from '../files';
import { relativeTo } from '../paths';

/** A part of `.backlog/` whose real path is outside the workspace folder. */
export interface Escape {
  readonly path: string;
  readonly real: string;
}

/**
 * The `parts` (the first being `.backlog/` itself) whose real path leaves `root`. Below a link
 * out of the folder everything is outside too, so only the link is named.
 */
export async function findEscapes(files: BacklogFiles, root: string, parts: readonly string[]): Promise<Escape[]> {
  const rootReal = normalizeSlashes((await files.realPath(root)) ?? root);
  const escapes: Escape[] = [];
  for (const [index, part] of parts.entries()) {
    const real = await files.realPath(part);
    if (real === undefined) continue;
    const norm = normalizeSlashes(real);
    if (norm === rootReal || norm.startsWith(rootReal + '/')) continue;
    escapes.push({ path: part, real });
    if (index === 0) break;
  }
  return escapes;
}

/** What to tell the user about an escape, naming the link as they know it. */
export function escapeMessage(root: string, escape: Escape): string {
  return `${relativeTo(root, escape.path)} is a link to ${escape.real}, outside ${root}`;
}

export function normalizeSlashes(path: string): string {
  return path.replace(/\\/g, '/').replace(/\/+$/, '');
}
