// Entry point VS Code loads as `extensionTestsPath`: runs every bundled `*.test.js` next to this
// file with mocha inside the extension host. Each result is logged as one line the driver
// (scripts/editor/session.mjs) parses, because the extension host's console is the only channel
// from here to the outside in code-server:
//   [test] pass <suite › test>
//   [test] fail <suite › test> :: <first line of the error>      (then "[test]   " detail lines)
//   [test] skip <suite › test>
//   [test] done passed=N failed=N skipped=N
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Called by VS Code once the extension host is up; rejecting marks the run as failed. */
export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 30_000,
    reporter: LineReporter,
    // REPO_BACKLOG_TEST_GREP narrows a run while working on one test.
    ...(process.env.REPO_BACKLOG_TEST_GREP ? { grep: process.env.REPO_BACKLOG_TEST_GREP } : {}),
  });
  const files = findTestFiles(__dirname);
  if (files.length === 0) throw new Error(`no *.test.js files under ${__dirname}`);
  for (const file of files) mocha.addFile(file);
  console.log(`[test] running ${files.length} file(s): ${files.map((f) => relative(__dirname, f)).join(', ')}`);
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}

function findTestFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTestFiles(full));
    else if (entry.name.endsWith('.test.js')) out.push(full);
  }
  // The smoke test goes first: a broken activation is then reported as such before feature tests
  // fail in confusing ways, and its screenshots show the fixture before other tests change it.
  const rank = (file: string) => (file.endsWith(`${sep}smoke.test.js`) ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** A mocha reporter that writes one parseable line per test (see the header of this file). */
class LineReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, (test) => {
      passed++;
      console.log(`[test] pass ${title(test)} (${test.duration ?? 0} ms)`);
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, (test) => {
      skipped++;
      console.log(`[test] skip ${title(test)}`);
    });
    // Also fires for failing hooks, so a broken `before` is counted instead of hiding its tests.
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, err: Error) => {
      failed++;
      const [first = String(err), ...rest] = String(err?.stack ?? err).split('\n');
      console.log(`[test] fail ${title(test)} :: ${oneLine(first)}`);
      for (const line of rest.slice(0, 12)) console.log(`[test]   ${line}`);
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      console.log(`[test] done passed=${passed} failed=${failed} skipped=${skipped}`);
    });
  }
}

function title(test: Mocha.Runnable): string {
  return oneLine(test.titlePath().join(' › ')).replace(/ :: /g, ' : ');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
