import type { ParseArgsConfig } from 'node:util';
import { BacklogError, type Backlog, type BacklogSnapshot } from '../core/backlog';
import { parseQuery, type ItemQuery } from '../core/query';

/** Where the CLI writes; injectable so tests run it in-process. */
export interface CliIo {
  readonly cwd: string;
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** What a command gets: the parsed arguments and the loaded backlog of the root. */
export interface CliContext<Started = unknown> {
  readonly io: CliIo;
  readonly root: string;
  readonly backlog: Backlog;
  readonly snapshot: BacklogSnapshot;
  readonly values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  readonly positionals: readonly string[];
  readonly json: boolean;
  /** What the command's `start` returned, when it has one. */
  readonly started?: Started;
  /** Writes a line to stdout. */
  out(text: string): void;
  /** Writes a value as pretty JSON to stdout. */
  printJson(value: unknown): void;
}

/** One `repo-backlog <name>` command; each lives in its own file under `commands/`. */
export interface CliCommand<Started = unknown> {
  readonly name: string;
  /** Usage lines for the help text (first line starts with the command name). */
  readonly usage: string;
  readonly options?: OptionSpec;
  /** True when the command may run where no `.backlog/` exists yet (it uses the cwd as root). */
  readonly createsBacklog?: boolean;
  /** True when the command works on files it is given and needs no backlog loaded (e.g. git's merge driver). */
  readonly standalone?: boolean;
  /**
   * Work that needs only the root and the arguments (reading git history), started before the
   * backlog loads so that both proceed at once; `run` finds what it returns in `ctx.started`.
   * Undefined when the arguments do not call for it (`run` reports bad arguments).
   */
  start?(root: string, values: CliContext['values'], positionals: readonly string[]): Started | undefined;
  run(ctx: CliContext<Started>): Promise<number>;
}

/** Reads a string option (the last one when repeated). */
export function stringOption(ctx: Pick<CliContext, 'values'>, name: string): string | undefined {
  const v = ctx.values[name];
  if (Array.isArray(v)) return v.length ? String(v[v.length - 1]) : undefined;
  return typeof v === 'string' ? v : undefined;
}

/**
 * Reads `--query` in the query language (README: "Query syntax"). Anything in it that is not
 * understood stops the command: a list or a re-rank over a query that means something else is
 * worse than an error.
 */
export function queryOption(ctx: CliContext, fallback = ''): ItemQuery {
  const query = parseQuery(stringOption(ctx, 'query') ?? fallback);
  if (query.problems.length) throw new BacklogError(`--query: ${query.problems.join(' ')}`, 'invalid-value');
  return query;
}

/** Reads a repeatable string option. */
export function stringsOption(ctx: CliContext, name: string): string[] | undefined {
  const v = ctx.values[name];
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? v : [v]).map(String);
}

export function flag(ctx: CliContext, name: string): boolean {
  return ctx.values[name] === true;
}
