import picomatch from 'picomatch';

/** Path → excluded? for workspace-relative paths with '/' separators (folders without a trailing '/'). */
export type PathFilter = (path: string) => boolean;

/**
 * The globs of a VS Code style exclude setting (`files.exclude`, `search.exclude`): keys whose
 * value is `true`. Conditional entries (`{ "when": "$(basename).ts" }`) depend on sibling files
 * and are left to the editor's own views; they are not applied to the TODO scan.
 */
export function enabledGlobs(setting: unknown): string[] {
  if (typeof setting !== 'object' || setting === null) return [];
  return Object.entries(setting as Record<string, unknown>)
    .filter(([glob, on]) => on === true && glob.trim() !== '')
    .map(([glob]) => glob.trim().replace(/^\.\//, '').replace(/\/+$/, ''));
}

/**
 * One matcher for many globs, with VS Code's glob dialect as far as picomatch shares it (`**`,
 * `*`, `?`, `{a,b}`, `[…]`); dotfiles match like any other name. Globs that picomatch cannot
 * parse are reported, never silently dropped.
 */
export function excludeFilter(globs: readonly string[]): { readonly matches: PathFilter; readonly invalid: readonly { glob: string; reason: string }[] } {
  const invalid: { glob: string; reason: string }[] = [];
  const matchers: PathFilter[] = [];
  for (const glob of new Set(globs)) {
    try {
      matchers.push(picomatch(glob, { dot: true }));
    } catch (e) {
      invalid.push({ glob, reason: (e as Error).message });
    }
  }
  if (matchers.length === 0) return { matches: () => false, invalid };
  return { matches: (path) => matchers.some((m) => m(path)), invalid };
}
