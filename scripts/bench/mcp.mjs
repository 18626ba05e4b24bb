// Benchmark: the MCP server (`repo-backlog mcp`) as an agent meets it. Wall time from spawning
// the server to the first tool list (what a client waits for before an agent can use it), and
// `backlog_search` over a 10,000-item backlog: the first search of a fresh server (it loads the
// backlog) and later searches (each re-checks the disk, then searches).
//
//   node scripts/bench/mcp.mjs [--items 10000] [--runs 7]
//
// Expects `node esbuild.mjs` to have built dist/cli.js (scripts/bench.mjs does that first).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI, Report, importCore, median, numberArg, seededRandom, since, stats, tempDir } from './lib.mjs';

const ITEMS = numberArg('items', 10_000);
const RUNS = numberArg('runs', 7);
const TARGET_MS = 1000;
const QUERY = 'is:open type:bug login';

if (!existsSync(CLI)) {
  console.error(`${CLI} is missing: run "node esbuild.mjs" first (npm run bench does).`);
  process.exit(2);
}

const report = new Report(`MCP server (repo-backlog mcp) — ${ITEMS.toLocaleString('en')} items, Node ${process.version}, ${cpus().length} CPUs`);
report.set('items', ITEMS);
report.set('runs', RUNS);

const { module: core } = await importCore({
  'src/core/backlog.ts': ['Backlog'],
  'src/node/nodeFiles.ts': ['nodeFiles'],
  'src/core/config.ts': ['defaultConfigText'],
  'src/core/ids.ts': ['newItemId'],
  'src/core/itemFile.ts': ['renderItemFile'],
  'fractional-indexing': ['generateNKeysBetween'],
});

// A backlog written with the core's own renderer, so the files are exactly what the tools write.
const root = tempDir('mcp');
const t0 = performance.now();
{
  const rng = seededRandom(20261202);
  const things = ['login page', 'billing export', 'search index', 'invoice PDF', 'user settings', 'audit log', 'webhook delivery', 'CSV import'];
  const verbs = ['Add', 'Fix', 'Refactor', 'Speed up', 'Validate', 'Cache'];
  const statuses = ['Backlog', 'Backlog', 'Ready', 'In Progress', 'Done'];
  const ranks = core.generateNKeysBetween(null, null, ITEMS);
  const taken = new Set();
  mkdirSync(join(root, '.backlog', 'items'), { recursive: true });
  writeFileSync(join(root, '.backlog', 'config.yaml'), core.defaultConfigText('BL'));
  for (let n = 0; n < ITEMS; n++) {
    const id = core.newItemId('BL', taken, (max) => rng.int(max));
    taken.add(id);
    const fields = { title: `${rng.pick(verbs)} ${rng.pick(things)}`, type: rng.chance(0.3) ? 'bug' : 'feature', status: rng.pick(statuses), points: 1 + rng.int(8), rank: ranks[n], created: '2026-01-05T09:00:00Z', updated: '2026-01-05T09:00:00Z' };
    const body = '\n## Description\n\nWhy it matters.\n\n## Acceptance criteria\n\n- [ ] It works\n';
    writeFileSync(join(root, '.backlog', 'items', `${id}.md`), core.renderItemFile({ id, fields, body }));
  }
}
report.heading('Setup');
report.row(`generate ${ITEMS.toLocaleString('en')} item files`, since(t0));

// Fill the parse cache once, as any earlier CLI or editor session would have.
await new core.Backlog(root, core.nodeFiles).load();

/**
 * CPU seconds the server process has used so far (user + system, from /proc; Linux only). On a
 * machine shared with other jobs wall time mostly measures waiting for a core; this does not.
 */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

async function startServer() {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', '--root', root], stderr: 'ignore' });
  const t = performance.now();
  await client.connect(transport);
  const { tools } = await client.listTools();
  const ms = since(t);
  if (!tools.some((x) => x.name === 'backlog_search')) throw new Error('backlog_search is not in the tool list');
  return { client, ms, cpu: cpuMs(transport.pid), pid: transport.pid };
}

async function search(client) {
  const t = performance.now();
  const r = await client.callTool({ name: 'backlog_search', arguments: { query: QUERY, limit: 20 } });
  const ms = since(t);
  if (r.isError) throw new Error(`backlog_search failed: ${JSON.stringify(r.content)}`);
  return { ms, total: r.structuredContent.total, shown: r.structuredContent.items.length };
}

const toList = [];
const toListCpu = [];
const firstSearchCpu = [];
const firstSearch = [];
const laterSearch = [];
let found;
for (let i = 0; i < RUNS; i++) {
  const { client, ms, cpu, pid } = await startServer();
  toList.push(ms);
  if (cpu !== undefined) toListCpu.push(cpu);
  const first = await search(client);
  firstSearch.push(first.ms);
  const cpuAfterSearch = cpuMs(pid);
  if (cpuAfterSearch !== undefined) firstSearchCpu.push(cpuAfterSearch);
  found = first;
  for (let j = 0; j < 5; j++) laterSearch.push((await search(client)).ms);
  await client.close();
}
if (!(found.total > 0 && found.shown === Math.min(20, found.total))) throw new Error(`the search found ${found.total} items and showed ${found.shown}; expected some`);

report.heading(`Wall time over stdio, median of ${RUNS} fresh servers`);
report.row('spawn → initialize → first tools/list', median(toList), `target < ${TARGET_MS} ms: ${median(toList) < TARGET_MS ? 'met' : 'NOT met'}`);
report.row(`backlog_search "${QUERY}", first in a fresh server (loads)`, median(firstSearch), `target < ${TARGET_MS} ms: ${median(firstSearch) < TARGET_MS ? 'met' : 'NOT met'}`);
report.row('backlog_search, later calls (re-check the disk + search)', median(laterSearch));
if (toListCpu.length > 0) {
  report.row('  server CPU time (user + system) until the tool list', median(toListCpu));
  report.row('  server CPU time until the first search answered', median(firstSearchCpu));
  report.set('cpu', { toToolList: stats(toListCpu), toFirstSearch: stats(firstSearchCpu) });
}
report.note(`load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs while measuring`);
report.note(`${found.total.toLocaleString('en')} of ${ITEMS.toLocaleString('en')} items match; 20 returned`);
report.set('startToToolList', stats(toList));
report.set('searchFirst', stats(firstSearch));
report.set('searchLater', stats(laterSearch));
report.set('target', { ms: TARGET_MS, met: median(toList) < TARGET_MS && median(firstSearch) < TARGET_MS });
report.done();
