// Benchmark: a 10,000-item backlog with 1,000 epics (most items have a parent epic, some are
// blocked by others). How long `repo-backlog list --json` takes (wall time, including Node
// start-up), how long the extension needs to have its tree model ready, how long a single-file
// refresh takes, what the snapshot's relations (children, roll-ups, blocked, blocks) cost, and
// Backlog.md's `backlog task list --plain` on an equivalent project, side by side.
//
//   node scripts/bench/backlog.mjs [--items 10000] [--epics 1000] [--runs 7] [--peer-runs 3] [--baseline DIR]
//
// --baseline DIR: another checkout built with `node esbuild.mjs` (e.g. `git worktree add
// /tmp/base <commit>`); its `list --json`, tree-ready time and load are timed on a copy of the
// same backlog (its own parse cache), run for run alternating with this build, for a before/after.
//
// Expects `node esbuild.mjs` to have built dist/cli.js (scripts/bench.mjs does that first).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import {
  CLI,
  Report,
  ensureNpmPeer,
  formatMs,
  importCore,
  median,
  numberArg,
  ratio,
  repeat,
  repeatAsync,
  seededRandom,
  since,
  stats,
  tempDir,
  timeProgram,
} from './lib.mjs';

const ITEMS = numberArg('items', 10_000);
const EPICS = Math.min(ITEMS, numberArg('epics', Math.max(1, Math.round(ITEMS / 10))));
const baselineAt = process.argv.indexOf('--baseline');
const BASELINE = baselineAt === -1 ? undefined : process.argv[baselineAt + 1];
if (BASELINE !== undefined && !existsSync(join(BASELINE, 'dist', 'cli.js'))) {
  console.error(`--baseline ${BASELINE}: no dist/cli.js there; run "node esbuild.mjs" in that checkout first`);
  process.exit(2);
}
const RUNS = numberArg('runs', 7);
const PEER_RUNS = numberArg('peer-runs', 3);
const TARGET_MS = 400;
const PEER = { name: 'backlog.md', version: '1.52.0', label: 'Backlog.md 1.52.0' };

if (!existsSync(CLI)) {
  console.error(`${CLI} is missing: run "node esbuild.mjs" first (npm run bench does).`);
  process.exit(2);
}

const report = new Report(`Backlog of ${ITEMS.toLocaleString('en')} items, ${EPICS.toLocaleString('en')} of them epics — Node ${process.version}, ${cpus().length} CPUs`);
report.set('items', ITEMS);
report.set('epics', EPICS);
report.set('runs', RUNS);

const { module: core, file: coreBundle } = await importCore({
  'src/core/backlog.ts': ['Backlog'],
  'src/node/nodeFiles.ts': ['nodeFiles'],
  'src/core/itemFile.ts': ['renderItemFile'],
  'src/core/config.ts': ['defaultConfigText'],
  'src/core/ids.ts': ['newItemId'],
  'src/core/frontMatter.ts': ['editFrontMatter'],
  'src/tree/treeModel.ts': ['buildTreeModel'],
  'src/core/planning/relations.ts': ['ItemRelations'],
  'src/core/check.ts': ['relationProblems'],
  'fractional-indexing': ['generateNKeysBetween'],
});
const baselineCore = BASELINE === undefined ? undefined : await importCore({
  'src/core/backlog.ts': ['Backlog'],
  'src/node/nodeFiles.ts': ['nodeFiles'],
  'src/tree/treeModel.ts': ['buildTreeModel'],
}, BASELINE);

// ---------------------------------------------------------------------------------------------
// A realistic backlog: the same logical items are written in our format and in Backlog.md's.

