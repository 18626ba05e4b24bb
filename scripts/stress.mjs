// Stress test of the backlog store across processes: several `node dist/cli.js` processes add,
// set, move, import and archive in one backlog at once for a while, one big import is killed
// with SIGKILL half-way, and then it counts what must be zero: changes reported done but lost,
// items created twice for one failing test, temp files left behind, and `check` errors.
//
//   node esbuild.mjs && node scripts/stress.mjs [--seconds 30] [--workers 4] [--keep]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(repo, 'dist', 'cli.js');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const SECONDS = arg('seconds', 30);
const WORKERS = arg('workers', 4);
const KEEP = process.argv.includes('--keep');
if (!existsSync(CLI)) {
  console.error('dist/cli.js is missing: run node esbuild.mjs first');
  process.exit(2);
}

const root = mkdtempSync(join(tmpdir(), 'backlog-stress-'));
const itemsDir = join(root, '.backlog', 'items');
const archiveDir = join(root, '.backlog', 'archive');

function cli(args) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args, '--root', root], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr, child }));
    done.child = child;
  });
}

function junit(name, failures) {
  const cases = Array.from({ length: failures }, (_, i) => `<testcase classname="${name}" name="case ${i}"><failure message="broke ${i}">at ${name}.js:${i + 1}</failure></testcase>`);
  return `<?xml version="1.0"?><testsuite name="${name}" tests="${failures}" failures="${failures}">${cases.join('')}</testsuite>`;
}

