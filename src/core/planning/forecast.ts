import type { BacklogConfig } from '../config';
import { seededRandomInt, type RandomInt } from '../ids';
import type { Item } from '../item';
import { addDays } from './calendar';
import type { Throughput } from './forecastThroughput';

// "When will it be done?" answered from what the team actually finished, not from estimates of
// speed: a Monte Carlo simulation draws a past week's throughput at random, week after week,
// until the remaining work is used up, and does that many times. The spread of the finishing
// dates is the answer: the date by which 50 %, 85 % and 95 % of the simulated futures are done.
// With too little history there is no honest answer, and the forecast says so instead of
// producing dates.

export const DEFAULT_FORECAST_WEEKS = 12;
export const DEFAULT_FORECAST_RUNS = 10_000;
export const DEFAULT_FORECAST_SEED = 1;
/** Fewer full weeks of history than this and the spread of weeks is too thin to sample. */
export const MIN_FORECAST_WEEKS = 4;
/** A simulated future still unfinished after this long is counted as never finishing. */
const MAX_SIMULATED_WEEKS = 520;

export type ForecastUnit = 'points' | 'items';

/** The open work a forecast is about. */
export interface RemainingWork {
  readonly items: number;
  /** Their points; undefined when any of them has no estimate. */
  readonly points: number | undefined;
  readonly unestimated: number;
}

/** The open (not done) items among `items`, and their size. */
export function remainingWork(items: readonly Item[], config: BacklogConfig): { open: Item[]; work: RemainingWork } {
  const done = doneStatuses(config);
  const open = items.filter((i) => !done.has(i.status));
  const unestimated = open.filter((i) => i.points === undefined).length;
  const points = unestimated > 0 ? undefined : open.reduce((sum, i) => sum + (i.points ?? 0), 0);
  return { open, work: { items: open.length, points, unestimated } };
}

/** The names of the statuses whose category is done. */
export function doneStatuses(config: BacklogConfig): Set<string> {
  return new Set(config.statuses.filter((s) => s.category === 'done').map((s) => s.name));
}

export interface ForecastOptions {
  /** The first day of the simulated future (`YYYY-MM-DD`, the team's today). */
  readonly today: string;
  /** The date the work should be done by, if any. */
  readonly target?: string;
  readonly runs?: number;
  readonly seed?: number;
}

/** One point of the cumulative chance of being done: by the end of `date`, `probability` of the runs are done. */
export interface ForecastPoint {
  readonly date: string;
  readonly probability: number;
}

export interface Forecast {
  readonly unit: ForecastUnit;
  /** Why that unit (points when all the open work is estimated and the team finished estimated work). */
  readonly unitReason: string;
  /** The open work in `unit`. */
  readonly remaining: number;
  readonly remainingItems: number;
  readonly today: string;
  readonly target: string | null;
  /** Dates by which 50 / 85 / 95 % of the simulated futures are done; null when there is no forecast (see `noForecast`). */
  readonly p50: string | null;
  readonly p85: string | null;
  readonly p95: string | null;
  /** The share of the simulated futures done by the end of the target date; null without a target or a forecast. */
  readonly onTrackProbability: number | null;
  /** Full weeks of history sampled. */
  readonly weeksOfHistory: number;
  /** What was finished in each sampled week, in `unit`, oldest first. */
  readonly weeklyThroughput: readonly number[];
  readonly runs: number;
  readonly seed: number;
  /** Why there are no dates (too little history, nothing finished yet), or undefined when there are. */
  readonly noForecast?: string;
  /** The cumulative chance of being done by each date a simulated future finished on. */
  readonly curve: readonly ForecastPoint[];
}

/**
 * The forecast of `work` from `throughput`. Deterministic: the same inputs and seed give the
 * same dates. Days are counted from `today`: finishing within the first week's throughput is
 * `today + 7 × share of that week`, rounded up to a whole day.
 */