const WORDS = {
  verbs: ['Add', 'Fix', 'Refactor', 'Remove', 'Support', 'Migrate', 'Speed up', 'Document', 'Validate', 'Cache', 'Show', 'Export', 'Import', 'Retry', 'Split'],
  things: ['login page', 'billing export', 'search index', 'invoice PDF', 'user settings', 'audit log', 'webhook delivery', 'CSV import', 'dark mode', 'session timeout', 'rate limiter', 'email digest', 'API pagination', 'role editor', 'upload queue', 'report builder'],
  tails: ['for admins', 'on mobile', 'in the EU region', 'after sign-up', 'for large accounts', 'behind a feature flag', 'in the public API', 'for SSO users', '', '', ''],
  labels: ['ui', 'api', 'auth', 'billing', 'perf', 'infra', 'a11y', 'mobile', 'search', 'data', 'security', 'docs', 'onboarding', 'reporting', 'i18n', 'tech-debt', 'customer', 'ops'],
  people: ['alice', 'bob', 'chen', 'dana', 'emeka', 'farah', 'goran', 'hana'],
  sentences: [
    'Customers on the enterprise plan report this every week.',
    'The current behaviour is inconsistent between the web app and the API.',
    'This blocks the Q3 onboarding work.',
    'Measure before and after; the p95 must not regress.',
    'Keep the old endpoint working until clients have migrated.',
    'Support has a workaround but it costs them ten minutes a ticket.',
    'See the incident review for the timeline and the affected accounts.',
    'Design has signed off on the mock-ups.',
  ],
  criteria: [
    'Works with keyboard only', 'Covered by an integration test', 'Error message names the field at fault', 'No regression in p95 latency',
    'Documented in the changelog', 'Feature flag can turn it off', 'Empty state has a call to action', 'Audit log records the change',
    'Works for accounts with 10k+ users', 'Translations added for all locales',
  ],
};

function weighted(rng, pairs) {
  let x = rng.next() * pairs.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of pairs) if ((x -= w) < 0) return v;
  return pairs[pairs.length - 1][0];
}

/** The logical items, generated deterministically so every run benchmarks the same backlog. */
function logicalItems(count) {
  const rng = seededRandom(20261124);
  const ranks = core.generateNKeysBetween(null, null, count);
  const taken = new Set();
  const base = Date.parse('2025-01-06T09:00:00Z');
  const items = [];
  for (let n = 0; n < count; n++) {
    const id = core.newItemId('BL', taken, (max) => rng.int(max));
    taken.add(id);
    const type = weighted(rng, [['feature', 50], ['bug', 25], ['debt', 15], ['chore', 10]]);
    const status = weighted(rng, [['Backlog', 45], ['Ready', 15], ['In Progress', 8], ['Review', 4], ['Done', 28]]);
    const created = new Date(base + n * 47 * 60_000 + rng.int(3_600_000));
    const updated = new Date(created.getTime() + rng.int(30 * 86_400_000));
    const labels = [...new Set(Array.from({ length: rng.int(4) }, () => rng.pick(WORDS.labels)))];
    const acceptance = Array.from({ length: 2 + rng.int(4) }, () => [rng.pick(WORDS.criteria), status === 'Done' || rng.chance(0.2)]);
    items.push({
      id,
      title: `${rng.pick(WORDS.verbs)} ${rng.pick(WORDS.things)} ${rng.pick(WORDS.tails)}`.trim(),
      type,
      status,
      priority: weighted(rng, [['must', 15], ['should', 30], ['could', 25], ['wont', 5], [undefined, 25]]),
      points: weighted(rng, [[1, 10], [2, 15], [3, 20], [5, 20], [8, 10], [13, 5], [undefined, 20]]),
      labels,
      assignee: status === 'Backlog' && rng.chance(0.7) ? undefined : rng.pick(WORDS.people),
      sprint: status === 'Backlog' ? undefined : `2025-S${String(1 + Math.floor(n / 420)).padStart(2, '0')}`,
      rank: ranks[n],
      created: stamp(created),
      updated: stamp(updated),
      links: rng.chance(0.1) ? [{ kind: 'todo', path: `src/${rng.pick(WORDS.things).replace(/ /g, '-')}/index.ts`, line: 1 + rng.int(400), anchor: 'TODO: handle the empty case' }] : undefined,
      description: Array.from({ length: 1 + rng.int(3) }, () => rng.pick(WORDS.sentences)).join(' '),
      acceptance,
    });
  }
  // Structure: every (ITEMS / EPICS)th item is an epic; 85 % of the rest belong to one, and
  // 15 % wait for one or two items earlier in the list (so there are no cycles to report).
  const step = Math.floor(count / EPICS);
  const epics = items.filter((_, n) => n % step === 0).slice(0, EPICS);
  for (const epic of epics) epic.type = 'epic';
  items.forEach((item, n) => {
    if (item.type === 'epic') return;
    if (rng.chance(0.85)) item.parent = rng.pick(epics).id;
    if (n > 2 && rng.chance(0.15)) {
      const blockers = new Set(Array.from({ length: 1 + rng.int(2) }, () => items[rng.int(n)]).filter((b) => b.type !== 'epic').map((b) => b.id));
      if (blockers.size > 0) item.blockedBy = [...blockers];
    }
  });
  return items;
}

