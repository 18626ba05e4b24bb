import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Backlog } from '../../src/core/backlog';
import { readTestRecord } from '../../src/core/testReports/failureItem';
import { importTestReports, type ReportInput, type TestImportOptions } from '../../src/core/testReports/importReports';
import { readTestReport } from '../../src/core/testReports/readReport';
import { identifyTest } from '../../src/core/testReports/testIdentity';
import { WorkspacePaths } from '../../src/core/testReports/workspacePaths';
import { freshBacklog as freshBacklogAt, report } from './support/testReports';
import { cli } from './support/cli';

// A copy of the shared conformance corpus lives in the repository so every clone and CI runs it.
const CORPUS = join(process.cwd(), 'test', 'fixtures', 'corpus', 'test-reports');

let clock = Date.parse('2026-03-05T10:00:00Z');
const now = () => new Date((clock += 1000));

const freshBacklog = () => freshBacklogAt(now);

/** A jest-junit report of one run: `cases` maps "file::name" to a failure message or null (passed). */
function junit(timestamp: string, cases: Record<string, string | null>): string {
  const byFile = new Map<string, string[]>();
  for (const [key, failure] of Object.entries(cases)) {
    const [file, name] = key.split('::');
    const body =
      failure === null
        ? ''
        : `<failure>Error: ${failure}\n    at Object.&lt;anonymous&gt; (/home/runner/work/app/app/${file}:7:11)\n    at x (/home/runner/work/app/app/node_modules/jest-circus/build/utils.js:1:1)</failure>`;
    byFile.set(file, [...(byFile.get(file) ?? []), `<testcase classname="cart" name="${name}" time="0.01">${body}</testcase>`]);
  }
  const suites = [...byFile].map(([file, cs]) => `<testsuite name="${file}" timestamp="${timestamp}">${cs.join('')}</testsuite>`);
  return `<?xml version="1.0"?><testsuites name="jest tests">${suites.join('')}</testsuites>`;
}

const WORKSPACE = new WorkspacePaths(['src/cart.test.ts', 'src/orders.test.ts', 'src/cart.ts']);
const options: TestImportOptions = {
  paths: WORKSPACE,
  readText: async (p) => (p === 'src/cart.test.ts' ? "describe('cart', () => {\n  it('applies the discount', () => {\n" : undefined),
  now,
};

function itemFiles(backlog: Backlog): Record<string, { text: string; mtimeMs: number }> {
  const out: Record<string, { text: string; mtimeMs: number }> = {};
  for (const name of readdirSync(backlog.itemsDir)) {
    const file = join(backlog.itemsDir, name);
    out[name] = { text: readFileSync(file, 'utf8'), mtimeMs: statSync(file).mtimeMs };
  }
  return out;
}

