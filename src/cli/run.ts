import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Backlog, BacklogError, BACKLOG_DIR } from '../core/backlog';
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

Options for every command:
  --root DIR   the folder holding .backlog/ (default: nearest upward from here)
  --json       machine-readable output where a command prints data
`;
}

/** Runs one CLI invocation; returns the exit code (0 ok, 1 problems found, 2 unusable input). */
export async function run(argv: readonly string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  const help = usage(commands);
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
    const snapshot = command.standalone ? backlog.snapshot : await backlog.load();
    return await command.run({
      io,
      root,
      backlog,
      snapshot,
      values,
      positionals: parsed.positionals,
      json: values.json === true,
      out,
      printJson: (v) => out(JSON.stringify(v, null, 2)),
    });
  } catch (e) {
    if (e instanceof BacklogError) {
      io.stderr.write(`repo-backlog: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** The nearest folder at or above `start` that holds `.backlog/`. */
export function findRoot(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, BACKLOG_DIR))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
