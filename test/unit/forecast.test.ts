import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { seededRandomInt } from '../../src/core/ids';
import type { Item } from '../../src/core/item';
import { forecast, remainingWork, type RemainingWork } from '../../src/core/planning/forecast';
import { WEEK_MS, weeklyThroughput, type Throughput } from '../../src/core/planning/forecastThroughput';
import { ItemTimeline, type HistoryEvent } from '../../src/core/planning/history';
import { addDays } from '../../src/core/planning/calendar';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const TODAY = '2026-12-02';
const DONE = new Set(['Done']);

/** Throughput with the given weekly samples (items and points the same), oldest first. */
function weeks(samples: readonly number[], points: readonly number[] = samples): Throughput {
  return {
    weeks: samples.map((items, i) => ({ start: NOW - (samples.length - i) * WEEK_MS, end: NOW - (samples.length - 1 - i) * WEEK_MS, items, points: points[i] })),
    historyStart: NOW - samples.length * WEEK_MS,
  };
}

const items = (n: number): RemainingWork => ({ items: n, points: undefined, unestimated: n });

describe('forecast: weekly throughput from history', () => {
  it('counts each item in the week it reached a done status, oldest week first', () => {
    const ev = (daysAgo: number, id: string, status: string | undefined, points?: number): HistoryEvent => ({
      at: NOW - daysAgo * 86_400_000, id, state: status === undefined ? undefined : { status, points },
    });
    const timeline = new ItemTimeline([
      // History starts 40 days ago: 5 full weeks, and only 5 are sampled even though 12 were asked for.
      ev(40, 'A', 'Backlog', 3), ev(30, 'A', 'In Progress', 3), ev(20, 'A', 'Done', 3),
      ev(40, 'B', 'Backlog', 5), ev(3, 'B', 'Done', 5),
      // Created already done this week: finished work too.
      ev(1, 'C', 'Done', 2),
      // Done, reopened, done again: two completions.
      ev(40, 'D', 'Backlog'), ev(32, 'D', 'Done'), ev(31, 'D', 'Backlog'), ev(10, 'D', 'Done'),
      // A done item edited or deleted is not finished again.
      ev(40, 'E', 'Done', 8), ev(12, 'E', 'Done', 1), ev(2, 'E', undefined),
      // The uncommitted move to Done, stamped now, is in the last week.
      ev(40, 'F', 'Backlog', 1), ev(0, 'F', 'Done', 1),
      // Seen only in the current files (no history read covers it): not a finish.
      ev(0, 'G', 'Done', 13),
    ]);
    const t = weeklyThroughput(timeline, DONE, NOW, 12);
    assert.equal(t.historyStart, NOW - 40 * 86_400_000);
    assert.deepEqual(t.weeks.map((w) => w.items), [1, 0, 1, 1, 3]);
    assert.deepEqual(t.weeks.map((w) => w.points), [0, 0, 3, 0, 8]);
    assert.equal(t.weeks[4].end, NOW);
    assert.equal(t.weeks[0].start, NOW - 5 * WEEK_MS);
  });

  it('has no weeks without history', () => {
    assert.deepEqual(weeklyThroughput(new ItemTimeline([]), DONE, NOW, 12).weeks, []);
    assert.deepEqual(weeklyThroughput(new ItemTimeline([{ at: NOW, id: 'A', state: { status: 'Done' } }]), DONE, NOW, 12).weeks, []);
  });

  it('samples at most the weeks asked for', () => {
    const t = weeklyThroughput(new ItemTimeline([{ at: NOW - 400 * 86_400_000, id: 'A', state: { status: 'Backlog' } }]), DONE, NOW, 12);
    assert.equal(t.weeks.length, 12);
  });
});