function stamp(d) {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function ourBody(item) {
  const ac = item.acceptance.map(([text, done]) => `- [${done ? 'x' : ' '}] ${text}`).join('\n');
  const repro = item.type === 'bug' ? '\n## Steps to reproduce\n\n1. Sign in as a member of a large account\n2. Open the page\n3. Watch the spinner never stop\n' : '';
  return `\n## Description\n\n${item.description}\n${repro}\n## Acceptance criteria\n\n${ac}\n`;
}

function ourFields(item) {
  const { id: _i, description: _d, acceptance: _a, labels, ...rest } = item;
  return { ...rest, labels: labels.length > 0 ? labels : undefined };
}

// The core's renderer builds a YAML document per item (~0.5 ms each), which would make setting
// up 10,000 items slower than the thing measured. This template writes the same bytes for the
// generated vocabulary; `writeOurBacklog` proves it against the core renderer on a sample.
function fastItemFile(item) {
  const f = ourFields(item);
  const lines = ['---', `id: ${item.id}`, `title: ${f.title}`, `type: ${f.type}`, `status: ${f.status}`];
  if (f.priority !== undefined) lines.push(`priority: ${f.priority}`);
  if (f.points !== undefined) lines.push(`points: ${f.points}`);
  if (f.labels) lines.push(`labels: [${f.labels.join(', ')}]`);
  if (f.assignee !== undefined) lines.push(`assignee: ${f.assignee}`);
  if (f.sprint !== undefined) lines.push(`sprint: ${f.sprint}`);
  if (f.parent !== undefined) lines.push(`parent: ${f.parent}`);
  if (f.blockedBy !== undefined) lines.push(`blockedBy: [${f.blockedBy.join(', ')}]`);
  lines.push(`rank: ${f.rank}`, `created: ${f.created}`, `updated: ${f.updated}`);
  if (f.links) {
    lines.push('links:');
    for (const l of f.links) lines.push(`  - kind: ${l.kind}`, `    path: ${l.path}`, `    line: ${l.line}`, `    anchor: ${JSON.stringify(l.anchor)}`);
  }
  return `${lines.join('\n')}\n---\n${ourBody(item)}`;
}

function writeOurBacklog(root, items) {
  const itemsDir = join(root, '.backlog', 'items');
  mkdirSync(itemsDir, { recursive: true });
  writeFileSync(join(root, '.backlog', 'config.yaml'), core.defaultConfigText('BL'));
  items.forEach((item, i) => {
    const text = fastItemFile(item);
    if (i < 300) {
      const expected = core.renderItemFile({ id: item.id, fields: ourFields(item), body: ourBody(item) });
      if (text !== expected) throw new Error(`the fast item template drifted from the core renderer for ${item.id}:\n${expected}\n--- vs ---\n${text}`);
    }
    writeFileSync(join(itemsDir, `${item.id}.md`), text);
  });
  return itemsDir;
}

// Backlog.md's task file, in the shape its own `task create` writes (checked against 1.52.0).
const PEER_STATUS = { Backlog: 'To Do', Ready: 'To Do', 'In Progress': 'In Progress', Review: 'In Progress', Done: 'Done' };
const PEER_PRIORITY = { must: 'high', should: 'medium', could: 'low' };

function yamlList(key, values, quote = false) {
  if (values.length === 0) return `${key}: []`;
  return `${key}:\n${values.map((v) => `  - ${quote ? `'${v}'` : v}`).join('\n')}`;
}

function peerTaskFile(item, n) {
  const created = item.created.replace('T', ' ').slice(0, 16);
  const priority = PEER_PRIORITY[item.priority];
  const front = [
    `id: TASK-${n}`,
    `title: ${item.title}`,
    `status: ${PEER_STATUS[item.status]}`,
    yamlList('assignee', item.assignee ? [`@${item.assignee}`] : [], true),
    `created_date: '${created}'`,
    yamlList('labels', item.labels),
    'dependencies: []',
    ...(priority ? [`priority: ${priority}`] : []),
    `ordinal: ${n * 1000}`,
  ].join('\n');
  const ac = item.acceptance.map(([text, done], i) => `- [${done ? 'x' : ' '}] #${i + 1} ${text}`).join('\n');
  const body =
    `## Description\n\n<!-- SECTION:DESCRIPTION:BEGIN -->\n${item.description}\n<!-- SECTION:DESCRIPTION:END -->\n\n` +
    `## Acceptance Criteria\n<!-- AC:BEGIN -->\n${ac}\n<!-- AC:END -->\n`;
  return `---\n${front}\n---\n\n${body}`;
}

function writePeerProject(root, items) {
  const tasks = join(root, 'backlog', 'tasks');
  mkdirSync(tasks, { recursive: true });
  for (const d of ['drafts', 'completed', 'archive/tasks', 'docs', 'decisions']) mkdirSync(join(root, 'backlog', d), { recursive: true });
  // What `backlog init --defaults` writes, with branch checking off (the faster setting for it).
  writeFileSync(
    join(root, 'backlog', 'config.yml'),
    [
      'project_name: "bench"',
      'default_status: "To Do"',
      'statuses: ["To Do", "In Progress", "Done"]',
      'labels: []',
      'date_format: yyyy-mm-dd',
      'max_column_width: 20',
      'auto_open_browser: false',
      'default_port: 6420',
      'remote_operations: false',
      'auto_commit: false',
      'filesystem_only: false',
      'bypass_git_hooks: false',
      'check_active_branches: false',
      'active_branch_days: 30',
      'task_prefix: "task"',
      '',
    ].join('\n'),
  );
  items.forEach((item, i) => {
    const n = i + 1;
    const slug = item.title.replace(/[^A-Za-z0-9 -]/g, '').trim().replace(/\s+/g, '-');
    writeFileSync(join(tasks, `task-${n} - ${slug}.md`), peerTaskFile(item, n));
  });
  // A Backlog.md project lives in a git repository (its init requires one unless --no-git).
  const git = (...args) => {
    const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };
  git('init', '-q');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'add', '-A');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-q', '-m', 'tasks');
}