describe('test reports: importing into the backlog', () => {
  it('creates one bug item per failing test, linked to the test and the failing line', async () => {
    const backlog = await freshBacklog();
    const r = await importTestReports(
      backlog,
      [report('reports/junit.xml', junit('2026-03-02T08:00:00', { 'src/cart.test.ts::applies the discount': 'expected 81, got 90', 'src/cart.test.ts::adds': null }))],
      options,
    );
    assert.equal(r.created.length, 1);
    const item = backlog.snapshot.items[0];
    assert.equal(item.type, 'bug');
    assert.equal(item.title, 'Failing test: cart › applies the discount');
    assert.deepEqual(item.links, [
      { kind: 'test', path: 'src/cart.test.ts', line: 2 },
      { kind: 'code', path: 'src/cart.test.ts', line: 7 },
    ]);
    const record = readTestRecord(item)!;
    assert.equal(record.state, 'failing');
    assert.equal(record.failures, 1);
    assert.equal(record.firstSeen, '2026-03-02T08:00:00Z');
    assert.equal(record.lastSeen, '2026-03-02T08:00:00Z');
    assert.equal(record.message, 'Error: expected 81, got 90');
    assert.equal(record.report, 'reports/junit.xml');
    assert.match(item.body, /```text\nError: expected 81, got 90\n```/);
    assert.match(item.body, /Stack trace \(trimmed\)[\s\S]*cart\.test\.ts:7:11[\s\S]*1 framework, dependency or runtime frame omitted/);
    assert.match(item.body, /First failed in `reports\/junit\.xml`, run of 2026-03-02T08:00:00Z/);
    assert.deepEqual(backlog.snapshot.problems, []);
  });

  it('re-importing the same report writes nothing', async () => {
    const backlog = await freshBacklog();
    const text = junit('2026-03-02T08:00:00', { 'src/cart.test.ts::a': 'boom', 'src/cart.test.ts::b': 'bang', 'src/orders.test.ts::c': null });
    await importTestReports(backlog, [report('r.xml', text)], options);
    const before = itemFiles(backlog);
    assert.equal(Object.keys(before).length, 2);
    await new Promise((r) => setTimeout(r, 20));
    const again = await importTestReports(backlog, [report('r.xml', text)], options);
    assert.deepEqual([again.created.length, again.updated.length, again.passingAgain.length, again.unchanged], [0, 0, 0, 2]);
    assert.deepEqual(itemFiles(backlog), before, 'same contents and untouched modification times');
  });

  it('a newer failure of a known test updates its item; an older report changes nothing', async () => {
    const backlog = await freshBacklog();
    await importTestReports(backlog, [report('r.xml', junit('2026-03-02T08:00:00', { 'src/cart.test.ts::a': 'expected 1' }))], options);
    const r = await importTestReports(backlog, [report('r.xml', junit('2026-03-03T08:00:00', { 'src/cart.test.ts::a': 'TypeError: x is undefined' }))], options);
    assert.deepEqual([r.created.length, r.updated.length], [0, 1]);
    assert.equal(backlog.snapshot.items.length, 1);
    const record = readTestRecord(backlog.snapshot.items[0])!;
    assert.deepEqual([record.failures, record.firstSeen, record.lastSeen, record.message], [2, '2026-03-02T08:00:00Z', '2026-03-03T08:00:00Z', 'Error: TypeError: x is undefined']);
    const old = await importTestReports(backlog, [report('r.xml', junit('2026-03-01T08:00:00', { 'src/cart.test.ts::a': 'older' }))], options);
    assert.deepEqual([old.created.length, old.updated.length, old.unchanged], [0, 0, 1]);
  });

  it('marks a test passing again, moves it to done only when asked, reopens it when it fails again, never deletes', async () => {
    const backlog = await freshBacklog();
    await importTestReports(backlog, [report('r.xml', junit('2026-03-02T08:00:00', { 'src/cart.test.ts::a': 'boom', 'src/cart.test.ts::b': 'bang' }))], options);
    const pass = junit('2026-03-03T08:00:00', { 'src/cart.test.ts::a': null, 'src/cart.test.ts::b': null });
    const r1 = await importTestReports(backlog, [report('r.xml', pass)], options);
    assert.equal(r1.passingAgain.length, 2);
    assert.deepEqual(backlog.snapshot.items.map((i) => [readTestRecord(i)!.state, i.status]), [['passing', 'Backlog'], ['passing', 'Backlog']]);

    const backlog2 = await freshBacklog();
    await importTestReports(backlog2, [report('r.xml', junit('2026-03-02T08:00:00', { 'src/cart.test.ts::a': 'boom' }))], options);
    await importTestReports(backlog2, [report('r.xml', pass)], { ...options, closePassing: true });
    const closed = backlog2.snapshot.items[0];
    assert.deepEqual([readTestRecord(closed)!.state, readTestRecord(closed)!.passedAt, closed.status], ['passing', '2026-03-03T08:00:00Z', 'Done']);
    const r2 = await importTestReports(backlog2, [report('r.xml', junit('2026-03-04T08:00:00', { 'src/cart.test.ts::a': 'boom again' }))], options);
    assert.equal(r2.updated.length, 1);
    const reopened = backlog2.snapshot.items[0];
    assert.deepEqual([readTestRecord(reopened)!.state, readTestRecord(reopened)!.failures, reopened.status], ['failing', 2, 'Backlog']);
    assert.equal(readTestRecord(reopened)!.passedAt, undefined);
    assert.equal(backlog2.snapshot.items.length, 1, 'never deleted, never duplicated');
  });

  it('titles an item by what its test is now, unless someone wrote a title of their own', async () => {
    const backlog = await freshBacklog();
    await importTestReports(backlog, [report('r.xml', junit('2026-03-02T08:00:00', { 'src/cart.test.ts::a': 'boom', 'src/cart.test.ts::b': 'bang' }))], options);
    const b = backlog.snapshot.items.find((i) => readTestRecord(i)!.name === 'b')!;
    await backlog.update(b, { title: 'Checkout total is off by the discount' });
    const titles = () => backlog.snapshot.items.map((i) => i.title).sort();
    await importTestReports(backlog, [report('r.xml', junit('2026-03-03T08:00:00', { 'src/cart.test.ts::a': null, 'src/cart.test.ts::b': null }))], options);
    assert.deepEqual(titles(), ['Checkout total is off by the discount', 'Passing again: cart › a']);
    await importTestReports(backlog, [report('r.xml', junit('2026-03-04T08:00:00', { 'src/cart.test.ts::a': 'boom again', 'src/cart.test.ts::b': 'bang' }))], options);
    assert.deepEqual(titles(), ['Checkout total is off by the discount', 'Failing test: cart › a']);
  });

  it('finds a passing test by its record id even when the record’s other fields were edited by hand', async () => {
    const backlog = await freshBacklog();
    await importTestReports(backlog, [report('r.xml', junit('2026-03-02T08:00:00', { 'src/cart.test.ts::a': 'boom', 'src/cart.test.ts::b': 'bang' }))], options);
    // Someone tidied the suite name in one item: its fields no longer hash to its id.
    const edited = backlog.snapshot.items.find((i) => readTestRecord(i)!.name === 'a')!;
    const record = edited.extra.test as Record<string, unknown>;
    await backlog.update(edited, { test: { ...record, suite: 'Cart tests' } });
    const r = await importTestReports(backlog, [report('r.xml', junit('2026-03-03T08:00:00', { 'src/cart.test.ts::a': null, 'src/cart.test.ts::b': null }))], options);
    assert.deepEqual(r.passingAgain.map((e) => e.test).sort(), ['a', 'b']);
    assert.ok(backlog.snapshot.items.every((i) => readTestRecord(i)!.state === 'passing'));
  });

  it('weighs passes and failures across the reports of one import by run time, whatever their order', async () => {
    const backlog = await freshBacklog();
    const older = report('older.xml', junit('2026-03-02T08:00:00', { 'src/cart.test.ts::a': 'boom', 'src/cart.test.ts::b': null }));
    const newer = report('newer.xml', junit('2026-03-03T08:00:00', { 'src/cart.test.ts::a': null, 'src/cart.test.ts::b': 'bang' }));
    // The newer report comes first: its pass of `a` must still count against the older failure.
    const r = await importTestReports(backlog, [newer, older], options);
    assert.equal(r.created.length, 2);
    const state = Object.fromEntries(backlog.snapshot.items.map((i) => [readTestRecord(i)!.name, readTestRecord(i)!.state]));
    assert.deepEqual(state, { a: 'passing', b: 'failing' });
  });

  it('same-named tests in different files are different items', async () => {
    const backlog = await freshBacklog();
    const r = await importTestReports(backlog, [report('r.xml', junit('2026-03-02T08:00:00', { 'src/cart.test.ts::works': 'a', 'src/orders.test.ts::works': 'b' }))], options);
    assert.equal(r.created.length, 2);
    const files = backlog.snapshot.items.map((i) => readTestRecord(i)!.suite).sort();
    assert.deepEqual(files, ['src/cart.test.ts', 'src/orders.test.ts']);
  });

  it('imports nothing from a report that breaks half-way, and still imports the others', async () => {
    const backlog = await freshBacklog();
    const good = junit('2026-03-02T08:00:00', { 'src/cart.test.ts::a': 'boom' });
    const broken = junit('2026-03-02T08:00:00', { 'src/orders.test.ts::b': 'bang', 'src/orders.test.ts::c': 'bang' }).slice(0, -40);
    const r = await importTestReports(backlog, [report('broken.xml', broken), report('good.xml', good)], options);
    assert.equal(r.reports[0].error?.report, 'broken.xml');
    assert.equal(r.created.length, 1);
    assert.equal(backlog.snapshot.items.length, 1);
  });

  it('maps each failure of every corpus report to exactly one item', async function () {
    assert.ok(existsSync(CORPUS), `${CORPUS} is missing`);
    this.timeout(120_000);
    const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
    for (const file of walk(CORPUS)) {
      // The distinct failing tests, found by reading the report on its own.
      const failing = new Set<string>();
      try {
        await readTestReport(createReadStream(file), { report: file, onResult: (t) => t.outcome === 'failed' && failing.add(identifyTest(t, WORKSPACE).id) });
      } catch {
        continue;
      }
      const backlog = await freshBacklog();
      // Reports without timestamps are dated by their file, as the CLI and the extension do.
      const input: ReportInput = { name: file, open: () => createReadStream(file), modifiedAt: statSync(file).mtime };
      const r = await importTestReports(backlog, [input], options);
      assert.equal(r.created.length, failing.size, file);
      const ids = backlog.snapshot.items.map((i) => readTestRecord(i)!.id).sort();
      assert.deepEqual(ids, [...failing].sort(), `${file}: one item per failing test`);
      const again = await importTestReports(backlog, [input], options);
      assert.equal(again.unchanged, failing.size, `${file}: re-import changes nothing`);
    }
  });
});