describe('forecast: Monte Carlo', () => {
  it('gives the exact date for a constant throughput', () => {
    // 5 a week, 20 left: exactly 4 weeks.
    const f = forecast(items(20), weeks([5, 5, 5, 5, 5, 5]), { today: TODAY, target: addDays(TODAY, 28), runs: 500 });
    assert.equal(f.p50, '2026-12-30');
    assert.equal(f.p85, '2026-12-30');
    assert.equal(f.p95, '2026-12-30');
    assert.equal(f.onTrackProbability, 1);
    assert.equal(f.unit, 'items');
    assert.equal(f.weeksOfHistory, 6);
    assert.equal(f.noForecast, undefined);
    // A day earlier: never on time.
    assert.equal(forecast(items(20), weeks([5, 5, 5, 5]), { today: TODAY, target: addDays(TODAY, 27), runs: 100 }).onTrackProbability, 0);
    // 22 left: 4.4 weeks = 30.8 days, done on day 31.
    assert.equal(forecast(items(22), weeks([5, 5, 5, 5]), { today: TODAY, runs: 100 }).p50, addDays(TODAY, 31));
  });

  it('matches the hand-computed spread of a coin-flip week', () => {
    // Each week finishes everything (10) or nothing (0) with even odds: done within k weeks with
    // chance 1 − ½^k. 85 % is first reached in week 3 (87.5 %), 95 % in week 5 (96.9 %).
    const f = forecast(items(10), weeks([0, 10, 0, 10]), { today: TODAY, runs: 20_000, seed: 7 });
    assert.equal(f.p85, addDays(TODAY, 21));
    assert.equal(f.p95, addDays(TODAY, 35));
    const byWeek = (k: number) => f.curve.filter((p) => p.date <= addDays(TODAY, 7 * k)).at(-1)?.probability ?? 0;
    for (const k of [1, 2, 3, 4]) assert.ok(Math.abs(byWeek(k) - (1 - 0.5 ** k)) < 0.02, `week ${k}: ${byWeek(k)}`);
  });

  it('is the same under the same seed and differs under another', () => {
    const throughput = weeks([3, 8, 1, 6, 0, 9, 4, 2]);
    const a = forecast(items(60), throughput, { today: TODAY, target: '2027-03-01', seed: 42 });
    const b = forecast(items(60), throughput, { today: TODAY, target: '2027-03-01', seed: 42 });
    assert.deepEqual(a, b);
    const others = [1, 2, 3, 4, 5].map((seed) => forecast(items(60), throughput, { today: TODAY, target: '2027-03-01', seed, runs: 200 }).onTrackProbability);
    assert.ok(new Set(others).size > 1, `seeds gave ${others.join(', ')}`);
  });

  it('keeps p50 <= p85 <= p95 and a rising curve that agrees with the on-track chance', () => {
    const random = seededRandomInt(2026);
    for (let round = 0; round < 40; round++) {
      const samples: number[] = Array.from({ length: 4 + random(10) }, () => random(12));
      if (!samples.some((s) => s > 0)) samples[0] = 1;
      const target = addDays(TODAY, random(200));
      const f = forecast(items(1 + random(80)), weeks(samples), { today: TODAY, target, runs: 1000, seed: round });
      assert.ok(f.p50 && f.p85 && f.p95, `round ${round} has dates`);
      assert.ok(TODAY < f.p50 && f.p50 <= f.p85 && f.p85 <= f.p95, `round ${round}: ${f.p50} ${f.p85} ${f.p95}`);
      for (let i = 1; i < f.curve.length; i++) {
        assert.ok(f.curve[i].date > f.curve[i - 1].date && f.curve[i].probability > f.curve[i - 1].probability);
      }
      const byTarget = f.curve.filter((p) => p.date <= target).at(-1)?.probability ?? 0;
      assert.equal(f.onTrackProbability, byTarget);
      // The percentile dates are where the curve first reaches them.
      assert.equal(f.p85, f.curve.find((p) => p.probability >= 0.85)!.date);
    }
  });

  it('says when history is too short, and gives no dates', () => {
    const f = forecast(items(10), weeks([5, 5, 5]), { today: TODAY, target: '2027-01-01' });
    assert.match(f.noForecast!, /History too short: 3 full weeks/);
    assert.equal(f.p50, null);
    assert.equal(f.p95, null);
    assert.equal(f.onTrackProbability, null);
    assert.deepEqual(f.curve, []);
  });

  it('says when nothing was finished, and gives no dates', () => {
    const f = forecast(items(10), weeks([0, 0, 0, 0, 0]), { today: TODAY });
    assert.match(f.noForecast!, /No work reached a done status in the last 5 weeks/);
    assert.equal(f.p85, null);
  });

  it('is done today when nothing is left', () => {
    const f = forecast(items(0), weeks([]), { today: TODAY, target: '2027-01-01' });
    assert.equal(f.p95, TODAY);
    assert.equal(f.onTrackProbability, 1);
    assert.equal(f.noForecast, undefined);
  });

  it('counts points when all open work is estimated, items otherwise', () => {
    const item = (status: string, points?: number) => ({ status, points }) as Item;
    const estimated = remainingWork([item('Backlog', 3), item('In Progress', 5), item('Done', 8)], DEFAULT_CONFIG);
    assert.deepEqual(estimated.work, { items: 2, points: 8, unestimated: 0 });
    const f = forecast(estimated.work, weeks([2, 2, 2, 2], [4, 4, 4, 4]), { today: TODAY, runs: 10 });
    assert.equal(f.unit, 'points');
    assert.equal(f.remaining, 8);
    assert.equal(f.p50, addDays(TODAY, 14));
    const mixed = remainingWork([item('Backlog', 3), item('Ready')], DEFAULT_CONFIG);
    assert.deepEqual(mixed.work, { items: 2, points: undefined, unestimated: 1 });
    const g = forecast(mixed.work, weeks([1, 1, 1, 1], [4, 4, 4, 4]), { today: TODAY, runs: 10 });
    assert.equal(g.unit, 'items');
    assert.match(g.unitReason, /1 of the 2 open items have no points/);
    assert.equal(g.p50, addDays(TODAY, 14));
    // Estimated open work but a team that never finished estimated work: items.
    assert.equal(forecast(estimated.work, weeks([1, 1, 1, 1], [0, 0, 0, 0]), { today: TODAY, runs: 10 }).unit, 'items');
  });

  it('refuses a run count that is not a whole number', () => {
    assert.throws(() => forecast(items(1), weeks([1, 1, 1, 1]), { today: TODAY, runs: 0 }), /runs must be/);
  });
});
