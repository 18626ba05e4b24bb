// `npm test`: build, typecheck, lint, unit tests, then the extension in a real editor (extension-host
// suite) and in a real browser (e2e suite). Prints each suite's summary and ends with exactly
// `N passed, N failed` (all suites). Writes test-results/summary.json and test-results/junit.xml.
//
// A step that cannot run (build, typecheck or lint error, tools that will not install, an editor that
// does not start) counts as a failure: a broken harness must never look like a green run.
//
// Usage: node scripts/test.mjs [unit] [vscode] [e2e]   (default: all suites)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureTools } from './editor/tools.mjs';
import { REPO_ROOT, RESULTS_DIR, runExtensionTests } from './editor/session.mjs';

const SUITES = ['unit', 'vscode', 'e2e'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const w of wanted) {
  if (!SUITES.includes(w)) {
    console.error(`unknown suite "${w}"; suites: ${SUITES.join(', ')}`);
    process.exit(2);
  }
}
const selected = wanted.length ? wanted : SUITES;

process.on('SIGINT', () => {
  console.log('\ninterrupted');
  process.exit(130); // the editor sessions' exit hook kills their process groups
});

/** @type {{name: string, passed: number, failed: number, skipped: number, durationMs: number, error?: string, tests: object[], details?: object}[]} */
const results = [];
const started = Date.now();
rmSync(RESULTS_DIR, { recursive: true, force: true });
mkdirSync(RESULTS_DIR, { recursive: true });

// 1. Build (extension, CLI, webview, test bundles). Nothing else is meaningful without it.
const build = await step('build', process.execPath, ['esbuild.mjs', '--tests']);
if (build.error) {
  for (const name of selected) results.push(harnessError(name, 'not run: the build failed'));
  finish();
}

