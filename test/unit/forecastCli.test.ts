import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Backlog } from '../../src/core/backlog';
import { addDays, localDate, systemUtcOffsetMinutes } from '../../src/core/planning/calendar';
import { WEEK_MS } from '../../src/core/planning/forecastThroughput';
import { nodeFiles } from '../../src/node/nodeFiles';
import { cli } from './support/cli';
import { backlogRepository } from './support/gitRepo';

/** Commits everything in `.backlog/` as if at `at` (ms). */
function commitAt(root: string, at: number, message: string): void {
  const date = new Date(at).toISOString();
  const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  execFileSync('git', ['add', '-A', '.backlog'], { cwd: root, env });
  execFileSync('git', ['commit', '-q', '--allow-empty', '-m', message], { cwd: root, env });
}

/**
 * A team that has finished exactly 3 stories (2 points each) every week for 6 weeks:
 * an epic in milestone r1 (target in 30 days) holds 30 stories, 12 of them still open.
 */
async function steadyTeam(): Promise<{ root: string; epic: string; stories: string[]; today: string }> {
  const now = Date.now();
  const stories: string[] = [];
  const today = localDate(now, systemUtcOffsetMinutes());
  const root = await backlogRepository();
  const backlog = new Backlog(root, nodeFiles, { cache: false });
  await backlog.load();
  await backlog.createMilestone({ name: 'R1', target: addDays(today, 30), goal: 'Checkout' });
  const epic = (await backlog.create({ title: 'Checkout epic', type: 'epic', milestone: 'r1' })).id;
  for (let i = 0; i < 30; i++) stories.push((await backlog.create({ title: `Story ${i}`, parent: epic, points: 2 })).id);
  commitAt(root, now - 6 * WEEK_MS - 3_600_000, 'plan');
  for (let week = 0; week < 6; week++) {
    for (const id of stories.slice(week * 3, week * 3 + 3)) await backlog.update(id, { status: 'Done' });
    commitAt(root, now - (6 - week) * WEEK_MS + 3_600_000, `week ${week}`);
  }
  return { root, epic, stories, today };
}

