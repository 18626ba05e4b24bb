// Benchmark: `repo-backlog forecast` on 5,000 items with two years of `.backlog/` history in git.
// The repository is written in one `git fast-import` stream (seconds, not the minutes of 500
// `git commit`s): every week new items arrive, some start, some finish, in three commits a week.
// Then the CLI forecast (wall time, Node start-up included) for a milestone and for a query.
//
//   node scripts/bench/forecast.mjs [--items 5000] [--weeks 104] [--runs 5] [--baseline DIR]
//
// --baseline DIR: another checkout built with `node esbuild.mjs`; its forecast of the milestone
// is timed too, run for run alternating with this build's, for a before/after.
//
// Expects `node esbuild.mjs` to have built dist/cli.js (scripts/bench.mjs does that first).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { CLI, Report, formatMs, importCore, numberArg, repeat, seededRandom, since, stats, tempDir, timeProgram } from './lib.mjs';

const ITEMS = numberArg('items', 5000);
const WEEKS = numberArg('weeks', 104);
const RUNS = numberArg('runs', 5);
const TARGET_MS = 1000;
const EPICS = 20;
const WEEK_MS = 7 * 86_400_000;

const baselineAt = process.argv.indexOf('--baseline');
const BASELINE = baselineAt === -1 ? undefined : process.argv[baselineAt + 1];
if (BASELINE !== undefined && !existsSync(join(BASELINE, 'dist', 'cli.js'))) {
  console.error(`--baseline ${BASELINE}: no dist/cli.js there; run "node esbuild.mjs" in that checkout first`);
  process.exit(2);
}

if (!existsSync(CLI)) {
  console.error(`${CLI} is missing: run "node esbuild.mjs" first (npm run bench does).`);
  process.exit(2);
}

const report = new Report(`Forecast over ${ITEMS.toLocaleString('en')} items and ${WEEKS} weeks of git history — Node ${process.version}, ${cpus().length} CPUs`);
report.set('items', ITEMS);
report.set('weeks', WEEKS);
report.set('runs', RUNS);

const { module: core } = await importCore({
  'src/core/itemFile.ts': ['renderItemFile'],
  'src/core/config.ts': ['defaultConfigText'],
  'src/core/planning/milestoneFile.ts': ['renderMilestoneFile'],
  'src/core/ids.ts': ['newItemId', 'seededRandomInt'],
  'src/core/backlog.ts': ['Backlog'],
  'src/node/nodeFiles.ts': ['nodeFiles'],
  'src/node/gitHistory.ts': ['loadHistory'],
  'src/core/planning/forecastScope.ts': ['resolveScope', 'forecastWork', 'historySince'],
  'fractional-indexing': ['generateNKeysBetween'],
});

// ---------------------------------------------------------------------------------------------
// The history, as a fast-import stream.

