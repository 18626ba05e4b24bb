import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toBoardCard } from '../../src/core/board/boardCard';
import { Backlog } from '../../src/core/backlog';
import { parseItemFile } from '../../src/core/itemFile';
import type { TestRecord } from '../../src/core/testReports/failureItem';
import { importTestReports, type ReportInput } from '../../src/core/testReports/importReports';
import { BADGE_MESSAGE_LENGTH, itemTestStateBadge, readableTime, testStateBadge, type TestStateBadge } from '../../src/core/testReports/testStateBadge';
import { WorkspacePaths } from '../../src/core/testReports/workspacePaths';
import { nodeFiles } from '../../src/node/nodeFiles';
import { itemDescription } from '../../src/tree/treeModel';

const FAILING: TestRecord = {
  id: 'k1',
  name: 'cart total handles 100 items',
  suite: 'cart total',
  file: 'src/cart/total.test.ts',
  state: 'failing',
  failures: 3,
  firstSeen: '2026-11-24T09:12:04Z',
  lastSeen: '2026-11-26T17:40:59Z',
  signature: 's1',
  message: 'expected 1999 to equal 2000',
  report: 'reports/junit.xml',
};

function facts(badge: TestStateBadge): Record<string, string> {
  return Object.fromEntries(badge.facts.map((f) => [f.label, f.value]));
}

