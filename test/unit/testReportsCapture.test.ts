import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Backlog } from '../../src/core/backlog';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { captureFailedTest, capturedTestResult, type CapturedMessage, type CapturedTest } from '../../src/core/testReports/capturedFailure';
import { failingTestEntries } from '../../src/core/testReports/failingTests';
import { readTestRecord } from '../../src/core/testReports/failureItem';
import { importTestReports } from '../../src/core/testReports/importReports';
import { WorkspacePaths } from '../../src/core/testReports/workspacePaths';
import { freshBacklog as freshBacklogAt, report } from './support/testReports';

let clock = Date.parse('2026-04-01T09:00:00Z');
const now = () => new Date((clock += 60_000));

const freshBacklog = () => freshBacklogAt(now);

function itemTexts(backlog: Backlog): Record<string, string> {
  return Object.fromEntries(readdirSync(backlog.itemsDir).map((n) => [n, readFileSync(join(backlog.itemsDir, n), 'utf8')]));
}

const PATHS = new WorkspacePaths(['src/math.test.ts', 'src/math.ts']);
const options = { paths: PATHS, now };
const TEST: CapturedTest = { labels: ['math.test.ts', 'sum', 'adds negatives'], file: 'src/math.test.ts', line: 12 };
const MESSAGE: CapturedMessage = {
  text: 'AssertionError: expected -3 to equal -4\n  extra context',
  expected: '-4',
  actual: '-3',
  location: { path: 'src/math.test.ts', line: 14 },
  stack: [
    { label: 'sum', path: '/home/dev/app/src/math.ts', line: 3 },
    { label: 'runTest', path: '/home/dev/app/node_modules/mocha/lib/runner.js', line: 90 },
  ],
};