export function forecast(work: RemainingWork, throughput: Throughput, options: ForecastOptions): Forecast {
  const runs = options.runs ?? DEFAULT_FORECAST_RUNS;
  const seed = options.seed ?? DEFAULT_FORECAST_SEED;
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a whole number of at least 1 (got ${runs})`);
  const weeks = throughput.weeks;
  const finishedPoints = weeks.reduce((s, w) => s + w.points, 0);
  let unit: ForecastUnit;
  let unitReason: string;
  if (work.points === undefined) {
    unit = 'items';
    unitReason = `${work.unestimated} of the ${work.items} open items have no points, so items are counted`;
  } else if (work.items > 0 && weeks.length >= MIN_FORECAST_WEEKS && finishedPoints === 0) {
    unit = 'items';
    unitReason = 'no finished work in the sampled weeks had points, so items are counted';
  } else {
    unit = 'points';
    unitReason = 'every open item is estimated, so points are counted';
  }
  const remaining = unit === 'points' ? work.points! : work.items;
  const samples = weeks.map((w) => (unit === 'points' ? w.points : w.items));
  const base = {
    unit, unitReason, remaining, remainingItems: work.items, today: options.today, target: options.target ?? null,
    weeksOfHistory: weeks.length, weeklyThroughput: samples, runs, seed,
  };
  if (remaining <= 0) {
    return { ...base, p50: options.today, p85: options.today, p95: options.today, onTrackProbability: options.target === undefined ? null : options.today <= options.target ? 1 : 0, curve: [{ date: options.today, probability: 1 }] };
  }
  const none = (noForecast: string): Forecast => ({ ...base, p50: null, p85: null, p95: null, onTrackProbability: null, noForecast, curve: [] });
  if (weeks.length < MIN_FORECAST_WEEKS) {
    return none(`History too short: ${weeks.length} full week${weeks.length === 1 ? '' : 's'} of history; a forecast needs at least ${MIN_FORECAST_WEEKS}`);
  }
  if (samples.every((s) => s <= 0)) return none(`No work reached a done status in the last ${weeks.length} weeks, so there is no throughput to forecast from`);

  const days = simulate(remaining, samples, runs, seededRandomInt(seed));
  const sorted = Float64Array.from(days).sort();
  const at = (p: number) => dateAfter(options.today, sorted[Math.max(0, Math.ceil(p * runs - 1e-9) - 1)]);
  const curve: ForecastPoint[] = [];
  for (let i = 0; i < runs; i++) {
    if (!Number.isFinite(sorted[i])) break;
    if (i + 1 < runs && sorted[i + 1] === sorted[i]) continue;
    curve.push({ date: addDays(options.today, sorted[i]), probability: (i + 1) / runs });
  }
  let onTrackProbability: number | null = null;
  if (options.target !== undefined) {
    const target = options.target;
    let onTime = 0;
    // Runs finish on few distinct days: each day's date is worked out once, not once a run.
    const inTime = new Map<number, boolean>();
    for (const d of days) {
      if (!Number.isFinite(d)) continue;
      let ok = inTime.get(d);
      if (ok === undefined) inTime.set(d, (ok = addDays(options.today, d) <= target));
      if (ok) onTime++;
    }
    onTrackProbability = onTime / runs;
  }
  return { ...base, p50: at(0.5), p85: at(0.85), p95: at(0.95), onTrackProbability, curve };
}

/** Days from today to finishing `remaining`, one per run (Infinity when a run never finishes). */
function simulate(remaining: number, samples: readonly number[], runs: number, random: RandomInt): number[] {
  const out = new Array<number>(runs);
  for (let r = 0; r < runs; r++) {
    let left = remaining;
    let week = 0;
    let days = Number.POSITIVE_INFINITY;
    while (week < MAX_SIMULATED_WEEKS) {
      const done = samples[random(samples.length)];
      if (done >= left) {
        // Finished part-way through this week: the share of its throughput that was needed.
        days = Math.ceil(7 * (week + left / done) - 1e-9);
        break;
      }
      left -= done;
      week++;
    }
    out[r] = days;
  }
  return out;
}

function dateAfter(today: string, days: number): string | null {
  return Number.isFinite(days) ? addDays(today, days) : null;
}