// ---------------------------------------------------------------------------------------------

const t0 = performance.now();
const items = logicalItems(ITEMS);
const root = tempDir('ours');
writeOurBacklog(root, items);
const generateMs = since(t0);
report.heading('Setup');
report.row(`generate ${ITEMS.toLocaleString('en')} item files`, generateMs);
report.set('generateMs', Math.round(generateMs));

// --- CLI wall time ---------------------------------------------------------------------------
const cacheDir = join(root, '.backlog', '.cache');
const dropCache = () => rmSync(cacheDir, { recursive: true, force: true });
const node = process.execPath;
const listOut = join(tempDir('out'), 'list.json');

// Check the output once, so a fast but wrong list can never pass as a result.
dropCache();
timeProgram(node, [CLI, 'list', '--json', '--root', root], { stdoutFile: listOut });
const listed = JSON.parse(readFileSync(listOut, 'utf8'));
if (listed.length !== ITEMS) throw new Error(`list --json printed ${listed.length} items, expected ${ITEMS}`);
const expectedFirst = [...items].sort((a, b) => (a.rank < b.rank ? -1 : 1))[0].id;
if (listed[0].id !== expectedFirst) throw new Error(`list --json is not in rank order (first ${listed[0].id}, expected ${expectedFirst})`);
// Every child is counted once, under its epic (epics have no parent here).
const rolledUp = listed.reduce((n, i) => n + (i.rollup?.total ?? 0), 0);
const children = items.filter((i) => i.parent).length;
if (rolledUp !== children) throw new Error(`list --json roll-ups count ${rolledUp} children, expected ${children}`);
if (!listed.some((i) => i.blocked)) throw new Error('list --json marks no item blocked');