// 2. Typecheck: runs even if it fails, so test results still come out; its errors count.
const tscArgs = [join('node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', '.'];
await step('typecheck', process.execPath, tscArgs);
if (existsSync(join(REPO_ROOT, 'webview', 'tsconfig.json'))) {
  await step('typecheck (webview)', process.execPath, [...tscArgs.slice(0, -1), 'webview']);
}

// 3. Lint (ESLint with typescript-eslint's type-aware rules): its findings count like type errors.
await step('lint', process.execPath, [join('node_modules', 'eslint', 'bin', 'eslint.js'), '--max-warnings', '0']);

if (selected.includes('unit')) await unitSuite();

let toolsError;
if (selected.includes('vscode') || selected.includes('e2e')) {
  const t = Date.now();
  try {
    await ensureTools({ log: (line) => console.log(line) });
    console.log(`[tools] ready (${seconds(Date.now() - t)})`);
  } catch (err) {
    toolsError = `the editor tools could not be installed: ${err.message}`;
    console.log(`[tools] ${toolsError}`);
  }
}

if (selected.includes('vscode')) {
  header('extension-host tests (mocha in a real VS Code)');
  if (toolsError) results.push(harnessError('vscode', toolsError));
  else {
    const r = await runExtensionTests({ onTest: printTest });
    results.push({ name: 'vscode', ...r });
    printSuite('vscode', r);
  }
}

if (selected.includes('e2e')) {
  header('e2e tests (Playwright + Chromium against the editor)');
  if (toolsError) results.push(harnessError('e2e', toolsError));
  else {
    const { runE2e } = await import('../test/e2e/run.mjs');
    const r = await runE2e({ onTest: printTest });
    results.push({ name: 'e2e', ...r });
    printSuite('e2e', r);
  }
}

finish();

// ---------------------------------------------------------------------------------------------

async function unitSuite() {
  header('unit tests (mocha in Node)');
  const t = Date.now();
  const tests = [];
  let end;
  const code = await spawnLines(process.execPath, [join('node_modules', 'mocha', 'bin', 'mocha.js'), '--reporter', 'json-stream'], (line) => {
    let event;
    try {
      event = JSON.parse(line);
    } catch {
      console.log(`  ${line}`); // console output from the tests themselves
      return;
    }
    if (!Array.isArray(event)) return;
    const [kind, data] = event;
    if (kind === 'pass') tests.push({ title: data.fullTitle, state: 'pass', durationMs: data.duration });
    else if (kind === 'fail') {
      const test = { title: data.fullTitle, state: 'fail', durationMs: data.duration, error: firstLine(data.err), details: data.stack };
      tests.push(test);
      printTest(test);
    } else if (kind === 'end') end = data;
  });
  const r = {
    passed: tests.filter((x) => x.state === 'pass').length,
    failed: tests.filter((x) => x.state === 'fail').length,
    skipped: end?.pending ?? 0,
    tests,
    durationMs: Date.now() - t,
  };
  if (!end) r.error = `mocha exited (${code}) without finishing the run`;
  else if (code !== 0 && r.failed === 0) r.error = `mocha exited with ${code} but reported no failing test`;
  results.push({ name: 'unit', ...r });
  printSuite('unit', r);
}

/** Runs a command whose failure is one failed check (build, typecheck); output shown only on failure. */
async function step(name, cmd, args) {
  const t = Date.now();
  const output = [];
  const code = await spawnLines(cmd, args, (line) => output.push(line));
  const durationMs = Date.now() - t;
  if (code === 0) {
    console.log(`${name}: ok (${seconds(durationMs)})`);
    return { durationMs };
  }
  console.log(`${name}: FAILED (exit ${code}, ${seconds(durationMs)})`);
  for (const line of output.slice(-60)) console.log(`  ${line}`);
  const error = `${name} failed (exit ${code})`;
  results.push({ ...harnessError(name, error), durationMs, details: output.join('\n') });
  return { error, durationMs };
}

function spawnLines(cmd, args, onLine) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop();
        for (const line of lines) onLine(line);
      });
      stream.on('end', () => buffered && onLine(buffered));
    }
    child.on('error', (err) => {
      onLine(`cannot run ${cmd}: ${err.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** A suite or step that could not run: one failed test carrying the reason. */
function harnessError(name, error) {
  return { name, passed: 0, failed: 0, skipped: 0, durationMs: 0, error, tests: [] };
}

/** Failed tests plus one for a harness error (so a suite that died half-way still counts). */
function failedCount(r) {
  return r.failed + (r.error ? 1 : 0);
}

function printTest(t) {
  const mark = t.state === 'pass' ? '✓' : t.state === 'skip' ? '-' : '✗';
  const time = t.durationMs !== undefined ? ` (${t.durationMs} ms)` : '';
  console.log(`  ${mark} ${t.title}${time}${t.error ? `\n      ${t.error}` : ''}${t.flaky ? `\n      FLAKY: failed once (${t.firstError}), passed on retry` : ''}`);
}

function printSuite(name, r) {
  const timings = r.timings && Object.keys(r.timings).length ? ` [${Object.entries(r.timings).map(([k, v]) => `${k} ${seconds(v)}`).join(', ')}]` : '';
  console.log(`${name}: ${r.passed} passed, ${failedCount(r)} failed${r.skipped ? `, ${r.skipped} skipped` : ''}${r.flaky ? `, ${r.flaky} flaky (passed on retry)` : ''} (${seconds(r.durationMs)})${timings}`);
  for (const s of r.sessions ?? []) {
    const st = s.timings ? ` [${Object.entries(s.timings).map(([k, v]) => `${k} ${seconds(v)}`).join(', ')}]` : '';
    console.log(`  session ${s.spec}: ${seconds(s.durationMs)}${st}`);
  }
  if (r.error) console.log(`  HARNESS ERROR: ${r.error}${r.logFile ? `\n  log: ${r.logFile}` : ''}`);
}

function header(text) {
  console.log(`\n== ${text}`);
}

function finish() {
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + failedCount(r), 0);
  const durationMs = Date.now() - started;
  writeFileSync(
    join(RESULTS_DIR, 'summary.json'),
    JSON.stringify({ passed, failed, durationMs, suites: results.map((r) => ({ ...r, failed: failedCount(r) })) }, null, 2) + '\n',
  );
  writeFileSync(join(RESULTS_DIR, 'junit.xml'), junit(results));
  const flaky = results.reduce((n, r) => n + (r.flaky ?? 0), 0);
  console.log(`\n${results.map((r) => `${r.name} ${r.passed}/${r.passed + failedCount(r)}`).join(' · ')}${flaky ? ` · ${flaky} flaky e2e test${flaky > 1 ? 's' : ''} passed on retry` : ''} · ${seconds(durationMs)} · details in test-results/`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

function junit(suites) {
  const esc = (s) => String(s ?? '').replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites name="repo-backlog">'];
  for (const s of suites) {
    out.push(`  <testsuite name="${esc(s.name)}" tests="${s.tests.length + (s.error ? 1 : 0)}" failures="${failedCount(s)}" skipped="${s.skipped}" time="${(s.durationMs / 1000).toFixed(3)}">`);
    for (const t of s.tests) {
      const time = t.durationMs !== undefined ? ` time="${(t.durationMs / 1000).toFixed(3)}"` : '';
      out.push(`    <testcase classname="${esc(s.name)}" name="${esc(t.title)}"${time}>`);
      if (t.state === 'fail') out.push(`      <failure message="${esc(t.error)}">${esc(t.details ?? t.error)}</failure>`);
      if (t.state === 'skip') out.push('      <skipped/>');
      if (t.flaky) out.push(`      <system-err>flaky: failed once (${esc(t.firstError)}), passed on retry</system-err>`);
      out.push('    </testcase>');
    }
    if (s.error) out.push(`    <testcase classname="${esc(s.name)}" name="(harness)"><error message="${esc(s.error)}">${esc(s.details ?? s.error)}</error></testcase>`);
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

function firstLine(text) {
  return String(text ?? '').split('\n')[0];
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}
