// Sets up git to merge item files with `repo-backlog merge-driver` (a key-by-key merge). Two
// parts: `.gitattributes` (committed, shared by the team) names the driver for item files, and
// the local git config says how to run it (each clone, because it holds a local path).
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { nodeFiles } from './nodeFiles';

export const MERGE_DRIVER = 'repo-backlog';
export const ATTRIBUTES_LINE = `.backlog/items/*.md merge=${MERGE_DRIVER}`;
/** Recorded history (outside git) is append-only JSON lines: keeping both sides' lines is right. */
export const HISTORY_ATTRIBUTES_LINE = '.backlog/history/*.jsonl merge=union';

export interface MergeDriverSetup {
  readonly attributesChanged: boolean;
  readonly configChanged: boolean;
}

/** The shell command git runs; `electron` when the runtime is VS Code's Electron acting as Node. */
export function driverCommand(runtime: string, cliPath: string, electron = false): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return `${electron ? 'ELECTRON_RUN_AS_NODE=1 ' : ''}${q(runtime)} ${q(cliPath)} merge-driver %O %A %B %P`;
}

/**
 * Runs git without blocking the caller's thread (the extension host calls this while
 * activating). Resolves with the exit status; a missing git binary is status -1.
 */
function git(root: string, args: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd: root, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = (error as { code?: unknown } | null)?.code;
      resolve({ status: error ? (typeof code === 'number' ? code : -1) : 0, stdout, stderr });
    });
  });
}

/** The top folder of the git work tree holding `root`, or undefined when it is not in one. */
export async function gitTopLevel(root: string): Promise<string | undefined> {
  const r = await git(root, ['rev-parse', '--show-toplevel']);
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Adds the attributes line (if missing) and points the local git config at `command`. */
export async function setUpMergeDriver(root: string, command: string, options: { attributes?: boolean } = {}): Promise<MergeDriverSetup> {
  const top = await gitTopLevel(root);
  if (!top) throw new Error(`${root} is not inside a git work tree`);
  let attributesChanged = false;
  if (options.attributes !== false) {
    const file = join(root, '.gitattributes');
    let text = '';
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const lines = text.split(/\r?\n/).map((l) => l.trim());
    const missing = [ATTRIBUTES_LINE, HISTORY_ATTRIBUTES_LINE].filter((l) => !lines.includes(l));
    if (missing.length > 0) {
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      const comment = '# Repo Backlog: merge item files field by field (repo-backlog git-setup)';
      const add = [...(lines.includes(comment) ? [] : [comment]), ...missing].join(eol);
      await nodeFiles.writeTextAtomic(file, `${text}${text === '' || text.endsWith('\n') ? '' : eol}${add}${eol}`);
      attributesChanged = true;
    }
  }
  const current = await git(root, ['config', '--local', '--get', `merge.${MERGE_DRIVER}.driver`]);
  let configChanged = false;
  if (current.status !== 0 || current.stdout.trim() !== command) {
    for (const [key, value] of [
      [`merge.${MERGE_DRIVER}.name`, 'Repo Backlog: merge item files field by field'],
      [`merge.${MERGE_DRIVER}.driver`, command],
    ]) {
      const r = await git(root, ['config', '--local', key, value]);
      if (r.status !== 0) throw new Error(`git config ${key} failed: ${r.stderr.trim()}`);
    }
    configChanged = true;
  }
  return { attributesChanged, configChanged };
}