describe('test state on rows and cards', () => {
  it('a failing test: count in the short text, since when, last failure, message and report in the facts', () => {
    const badge = testStateBadge(FAILING);
    assert.equal(badge.state, 'failing');
    assert.equal(badge.text, 'failing ×3');
    assert.equal(badge.label, 'test failing, failed in 3 runs');
    assert.deepEqual(badge.facts, [
      { label: 'Failing since', value: '2026-11-24 09:12 UTC' },
      { label: 'Last failed', value: '2026-11-26 17:40 UTC' },
      { label: 'Failed in', value: '3 runs' },
      { label: 'Message', value: 'expected 1999 to equal 2000' },
      { label: 'Test', value: 'cart total handles 100 items (src/cart/total.test.ts)' },
      { label: 'Report', value: 'reports/junit.xml' },
    ]);
  });

  it('one failure says "failing" without a count and no separate last failure', () => {
    const badge = testStateBadge({ ...FAILING, failures: 1, lastSeen: FAILING.firstSeen });
    assert.equal(badge.text, 'failing');
    assert.equal(badge.label, 'test failing, failed in 1 run');
    assert.equal(facts(badge)['Last failed'], undefined);
    assert.equal(facts(badge)['Failed in'], '1 run');
  });

  it('a test passing again says since when, and keeps the last failure for reference', () => {
    const badge = testStateBadge({ ...FAILING, state: 'passing', passedAt: '2026-11-27T08:00:00+02:00' });
    assert.equal(badge.state, 'passing');
    assert.equal(badge.text, 'passing again');
    assert.equal(badge.label, 'test passing again');
    const f = facts(badge);
    assert.equal(f['Passing again since'], '2026-11-27 08:00 +02:00');
    assert.equal(f['Last failed'], '2026-11-26 17:40 UTC');
    assert.equal(f['Last message'], 'expected 1999 to equal 2000');
    assert.equal(f.Message, undefined);
  });

  it('hand-edited records: no count of zero, empty values left out, odd times shown as written', () => {
    const badge = testStateBadge({ ...FAILING, failures: 0, firstSeen: 'last Tuesday', lastSeen: 'last Tuesday', message: '', report: '', file: undefined });
    assert.equal(badge.text, 'failing');
    assert.equal(badge.label, 'test failing');
    assert.deepEqual(badge.facts, [
      { label: 'Failing since', value: 'last Tuesday' },
      { label: 'Test', value: 'cart total handles 100 items' },
    ]);
  });

  it('report text becomes one short line: no line breaks, control or direction-override characters', () => {
    const hostile = `line one\r\n\tline two \u202eevil\u0000 ${'x'.repeat(500)}`;
    const badge = testStateBadge({ ...FAILING, message: hostile, report: 'reports/\u202egnp.xml' });
    const message = facts(badge).Message;
    assert.equal(message.length, BADGE_MESSAGE_LENGTH);
    assert.ok(message.startsWith('line one line two evil x'), message.slice(0, 40));
    assert.ok(message.endsWith('…'));
    assert.doesNotMatch(message, /[\u0000-\u001f\u202e]/);
    assert.equal(facts(badge).Report, 'reports/ gnp.xml');
  });

  it('times read as date and minute, with the zone the report gave', () => {
    assert.equal(readableTime('2026-05-04T07:00:00'), '2026-05-04 07:00');
    assert.equal(readableTime('2026-05-04T07:00:00.123Z'), '2026-05-04 07:00 UTC');
    assert.equal(readableTime('2026-05-04T07:00:00-0500'), '2026-05-04 07:00 -0500');
    assert.equal(readableTime(''), 'unknown');
  });

  it('items without a test record get no badge; with one, the row and the card show it', () => {
    const plain = parseItemFile('/r/.backlog/items/BL-AAAAA.md', '---\nid: BL-AAAAA\ntitle: Plain bug\ntype: bug\nstatus: Ready\n---\n').item!;
    assert.equal(itemTestStateBadge(plain), undefined);
    assert.equal(toBoardCard(plain).test, undefined);
    assert.equal(itemDescription(plain), 'BL-AAAAA');

    const tracked = parseItemFile(
      '/r/.backlog/items/BL-BBBBB.md',
      '---\nid: BL-BBBBB\ntitle: "Failing test: adds"\ntype: bug\nstatus: Ready\npriority: must\ntest:\n  id: t1\n  name: adds\n  state: failing\n  failures: 2\n  firstSeen: 2026-01-02T03:04:05Z\n  lastSeen: 2026-01-03T03:04:05Z\n  message: boom\n  report: r.xml\n---\n',
    ).item!;
    assert.equal(itemDescription(tracked, undefined, itemTestStateBadge(tracked)?.text), 'BL-BBBBB · failing ×2 · must');
    assert.deepEqual(toBoardCard(tracked).test, itemTestStateBadge(tracked));
    assert.equal(toBoardCard(tracked).test?.text, 'failing ×2');
  });

  it('follows an imported test from failing to passing again', async () => {
    let clock = Date.parse('2026-06-01T10:00:00Z');
    const backlog = new Backlog(mkdtempSync(join(tmpdir(), 'backlog-badge-')), nodeFiles, { now: () => new Date((clock += 1000)) });
    await backlog.load();
    await backlog.init();
    const run = (name: string, timestamp: string, failure: string | null): ReportInput => ({
      name,
      open: async function* () {
        yield `<testsuite name="cart" timestamp="${timestamp}"><testcase classname="cart" name="adds up">${failure === null ? '' : `<failure message="${failure}">${failure}</failure>`}</testcase></testsuite>`;
      },
    });
    const options = { paths: new WorkspacePaths([]), now: () => new Date((clock += 1000)) };
    const badge = () => itemTestStateBadge(backlog.snapshot.items[0]);

    await importTestReports(backlog, [run('reports/1.xml', '2026-06-01T08:00:00', 'expected 3 to equal 4')], options);
    assert.equal(badge()?.text, 'failing');
    assert.equal(facts(badge()!).Message, 'expected 3 to equal 4');
    await importTestReports(backlog, [run('reports/2.xml', '2026-06-01T09:00:00', 'expected 5 to equal 4')], options);
    assert.equal(badge()?.text, 'failing ×2');
    assert.equal(facts(badge()!)['Last failed'], '2026-06-01 09:00 UTC');
    assert.equal(facts(badge()!).Message, 'expected 5 to equal 4');
    await importTestReports(backlog, [run('reports/3.xml', '2026-06-01T10:00:00', null)], options);
    assert.equal(badge()?.text, 'passing again');
    assert.equal(facts(badge()!)['Passing again since'], '2026-06-01 10:00 UTC');
  });
});
