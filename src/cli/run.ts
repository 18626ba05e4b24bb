import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Backlog, BacklogError, BACKLOG_DIR } from '../core/backlog';
import { inertJson, inertText } from '../core/inertText';
import { nodeFiles } from '../node/nodeFiles';
import type { CliCommand, CliContext, CliIo } from './command';
import { COMMANDS } from './commands';

export type { CliIo } from './command';

function usage(commands: readonly CliCommand[]): string {
  const lines = commands.flatMap((c) => c.usage.split('\n').map((l) => '  ' + l));
  return `repo-backlog — the product backlog in .backlog/, from the command line

Usage: repo-backlog <command> [options]

Commands:
${lines.join('\n')}

Options for every command (before or after its name):
  --root DIR   the folder holding .backlog/ (default: nearest upward from here)
  --json       machine-readable output where a command prints data
`;
}

/** Runs one CLI invocation; returns the exit code (0 ok, 1 problems found, 2 unusable input). */
export async function run(argv: readonly string[], rawIo: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const io = terminalIo(rawIo);
  const help = usage(commands);
  const split = splitGlobalOptions(argv);
  if (typeof split === 'string') {
    io.stderr.write(`repo-backlog: ${split}\n\n${help}`);
    return 2;
  }
  const { name, rest } = split;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help);
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`repo-backlog: unknown command "${name}"\n\n${help}`);
    return 2;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: { root: { type: 'string' }, json: { type: 'boolean' }, ...command.options },
    });
  } catch (e) {
    io.stderr.write(`repo-backlog ${name}: ${(e as Error).message}\n\nUsage: repo-backlog ${command.usage}\n`);
    return 2;
  }
  const values = parsed.values as CliContext['values'];
  const rootOption = typeof values.root === 'string' ? values.root : undefined;
  const root = rootOption ? resolve(io.cwd, rootOption) : command.createsBacklog || command.standalone ? io.cwd : findRoot(io.cwd);
  if (!root) {
    io.stderr.write(`repo-backlog: no ${BACKLOG_DIR}/ folder here or in any parent of ${io.cwd}; run "repo-backlog init" or pass --root\n`);
    return 2;
  }
  const backlog = new Backlog(root, nodeFiles, { onNotice: (message) => io.stderr.write(`repo-backlog: ${message}\n`) });
  const out = (s: string) => io.stdout.write(s.endsWith('\n') ? s : s + '\n');
  try {
    const started = command.start?.(root, values, parsed.positionals);
    const snapshot = command.standalone ? backlog.snapshot : await backlog.load();
    return await command.run({
      io,
      root,
      backlog,
      snapshot,
      values,
      positionals: parsed.positionals,
      json: values.json === true,
      started,
      out,
      printJson: (v) => out(inertJson(v, 2)),
    });
  } catch (e) {
    if (e instanceof BacklogError) {
      io.stderr.write(`repo-backlog: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/**
 * Every line the CLI writes goes through `inertText`: titles, test names, comments and paths
 * come from files anyone can commit, and must not drive the terminal. JSON output is already
 * inert (`inertJson`), so this leaves it unchanged.
 */
function terminalIo(io: CliIo): CliIo {
  return {
    cwd: io.cwd,
    stdout: { write: (s: string) => io.stdout.write(inertText(s, { multiline: true })) },
    stderr: { write: (s: string) => io.stderr.write(inertText(s, { multiline: true })) },
  };
}

/** Options every command takes, also accepted before the command name. */
const GLOBAL_OPTIONS: Readonly<Record<string, 'string' | 'boolean'>> = { root: 'string', json: 'boolean' };

/**
 * `repo-backlog --root X --json list` and `repo-backlog list --root X --json` mean the same:
 * global options before the command name are moved after it, where `parseArgs` reads them.
 */
function splitGlobalOptions(argv: readonly string[]): { name: string | undefined; rest: string[] } | string {
  const leading: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--([^=]+)(=.*)?$/.exec(arg);
    const kind = m ? GLOBAL_OPTIONS[m[1]] : undefined;
    if (!m || !kind) break;
    leading.push(arg);
    if (kind === 'string' && m[2] === undefined) {
      if (i + 1 >= argv.length || argv[i + 1].startsWith('--')) return `option --${m[1]} needs a value`;
      leading.push(argv[++i]);
    }
  }
  const [name, ...rest] = argv.slice(i);
  return { name, rest: [...leading, ...rest] };
}

/** The nearest folder at or above `start` that holds `.backlog/`. */
export function findRoot(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, BACKLOG_DIR))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
