// Helpers shared by the benchmarks in scripts/bench/. Each benchmark is a standalone script
// (`node scripts/bench/<name>.mjs`) that prints readable lines and, last, one `BENCH_JSON {...}`
// line that scripts/bench.mjs collects into bench-results/<timestamp>.json.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(REPO_ROOT, 'dist', 'cli.js');
/** Peers are installed here at bench time, never into the project's dependencies. */
export const PEER_CACHE = join(homedir(), '.cache', 'repo-backlog-bench');

/** The value of `--name N` on the command line, or `fallback`. */
export function numberArg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a whole number of at least 1 (got ${process.argv[i + 1]})`);
  return n;
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Summary of repeated timings in milliseconds, rounded for the results file. */
export function stats(runs) {
  const round = (x) => Math.round(x * 10) / 10;
  return { median: round(median(runs)), min: round(Math.min(...runs)), max: round(Math.max(...runs)), runs: runs.map(round) };
}

export function formatMs(ms) {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** "3.4× faster than X" / "1.2× slower than X" for two durations (ours first). */
export function ratio(oursMs, theirsMs, peerName) {
  if (oursMs <= theirsMs) return `${(theirsMs / oursMs).toFixed(1)}× faster than ${peerName}`;
  return `${(oursMs / theirsMs).toFixed(1)}× slower than ${peerName}`;
}

/** Milliseconds since `start` (a `performance.now()` value). */
export function since(start) {
  return performance.now() - start;
}

/**
 * Runs a program to completion and returns its wall time in ms (spawn to exit, so it includes
 * the program's start-up). Stdout goes to `stdoutFile` (a real file, like a CI redirect) or is
 * discarded; a non-zero exit fails the benchmark with the program's stderr.
 */
export function timeProgram(command, args, { cwd, env, stdoutFile } = {}) {
  const fd = openSync(stdoutFile ?? '/dev/null', 'w');
  try {
    const start = performance.now();
    const r = spawnSync(command, args, { cwd, env: env ?? process.env, stdio: ['ignore', fd, 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    const ms = since(start);
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${r.status ?? r.signal}: ${String(r.stderr).trim().slice(0, 2000)}`);
    return ms;
  } finally {
    closeSync(fd);
  }
}

/** Runs `fn` `n` times (each returns ms) after an optional `before` hook per run. */
export function repeat(n, fn, before) {
  const runs = [];
  for (let i = 0; i < n; i++) {
    before?.(i);
    runs.push(fn(i));
  }
  return runs;
}

export async function repeatAsync(n, fn, before) {
  const runs = [];
  for (let i = 0; i < n; i++) {
    await before?.(i);
    runs.push(await fn(i));
  }
  return runs;
}

/** A fresh temporary folder, removed at exit unless BENCH_KEEP=1 (then its path is printed). */
let cleanupOnSignal = false;

export function tempDir(prefix) {
  if (!cleanupOnSignal) {
    // Ctrl+C or a kill must still remove 10,000-file folders: exit handlers only run on exit().
    cleanupOnSignal = true;
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
  }
  const dir = mkdtempSync(join(tmpdir(), `repo-backlog-bench-${prefix}-`));
  if (process.env.BENCH_KEEP === '1') {
    process.on('exit', () => console.log(`  (kept ${dir})`));
  } else {
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return dir;
}

/** Deterministic pseudo-random numbers (mulberry32), so every run benchmarks the same backlog. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max) => Math.floor(next() * max),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

/**
 * Bundles `src/` modules into one temporary ESM file and imports it, so a benchmark measures the
 * same compiled core the CLI and the extension run. `exports` maps a source path (relative to
 * the repository) or a package name to the names to re-export from it. Returns the module and
 * the bundle's path (for timing a fresh process that loads it). `repoRoot` bundles another
 * checkout's sources instead (a baseline to compare with).
 */
export async function importCore(exports, repoRoot = REPO_ROOT) {
  const esbuild = await import('esbuild');
  const dir = tempDir('core');
  // Keys that start with `src/` are repository paths; anything else is a package name.
  const entry = Object.entries(exports)
    .map(([from, names]) => `export { ${names.join(', ')} } from ${JSON.stringify(from.startsWith('src/') ? join(repoRoot, from) : from)};`)
    .join('\n');
  // CommonJS like the shipped bundles (yaml's CommonJS build does not survive ESM bundling).
  const outfile = join(dir, 'core.cjs');
  await esbuild.build({
    stdin: { contents: entry, resolveDir: repoRoot, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  return { module: createRequire(import.meta.url)(outfile), file: outfile };
}

/**
 * Installs an npm package into ~/.cache/repo-backlog-bench/<name> unless that version is already
 * there; returns the folder. Throws with npm's own message when the install fails.
 */
export function ensureNpmPeer(name, version) {
  const dir = join(PEER_CACHE, name);
  const installed = join(dir, 'node_modules', name, 'package.json');
  if (existsSync(installed)) {
    if (readVersion(installed) === version) return dir;
  }
  mkdirSync(dir, { recursive: true });
  console.log(`  installing ${name}@${version} into ${dir} …`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--prefix', dir, `${name}@${version}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`npm install ${name}@${version} failed: ${(r.stderr || r.stdout || String(r.error)).trim().split('\n').slice(-5).join('\n')}`);
  return dir;
}

function readVersion(packageJson) {
  try {
    return JSON.parse(readFileSync(packageJson, 'utf8')).version;
  } catch {
    return undefined;
  }
}

/**
 * Prints aligned result lines and collects the figures for the results file:
 * `heading()` starts a section, `row()` prints `label  value  note`, `done()` prints BENCH_JSON.
 */
export class Report {
  constructor(title) {
    this.figures = {};
    this.width = 58;
    console.log(title);
  }

  heading(text) {
    console.log(`\n  ${text}`);
  }

  /** One figure: a label, a duration in ms (or any text), and an optional note (ratio, target). */
  row(label, value, note = '') {
    const shown = typeof value === 'number' ? formatMs(value) : String(value);
    console.log(`    ${label.padEnd(this.width)} ${shown.padStart(9)}${note ? '   ' + note : ''}`);
  }

  note(text) {
    console.log(`    ${text}`);
  }

  /** Records a figure under a dotted key path, e.g. `set('cli.listJson.warm', stats(runs))`. */
  set(path, value) {
    const keys = path.split('.');
    let o = this.figures;
    for (const k of keys.slice(0, -1)) o = o[k] ??= {};
    o[keys[keys.length - 1]] = value;
  }

  done() {
    console.log(`BENCH_JSON ${JSON.stringify(this.figures)}`);
  }
}
