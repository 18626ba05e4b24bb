// Benchmark: TODO scanning on a real corpus (typescript, three, eslint, webpack, monaco-editor
// and their dependencies, installed once into ~/.cache/repo-backlog-bench/todo-corpus), side by
// side with ripgrep running Todo Tree's default regex and with the leasot package.
// Targets: full scan within 1.5× of rg's wall time, ≥ 3× faster than leasot, one-file rescan < 5 ms.
// Standalone: `node scripts/bench/todos.mjs [--runs N]`.
//
// Same files for every tool. Our scanner honours .gitignore files (even outside a git repo),
// skips hidden entries, symlinks, files over 1 MiB and files with a NUL byte in the first KiB.
// rg is told to do the same: --no-require-git (use .gitignore files without a .git folder),
// --no-ignore-dot/--no-ignore-global/--no-ignore-parent/--no-ignore-exclude (no other ignore
// sources), --max-filesize 1M; it skips hidden files and symlinks by default, and it does not
// special-case node_modules (the corpus root has no .gitignore, so nothing in it is ignored).
// leasot gets exactly the file list our walk produced.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { PEER_CACHE, REPO_ROOT, Report, ensureNpmPeer, importCore, median, numberArg, ratio, since, stats, tempDir, timeProgram } from './lib.mjs';

const RUNS = numberArg('runs', 3);
const CORPUS = join(PEER_CACHE, 'todo-corpus');
const CORPUS_PACKAGES = ['typescript', 'three', 'eslint', 'webpack', 'monaco-editor'];
const TODO_TREE_REGEX = '(//|#|<!--|;|/\\*|^|^[ \\t]*(-|\\d+.))\\s*(TODO|FIXME|BUG|HACK|XXX)';
const MAX_FILE_SIZE = 1024 * 1024;
const LEASOT_VERSION = '14.4.0';
/** rg flags that make its file set ours: .gitignore files only (even without .git), nothing else. */
const RG_SET_FLAGS = ['--no-require-git', '--no-ignore-dot', '--no-ignore-global', '--no-ignore-parent', '--no-ignore-exclude'];

const report = new Report('TODO scan');

ensureCorpus();
const rg = ensureRipgrep();
const { module: core, file: coreBundle } = await importCore({
  'src/core/todos/scanner.ts': ['TodoScanner'],
  'src/core/todos/languages.ts': ['languageForPath'],
  'src/node/workspaceScan.ts': ['scanWorkspace', 'scanSourceFile'],
  'src/node/scanWorkers.ts': ['ScanWorkerPool'],
});
const scanner = new core.TodoScanner();

// The file set: one walk with a scanner that keeps every file, to count and list them.
const listing = await listFiles(CORPUS);
report.heading(`corpus: ${CORPUS}`);
report.row('files walked (after ignore rules and hidden)', String(listing.files.length));
report.row('  of which over 1 MiB / binary (skipped after a look)', `${listing.tooLarge} / ${listing.binary}`);
report.row('bytes', `${(listing.bytes / 1024 / 1024).toFixed(0)} MiB`);
report.set('corpus', { files: listing.files.length, bytes: listing.bytes, overSizeLimit: listing.tooLarge });

// Ours, in-process (as in the extension host, after the first run warmed the JIT), measuring
// the longest event-loop stall during the scan.
report.heading('full scan');
await core.scanWorkspace(CORPUS, { scanner, maxFileSize: MAX_FILE_SIZE });
const inProcess = [];
let lastScan;
let maxStallMs = 0;
for (let i = 0; i < RUNS; i++) {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const start = performance.now();
  lastScan = await core.scanWorkspace(CORPUS, { scanner, maxFileSize: MAX_FILE_SIZE });
  inProcess.push(since(start));
  h.disable();
  maxStallMs = Math.max(maxStallMs, h.max / 1e6);
}
const comments = lastScan.files.reduce((n, f) => n + f.todos.length, 0);

