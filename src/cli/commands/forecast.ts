import { BacklogError } from '../../core/backlog';
import { systemUtcOffsetMinutes } from '../../core/planning/calendar';
import { DEFAULT_FORECAST_WEEKS, type Forecast } from '../../core/planning/forecast';
import { forecastWork, historySince, resolveScope, type ForecastScope, type ScopedWork } from '../../core/planning/forecastScope';
import { forecastLines } from '../../core/planning/forecastText';
import { isIsoDate } from '../../core/planning/sprintFile';
import { loadHistory, startGitHistory, type GitHistoryRead } from '../../node/gitHistory';
import { stringOption, type CliCommand, type CliContext } from '../command';
import { requireBacklog } from '../shared';

export const forecastCommand: CliCommand<StartedHistory> = {
  name: 'forecast',
  usage:
    'forecast (ID | --milestone ID | --query Q) [--weeks N] [--runs N] [--seed N] [--target YYYY-MM-DD]\n' +
    '                                         when the open work is done (50/85/95 %), from the throughput\n' +
    '                                         of the last N weeks (default 12) in git history; ID: an epic\n' +
    '                                         or parent (its descendants) or one item',
  options: {
    milestone: { type: 'string' },
    query: { type: 'string' },
    weeks: { type: 'string' },
    runs: { type: 'string' },
    seed: { type: 'string' },
    target: { type: 'string' },
  },
  start: (root, values) => startHistory(root, values),
  async run(ctx) {
    requireBacklog(ctx.snapshot);
    const milestone = stringOption(ctx, 'milestone');
    const query = stringOption(ctx, 'query');
    const given = [ctx.positionals[0], milestone, query].filter((v) => v !== undefined).length;
    if (given !== 1 || ctx.positionals.length > 1) {
      throw new BacklogError('forecast needs exactly one of: an item id, --milestone ID or --query Q', 'invalid-value');
    }
    const scope: ForecastScope = milestone !== undefined ? { kind: 'milestone', id: milestone } : query !== undefined ? { kind: 'query', query } : { kind: 'item', id: ctx.positionals[0] };
    const work = resolveScope(ctx.snapshot, scope, ctx.snapshot.relations);
    const { forecast, history } = await forecastOf(ctx, work, ctx.started);
    if (ctx.json) ctx.printJson(forecastJson(work, forecast, history));
    else {
      ctx.out(scopeHeading(work, forecast));
      for (const line of forecastLines(forecast)) ctx.out(line);
      ctx.out(`${forecast.runs} runs, seed ${forecast.seed}; history from ${history}`);
    }
    return 0;
  },
};

/** The git history a forecast reads, started before the backlog loads (see `CliCommand.start`). */
export interface StartedHistory {
  readonly now: number;
  readonly git: Promise<GitHistoryRead | undefined>;
}

/** Starts reading the history the forecast needs; undefined when --weeks is not valid (`forecastOf` says why). */
export function startHistory(root: string, values: CliContext['values']): StartedHistory | undefined {
  let weeks: number;
  try {
    weeks = forecastWeeks({ values });
  } catch {
    return undefined;
  }
  const now = Date.now();
  return { now, git: startGitHistory(root, { since: historySince(now, weeks), snapshotAtSince: 'changed' }) };
}

function forecastWeeks(ctx: Pick<CliContext, 'values'>): number {
  return wholeNumber(ctx, 'weeks', 1, 520) ?? DEFAULT_FORECAST_WEEKS;
}

/** Reads the history the forecast needs (the last --weeks only; `started` if it is being read already) and runs it with the command's options. */
export async function forecastOf(ctx: CliContext, work: ScopedWork, started?: StartedHistory): Promise<{ forecast: Forecast; history: string }> {
  const weeks = forecastWeeks(ctx);
  const runs = wholeNumber(ctx, 'runs', 1, 1_000_000);
  const seed = wholeNumber(ctx, 'seed', 0, 2 ** 32 - 1);
  const target = stringOption(ctx, 'target');
  if (target !== undefined && !isIsoDate(target)) throw new BacklogError(`--target must be a date written YYYY-MM-DD (got "${target}")`, 'invalid-value');
  const now = started?.now ?? Date.now();
  const loaded = await loadHistory(ctx.backlog, now, { since: historySince(now, weeks), snapshotAtSince: 'changed', git: started?.git });
  const forecast = forecastWork(work, ctx.snapshot.config, loaded.events, { now, utcOffsetMinutes: systemUtcOffsetMinutes(), weeks, runs, seed, target, historyFrom: loaded.baseAt });
  const history = loaded.source === 'git' ? 'git' : loaded.source === 'recorded' ? '.backlog/history (recorded changes)' : 'the current files only (no history yet)';
  return { forecast, history };
}

function wholeNumber(ctx: Pick<CliContext, 'values'>, name: string, min: number, max: number): number | undefined {
  const raw = stringOption(ctx, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < min || n > max) throw new BacklogError(`--${name} must be a whole number from ${min} to ${max} (got "${raw}")`, 'invalid-value');
  return n;
}

function scopeHeading(work: ScopedWork, f: Forecast): string {
  const what = work.kind === 'milestone' ? `milestone ${work.id} "${work.name}"` : work.kind === 'item' ? `${work.id} "${work.name}"` : `query ${work.name}`;
  return `Forecast for ${what}${f.target ? ` (target ${f.target})` : ''}`;
}

/** The stable JSON shape of a forecast. */
export function forecastJson(work: ScopedWork, f: Forecast, history: string): Record<string, unknown> {
  return {
    scope: { kind: work.kind, id: work.id, name: work.name },
    remaining: f.remaining,
    unit: f.unit,
    unitReason: f.unitReason,
    remainingItems: f.remainingItems,
    p50: f.p50,
    p85: f.p85,
    p95: f.p95,
    target: f.target,
    onTrackProbability: f.onTrackProbability,
    weeksOfHistory: f.weeksOfHistory,
    weeklyThroughput: f.weeklyThroughput,
    noForecast: f.noForecast ?? null,
    today: f.today,
    runs: f.runs,
    seed: f.seed,
    history,
  };
}
