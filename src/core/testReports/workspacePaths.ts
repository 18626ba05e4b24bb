/**
 * Maps the paths test reports write (absolute CI paths like `/home/runner/work/app/app/src/x.ts`,
 * Windows paths, paths relative to a sub-project, Java package paths) to workspace-relative
 * paths, given the workspace's files. Pure: the caller lists the files (git, a directory walk,
 * or `vscode.workspace.findFiles`).
 */
export class WorkspacePaths {
  private readonly files = new Set<string>();
  private readonly byBaseName = new Map<string, string[]>();

  /**
   * @param files Workspace-relative paths with '/' separators.
   * @param exists Optional extra existence check for paths not in `files` (e.g. when the
   *   list was capped); called only with normalised workspace-relative candidates.
   */
  constructor(files: Iterable<string>, private readonly exists?: (relative: string) => boolean) {
    for (const raw of files) {
      const f = raw.replace(/\\/g, '/').replace(/^\.\//, '');
      this.files.add(f);
      const key = baseNameOf(f).toLowerCase();
      const list = this.byBaseName.get(key);
      if (list) list.push(f);
      else this.byBaseName.set(key, [f]);
    }
  }

  get size(): number {
    return this.files.size;
  }

  has(relative: string): boolean {
    return this.files.has(relative) || (this.exists?.(relative) ?? false);
  }

  /**
   * The workspace file a report path means, or undefined when none (or several equally good
   * ones) match. Tries the path itself, then ever shorter tails of it (an absolute CI path
   * shares its tail with the workspace path), then workspace files ending in the longest tail
   * (a path relative to a sub-project), case-insensitively as a last resort (TRX lower-cases).
   */
  resolve(raw: string): string | undefined {
    const segments = reportPathSegments(raw);
    if (segments.length === 0) return undefined;
    for (let i = 0; i < segments.length; i++) {
      const candidate = segments.slice(i).join('/');
      if (this.has(candidate)) return candidate;
    }
    const candidates = this.byBaseName.get(segments[segments.length - 1].toLowerCase());
    if (!candidates) return undefined;
    let best: string | undefined;
    let bestScore = -1;
    let tie = false;
    for (const c of candidates) {
      const score = tailScore(c.split('/'), segments);
      if (score > bestScore) {
        best = c;
        bestScore = score;
        tie = false;
      } else if (score === bestScore) tie = true;
    }
    return tie ? undefined : best;
  }

  /** Workspace files whose path ends with `suffix` (segment-aligned). */
  endingWith(suffix: string): string[] {
    const segs = suffix.split('/').filter(Boolean);
    if (segs.length === 0) return [];
    const list = this.byBaseName.get(segs[segs.length - 1].toLowerCase()) ?? [];
    return list.filter((f) => f === suffix || f.endsWith('/' + suffix));
  }
}

/**
 * How well a workspace path's tail matches a report path's tail: 2 points per exactly equal
 * segment, 1 per segment equal ignoring case, stopping at the first mismatch.
 */
function tailScore(ws: readonly string[], report: readonly string[]): number {
  let score = 0;
  for (let i = 1; i <= Math.min(ws.length, report.length); i++) {
    const a = ws[ws.length - i];
    const b = report[report.length - i];
    if (a === b) score += 2;
    else if (a.toLowerCase() === b.toLowerCase()) score += 1;
    else break;
  }
  return score;
}

/** The segments of a report path without drive letters, `file://`, `.`/`..` or empty parts. */
export function reportPathSegments(raw: string): string[] {
  let p = raw.trim().replace(/^file:\/\/\/?/i, '/');
  try {
    if (/%[0-9a-f]{2}/i.test(p)) p = decodeURIComponent(p);
  } catch {
    // not URI-encoded after all
  }
  p = p.replace(/\\/g, '/').replace(/^[A-Za-z]:(?=\/|$)/, '');
  return p.split('/').filter((s) => s !== '' && s !== '.' && s !== '..' && s !== '~' && s !== '_');
}

/** Whether a report path is absolute (POSIX, Windows drive, UNC) and so machine-specific. */
export function isAbsoluteReportPath(raw: string): boolean {
  return /^(?:[\\/]|[A-Za-z]:[\\/]|file:|~[\\/])/.test(raw.trim());
}

/**
 * A form of a report path that is the same on every machine: the workspace path when it
 * resolves, else the path itself with '/' separators, reduced to its last two segments when it
 * is absolute (its head names a CI runner's or a developer's folders).
 */
export function stableReportPath(raw: string, paths: WorkspacePaths | undefined): string {
  const resolved = paths?.resolve(raw);
  if (resolved) return resolved;
  const segs = reportPathSegments(raw);
  return (isAbsoluteReportPath(raw) ? segs.slice(-2) : segs).join('/');
}

function baseNameOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? path : path.slice(i + 1);
}