describe('test reports: the CLI', () => {

  async function workspace(): Promise<string> {
    const root = mkdtempSync(join(tmpdir(), 'backlog-tests-cli-'));
    assert.equal((await cli(root, 'init')).code, 0);
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'cart.test.ts'), "describe('cart', () => {\n  it('a', () => {});\n});\n");
    return root;
  }

  it('prints a summary, exits 0 although tests failed, and is idempotent', async () => {
    const root = await workspace();
    writeFileSync(join(root, 'junit.xml'), junit('2026-03-02T08:00:00', { 'src/cart.test.ts::a': 'boom', 'src/cart.test.ts::b': null }));
    const first = await cli(root, 'tests', 'import', 'junit.xml');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /junit\.xml: jest-junit, 2 tests, 1 failed, 0 skipped/);
    assert.match(first.stdout, /^new: 1\n {2}BL-\w{5} {2}Failing test: cart › a$/m);
    assert.match(first.stdout, /^unresolved locations: 0$/m);
    const second = await cli(root, 'tests', 'import', 'junit.xml', '--json');
    assert.equal(second.code, 0);
    const json = JSON.parse(second.stdout);
    assert.deepEqual([json.created.length, json.updated.length, json.passingAgain.length, json.unchanged], [0, 0, 0, 1]);
    assert.equal(json.reports[0].dialect, 'jest-junit');
  });

  it('exits 2 for unusable input, still importing the usable reports', async () => {
    const root = await workspace();
    writeFileSync(join(root, 'good.xml'), junit('2026-03-02T08:00:00', { 'src/cart.test.ts::a': 'boom' }));
    writeFileSync(join(root, 'bad.xml'), '<testsuite><testcase name="x">');
    const r = await cli(root, 'tests', 'import', 'bad.xml', 'good.xml', 'missing.xml');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /error: bad\.xml:1: the report ends early/);
    assert.match(r.stderr, /no report matches missing\.xml/);
    assert.match(r.stdout, /^new: 1$/m);
    assert.equal((await cli(root, 'tests')).code, 2);
  });

  it('warns when a report\'s totals disagree with its cases, and shows report text escaped', async () => {
    const root = await workspace();
    writeFileSync(join(root, 'junit.xml'), '<testsuites><testsuite name="checkout" tests="6" failures="1"></testsuite></testsuites>');
    // XML cannot carry control characters; TAP can.
    writeFileSync(join(root, 'node.tap'), 'TAP version 13\nnot ok 1 - paints \x1b[31mred\n1..1\n');
    const r = await cli(root, 'tests', 'import', 'junit.xml', 'node.tap');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^warning: junit\.xml:1: suite "checkout" declares 1 failed test but lists no failing test case; one item stands for the 1 missing failure$/m);
    assert.match(r.stderr, /^warning: junit\.xml:1: suite "checkout" declares 6 tests but lists no test case$/m);
    assert.match(r.stdout, /^2 reports read: 2 tests, 2 failed, 0 skipped, 2 warnings \(see above\)$/m);
    assert.match(r.stdout, /Failing test: checkout › \(failure declared without a test case\)$/m);
    assert.match(r.stdout, /Failing test: paints \\x1B\[31mred$/m);
    assert.doesNotMatch(r.stdout + r.stderr, /\x1b/, 'no raw escape reaches the terminal');
    assert.match(r.stdout, /^new: 2$/m);
  });

  it('expands quoted globs', async () => {
    const root = await workspace();
    mkdirSync(join(root, 'out', 'a'), { recursive: true });
    writeFileSync(join(root, 'out', 'a', 'TEST-a.xml'), junit('2026-03-02T08:00:00', { 'src/cart.test.ts::a': 'boom' }));
    writeFileSync(join(root, 'out', 'TEST-b.xml'), junit('2026-03-02T08:00:00', { 'src/cart.test.ts::b': 'bang' }));
    const r = await cli(root, 'tests', 'import', 'out/**/TEST-*.xml', '--dry-run');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^2 reports read/m);
    assert.match(r.stdout, /^new would be: 2$/m);
    assert.equal(readdirSync(join(root, '.backlog', 'items')).length, 0, 'a dry run writes nothing');
  });

  it('imports a real report written by mocha\'s xunit reporter', async function () {
    const mocha = join(process.cwd(), 'node_modules', 'mocha', 'bin', 'mocha.js');
    assert.ok(existsSync(mocha), 'mocha is a devDependency');
    this.timeout(60_000);
    const root = await workspace();
    mkdirSync(join(root, 'test'));
    writeFileSync(
      join(root, 'test', 'cart.spec.js'),
      [
        "const assert = require('node:assert');",
        "const { total } = require('../src/cart.js');",
        "describe('cart', () => {",
        "  it('adds', () => assert.equal(total([1, 2]), 3));",
        "  it('applies the discount', () => assert.equal(total([100], 0.19), 81));",
        '});',
        '',
      ].join('\n'),
    );
    writeFileSync(join(root, 'src', 'cart.js'), "exports.total = (xs, discount = 0) => {\n  const sum = xs.reduce((a, b) => a + b, 0);\n  return sum - discount;\n};\n");
    const out = join(root, 'xunit.xml');
    const ran = spawnSync(process.execPath, [mocha, '--no-config', '--reporter', 'xunit', '--reporter-option', `output=${out}`, 'test/cart.spec.js'], { cwd: root, encoding: 'utf8' });
    assert.equal(ran.status, 1, `mocha should report one failing test: ${ran.stderr}`);
    const r = await cli(root, 'tests', 'import', 'xunit.xml', '--json');
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.equal(json.reports[0].failed, 1);
    assert.equal(json.created.length, 1);
    const itemName = readdirSync(join(root, '.backlog', 'items'))[0];
    const text = readFileSync(join(root, '.backlog', 'items', itemName), 'utf8');
    assert.match(text, /title: "Failing test: cart › applies the discount"/);
    assert.match(text, /kind: test\n\s+path: test\/cart\.spec\.js\n\s+line: 5/);
    assert.match(text, /81/);
  });
});