const nodeFloor = repeat(RUNS, () => timeProgram(node, ['-e', '0']));
const cold = repeat(RUNS, () => timeProgram(node, [CLI, 'list', '--json', '--root', root], { stdoutFile: listOut }), dropCache);
// The last cold run left the cache in place.
const warm = repeat(RUNS, () => timeProgram(node, [CLI, 'list', '--json', '--root', root], { stdoutFile: listOut }));
const warmText = repeat(RUNS, () => timeProgram(node, [CLI, 'list', '--root', root], { stdoutFile: listOut }));
const warmFiltered = repeat(RUNS, () => timeProgram(node, [CLI, 'list', '--json', '--query', 'type:bug label:auth -status:Done', '--root', root], { stdoutFile: listOut }));

const warmMs = median(warm);
report.heading(`CLI wall time, spawn to exit incl. Node start-up (median of ${RUNS})`);
report.row('node -e 0 (Node start-up alone, for reference)', median(nodeFloor));
report.row('repo-backlog list --json, cold (no .backlog/.cache)', median(cold));
report.row('repo-backlog list --json, warm (cache present)', warmMs, `target < ${TARGET_MS} ms: ${warmMs < TARGET_MS ? 'met' : 'NOT met'}`);
report.row('  of which beyond Node start-up (warm − node -e 0)', Math.max(0, warmMs - median(nodeFloor)));
report.row('repo-backlog list (table), warm', median(warmText));
report.row('list --json --query "type:bug label:auth -status:Done"', median(warmFiltered));
report.set('cli.nodeStartup', stats(nodeFloor));
report.set('cli.listJson.cold', stats(cold));
report.set('cli.listJson.warm', stats(warm));
report.set('cli.listTable.warm', stats(warmText));
report.set('cli.listJsonFiltered.warm', stats(warmFiltered));
report.set('cli.target', { listJsonMs: TARGET_MS, met: warmMs < TARGET_MS, coldMet: median(cold) < TARGET_MS });

