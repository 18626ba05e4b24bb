// Tree-ready time in the real extension (code-server + Chromium): a 10,000-item backlog is opened
// twice, first with no parse cache (cold), then with the cache the first run left (warm).
// Reports activation → backlog loaded, and activation → the Items tree handed its first items.
//   node scripts/bench/treeReady.mjs [--items N]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEditor } from '../editor/session.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const count = Number(process.argv[process.argv.indexOf('--items') + 1]) || 10_000;
const STATUSES = ['Backlog', 'Ready', 'In Progress', 'Review', 'Done'];
const TYPES = ['feature', 'bug', 'debt', 'chore'];
const PRIORITIES = ['must', 'should', 'could', 'wont'];
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

function makeWorkspace() {
  const root = mkdtempSync(join(tmpdir(), 'repo-backlog-bench-tree-'));
  const items = join(root, '.backlog', 'items');
  mkdirSync(items, { recursive: true });
  writeFileSync(join(root, '.backlog', 'config.yaml'), 'idPrefix: BN\n');
  for (let i = 0; i < count; i++) {
    let suffix = '';
    for (let n = i, k = 0; k < 5; k++, n = Math.floor(n / ALPHABET.length)) suffix = ALPHABET[n % ALPHABET.length] + suffix;
    const id = `BN-${suffix}`;
    const rank = 'a' + i.toString(36).padStart(4, '0');
    writeFileSync(
      join(items, `${id}.md`),
      `---\nid: ${id}\ntitle: Item ${i} about checkout and the cart page\ntype: ${TYPES[i % 4]}\nstatus: ${STATUSES[i % 5]}\npriority: ${PRIORITIES[i % 4]}\npoints: ${(i % 8) + 1}\nlabels: [area-${i % 12}, team-${i % 3}]\nrank: ${rank}\ncreated: 2026-01-01T00:00:00Z\nupdated: 2026-01-02T00:00:00Z\n---\n\n## Description\n\nGenerated item ${i}.\n\n## Acceptance criteria\n\n- [ ] It works\n- [x] It is tested\n`,
    );
  }
  return root;
}

async function measure(workspace, label) {
  let result;
  const session = await openEditor({
    name: `bench-tree-${label}`,
    workspace,
    testsPath: join(here, 'editor', 'treeReadyEntry.cjs'),
    onLog: (line) => {
      const m = /\[bench\] (\{.*\})/.exec(line);
      if (m) result = JSON.parse(m[1]);
    },
  });
  try {
    const deadline = Date.now() + 180_000;
    while (!result && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  } finally {
    await session.close();
  }
  if (!result) throw new Error(`no [bench] line from the extension host; see ${session.logFile}`);
  return result;
}

const workspace = makeWorkspace();
try {
  const rows = [];
  for (const label of ['cold', 'warm']) {
    const r = await measure(workspace, label);
    rows.push({ label, ...r });
    console.log(
      `tree ready (${label}, ${r.items} items): activation → loaded ${r.activationToLoadedMs.toFixed(0)} ms, ` +
        `activation → tree items ${r.activationToTreeReadyMs?.toFixed(0) ?? 'n/a'} ms, view opened → tree items ${r.viewOpenToTreeReadyMs?.toFixed(0) ?? 'n/a'} ms`,
    );
  }
  console.log('BENCH_JSON ' + JSON.stringify({ bench: 'treeReady', items: count, runs: rows }));
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