describe('test failures: captured from the editor’s Test Explorer', () => {
  it('maps a test and its message to a report result: parents as suite, the runner’s location as first frame', () => {
    const r = capturedTestResult(TEST, MESSAGE);
    assert.equal(r.name, 'adds negatives');
    assert.equal(r.suite, 'math.test.ts › sum');
    assert.equal(r.file, 'src/math.test.ts');
    assert.equal(r.line, 12);
    assert.equal(r.failure?.message, 'AssertionError: expected -3 to equal -4');
    const lines = r.failure.details.split('\n');
    assert.ok(lines.includes('Expected: -4') && lines.includes('Received: -3'), r.failure.details);
    assert.ok(lines.indexOf('    at adds negatives (src/math.test.ts:14)') < lines.indexOf('    at sum (/home/dev/app/src/math.ts:3)'));
  });

  it('creates one bug item in one write, linked to the test and the failing line', async () => {
    const backlog = await freshBacklog();
    let publishes = 0;
    backlog.onDidChange(() => publishes++);
    const { item, outcome } = await captureFailedTest(backlog, TEST, MESSAGE, options);
    assert.equal(outcome, 'created');
    assert.equal(publishes, 1, 'one create, no second edit for the test record');
    assert.equal(item.type, 'bug');
    assert.match(item.title, /adds negatives/);
    assert.deepEqual(item.links, [
      { kind: 'test', path: 'src/math.test.ts', line: 12 },
      { kind: 'code', path: 'src/math.test.ts', line: 14 },
    ]);
    const record = readTestRecord(item)!;
    assert.equal(record.state, 'failing');
    assert.equal(record.failures, 1);
    assert.equal(record.report, 'Test Explorer');
    assert.match(item.body, /expected -3 to equal -4/);
    assert.doesNotMatch(item.body, /node_modules/, 'dependency frames are trimmed from the body');
  });

  it('capturing the same test again finds its item and writes nothing', async () => {
    const backlog = await freshBacklog();
    const first = await captureFailedTest(backlog, TEST, MESSAGE, options);
    const before = itemTexts(backlog);
    const again = await captureFailedTest(backlog, TEST, { text: 'another message' }, options);
    assert.equal(again.outcome, 'existing');
    assert.equal(again.item?.id, first.item?.id);
    assert.deepEqual(itemTexts(backlog), before);
  });

  it('the review sees the new item before it is written: its changes are kept, and declining writes nothing', async () => {
    const backlog = await freshBacklog();
    const declined = await captureFailedTest(backlog, TEST, MESSAGE, { ...options, review: async () => undefined });
    assert.equal(declined.outcome, 'cancelled');
    assert.equal(backlog.snapshot.items.length, 0);
    let seen: string | undefined;
    const edited = await captureFailedTest(backlog, TEST, MESSAGE, {
      ...options,
      review: async (draft) => {
        seen = draft.title;
        return { ...draft, title: 'Negative sums are off by one', priority: 'must' };
      },
    });
    assert.match(seen ?? '', /adds negatives/);
    assert.equal(edited.outcome, 'created');
    assert.deepEqual([edited.item?.title, edited.item?.priority, edited.item?.type], ['Negative sums are off by one', 'must', 'bug']);
    assert.equal(readTestRecord(edited.item)?.state, 'failing', 'the test record is kept');
  });

  it('a test other than the tracked one (same name, other file) gets its own item', async () => {
    const backlog = await freshBacklog();
    await captureFailedTest(backlog, TEST, MESSAGE, options);
    const other = await captureFailedTest(backlog, { ...TEST, file: 'src/other.test.ts' }, MESSAGE, options);
    assert.equal(other.outcome, 'created');
    assert.equal(backlog.snapshot.items.length, 2);
  });

  it('finds an item imported from a report that names the suite differently, by test name and file', async () => {
    const backlog = await freshBacklog();
    const xml = `<testsuite name="Mocha Tests" timestamp="2026-04-01T08:00:00"><testcase classname="sum" name="adds negatives" file="src/math.test.ts"><failure message="boom">boom</failure></testcase></testsuite>`;
    const imported = await importTestReports(backlog, [report('junit.xml', xml)], options);
    assert.equal(imported.created.length, 1);
    const capture = await captureFailedTest(backlog, TEST, MESSAGE, options);
    assert.equal(capture.outcome, 'existing');
    assert.equal(capture.item.id, imported.created[0].id);
  });

  it('reopens an item whose test passed again, counting the new failure', async () => {
    const backlog = await freshBacklog();
    const xml = (body: string, ts: string) => `<testsuite name="s" timestamp="${ts}"><testcase classname="sum" name="adds negatives" file="src/math.test.ts">${body}</testcase></testsuite>`;
    await importTestReports(backlog, [report('a.xml', xml('<failure message="boom"/>', '2026-04-01T08:00:00'))], options);
    await importTestReports(backlog, [report('b.xml', xml('', '2026-04-01T08:30:00'))], options);
    assert.equal(readTestRecord(backlog.snapshot.items[0])!.state, 'passing');
    const capture = await captureFailedTest(backlog, TEST, MESSAGE, options);
    assert.equal(capture.outcome, 'reopened');
    const record = readTestRecord(capture.item)!;
    assert.deepEqual([record.state, record.failures, record.report], ['failing', 2, 'Test Explorer']);
    assert.equal(backlog.snapshot.items.length, 1);
  });
});

describe('test failures: the Failing tests list', () => {
  it('lists failing tests newest first, then open items passing again; done ones drop out', async () => {
    const backlog = await freshBacklog();
    const suite = (ts: string, cases: Record<string, boolean>) =>
      `<testsuite name="s" timestamp="${ts}">${Object.entries(cases)
        .map(([name, fails]) => `<testcase classname="c" name="${name}" file="src/math.test.ts">${fails ? `<failure message="${name} broke">at x (src/math.ts:${name.length})</failure>` : ''}</testcase>`)
        .join('')}</testsuite>`;
    await importTestReports(backlog, [report('1.xml', suite('2026-04-01T08:00:00', { old: true, fixed: true, closed: true }))], options);
    await importTestReports(backlog, [report('2.xml', suite('2026-04-01T09:00:00', { old: true, fixed: false, closed: false }))], options);
    await importTestReports(backlog, [report('3.xml', suite('2026-04-01T10:00:00', { fresh: true }))], options);
    const closed = backlog.snapshot.items.find((i) => readTestRecord(i)?.name === 'closed')!;
    await backlog.update(closed, { status: 'Done' });

    const entries = failingTestEntries(backlog.snapshot.items, backlog.snapshot.config);
    assert.deepEqual(
      entries.map((e) => [e.record.name, e.record.state]),
      [
        ['fresh', 'failing'],
        ['old', 'failing'],
        ['fixed', 'passing'],
      ],
    );
    assert.ok(entries.every((e) => e.failingLine?.path === 'src/math.ts'), 'the failing line is the stack frame in the workspace');
    assert.deepEqual(failingTestEntries([], DEFAULT_CONFIG), []);
  });
});
