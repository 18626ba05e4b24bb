// Runs the browser-level specs: every test/e2e/*.spec.mjs gets its own editor session (code-server
// + Chromium) on a fresh temp copy of the fixture workspace, with the extension under development
// loaded. A spec module exports:
//
//   export const tests = {
//     'the tree shows item titles': async ({ workbench, page, workspace, session }) => { ... },
//   };
//   export const options = {            // optional
//     theme: 'light',                   // initial color theme ('dark' by default)
//     settings: { ... },                // extra user settings
//     workspace: '/abs/folder',         // copied instead of test/fixtures/workspace
//     setup: async (workspaceDir) => {},// change the copy before the editor opens it
//     extensions: ['/abs/folder'],      // more extensions loaded in development mode next to ours,
//                                       // e.g. the fixture test extension test/fixtures/test-provider
//                                       // (how: openEditor's moreExtensions in scripts/editor/session.mjs)
//     timeoutMs: 60_000,                // per test
//   };
//
// Tests in one spec run in order and share the session. A failing test gets a screenshot
// (test-results/screenshots/failed-<spec>-<test>.png). Usage: node test/e2e/run.mjs [name-filter]
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { copyWorkspace, FIXTURE_WORKSPACE, openEditor, removeQuietly } from '../../scripts/editor/session.mjs';
import { Workbench } from './driver.mjs';

const E2E_DIR = dirname(fileURLToPath(import.meta.url));

/** The spec files, sorted; `filter` keeps those whose name contains it. */
export function findSpecs(filter = '') {
  return readdirSync(E2E_DIR)
    .filter((f) => f.endsWith('.spec.mjs') && f.includes(filter))
    .sort()
    .map((f) => join(E2E_DIR, f));
}

/**
 * Runs the specs; never throws. A spec that cannot load or whose session cannot start counts as
 * one failed test, so a broken harness is never mistaken for a green run.
 */
export async function runE2e({ filter = '', onTest = () => {}, onLog = () => {}, sessionTimeoutMs } = {}) {
  const started = Date.now();
  const tests = [];
  const sessions = [];
  const record = (test) => {
    tests.push(test);
    onTest(test);
  };
  const specs = findSpecs(filter);
  for (const file of specs) {
    const spec = basename(file, '.spec.mjs');
    const t0 = Date.now();
    let mod;
    try {
      mod = await import(pathToFileURL(file).href);
      if (!mod.tests || typeof mod.tests !== 'object' || Object.keys(mod.tests).length === 0) {
        throw new Error('exports no tests (expected `export const tests = { "name": async (ctx) => {} }`)');
      }
    } catch (err) {
      record({ title: `${spec} › (load)`, state: 'fail', error: oneLine(err.message), details: err.stack });
      continue;
    }
    const options = mod.options ?? {};
    const timeoutMs = options.timeoutMs ?? 60_000;
    const hardTimeout = sessionTimeoutMs ?? (Number(process.env.REPO_BACKLOG_SESSION_TIMEOUT_MS) || 300_000);
    const workspace = copyWorkspace(options.workspace ?? FIXTURE_WORKSPACE);
    let session;
    let timer;
    try {
      if (options.setup) await options.setup(workspace);
      session = await openEditor({
        name: `e2e-${spec}`,
        workspace,
        theme: options.theme ?? 'dark',
        settings: options.settings ?? {},
        moreExtensions: options.extensions ?? [],
        onLog,
      });
      const workbench = new Workbench(session.page, session);
      await workbench.ready();
      // One deadline for the whole spec: a hung test must not hold CI for the 90-minute limit.
      const deadline = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`spec did not finish within ${hardTimeout / 1000} s`)), hardTimeout);
      });
      deadline.catch(() => {});
      for (const [name, fn] of Object.entries(mod.tests)) {
        const title = `${spec} › ${name}`;
        const t = Date.now();
        try {
          await Promise.race([
            fn({ workbench, page: session.page, workspace, session }),
            rejectAfter(timeoutMs, `test did not finish within ${timeoutMs / 1000} s`),
            deadline,
          ]);
          record({ title, state: 'pass', durationMs: Date.now() - t });
        } catch (err) {
          const shot = `failed-${spec}-${name}`.replace(/[^\w.-]+/g, '-').slice(0, 120);
          await session.screenshot(shot).catch(() => {});
          record({ title, state: 'fail', durationMs: Date.now() - t, error: oneLine(err?.message ?? String(err)), details: err?.stack });
          if (/spec did not finish/.test(err?.message)) break;
        }
      }
    } catch (err) {
      record({ title: `${spec} › (session)`, state: 'fail', error: oneLine(err?.message ?? String(err)), details: err?.stack });
    } finally {
      clearTimeout(timer);
      sessions.push({ spec, durationMs: Date.now() - t0, timings: session?.timings, logFile: session?.logFile });
      await session?.close();
      removeQuietly(workspace);
    }
  }
  const count = (state) => tests.filter((t) => t.state === state).length;
  return {
    passed: count('pass'),
    failed: count('fail'),
    skipped: count('skip'),
    tests,
    sessions,
    durationMs: Date.now() - started,
    ...(specs.length === 0 ? { note: 'no test/e2e/*.spec.mjs files' } : {}),
  };
}

function rejectAfter(ms, message) {
  return new Promise((_, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
}

function oneLine(text) {
  return String(text).split('\n')[0];
}

// CLI: run the specs and print one line per test.
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runE2e({
    filter: process.argv[2] ?? '',
    onTest: (t) => console.log(`${t.state === 'pass' ? '  ✓' : '  ✗'} ${t.title}${t.error ? `\n      ${t.error}` : ''}`),
  });
  for (const s of result.sessions) console.log(`  session ${s.spec}: ${(s.durationMs / 1000).toFixed(1)} s ${JSON.stringify(s.timings ?? {})}`);
  console.log(`${result.passed} passed, ${result.failed} failed`);
  process.exit(result.failed > 0 ? 1 : 0);
}