describe('forecast and milestone commands', function () {
  this.timeout(60_000);
  let team: Awaited<ReturnType<typeof steadyTeam>>;
  before(async () => {
    team = await steadyTeam();
  });

  it('forecasts a milestone (its epic and, through it, the stories) to the exact date a steady team gives', async () => {
    const r = await cli(team.root, 'forecast', '--milestone', 'r1', '--json');
    assert.equal(r.code, 0, r.stderr);
    const f = JSON.parse(r.stdout);
    // 12 open stories × 2 points at 6 points a week: 4 weeks. The epic is their container, not work.
    assert.equal(f.unit, 'points');
    assert.equal(f.remaining, 24);
    assert.equal(f.remainingItems, 12);
    assert.deepEqual(f.weeklyThroughput, [6, 6, 6, 6, 6, 6]);
    assert.equal(f.weeksOfHistory, 6);
    assert.equal(f.p50, addDays(team.today, 28));
    assert.equal(f.p85, addDays(team.today, 28));
    assert.equal(f.p95, addDays(team.today, 28));
    assert.equal(f.target, addDays(team.today, 30));
    assert.equal(f.onTrackProbability, 1);
    assert.equal(f.history, 'git');
    assert.equal(f.noForecast, null);
  });

  it('forecasts an epic by its descendants, a query (a parent among the matches is not counted twice) and one item', async () => {
    const byEpic = JSON.parse((await cli(team.root, 'forecast', team.epic, '--json')).stdout);
    assert.equal(byEpic.remaining, 24);
    assert.equal(byEpic.p50, addDays(team.today, 28));
    // The epic and the 12 open stories match; the epic, parent of the others, is not counted as work.
    const byQuery = JSON.parse((await cli(team.root, 'forecast', '--query', 'is:open', '--target', addDays(team.today, 27), '--json')).stdout);
    assert.equal(byQuery.remainingItems, 12);
    assert.equal(byQuery.p50, addDays(team.today, 28));
    assert.equal(byQuery.onTrackProbability, 0);
    // A single story with no children: just itself, 2 points at 6 a week: done on day ceil(7/3) = 3.
    const one = JSON.parse((await cli(team.root, 'forecast', team.stories[29], '--json')).stdout);
    assert.equal(one.remaining, 2);
    assert.equal(one.p95, addDays(team.today, 3));
  });

  it('prints the remaining work and the 50/85/95 % dates against the target', async () => {
    const r = await cli(team.root, 'forecast', '--milestone', 'R1', '--runs', '500', '--seed', '3');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Forecast for milestone r1 "R1" \(target \d{4}-\d\d-\d\d\)$/m);
    assert.match(r.stdout, /^Remaining: 24 points in 12 open items \(every open item is estimated, so points are counted\)$/m);
    assert.match(r.stdout, new RegExp(`^  85 %  ${addDays(team.today, 28)}$`, 'm'));
    assert.match(r.stdout, /^Target \S+: 100 % chance of being done by then \(on track\)$/m);
    assert.match(r.stdout, /^500 runs, seed 3; history from git$/m);
  });

  it('reads only the window asked for, and counts no old finish again', async () => {
    // From the commit before 4 weeks ago: the 6 stories finished earlier and untouched since are
    // in no commit read, and must not count as finished now.
    const f = JSON.parse((await cli(team.root, 'forecast', '--milestone', 'r1', '--weeks', '4', '--json')).stdout);
    assert.equal(f.weeksOfHistory, 4);
    assert.deepEqual(f.weeklyThroughput, [6, 6, 6, 6]);
    assert.equal(f.p50, addDays(team.today, 28));
  });

  it('says the history is too short instead of giving dates', async () => {
    const r = await cli(team.root, 'forecast', '--milestone', 'r1', '--weeks', '3', '--json');
    const f = JSON.parse(r.stdout);
    assert.equal(f.weeksOfHistory, 3);
    assert.equal(f.p50, null);
    assert.equal(f.onTrackProbability, null);
    assert.match(f.noForecast, /History too short/);
    const text = await cli(team.root, 'forecast', '--milestone', 'r1', '--weeks', '3');
    assert.match(text.stdout, /^No forecast: History too short: 3 full weeks of history; a forecast needs at least 4\.$/m);
    assert.doesNotMatch(text.stdout, / 50 % /);
  });

  it('refuses bad input with a clear message', async () => {
    const cases: [string[], RegExp][] = [
      [['forecast'], /exactly one of: an item id, --milestone ID or --query Q/],
      [['forecast', team.epic, '--milestone', 'r1'], /exactly one of/],
      [['forecast', '--milestone', 'nope'], /No milestone nope \(milestones: r1\)/],
      [['forecast', 'BL-NOPE2'], /No item BL-NOPE2/],
      [['forecast', '--query', ' '], /--query needs a filter/],
      [['forecast', '--milestone', 'r1', '--runs', '0'], /--runs must be a whole number from 1/],
      [['forecast', '--milestone', 'r1', '--weeks', 'ten'], /--weeks must be a whole number/],
      [['forecast', '--milestone', 'r1', '--target', '2027-13-01'], /--target must be a date/],
      [['milestone', 'create'], /needs a name/],
      [['milestone', 'create', 'R9', '--target', 'soon'], /YYYY-MM-DD/],
      [['milestone', 'show', 'nope'], /No milestone nope/],
      [['milestone', 'frobnicate'], /"frobnicate" is not an action/],
      [['set', team.stories[0], 'milestone=nope'], /No milestone nope/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(team.root, ...argv);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, message, argv.join(' '));
    }
  });

  it('creates, lists and shows milestones, and joins items with set', async () => {
    const created = await cli(team.root, 'milestone', 'create', 'Release', '2', '--target', '2027-06-30', '--goal', 'Mobile');
    assert.equal(created.stdout, 'release-2\n');
    const set = await cli(team.root, 'set', team.stories[29], 'milestone=Release 2');
    assert.equal(set.code, 0, set.stderr);
    assert.match(readFileSync(join(team.root, '.backlog', 'items', `${team.stories[29]}.md`), 'utf8'), /^milestone: release-2$/m);
    const list = JSON.parse((await cli(team.root, 'milestone', 'list', '--json')).stdout);
    assert.deepEqual(list.map((m: { id: string; progress: unknown }) => [m.id, m.progress]), [
      // r1: the epic and its stories but the one moved to release-2 (its own milestone wins).
      ['r1', { done: 18, total: 30, pointsDone: 36, pointsTotal: 58 }],
      ['release-2', { done: 0, total: 1, pointsDone: 0, pointsTotal: 2 }],
    ]);
    const show = await cli(team.root, 'milestone', 'show', 'r1');
    assert.match(show.stdout, /^R1 \(r1\) · target \S+$/m);
    assert.match(show.stdout, /^Goal: Checkout$/m);
    assert.match(show.stdout, /^Progress: 18\/30 items done, 36\/58 points$/m);
    assert.match(show.stdout, new RegExp(`^${team.epic} `, 'm'));
    assert.match(show.stdout, /^ {2}Remaining: 22 points in 11 open items/m);
    const shown = JSON.parse((await cli(team.root, 'milestone', 'show', 'r1', '--json')).stdout);
    assert.equal(shown.items.length, 30);
    assert.equal(shown.forecast.remaining, 22);
  });
});
