import * as assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { Item } from '../../src/core/item';
import { readTestRecord } from '../../src/core/testReports/failureItem';
import type { RepoBacklogApi } from '../../src/extension';
import type { ReportImport } from '../../src/failures/testReportImporter';
import { activeExtension, manifest } from './harness/extension';
import { screenshot } from './harness/screenshots';
import { acceptingReview, waitFor, withTimeout } from './harness/wait';
import { backlogPath, workspaceRoot } from './harness/workspace';

async function backlog() {
  const api = (await activeExtension<RepoBacklogApi>()).exports;
  const folder = api.folders.withBacklog()[0];
  assert.ok(folder, 'the fixture folder has a backlog');
  return folder.backlog;
}

function write(relative: string, text: string): string {
  const file = join(workspaceRoot(), relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function itemTexts(): Record<string, string> {
  const dir = backlogPath('items');
  return Object.fromEntries(readdirSync(dir).filter((n) => n.endsWith('.md')).map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
}

/** A mocha-junit-reporter style report of one run of the pricing tests. */
function junit(timestamp: string, cases: Record<string, string | null>): string {
  const body = Object.entries(cases)
    .map(([name, failure]) =>
      failure === null
        ? `<testcase classname="pricing" name="${name}" file="/home/runner/work/shop/shop/src/pricing.test.ts" time="0.002"/>`
        : `<testcase classname="pricing" name="${name}" file="/home/runner/work/shop/shop/src/pricing.test.ts" time="0.004">` +
          `<failure message="${failure}" type="AssertionError">AssertionError: ${failure}\n    at roundPrice (/home/runner/work/shop/shop/src/pricing.ts:3:9)\n` +
          `    at Context.&lt;anonymous&gt; (/home/runner/work/shop/shop/src/pricing.test.ts:5:12)\n    at callFn (/home/runner/work/shop/shop/node_modules/mocha/lib/runnable.js:366:21)</failure></testcase>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="Mocha Tests">\n<testsuite name="pricing" timestamp="${timestamp}" tests="${Object.keys(cases).length}">\n${body}\n</testsuite>\n</testsuites>\n`;
}

/**
 * Resolves with the first import that reads `file` (as the report watcher imports it). Listens
 * from the moment it is called, so call it before writing the report.
 */
function importOf(api: RepoBacklogApi, file: string): Promise<ReportImport> {
  return new Promise((resolve) => {
    const sub = api.onDidImportTestReports((done) => {
      if (!done.reports.some((uri) => uri.fsPath === file)) return;
      sub.dispose();
      resolve(done);
    });
  });
}

function tracked(items: readonly Item[], name: string): Item | undefined {
  return items.find((i) => readTestRecord(i)?.name === name);
}

const created: string[] = [];

describe('failing tests in a real editor', () => {
  before(() => {
    write('src/pricing.ts', 'export function roundPrice(cents: number): number {\n  // rounds half down by mistake\n  return Math.floor(cents);\n}\n');
    write('src/pricing.test.ts', "import { roundPrice } from './pricing';\n\ndescribe('pricing', () => {\n  it('rounds half up', () => {\n    assert.equal(roundPrice(10.5), 11);\n  });\n});\n");
  });

  after(async () => {
    const b = await backlog();
    for (const id of created) if (b.snapshot.byId.has(id)) await b.delete(id);
    for (const path of ['reports', 'ci-output', 'src/pricing.ts', 'src/pricing.test.ts']) rmSync(join(workspaceRoot(), path), { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('contributes its commands to the Test Explorer menus and its settings', () => {
    const m = manifest() as unknown as { contributes: { menus: Record<string, { command: string }[]>; configuration: { properties: Record<string, { default: unknown }> } } };
    assert.ok(m.contributes.menus['testing/item/context'].some((e) => e.command === 'repoBacklog.captureFailedTest'));
    assert.ok(m.contributes.menus['testing/message/context'].some((e) => e.command === 'repoBacklog.captureFailedTest'));
    const include = m.contributes.configuration.properties['repoBacklog.testReports.include'].default as string[];
    assert.ok(include.includes('**/reports/**/*.xml') && include.includes('**/*.trx'));
    assert.equal(m.contributes.configuration.properties['repoBacklog.testReports.autoImport'].default, true);
  });

  it('a report written by a test run becomes an item through the watcher, linked to the test and the failing line', async () => {
    const b = await backlog();
    write('reports/junit.xml', junit('2026-05-04T07:00:00', { 'rounds half up': 'expected 10 to equal 11', 'rounds whole numbers': null }));
    const item = await waitFor(() => tracked(b.snapshot.items, 'rounds half up'), 20_000, 'the watcher to import reports/junit.xml');
    created.push(item.id);
    assert.equal(item.type, 'bug');
    assert.deepEqual(item.links, [
      { kind: 'test', path: 'src/pricing.test.ts', line: 4 },
      { kind: 'code', path: 'src/pricing.ts', line: 3 },
    ]);
    const record = readTestRecord(item)!;
    assert.deepEqual([record.state, record.failures, record.report, record.lastSeen], ['failing', 1, 'reports/junit.xml', '2026-05-04T07:00:00Z']);
    assert.equal(tracked(b.snapshot.items, 'rounds whole numbers'), undefined, 'passing tests get no item');

    // The inline action of a Failing Tests row opens the failing line.
    await vscode.commands.executeCommand('repoBacklog.openFailingLine', { root: b.root, id: item.id });
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath.endsWith('pricing.ts') ? vscode.window.activeTextEditor : undefined), 10_000, 'src/pricing.ts to open');
    assert.equal(editor.selection.active.line, 2);
  });

  it('re-writing the same report changes no file', async () => {
    const api = (await activeExtension<RepoBacklogApi>()).exports;
    const before = itemTexts();
    const file = join(workspaceRoot(), 'reports/junit.xml');
    const imported = importOf(api, file);
    write('reports/junit.xml', junit('2026-05-04T07:00:00', { 'rounds half up': 'expected 10 to equal 11', 'rounds whole numbers': null }));
    const done = await withTimeout(imported, 20_000, 'the rewritten report to be imported');
    assert.deepEqual(done.errors, []);
    assert.equal(done.result.reports[0]?.summary?.failed, 1, 'the import read the report (one failure in it)');
    assert.deepEqual([done.result.created, done.result.updated, done.result.passingAgain], [[], [], []]);
    assert.deepEqual(itemTexts(), before);
  });

  it('a later passing run marks the item passing again, and never deletes it', async () => {
    const b = await backlog();
    write('reports/junit.xml', junit('2026-05-04T09:00:00', { 'rounds half up': null, 'rounds whole numbers': null }));
    const item = await waitFor(() => {
      const i = tracked(b.snapshot.items, 'rounds half up');
      return i && readTestRecord(i)?.state === 'passing' ? i : undefined;
    }, 20_000, 'the item to be marked passing again');
    const record = readTestRecord(item)!;
    assert.equal(record.passedAt, '2026-05-04T09:00:00Z');
    assert.equal(record.failures, 1);
    assert.notEqual(item.status, 'Done', 'closePassing is off by default');
  });

  it('waits for a half-written report instead of calling it broken, and imports it when complete', async () => {
    const b = await backlog();
    const text = junit('2026-05-04T10:00:00', { 'applies coupons': 'expected 90 to equal 81' });
    const file = join(workspaceRoot(), 'reports/junit-coupons.xml');
    const firstTry = importOf((await activeExtension<RepoBacklogApi>()).exports, file);
    write('reports/junit-coupons.xml', text.slice(0, text.indexOf('<failure')));
    const half = await withTimeout(firstTry, 20_000, 'the half-written report to be read');
    assert.equal(half.errors[0]?.error.incomplete, true, 'the reader saw a truncated file');
    assert.deepEqual(vscode.languages.getDiagnostics(vscode.Uri.file(file)), [], 'no error while the runner may still be writing');
    writeFileSync(file, text);
    const item = await waitFor(() => tracked(b.snapshot.items, 'applies coupons'), 20_000, 'the completed report to be imported');
    created.push(item.id);
    assert.deepEqual(vscode.languages.getDiagnostics(vscode.Uri.file(file)), []);
  });

  it('shows a malformed report as an error on the report file, at its line', async () => {
    const file = write('reports/junit-broken.xml', '<?xml version="1.0"?>\n<testsuites>\n<testsuite name="x">\n<testcase name="a"></testsuite>\n</testsuites>\n');
    const diagnostics = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(vscode.Uri.file(file));
      return d.length > 0 ? d : undefined;
    }, 20_000, 'a diagnostic on the malformed report');
    assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostics[0].source, 'backlog');
    assert.equal(diagnostics[0].range.start.line, 3);
    rmSync(file);
    await waitFor(() => vscode.languages.getDiagnostics(vscode.Uri.file(file)).length === 0, 20_000, 'the diagnostic to go with the file');
  });

  it('Import Test Report imports a file outside the watched globs', async () => {
    const b = await backlog();
    const file = write('ci-output/results.xml', junit('2026-05-04T11:00:00', { 'formats currency': "expected '€1,00' to equal '1,00 €'" }));
    await vscode.commands.executeCommand('repoBacklog.importTestReport', vscode.Uri.file(file));
    const item = tracked(b.snapshot.items, 'formats currency');
    assert.ok(item, 'the command resolves after the import');
    created.push(item.id);
    assert.equal(readTestRecord(item)!.report, 'ci-output/results.xml');
  });

  it('Create Backlog Item from Failure turns a failed test in the Test Explorer into one linked item', async () => {
    const b = await backlog();
    const controller = vscode.tests.createTestController('repoBacklogFixtureTests', 'Fixture tests');
    try {
      const testFile = vscode.Uri.file(join(workspaceRoot(), 'src', 'pricing.test.ts'));
      const fileItem = controller.createTestItem('pricing.test.ts', 'pricing.test.ts', testFile);
      const suite = controller.createTestItem('pricing', 'pricing', testFile);
      const test = controller.createTestItem('pricing/rounds negative prices', 'rounds negative prices', testFile);
      test.range = new vscode.Range(3, 2, 5, 5);
      suite.children.add(test);
      fileItem.children.add(suite);
      controller.items.add(fileItem);

      // Run it the way a test extension does, failing with a message that points at the assertion.
      const message = vscode.TestMessage.diff('expected -10 to equal -11', '-11', '-10');
      message.location = new vscode.Location(testFile, new vscode.Position(4, 4));
      message.stackTrace = [
        new vscode.TestMessageStackFrame('roundPrice', vscode.Uri.file(join(workspaceRoot(), 'src', 'pricing.ts')), new vscode.Position(2, 8)),
        new vscode.TestMessageStackFrame('callFn', vscode.Uri.file('/usr/lib/node_modules/mocha/lib/runnable.js'), new vscode.Position(365, 20)),
      ];
      const run = controller.createTestRun(new vscode.TestRunRequest([test]), 'fixture run', false);
      run.started(test);
      run.failed(test, message, 12);
      run.end();

      // testing/message/context hands the command `{ test, message }`.
      // The new item is reviewed (title, type, priority) before it is written; Enter on "Create Item" accepts.
      const item = await acceptingReview(vscode.commands.executeCommand<Item | undefined>('repoBacklog.captureFailedTest', { test, message }));
      assert.ok(item, 'an item is created');
      created.push(item.id);
      assert.equal(item.type, 'bug');
      assert.match(item.title, /rounds negative prices/);
      assert.deepEqual(item.links, [
        { kind: 'test', path: 'src/pricing.test.ts', line: 4 },
        { kind: 'code', path: 'src/pricing.test.ts', line: 5 },
      ]);
      const record = readTestRecord(item)!;
      assert.deepEqual([record.state, record.failures, record.report], ['failing', 1, 'Test Explorer']);
      assert.match(item.body, /expected -10 to equal -11/);
      assert.match(item.body, /Expected: -11/);
      assert.equal(b.snapshot.byId.get(item.id)?.title, item.title, 'the store knows it');

      // testing/item/context hands the TestItem alone: the same test is found, not duplicated.
      const before = itemTexts();
      const again = await vscode.commands.executeCommand<Item | undefined>('repoBacklog.captureFailedTest', test);
      assert.equal(again?.id, item.id);
      assert.deepEqual(itemTexts(), before, 'nothing is written for a test that is already tracked');

      // For the eye: the Failing Tests view with failing and passing-again rows.
      await vscode.commands.executeCommand('repoBacklog.failingTests.focus');
      await screenshot('failing-tests-section');
    } finally {
      controller.dispose();
    }
  });
});