// Ours with two worker threads reading and lexing while this thread walks (as the extension
// runs its full scans): the worker bundle is built the way esbuild.mjs builds dist/todoScanWorker.js.
const workerScript = join(tempDir('todo-worker'), 'todoScanWorker.js');
await (await import('esbuild')).build({ entryPoints: [join(REPO_ROOT, 'src/node/todoScanWorker.ts')], outfile: workerScript, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
const pool = new core.ScanWorkerPool(workerScript, 2);
await core.scanWorkspace(CORPUS, { scanner, maxFileSize: MAX_FILE_SIZE, workers: pool });
const withWorkers = [];
let workerStallMs = 0;
let workerComments = 0;
for (let i = 0; i < RUNS; i++) {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const start = performance.now();
  const scan = await core.scanWorkspace(CORPUS, { scanner, maxFileSize: MAX_FILE_SIZE, workers: pool });
  withWorkers.push(since(start));
  h.disable();
  workerStallMs = Math.max(workerStallMs, h.max / 1e6);
  workerComments = scan.files.reduce((n, f) => n + f.todos.length, 0);
}
pool.dispose();

// Ours, as a fresh process (like the CLI and like rg: start-up included).
const runner = join(tempDir('todos'), 'scan.cjs');
writeFileSync(
  runner,
  `const core = require(${JSON.stringify(coreBundle)});\n` +
    `core.scanWorkspace(process.argv[2], { scanner: new core.TodoScanner(), maxFileSize: ${MAX_FILE_SIZE} }).then((s) => {\n` +
    `  let out = '';\n  for (const f of s.files) for (const t of f.todos) out += f.path + ':' + t.line + ':' + t.tag + ' ' + t.text + '\\n';\n` +
    `  process.stdout.write(out);\n});\n`,
);
timeProgram(process.execPath, [runner, CORPUS]);
const freshProcess = [];
for (let i = 0; i < RUNS; i++) freshProcess.push(timeProgram(process.execPath, [runner, CORPUS], { stdoutFile: join(tempDir('todos-out'), 'ours.txt') }));

report.row('repo-backlog scanner, in-process (warm)', median(inProcess));
report.row('repo-backlog scanner, fresh node process', median(freshProcess));
report.row(`  comments found`, String(comments));
report.row('  longest event-loop stall during an in-process scan', maxStallMs, maxStallMs < 50 ? '(no long task)' : '(a long task: run it in a worker)');
report.row('repo-backlog scanner, in-process with 2 worker threads (warm)', median(withWorkers), workerComments === comments ? '' : `(found ${workerComments}: DIFFERS)`);
report.row('  longest event-loop stall during a scan on workers', workerStallMs, workerStallMs < 50 ? '(no long task)' : '(a long task)');
report.set('ours', { inProcess: stats(inProcess), withWorkers: stats(withWorkers), freshProcess: stats(freshProcess), comments, maxEventLoopStallMs: Math.round(maxStallMs), workersMaxEventLoopStallMs: Math.round(workerStallMs) });

let rgMs;
if (rg) {
  const rgArgs = [
    ...RG_SET_FLAGS,
    '--max-filesize', '1M', '--line-number', '--no-heading', '--color', 'never', '--no-messages', '-e', TODO_TREE_REGEX, '.',
  ];
  const rgOut = join(tempDir('todos-rg'), 'rg.txt');
  timeRg(rg, rgArgs, rgOut);
  const rgRuns = [];
  for (let i = 0; i < RUNS; i++) rgRuns.push(timeRg(rg, rgArgs, rgOut));
  rgMs = median(rgRuns);
  const rgLines = readFileSync(rgOut, 'utf8').split('\n').filter(Boolean).length;
  const rgFiles = countRgFiles(rg);
  report.row(`ripgrep ${rgVersion(rg)} with Todo Tree's regex`, rgMs);
  report.row('  matching lines (strings and prose included)', String(rgLines));
  report.row('  files rg walks (--files with the same ignore flags)', String(rgFiles), rgFiles === listing.files.length ? '(same set as ours)' : `(ours: ${listing.files.length})`);
  const oursMs = median(freshProcess);
  report.row('  ours (fresh process) vs rg', `${(oursMs / rgMs).toFixed(2)}×`, `target ≤ 1.5×: ${oursMs <= rgMs * 1.5 ? 'met' : 'MISSED'}`);
  report.row('  ours (in-process) vs rg', `${(median(inProcess) / rgMs).toFixed(2)}×`, `target ≤ 1.5×: ${median(inProcess) <= rgMs * 1.5 ? 'met' : 'MISSED'}`);
  report.row('  ours (2 worker threads) vs rg', `${(median(withWorkers) / rgMs).toFixed(2)}×`, `target ≤ 1.5×: ${median(withWorkers) <= rgMs * 1.5 ? 'met' : 'MISSED'}`);
  report.set('rg', { ...stats(rgRuns), matchingLines: rgLines, files: rgFiles });
} else {
  report.note('ripgrep (rg) is not installed and could not be installed (apt-get needs root); skipped.');
}

// leasot: its API over exactly our file list, reading each file as its CLI does.
const leasotDir = ensureNpmPeer('leasot', LEASOT_VERSION);
// leasot is ESM-only with an `import` export: load its entry file directly from the cache.
const leasot = await import(pathToFileURL(join(leasotDir, 'node_modules', 'leasot', 'dist', 'index.js')).href);
const supported = listing.files.filter((f) => leasot.isExtensionSupported(extname(f)));
const leasotFiles = supported.filter((f) => statSync(join(CORPUS, f)).size <= MAX_FILE_SIZE);
// leasot 14's parse is async (it loads a parser per language on first use); awaited one file at a time like its CLI.
const leasotRun = async () => {
  const start = performance.now();
  let found = 0;
  let failed = 0;
  for (const rel of leasotFiles) {
    const ext = extname(rel);
    try {
      found += (await leasot.parse(readFileSync(join(CORPUS, rel), 'utf8'), { extension: ext, filename: rel, customTags: ['HACK', 'XXX', 'BUG'] })).length;
    } catch {
      failed++;
    }
  }
  return { ms: since(start), found, failed };
};
await leasotRun();
const leasotRuns = [];
let leasotLast;
for (let i = 0; i < RUNS; i++) {
  leasotLast = await leasotRun();
  leasotRuns.push(leasotLast.ms);
}
const leasotMs = median(leasotRuns);
report.row(`leasot ${LEASOT_VERSION} (API, in-process, warm)`, leasotMs, ratio(median(inProcess), leasotMs, 'leasot') + ` — target ≥ 3×: ${leasotMs >= median(inProcess) * 3 ? 'met' : 'MISSED'}`);
report.row(`  files leasot supports (≤ 1 MiB) / parsed with an error`, `${leasotFiles.length} / ${leasotLast.failed}`);
report.row('  todos found', String(leasotLast.found));
report.row('  leasot vs ours with 2 worker threads', ratio(median(withWorkers), leasotMs, 'leasot'), `target ≥ 3×: ${leasotMs >= median(withWorkers) * 3 ? 'met' : 'MISSED'}`);
report.set('leasot', { ...stats(leasotRuns), files: leasotFiles.length, failed: leasotLast.failed, found: leasotLast.found });

// One changed file, as on save: read + decode + scan, and scan of an editor buffer (text only).
report.heading('single-file rescan');
const withTodos = lastScan.files.map((f) => ({ rel: f.path, size: statSync(join(CORPUS, f.path)).size, todos: f.todos.length }));
withTodos.sort((a, b) => a.size - b.size);
const typical = withTodos[withTodos.length >> 1];
const largest = withTodos[withTodos.length - 1];
for (const [label, f] of [['median-size file with TODOs', typical], ['largest file with TODOs (≤ 1 MiB)', largest]]) {
  const abs = join(CORPUS, f.rel);
  const fromDisk = [];
  for (let i = 0; i < 50; i++) {
    const start = performance.now();
    await core.scanSourceFile(abs, f.rel, scanner, MAX_FILE_SIZE);
    fromDisk.push(since(start));
  }
  const text = readFileSync(abs, 'utf8');
  const language = core.languageForPath(f.rel, text.slice(0, 256));
  const buffer = [];
  for (let i = 0; i < 50; i++) {
    const start = performance.now();
    scanner.scan(text, language);
    buffer.push(since(start));
  }
  const key = label.startsWith('median') ? 'typical' : 'largest';
  report.row(`${label}: ${f.rel.replace(/^node_modules\//, '')} (${(f.size / 1024).toFixed(0)} KiB)`, '');
  report.row('  from disk (read, decode, scan), median of 50', median(fromDisk), `target < 5 ms: ${median(fromDisk) < 5 ? 'met' : 'MISSED'}`);
  report.row('  editor buffer (scan only), median of 50', median(buffer), `target < 5 ms: ${median(buffer) < 5 ? 'met' : 'MISSED'}`);
  report.set(`singleFile.${key}`, { file: f.rel, bytes: f.size, fromDisk: stats(fromDisk), buffer: stats(buffer) });
}
report.done();

function ensureCorpus() {
  const marker = join(CORPUS, 'node_modules', 'typescript', 'package.json');
  if (existsSync(marker)) return;
  mkdirSync(CORPUS, { recursive: true });
  if (!existsSync(join(CORPUS, 'package.json'))) writeFileSync(join(CORPUS, 'package.json'), '{ "name": "todo-corpus", "private": true }\n');
  console.log(`  installing the corpus (${CORPUS_PACKAGES.join(', ')}) into ${CORPUS} …`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--ignore-scripts', '--no-audit', '--no-fund', ...CORPUS_PACKAGES], { cwd: CORPUS, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`npm install of the corpus failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join('\n')}`);
}

function ensureRipgrep() {
  const which = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' });
  if (which.status === 0) return which.stdout.trim();
  if (process.getuid?.() !== 0) return undefined;
  console.log('  installing ripgrep with apt-get …');
  const r = spawnSync('sh', ['-c', 'apt-get install -y ripgrep || (apt-get update && apt-get install -y ripgrep)'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) return undefined;
  return spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim() || undefined;
}

function rgVersion(bin) {
  return /ripgrep (\S+)/.exec(spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout)?.[1] ?? '';
}

/** rg exits 1 when nothing matches; anything else non-zero is a failure. */
function timeRg(bin, args, outFile) {
  try {
    return timeProgram(bin, args, { cwd: CORPUS, stdoutFile: outFile });
  } catch (e) {
    throw new Error(`rg failed: ${e.message}`, { cause: e });
  }
}

/** How many files rg's walk yields with the same ignore flags (before size and binary checks). */
function countRgFiles(bin) {
  const r = spawnSync(bin, ['--files', ...RG_SET_FLAGS, '.'], { cwd: CORPUS, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return r.stdout.split('\n').filter(Boolean).length;
}

/** Our walk's file set (every file the walk yields, before content checks) and its size. */
async function listFiles(root) {
  const files = [];
  const scan = await core.scanWorkspace(root, { scanner, maxFileSize: MAX_FILE_SIZE, onFile: (rel) => files.push(rel) });
  let bytes = 0;
  for (const rel of files) bytes += statSync(join(root, rel)).size;
  return { files, bytes, tooLarge: scan.skipped.filter((s) => s.reason === 'too-large').length, binary: scan.skipped.filter((s) => s.reason === 'binary').length };
}
