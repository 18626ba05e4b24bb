// `npm run bench`: builds, runs every benchmark in scripts/bench/ (or the ones named), relays
// their output and writes all figures to bench-results/<timestamp>.json.
//
//   npm run bench                      every benchmark
//   npm run bench -- backlog todos     only these (file names without .mjs)
//   npm run bench -- --runs 3          options after the names are passed to each benchmark
//
// Each benchmark is a standalone script; it may print a last line `BENCH_JSON {...}` whose
// figures land in the results file under its name. Benchmarks run one after another, never in
// parallel, so they do not compete for the CPU.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './bench/lib.mjs';

const BENCH_DIR = join(REPO_ROOT, 'scripts', 'bench');
const HELPERS = new Set(['lib']);
const JSON_PREFIX = 'BENCH_JSON ';

const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith('-'));
const names = firstOption === -1 ? args : args.slice(0, firstOption);
const passThrough = firstOption === -1 ? [] : args.slice(firstOption);

const available = readdirSync(BENCH_DIR)
  .filter((f) => f.endsWith('.mjs'))
  .map((f) => f.slice(0, -'.mjs'.length))
  .filter((n) => !HELPERS.has(n))
  .sort();
const unknown = names.filter((n) => !available.includes(n.replace(/\.mjs$/, '')));
if (unknown.length > 0) {
  console.error(`Unknown benchmark${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Available: ${available.join(', ')}`);
  process.exit(2);
}
const selected = names.length > 0 ? names.map((n) => n.replace(/\.mjs$/, '')) : available;

console.log('Building (node esbuild.mjs) …');
const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('Build failed; no benchmark was run.');
  process.exit(1);
}

/** Runs one benchmark, relaying its output; resolves with its figures, or why it failed. */
function runBench(name) {
  return new Promise((resolvePromise) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(BENCH_DIR, `${name}.mjs`), ...passThrough], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let figures;
    let badJson;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith(JSON_PREFIX)) {
        console.log(line);
        return;
      }
      try {
        figures = JSON.parse(line.slice(JSON_PREFIX.length));
      } catch (e) {
        badJson = `its BENCH_JSON line is not valid JSON (${e.message})`;
      }
    });
    child.on('close', (code, signal) => {
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      if (code === 0 && !badJson) resolvePromise({ ok: true, seconds, figures: figures ?? null });
      else resolvePromise({ ok: false, seconds, error: badJson ?? `exited with ${code ?? signal}`, figures: figures ?? null });
    });
  });
}

// Other work on the machine skews every figure; say so rather than publish noise silently.
const loadBefore = loadavg()[0];
if (loadBefore > cpus().length * 0.75) {
  console.log(`\n  ⚠ load average ${loadBefore.toFixed(1)} on ${cpus().length} CPUs: other processes are busy, figures will be slower than on an idle machine`);
}

const results = {};
for (const name of selected) {
  console.log(`\n━━ ${name} ${'━'.repeat(Math.max(3, 70 - name.length))}`);
  results[name] = await runBench(name);
  if (!results[name].ok) console.log(`\n  ✗ ${name} failed: ${results[name].error}`);
}

const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' });
const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO_ROOT, encoding: 'utf8' });
const now = new Date();
const record = {
  date: now.toISOString(),
  commit: commit.status === 0 ? commit.stdout.trim() + (dirty.stdout.trim() ? '+dirty' : '') : null,
  machine: {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverage: { before: Math.round(loadBefore * 100) / 100, after: Math.round(loadavg()[0] * 100) / 100 },
  },
  args: passThrough,
  benchmarks: results,
};
const outDir = join(REPO_ROOT, 'bench-results');
mkdirSync(outDir, { recursive: true });
const outFile = join(outDir, `${now.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(outFile, JSON.stringify(record, null, 2) + '\n');

const failed = selected.filter((n) => !results[n].ok);
console.log(`\n${'━'.repeat(74)}`);
for (const n of selected) console.log(`  ${results[n].ok ? '✓' : '✗'} ${n.padEnd(20)} ${String(results[n].seconds).padStart(6)} s`);
console.log(`Figures written to ${relative(process.cwd(), outFile) || outFile}`);
process.exitCode = failed.length > 0 ? 1 : 0;