const random = seededRandom(2026);
const root = tempDir('bench-forecast-');
const git = (...args) => {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

const buildStart = performance.now();
git('init', '-q', '-b', 'main');
const now = Date.now();
const start = now - WEEKS * WEEK_MS;
const ranks = core.generateNKeysBetween(null, null, ITEMS + EPICS);
const taken = new Set();
const idRandom = core.seededRandomInt(7);
const newId = () => {
  const id = core.newItemId('BL', taken, idRandom);
  taken.add(id);
  return id;
};

/** Every item's fields now; `render` writes its file as the store would. */
const items = [];
const epics = [];
for (let e = 0; e < EPICS; e++) {
  epics.push({ id: newId(), fields: { title: `Epic ${e}`, type: 'epic', status: 'In Progress', rank: ranks[e], ...(e < 3 ? { milestone: 'r1' } : {}) } });
}
const render = (item) => core.renderItemFile({ id: item.id, fields: item.fields, body: `\n## Description\n\n${item.fields.title}: benchmark text.\n` });

const chunks = [];
let commits = 0;
let blobs = 0;
const commit = (at, message, files) => {
  commits++;
  const parts = [`commit refs/heads/main\ncommitter Bench <bench@example.invalid> ${Math.floor(at / 1000)} +0000\ndata ${Buffer.byteLength(message)}\n${message}\n`];
  for (const [path, text] of files) {
    blobs++;
    parts.push(`M 100644 inline ${path}\ndata ${Buffer.byteLength(text)}\n${text}\n`);
  }
  chunks.push(parts.join(''));
};
const itemPath = (item) => [`.backlog/items/${item.id}.md`, render(item)];

commit(start, 'init backlog', [
  ['.backlog/config.yaml', core.defaultConfigText('BL')],
  ['.backlog/milestones/r1.md', core.renderMilestoneFile({ name: 'Release 1', target: new Date(now + 16 * WEEK_MS).toISOString().slice(0, 10), goal: 'Checkout' }, '\n')],
  ...epics.map(itemPath),
]);

// Arrivals are spread evenly; finishing keeps pace at a varying weekly throughput, so about a
// third of the items are still open at the end.
const perWeek = Math.ceil(ITEMS / WEEKS);
const backlogQueue = [];
const doing = [];
let created = 0;
for (let week = 0; week < WEEKS; week++) {
  for (let part = 0; part < 3; part++) {
    const at = start + week * WEEK_MS + (part * 2 + 1) * 86_400_000;
    const changed = [];
    const arriving = Math.min(Math.ceil(perWeek / 3), ITEMS - created);
    for (let i = 0; i < arriving; i++, created++) {
      const item = {
        id: newId(),
        fields: { title: `Story ${created}`, type: 'story', status: 'Backlog', points: random.pick([1, 2, 3, 5, 8]), parent: epics[created % EPICS].id, rank: ranks[EPICS + created] },
      };
      items.push(item);
      backlogQueue.push(item);
      changed.push(item);
    }
    const throughput = Math.floor((perWeek * 0.66 * (0.5 + random.next())) / 3);
    for (const item of doing.splice(0, Math.min(throughput, doing.length))) {
      item.fields = { ...item.fields, status: 'Done' };
      changed.push(item);
    }
    for (const item of backlogQueue.splice(0, Math.min(throughput, backlogQueue.length))) {
      item.fields = { ...item.fields, status: 'In Progress' };
      doing.push(item);
      changed.push(item);
    }
    if (changed.length > 0) commit(at, `week ${week} part ${part}`, [...new Set(changed)].map(itemPath));
  }
}
const stream = chunks.join('');
const imported = spawnSync('git', ['fast-import', '--quiet'], { cwd: root, input: stream, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
if (imported.status !== 0) throw new Error(`git fast-import: ${imported.stderr}`);
git('reset', '-q', '--hard', 'main');
const buildMs = since(buildStart);
const open = items.filter((i) => i.fields.status !== 'Done').length;
report.heading('The repository');
report.row('built with git fast-import (then checked out)', buildMs, `${commits} commits, ${blobs.toLocaleString('en')} item versions, ${open} of ${items.length} stories open`);
report.set('build.ms', Math.round(buildMs));
report.set('build.commits', commits);
report.set('build.itemVersions', blobs);

// ---------------------------------------------------------------------------------------------
// The CLI forecast, timed from spawn to exit.

const { loadavg } = await import('node:os');
if (loadavg()[0] > cpus().length) report.note(`load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs: wall times include waiting for the CPU`);
const scenarios = [
  { key: 'milestone', label: 'forecast --milestone r1 (3 epics, their stories)', args: ['forecast', '--milestone', 'r1'] },
  { key: 'query', label: 'forecast --query is:open (every open item)', args: ['forecast', '--query', 'is:open'] },
];
report.heading(`CLI wall time, median of ${RUNS} (target < ${TARGET_MS} ms)`);
// The first run also fills the parse cache, as a first run in a fresh clone would.
const firstMs = timeProgram(process.execPath, [CLI, ...scenarios[0].args], { cwd: root });
report.row('first run (fills the parse cache)', firstMs);
report.set('cli.first', Math.round(firstMs));
// Loading 5,000 items is most of any command's time; `list --json` under the same conditions
// shows what the forecast itself adds (history, simulation) on this machine at this moment.
const baseline = stats(repeat(RUNS, () => timeProgram(process.execPath, [CLI, 'list', '--json'], { cwd: root })));
report.row('baseline: list --json (load only, for comparison)', baseline.median);
report.set('cli.listJson', baseline);
let slowest = 0;
for (const s of scenarios) {
  const runs = repeat(RUNS, () => timeProgram(process.execPath, [CLI, ...s.args, '--json'], { cwd: root }));
  const st = stats(runs);
  slowest = Math.max(slowest, st.median);
  report.row(s.label, st.median, `${st.median < TARGET_MS ? 'under 1 s' : 'OVER the 1 s target'}; ${formatMs(st.median - baseline.median)} over list --json`);
  report.set(`cli.${s.key}`, st);
}

// In process, the backlog already loaded: what the forecast itself costs (git history of the
// sampled weeks, throughput, 10,000 simulated futures), without Node start-up or the load.
const backlog = new core.Backlog(root, core.nodeFiles);
await backlog.load();
const inProcess = [];
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  const at = Date.now();
  const history = await core.loadHistory(backlog, at, { since: core.historySince(at, 12), snapshotAtSince: 'changed' });
  const work = core.resolveScope(backlog.snapshot, { kind: 'milestone', id: 'r1' }, backlog.snapshot.relations);
  core.forecastWork(work, backlog.snapshot.config, history.events, { now: at, utcOffsetMinutes: 0, weeks: 12, historyFrom: history.baseAt });
  inProcess.push(since(t));
}
const inProcessStats = stats(inProcess);
report.row('in process, backlog loaded: history + forecast of r1', inProcessStats.median);
report.set('inProcess.milestone', inProcessStats);

if (BASELINE !== undefined) {
  // Both builds share the parse cache here (same format, or each run refills it): alternate
  // run for run, baseline first, so the machine's load hits both alike.
  const baseCli = join(BASELINE, 'dist', 'cli.js');
  const args = [...scenarios[0].args, '--json'];
  timeProgram(process.execPath, [baseCli, ...args], { cwd: root });
  const base = [];
  const ours = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(timeProgram(process.execPath, [baseCli, ...args], { cwd: root }));
    ours.push(timeProgram(process.execPath, [CLI, ...args], { cwd: root }));
  }
  const spread = (runs) => `runs ${formatMs(Math.min(...runs))}–${formatMs(Math.max(...runs))}`;
  report.heading(`Before / after: baseline ${BASELINE} vs this build, forecast --milestone r1 (median of ${RUNS}, alternating)`);
  report.row('baseline', stats(base).median, spread(base));
  report.row('this build', stats(ours).median, `${spread(ours)}; ${formatMs(Math.abs(stats(ours).median - stats(base).median))} ${stats(ours).median <= stats(base).median ? 'faster' : 'slower'}`);
  report.set('baseline', { dir: BASELINE, milestone: stats(base), ours: stats(ours) });
}

report.heading('What it printed');
const shown = spawnSync(process.execPath, [CLI, ...scenarios[0].args], { cwd: root, encoding: 'utf8' });
for (const line of shown.stdout.trimEnd().split('\n')) report.note(line);
const json = JSON.parse(spawnSync(process.execPath, [CLI, ...scenarios[0].args, '--json'], { cwd: root, encoding: 'utf8' }).stdout);
report.set('forecast', { remaining: json.remaining, unit: json.unit, p50: json.p50, p85: json.p85, p95: json.p95, onTrackProbability: json.onTrackProbability, weeksOfHistory: json.weeksOfHistory });
report.done();
if (slowest >= TARGET_MS) process.exitCode = 1;
