// Real git repositories for the merge tests: a temp repo on branch main with an initialised,
// committed backlog, and small wrappers that report merges instead of throwing on conflicts.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backlog } from '../../../src/core/backlog';
import { nodeFiles } from '../../../src/node/nodeFiles';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `git merge`, returning whether it succeeded instead of throwing on a conflict. */
export function merge(cwd: string, branch: string): { ok: boolean; output: string } {
  const r = spawnSync('git', ['merge', '--no-edit', branch], { cwd, encoding: 'utf8' });
  return { ok: r.status === 0, output: r.stdout + r.stderr };
}

export function commitAll(root: string, message: string): void {
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', message);
}

/** A new repository on branch main with an initialised backlog; `beforeCommit` runs before the first commit. */
export async function backlogRepository(beforeCommit?: (root: string) => Promise<void>): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'backlog-git-'));
  git(root, 'init', '-q');
  git(root, 'symbolic-ref', 'HEAD', 'refs/heads/main');
  git(root, 'config', 'user.name', 'Merge Test');
  git(root, 'config', 'user.email', 'merge-test@example.invalid');
  git(root, 'config', 'commit.gpgsign', 'false');
  git(root, 'config', 'core.autocrlf', 'false');
  await new Backlog(root, nodeFiles).init();
  await beforeCommit?.(root);
  commitAll(root, 'init backlog');
  return root;
}