describe('test reports: where new items land', () => {
  it('at the top of the backlog by default, or where config.yaml says, with its priority; bad values are reported at their line', async () => {
    const backlog = await freshBacklog();
    const existing = await backlog.create({ title: 'Already planned' });
    const failing = (ts: string, name: string) => [report('reports/junit.xml', junit(ts, { [`src/cart.test.ts::${name}`]: 'boom' }))];
    await importTestReports(backlog, failing('2026-03-02T08:00:00', 'first failure'), options);
    const order = () => [...backlog.snapshot.items].sort((a, b) => ((a.rank ?? '') < (b.rank ?? '') ? -1 : 1)).map((i) => i.title);
    assert.match(order()[0], /first failure/, 'a failing test is news: it goes to the top');
    assert.equal(order()[1], existing.title);

    const config = readFileSync(backlog.configPath, 'utf8');
    writeFileSync(backlog.configPath, `${config}\ntestReports:\n  placement: bottom\n  priority: must\n`);
    await backlog.refresh();
    await importTestReports(backlog, failing('2026-03-02T09:00:00', 'second failure'), options);
    const last = order()[order().length - 1];
    assert.match(last, /second failure/);
    assert.equal(backlog.snapshot.items.find((i) => i.title === last)?.priority, 'must');

    writeFileSync(backlog.configPath, `${config}\ntestReports:\n  placement: middle\n`);
    await backlog.refresh();
    const problem = backlog.snapshot.problems.find((p) => p.code === 'config-testReports');
    assert.ok(problem, 'the bad placement is reported');
    assert.equal(problem.line, config.split('\n').length + 2);
    assert.match(problem.message, /placement must be top or bottom/);
  });
});