/** Front matter of an item, from items/ or archive/ (archived items keep their last fields). */
function readItem(id) {
  for (const dir of [itemsDir, archiveDir]) {
    const file = join(dir, `${id}.md`);
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  return undefined;
}

const init = spawnSync(process.execPath, [CLI, 'init', '--root', root], { encoding: 'utf8' });
if (init.status !== 0) throw new Error(init.stderr);
writeFileSync(join(root, 'small.xml'), junit('small', 20));
writeFileSync(join(root, 'big.xml'), junit('big', 3000));

const ids = [];
for (let i = 0; i < 8; i++) {
  const r = await cli(['add', `Seed ${i}`]);
  ids.push(r.stdout.trim());
}

const deadline = Date.now() + SECONDS * 1000;
/** Per worker and item: the value of the last `set` that exited 0. */
const lastSet = new Map();
const counts = { set: 0, setRefused: 0, add: 0, move: 0, moveRefused: 0, import: 0, archive: 0, archiveRefused: 0, otherFailures: [] };
const messages = new Map();
const note = (r) => {
  const m = r.stderr.trim().replace(/BL-[0-9A-Z]+/g, 'ID').replace(/\/tmp\/\S+/g, 'PATH');
  messages.set(m, (messages.get(m) ?? 0) + 1);
};

async function worker(w) {
  let n = 0;
  const rand = (k) => Math.floor(Math.random() * k);
  while (Date.now() < deadline) {
    const op = rand(10);
    const id = ids[rand(ids.length)];
    if (op < 5) {
      const value = `w${w}n${++n}`;
      const r = await cli(['set', id, `f${w}=${value}`]);
      if (r.code === 0) {
        counts.set++;
        lastSet.set(`${w}:${id}`, value);
      } else {
        counts.setRefused++;
        note(r);
      }
    } else if (op < 7) {
      const r = await cli(['move', id, rand(2) ? '--top' : '--bottom']);
      if (r.code === 0) counts.move++;
      else {
        counts.moveRefused++;
        note(r);
      }
    } else if (op < 8) {
      const r = await cli(['add', `Worker ${w} item ${n}`]);
      if (r.code === 0) {
        counts.add++;
        ids.push(r.stdout.trim());
      } else counts.otherFailures.push(r.stderr);
    } else if (op < 9) {
      const r = await cli(['tests', 'import', 'small.xml']);
      if (r.code === 0) counts.import++;
      else counts.otherFailures.push(r.stderr);
    } else {
      const r = await cli(['archive', id]);
      if (r.code === 0) counts.archive++;
      else {
        counts.archiveRefused++;
        note(r);
      }
    }
  }
}

// Half-way through, a big import is killed with SIGKILL: it leaves a held lock, maybe temp
// files and a part of its items. A later import must complete it without duplicates.
async function killer() {
  await new Promise((r) => setTimeout(r, (SECONDS * 1000) / 3));
  const before = readdirSync(itemsDir).filter((n) => n.endsWith('.md')).length;
  const child = spawn(process.execPath, [CLI, 'tests', 'import', 'big.xml', '--root', root], { cwd: root, stdio: 'ignore' });
  const closed = new Promise((r) => child.on('close', r));
  const spawned = Date.now();
  // Kill it in the middle of writing: once it has created some of its 3,000 items.
  while (readdirSync(itemsDir).filter((n) => n.endsWith('.md')).length < before + 200 && Date.now() - spawned < 120_000) await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGKILL');
  await closed;
  const names = readdirSync(itemsDir);
  return {
    killedAfterMs: Date.now() - spawned,
    itemsCreatedBeforeKill: names.filter((n) => n.endsWith('.md')).length - before,
    tempsRightAfterKill: names.filter((n) => n.endsWith('.tmp')).length,
    lockLeftByKill: existsSync(join(root, '.backlog', '.lock')),
  };
}

const started = Date.now();
const [kill] = await Promise.all([killer(), ...Array.from({ length: WORKERS }, (_, w) => worker(w))]);
const finalImport = await cli(['tests', 'import', 'big.xml', 'small.xml']);
const check = await cli(['check']);

let lost = 0;
for (const [key, value] of lastSet) {
  const [w, id] = key.split(':');
  const text = readItem(id);
  const m = text && new RegExp(`^f${w}: (\\S+)$`, 'm').exec(text);
  if (!m || m[1] !== value) lost++;
}
const tests = new Map();
for (const dir of [itemsDir, archiveDir]) {
  for (const name of existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.md')) : []) {
    const m = /^\s+id: (\S+)$/m.exec(readFileSync(join(dir, name), 'utf8').split(/^test:/m)[1] ?? '');
    if (m) tests.set(m[1], (tests.get(m[1]) ?? 0) + 1);
  }
}
const duplicates = [...tests.values()].filter((c) => c > 1).length;
const temps = [join(root, '.backlog'), itemsDir, archiveDir, join(root, '.backlog', 'history'), join(root, '.backlog', '.cache')]
  .flatMap((d) => (existsSync(d) ? readdirSync(d).filter((n) => n.endsWith('.tmp')) : []));
const checkErrors = Number(/(\d+) errors?/.exec(check.stdout)?.[1] ?? NaN);

const figures = {
  seconds: Math.round((Date.now() - started) / 1000),
  workers: WORKERS,
  ...counts,
  otherFailures: counts.otherFailures.length,
  refusalMessages: Object.fromEntries(messages),
  ...kill,
  finalImportExit: finalImport.code,
  testsTracked: tests.size,
  expectedTests: 3020,
  lostUpdates: lost,
  duplicateItems: duplicates,
  leftoverTempFiles: temps.length,
  checkExit: check.code,
  checkErrors,
};
console.log(JSON.stringify(figures, null, 2));
if (counts.otherFailures.length > 0) console.log(counts.otherFailures.slice(0, 3).join('\n'));
if (check.code !== 0) console.log(check.stdout.split('\n').slice(-8).join('\n'));
const ok = lost === 0 && duplicates === 0 && temps.length === 0 && checkErrors === 0 && tests.size === 3020 && finalImport.code === 0;
console.log(ok ? 'STRESS OK' : 'STRESS FAILED');
if (!KEEP) rmSync(root, { recursive: true, force: true });
else console.log(`kept ${root}`);
process.exit(ok ? 0 : 1);
