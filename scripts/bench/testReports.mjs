// Benchmark: import a generated JUnit report with 100,000 test cases (10% failing) through the
// built CLI into a fresh backlog, then import it again (which must change nothing).
// Reports wall time and peak RSS of the CLI process. Targets: < 2 s and < 300 MB.
// Standalone: `node scripts/bench/testReports.mjs [--cases N]`.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(repo, 'dist', 'cli.js');
const argCases = process.argv.indexOf('--cases');
const CASES = argCases > 0 ? Number(process.argv[argCases + 1]) : 100_000;
const PER_SUITE = 100;
const TARGET_MS = 2000;
const TARGET_MB = 300;

if (!existsSync(cli)) {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repo, stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'repo-backlog-bench-tests-'));
try {
  const report = join(work, 'junit.xml');
  await writeReport(report, CASES);
  // A CI pipeline imports inside a git checkout: workspace files come from `git ls-files`, and the
  // store leaves history to git (outside git it would also append one history file per new item).
  const git = spawnSync('git', ['init', '-q'], { cwd: work, encoding: 'utf8' });
  const inGit = git.status === 0;
  const init = spawnSync(process.execPath, [cli, 'init'], { cwd: work, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`init failed: ${init.stderr}`);

  // Peak RSS is read inside the CLI process itself at exit, via a preloaded hook.
  const hook = join(work, 'maxrss.cjs');
  // CPU time is reported too: on a shared machine wall time mostly measures the neighbours.
  writeFileSync(
    hook,
    "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write(`BENCH_MAXRSS_KB=${u.maxRSS} BENCH_CPU_US=${u.userCPUTime + u.systemCPUTime}\\n`); });\n",
  );

  // Reading, identifying, locating and planning alone, then the real import with its writes.
  const dry = runImport(work, hook, report, ['--dry-run']);
  const first = runImport(work, hook, report);
  const files = readdirSync(join(work, '.backlog', 'items')).filter((n) => n.endsWith('.md')).length;
  const second = runImport(work, hook, report);

  const failing = Math.floor(CASES / 10);
  console.log(`tests import: ${CASES} test cases (${failing} failing) → ${files} item files (${inGit ? 'in a git repository' : 'no git: history files written too'})`);
  console.log(`machine load (1/5/15 min): ${loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${cpus().length} cores`);
  console.log(`| case | wall ms | CPU ms | peak RSS MB | target | result |`);
  console.log(`|---|---|---|---|---|---|`);
  for (const [name, r] of [['read + plan only (--dry-run)', dry], ['first import (creates items)', first], ['re-import (no change)', second]]) {
    const ok = r.ms < TARGET_MS && r.rssMb < TARGET_MB;
    console.log(`| ${name} | ${r.ms.toFixed(0)} | ${r.cpuMs.toFixed(0)} | ${r.rssMb.toFixed(0)} | < ${TARGET_MS} ms, < ${TARGET_MB} MB | ${ok ? 'ok' : 'MISSED'} |`);
  }
  console.log(`testReports.import.dryRun wall_ms=${dry.ms.toFixed(0)} cpu_ms=${dry.cpuMs.toFixed(0)} peak_rss_mb=${dry.rssMb.toFixed(0)}`);
  console.log(`testReports.import.first wall_ms=${first.ms.toFixed(0)} cpu_ms=${first.cpuMs.toFixed(0)} peak_rss_mb=${first.rssMb.toFixed(0)} items=${files}`);
  console.log(`testReports.import.again wall_ms=${second.ms.toFixed(0)} cpu_ms=${second.cpuMs.toFixed(0)} peak_rss_mb=${second.rssMb.toFixed(0)}`);
  if (files !== failing) {
    console.error(`unexpected: ${files} item files for ${failing} failing tests`);
    process.exitCode = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

function runImport(cwd, hook, report, extra = []) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', hook, cli, 'tests', 'import', report, '--json', ...extra], { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`import exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  const kb = Number(/BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const cpuUs = Number(/BENCH_CPU_US=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { ms, cpuMs: cpuUs / 1000, rssMb: kb / 1024 };
}

/** Writes a jest-junit-like report: suites of 100 cases, every 10th case failing with a stack. */
async function writeReport(path, cases) {
  const out = createWriteStream(path);
  const write = (s) => (out.write(s) ? undefined : new Promise((r) => out.once('drain', r)));
  await write(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="jest tests" tests="${cases}" failures="${Math.floor(cases / 10)}" errors="0" time="321.5">\n`);
  for (let s = 0; s * PER_SUITE < cases; s++) {
    const n = Math.min(PER_SUITE, cases - s * PER_SUITE);
    await write(`  <testsuite name="src/module${s}/feature${s}.test.ts" errors="0" failures="${Math.ceil(n / 10)}" skipped="0" timestamp="2026-03-02T08:00:00" time="1.5" tests="${n}">\n`);
    for (let i = 0; i < n; i++) {
      const k = s * PER_SUITE + i;
      if (k % 10 === 0) {
        await write(
          `    <testcase classname="feature ${s} › group ${i % 7}" name="case ${k} computes the total" time="0.004">\n` +
            `      <failure>Error: expect(received).toBe(expected) // Object.is equality\n\nExpected: ${k + 1}\nReceived: ${k}\n` +
            `    at Object.&lt;anonymous&gt; (/home/runner/work/app/app/src/module${s}/feature${s}.test.ts:${10 + i}:21)\n` +
            `    at Promise.then.completed (/home/runner/work/app/app/node_modules/jest-circus/build/utils.js:298:28)\n` +
            `    at new Promise (&lt;anonymous&gt;)\n    at callAsyncCircusFn (/home/runner/work/app/app/node_modules/jest-circus/build/utils.js:231:10)</failure>\n` +
            `    </testcase>\n`,
        );
      } else {
        await write(`    <testcase classname="feature ${s} › group ${i % 7}" name="case ${k} computes the total" time="0.001">\n    </testcase>\n`);
      }
    }
    await write(`  </testsuite>\n`);
  }
  await write(`</testsuites>\n`);
  await new Promise((r) => out.end(r));
}