// --- Tree ready: a fresh process, as when the extension activates ----------------------------
// The extension host is already running, so Node start-up is not part of this; loading the
// bundled core is. Measured inside the child from just before it imports the bundle.
function treeReadyInFreshProcess(bundle = coreBundle, on = root) {
  const script = `(async () => {
    const t0 = performance.now();
    const core = require(${JSON.stringify(bundle)});
    const backlog = new core.Backlog(${JSON.stringify(on)}, core.nodeFiles);
    const snapshot = await backlog.load();
    const t1 = performance.now();
    const model = core.buildTreeModel(snapshot, { groupBy: 'status' });
    const t2 = performance.now();
    const shown = model.reduce((n, g) => n + g.items.length, 0);
    process.stdout.write(JSON.stringify({ load: t1 - t0, model: t2 - t1, total: t2 - t0, shown }));
  })().catch((e) => { console.error(e); process.exit(1); });`;
  const r = spawnSync(node, ['-e', script], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`tree-ready child failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout);
  if (out.shown !== ITEMS) throw new Error(`tree model shows ${out.shown} items, expected ${ITEMS}`);
  return out;
}
const treeCold = repeat(RUNS, () => treeReadyInFreshProcess(), dropCache);
const treeWarm = repeat(RUNS, () => treeReadyInFreshProcess());
report.heading(`Tree ready in a fresh process: import core + Backlog.load() + buildTreeModel (median of ${RUNS})`);
report.note('(the pure model the sidebar renders; VS Code drawing the visible rows is not included)');
report.row('cold (no .backlog/.cache)', median(treeCold.map((r) => r.total)));
report.row('warm (cache present)', median(treeWarm.map((r) => r.total)));
report.row('  of which buildTreeModel (group by status)', median(treeWarm.map((r) => r.model)));
report.set('treeReady.cold', stats(treeCold.map((r) => r.total)));
report.set('treeReady.warm', stats(treeWarm.map((r) => r.total)));
report.set('treeReady.buildTreeModel', stats(treeWarm.map((r) => r.model)));

// --- In-process store: reload, one-file refresh, one-field update ----------------------------
const { Backlog, nodeFiles, buildTreeModel, editFrontMatter } = core;
const loadCold = await repeatAsync(RUNS, async () => {
  const t = performance.now();
  await new Backlog(root, nodeFiles).load();
  return since(t);
}, dropCache);
const loadWarm = await repeatAsync(RUNS, async () => {
  const t = performance.now();
  await new Backlog(root, nodeFiles).load();
  return since(t);
});

const store = new Backlog(root, nodeFiles);
await store.load();
const statuses = ['Backlog', 'Ready', 'In Progress', 'Review', 'Done'];
// Another editor (or git) changes one file: the watcher hands us its path.
const refreshOne = await repeatAsync(RUNS, async (i) => {
  const item = store.snapshot.items[(i * 997) % ITEMS];
  const text = readFileSync(item.file, 'utf8');
  writeFileSync(item.file, editFrontMatter(text, { status: statuses[(statuses.indexOf(item.status) + 1) % statuses.length] }));
  const t = performance.now();
  const s = await store.refresh([item.file]);
  buildTreeModel(s, { groupBy: 'status' });
  const ms = since(t);
  if (s.byId.get(item.id).status === item.status) throw new Error('refresh did not pick up the change');
  return ms;
});
// The user sets a field in the tree: one atomic file write, a new snapshot, a new tree model.
const updateOne = await repeatAsync(RUNS, async (i) => {
  const item = store.snapshot.items[(i * 389 + 5) % ITEMS];
  const t = performance.now();
  await store.update(item, { priority: item.priority === 'must' ? 'should' : 'must' });
  buildTreeModel(store.snapshot, { groupBy: 'status' });
  return since(t);
});
// What the cross-process write lock costs each write: taking and releasing it alone, and a
// move, which also re-reads the backlog under it (its neighbours' ranks must be current).
const lockOnly = await repeatAsync(RUNS, async () => {
  const t = performance.now();
  const release = await nodeFiles.lock(store.lockPath);
  await release();
  return since(t);
});
const moveOne = await repeatAsync(RUNS, async (i) => {
  const item = store.snapshot.items[(i * 613 + 11) % ITEMS];
  const t = performance.now();
  await store.move(item.id, { to: i % 2 ? 'top' : 'bottom' });
  buildTreeModel(store.snapshot, { groupBy: 'status' });
  return since(t);
});
report.heading(`In-process store (JIT warm, median of ${RUNS})`);
report.row('Backlog.load(), cold (no .backlog/.cache)', median(loadCold));
report.row('Backlog.load(), warm (cache present)', median(loadWarm));
report.row('one file changed on disk: refresh([file]) + tree', median(refreshOne));
report.row('update one field (atomic write) + tree', median(updateOne));
report.row('  of which the write lock (take + release)', median(lockOnly));
report.row('move one item (lock + fresh re-read + write) + tree', median(moveOne));
report.set('store.loadCold', stats(loadCold));
report.set('store.loadWarm', stats(loadWarm));
report.set('store.refreshOneFile', stats(refreshOne));
report.set('store.updateOneField', stats(updateOne));
report.set('store.writeLock', stats(lockOnly));
report.set('store.moveOne', stats(moveOne));

// --- Relations: what the snapshot computes about parents and blockers -------------------------
const { ItemRelations, relationProblems } = core;
const loaded = store.snapshot;
const epicIds = loaded.items.filter((i) => i.type === 'epic').map((i) => i.id);
// Everything a view can ask for, for every item: as much as any one view needs, and more.
const relationsAll = repeat(RUNS, () => {
  const t = performance.now();
  const relations = new ItemRelations(loaded.items, loaded.byId, loaded.config);
  let blocked = 0;
  for (const item of loaded.items) {
    if (relations.isBlocked(item)) blocked++;
    relations.blocks(item.id);
  }
  for (const id of epicIds) relations.rollup(id);
  const ms = since(t);
  if (blocked === 0) throw new Error('no item is blocked');
  return ms;
});
const relationChecks = repeat(RUNS, () => {
  const t = performance.now();
  relationProblems(loaded.items, loaded.byId, new Set());
  return since(t);
});
report.heading(`Relations on ${ITEMS.toLocaleString('en')} items / ${epicIds.length.toLocaleString('en')} epics (in-process, median of ${RUNS})`);
report.row('index + blocked and blocks of every item + every epic roll-up', median(relationsAll));
report.row("check: cycles, self-references, unknown ids (run when a snapshot's problems are first read)", median(relationChecks));
report.set('relations.everything', stats(relationsAll));
report.set('relations.check', stats(relationChecks));

// --- Baseline: another build on the same backlog ---------------------------------------------
if (BASELINE !== undefined) {
  const baseCli = join(BASELINE, 'dist', 'cli.js');
  // The two builds may not share a cache format: the baseline works on its own copy of the
  // backlog, so runs of the two can alternate without either emptying the other's cache.
  const baseRoot = tempDir('baseline');
  cpSync(root, baseRoot, { recursive: true });
  const baseCache = join(baseRoot, '.backlog', '.cache');
  const baseCold = repeat(RUNS, () => timeProgram(node, [baseCli, 'list', '--json', '--root', baseRoot], { stdoutFile: listOut }), () => rmSync(baseCache, { recursive: true, force: true }));
  // Ours once more, in case the store's writes above left its cache behind.
  timeProgram(node, [CLI, 'list', '--json', '--root', root], { stdoutFile: listOut });
  // Run for run alternating, baseline first, so the machine's load hits both alike.
  const alternate = async (base, ours) => {
    const b = [];
    const o = [];
    for (let i = 0; i < RUNS; i++) {
      b.push(await base());
      o.push(await ours());
    }
    return [b, o];
  };
  const [baseWarm, oursWarm] = await alternate(
    () => timeProgram(node, [baseCli, 'list', '--json', '--root', baseRoot], { stdoutFile: listOut }),
    () => timeProgram(node, [CLI, 'list', '--json', '--root', root], { stdoutFile: listOut }),
  );
  const [baseTreeWarm, oursTreeWarm] = await alternate(() => treeReadyInFreshProcess(baselineCore.file, baseRoot), () => treeReadyInFreshProcess());
  const timedLoad = (build, on) => async () => {
    const t = performance.now();
    await new build.Backlog(on, build.nodeFiles).load();
    return since(t);
  };
  // One untimed load of the baseline first: ours ran in this process already (JIT warm).
  await timedLoad(baselineCore.module, baseRoot)();
  const [baseLoadWarm, oursLoadWarm] = await alternate(timedLoad(baselineCore.module, baseRoot), timedLoad(core, root));
  const spread = (runs) => `runs ${formatMs(Math.min(...runs))}–${formatMs(Math.max(...runs))}`;
  report.heading(`Before / after: baseline ${BASELINE} vs this build, same backlog (median of ${RUNS})`);
  report.row('baseline list --json, cold', median(baseCold));
  report.row('baseline list --json, warm', median(baseWarm), spread(baseWarm));
  const delta = (after, before) => `${after >= before ? '+' : '−'}${formatMs(Math.abs(after - before))} vs baseline`;
  report.row('this build list --json, warm', median(oursWarm), `${delta(median(oursWarm), median(baseWarm))}; ${spread(oursWarm)}`);
  const baseTree = baseTreeWarm.map((r) => r.total);
  const oursTree = oursTreeWarm.map((r) => r.total);
  report.row('baseline tree ready, warm (fresh process)', median(baseTree), spread(baseTree));
  report.row('this build tree ready, warm (fresh process)', median(oursTree), `${delta(median(oursTree), median(baseTree))}; ${spread(oursTree)}`);
  report.row('baseline Backlog.load() (snapshot), warm', median(baseLoadWarm), spread(baseLoadWarm));
  report.row('this build Backlog.load() (snapshot), warm', median(oursLoadWarm), `${delta(median(oursLoadWarm), median(baseLoadWarm))}; ${spread(oursLoadWarm)}`);
  report.set('baseline', {
    dir: BASELINE,
    listJsonCold: stats(baseCold), listJsonWarm: stats(baseWarm), treeReadyWarm: stats(baseTreeWarm.map((r) => r.total)), loadWarm: stats(baseLoadWarm),
    ours: { listJsonWarm: stats(oursWarm), treeReadyWarm: stats(oursTreeWarm.map((r) => r.total)), loadWarm: stats(oursLoadWarm) },
  });
}

// --- Peer: Backlog.md ------------------------------------------------------------------------
report.heading(`Peer: ${PEER.label}, \`backlog task list --plain\` on ${ITEMS.toLocaleString('en')} tasks (median of ${PEER_RUNS})`);
try {
  const peerDir = ensureNpmPeer(PEER.name, PEER.version);
  const wrapper = join(peerDir, 'node_modules', PEER.name, 'cli.js');
  const binary = join(peerDir, 'node_modules', `${PEER.name}-${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`, process.platform === 'win32' ? 'backlog.exe' : 'backlog');
  const version = spawnSync(node, [wrapper, '--version'], { encoding: 'utf8' });
  if (version.status !== 0 || !version.stdout.includes(PEER.version)) {
    throw new Error(`its binary does not run here: ${(version.stderr || version.stdout || String(version.error)).trim().split('\n').slice(0, 4).join(' / ')}`);
  }
  const peerRoot = tempDir('backlogmd');
  const tg = performance.now();
  writePeerProject(peerRoot, items);
  report.row(`generate ${ITEMS.toLocaleString('en')} task files + git commit`, since(tg));

  const peerOut = join(tempDir('peer-out'), 'list.txt');
  const env = { ...process.env, NO_COLOR: '1', CI: '1' };
  const firstRun = timeProgram(node, [wrapper, 'task', 'list', '--plain'], { cwd: peerRoot, env, stdoutFile: peerOut });
  const peerListed = (readFileSync(peerOut, 'utf8').match(/\bTASK-\d+\b/g) ?? []).length;
  if (peerListed !== ITEMS) throw new Error(`backlog task list --plain printed ${peerListed} tasks, expected ${ITEMS}; the generated project is not what it expects`);
  const peerRuns = repeat(PEER_RUNS, () => timeProgram(node, [wrapper, 'task', 'list', '--plain'], { cwd: peerRoot, env, stdoutFile: peerOut }));
  const peerBinaryRuns = existsSync(binary) ? repeat(PEER_RUNS, () => timeProgram(binary, ['task', 'list', '--plain'], { cwd: peerRoot, env, stdoutFile: peerOut })) : [];
  const peerMs = median(peerRuns);
  report.row('backlog task list --plain, first run', firstRun);
  report.row('backlog task list --plain (npm bin, as users run it)', peerMs);
  if (peerBinaryRuns.length) report.row('backlog task list --plain (its compiled binary directly)', median(peerBinaryRuns));
  report.heading('Side by side');
  report.row('repo-backlog list --json, warm', warmMs, ratio(warmMs, peerMs, 'Backlog.md'));
  report.row('repo-backlog list --json, cold', median(cold), ratio(median(cold), peerMs, 'Backlog.md'));
  report.row('repo-backlog list (table), warm', median(warmText), ratio(median(warmText), peerMs, 'Backlog.md'));
  report.set('peer', {
    name: PEER.label,
    command: 'backlog task list --plain',
    firstRunMs: Math.round(firstRun),
    npmBin: stats(peerRuns),
    ...(peerBinaryRuns.length ? { binary: stats(peerBinaryRuns) } : {}),
    speedupWarm: Math.round((peerMs / warmMs) * 10) / 10,
    speedupCold: Math.round((peerMs / median(cold)) * 10) / 10,
  });
} catch (e) {
  const reason = e instanceof Error ? e.message : String(e);
  report.note(`skipped: ${reason}`);
  report.set('peer', { name: PEER.label, skipped: reason });
}

console.log(`\n  Summary: list --json on ${ITEMS.toLocaleString('en')} items ${formatMs(warmMs)} warm / ${formatMs(median(cold))} cold (target < ${TARGET_MS} ms)`);
report.done();
