import * as assert from 'node:assert/strict';
import { snapshotOf } from './support/snapshot';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backlog, type BacklogError } from '../../src/core/backlog';
import type { Item } from '../../src/core/item';
import { findSimilarTitles, titleTokens } from '../../src/core/planning/duplicates';
import { doneOlderThan, groomingReport, hasDescription, readinessGaps } from '../../src/core/planning/grooming';
import { nodeFiles } from '../../src/node/nodeFiles';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW - n * 86_400_000).toISOString();

function item(id: string, title: string, fields: Partial<Item> = {}): Item {
  return {
    id, title, type: 'feature', status: 'Backlog', labels: [], blockedBy: [], links: [], file: `/r/.backlog/items/${id}.md`, hash: id, extra: {}, lines: {},
    body: '\n## Description\n\nWhy it matters.\n\n## Acceptance criteria\n\n- [ ] it works\n', points: 3, updated: daysAgo(1), ...fields,
  };
}


function bruteForce(items: readonly { id: string; title: string }[], t: number): string[] {
  const out: string[] = [];
  const sets = items.map((i) => new Set(titleTokens(i.title)));
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = sets[i];
      const b = sets[j];
      if (a.size === 0 || b.size === 0) continue;
      const common = [...a].filter((w) => b.has(w)).length;
      if (common / (a.size + b.size - common) >= t - 1e-9) out.push([items[i].id, items[j].id].sort().join('~'));
    }
  }
  return out.sort();
}

describe('planning: likely duplicates', () => {
  it('normalises titles: case, accents, punctuation, stop words, plurals', () => {
    assert.deepEqual(titleTokens('The Café pages DON\'T load — on iOS!'), ['cafe', 'page', 'don', 'load', 'ios']);
    assert.deepEqual(titleTokens('Status of the bus'), ['status', 'bus']);
    assert.deepEqual(titleTokens('Fix the categories'), ['fix', 'category']);
  });

  it('finds similar titles and not dissimilar ones', () => {
    const pairs = findSimilarTitles(
      [
        { id: 'A', title: 'Login page shows an error' },
        { id: 'B', title: 'login page shows errors' },
        { id: 'C', title: 'Export invoices as CSV' },
        { id: 'D', title: 'Export the invoice to CSV' },
        { id: 'E', title: 'Login with Google' },
      ],
      0.6,
    );
    assert.deepEqual(pairs.map((p) => `${p.a}~${p.b}`), ['A~B', 'C~D']);
    assert.equal(pairs[0].similarity, 1);
  });

  it('finds exactly the pairs a brute-force comparison finds (the prefix filter loses nothing)', () => {
    const words = ['login', 'page', 'error', 'export', 'csv', 'invoice', 'cart', 'payment', 'crash', 'slow', 'search', 'filter', 'mobile', 'layout'];
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const items = Array.from({ length: 300 }, (_, i) => ({
      id: `I${String(i).padStart(3, '0')}`,
      title: Array.from({ length: 2 + random(4) }, () => words[random(words.length)]).join(' '),
    }));
    for (const t of [0.34, 0.5, 0.6, 0.75, 1]) {
      const fast = findSimilarTitles(items, t).map((p) => `${p.a}~${p.b}`).sort();
      assert.deepEqual(fast, bruteForce(items, t), `threshold ${t}`);
      assert.ok(fast.length > 0, `threshold ${t} finds something to compare`);
    }
  });
});

describe('planning: grooming report', () => {
  it('tells descriptions, criteria and estimates apart from the empty template', () => {
    const template = '\n## Description\n\n\n## Acceptance criteria\n\n- [ ] \n';
    assert.equal(hasDescription(template), false);
    assert.equal(hasDescription('<!-- hint -->\n## Description\n'), false);
    assert.equal(hasDescription('## Description\nUsers cannot pay.\n'), true);
    assert.deepEqual(readinessGaps(item('BL-A', 'x', { body: template, points: undefined })), ['no estimate', 'no acceptance criteria', 'no description']);
    assert.deepEqual(readinessGaps(item('BL-A', 'x')), []);
  });

  it('reports stale, not ready, duplicates, lost links, passing tests and done items to archive', () => {
    const items = [
      item('BL-STALE', 'Old idea', { updated: daysAgo(45) }),
      item('BL-FRESH', 'New idea', { updated: daysAgo(2) }),
      item('BL-GIT', 'Hand edited', { updated: daysAgo(90) }),
      item('BL-NOEST', 'Needs sizing', { points: undefined }),
      item('BL-DOING', 'Being built', { status: 'In Progress', points: undefined }),
      item('BL-DUP1', 'Checkout rejects valid cards'),
      item('BL-DUP2', 'checkout rejects valid card'),
      item('BL-LOST', 'Refactor parser', { links: [{ path: 'src/a.ts', line: 3, kind: 'todo', state: 'lost' }, { path: 'src/b.ts' }] }),
      item('BL-PASS', 'Flaky date test', { extra: { test: { name: 'dates parse', state: 'passing' } } }),
      item('BL-FAIL', 'Broken sum test', { extra: { test: { name: 'sum', state: 'failing' } } }),
      item('BL-OLDDONE', 'Shipped', { status: 'Done', updated: daysAgo(20) }),
      item('BL-NEWDONE', 'Shipped today', { status: 'Done', updated: daysAgo(3) }),
    ];
    const report = groomingReport(snapshotOf(items), { now: NOW, lastChanged: new Map([['BL-GIT', NOW - 86_400_000]]) });
    assert.deepEqual(report.stale.map((e) => e.id), ['BL-STALE']);
    assert.equal(report.stale[0].ageDays, 45);
    assert.deepEqual(report.notReady.map((e) => [e.id, e.reasons.join()]), [['BL-NOEST', 'no estimate']], 'items in progress are past readiness');
    assert.deepEqual(report.duplicates.map((d) => [d.a.id, d.b.id]), [['BL-DUP1', 'BL-DUP2']]);
    assert.deepEqual(report.lostLinks.map((e) => [e.id, e.reasons]), [['BL-LOST', ['code link lost: src/a.ts:3']]]);
    assert.deepEqual(report.passingTests.map((e) => [e.id, e.reasons]), [['BL-PASS', ['test "dates parse" passes again']]]);
    assert.deepEqual(report.toArchive.map((e) => e.id), ['BL-OLDDONE']);
    const strict = groomingReport(snapshotOf(items), { now: NOW, staleDays: 1, archiveDoneAfterDays: 1 });
    assert.ok(strict.stale.some((e) => e.id === 'BL-FRESH'));
    assert.deepEqual(strict.toArchive.map((e) => e.id).sort(), ['BL-NEWDONE', 'BL-OLDDONE']);
    assert.deepEqual(doneOlderThan(snapshotOf(items), 10, NOW).map((i) => i.id), ['BL-OLDDONE']);
    assert.deepEqual(report.structure, []);
  });

  it('counts a blocked item as not ready, and reports parents and children out of step without changing them', () => {
    const items = [
      item('BL-BLOCKED', 'Waits', { blockedBy: ['BL-OPEN', 'BL-SHIPPED'] }),
      item('BL-OPEN', 'Open blocker'),
      item('BL-SHIPPED', 'Done blocker', { status: 'Done' }),
      item('BL-EPIC1', 'All done under it', { status: 'In Progress' }),
      item('BL-C1', 'child', { parent: 'BL-EPIC1', status: 'Done' }),
      item('BL-C2', 'child', { parent: 'BL-EPIC1', status: 'Done' }),
      item('BL-EPIC2', 'Not started'),
      item('BL-C3', 'child done early', { parent: 'BL-EPIC2', status: 'Done' }),
      item('BL-C4', 'child open', { parent: 'BL-EPIC2' }),
    ];
    const report = groomingReport(snapshotOf(items), { now: NOW });
    assert.deepEqual(report.notReady.map((e) => [e.id, e.reasons.join()]), [['BL-BLOCKED', 'blocked by BL-OPEN']]);
    assert.deepEqual(report.structure.map((e) => [e.id, e.reasons.join()]), [
      ['BL-EPIC1', 'everything under it is done (2 items) but it is In Progress; close it?'],
      ['BL-C3', 'done while its parent BL-EPIC2 is not started (Backlog)'],
    ]);
  });
});

describe('planning: archive', () => {
  it('moves item files to the archive unchanged, reads them back, restores them and never overwrites', async () => {
    let t = Date.parse('2026-11-02T09:00:00Z');
    const backlog = new Backlog(mkdtempSync(join(tmpdir(), 'archive-')), nodeFiles, { now: () => new Date((t += 1000)), cache: false, recordHistory: false });
    await backlog.load();
    await backlog.init();
    const a = await backlog.create({ title: 'Shipped thing', status: 'Done' });
    const b = await backlog.create({ title: 'Open thing' });
    const text = readFileSync(a.file, 'utf8');
    const dest = await backlog.archive(a.id);
    assert.equal(dest, join(backlog.dir, 'archive', `${a.id}.md`));
    assert.equal(readFileSync(dest, 'utf8'), text, 'byte for byte');
    assert.equal(existsSync(a.file), false);
    assert.deepEqual(backlog.snapshot.items.map((i) => i.id), [b.id], 'out of the snapshot');
    assert.deepEqual((await backlog.readArchive()).items.map((i) => i.id), [a.id]);

    const reloaded = new Backlog(backlog.root, nodeFiles, { cache: false });
    await reloaded.load();
    assert.deepEqual(reloaded.snapshot.items.map((i) => i.id), [b.id]);

    // An item file that appeared under an archived id is not overwritten by restore, nor archived over.
    writeFileSync(a.file, text.replace('Shipped thing', 'Imposter'));
    await backlog.load();
    await assert.rejects(backlog.restore(a.id), (e: BacklogError) => e.code === 'exists');
    await assert.rejects(backlog.archive(a.id), (e: BacklogError) => e.code === 'exists');
    assert.equal(readFileSync(dest, 'utf8'), text);
    await backlog.delete(a.id);
    const restored = await backlog.restore(a.id);
    assert.equal(restored.title, 'Shipped thing');
    assert.equal(existsSync(dest), false);
    await assert.rejects(backlog.restore('BL-NOPE1'), (e: BacklogError) => e.code === 'missing-item');
  });

  it('never hands out an archived id to a new item', async () => {
    let t = Date.parse('2026-11-02T09:00:00Z');
    const picks = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
    let n = 0;
    const backlog = new Backlog(mkdtempSync(join(tmpdir(), 'archive-')), nodeFiles, {
      now: () => new Date((t += 1000)), cache: false, recordHistory: false, random: () => picks[n++ % picks.length],
    });
    await backlog.load();
    await backlog.init();
    const first = await backlog.create({ title: 'First' });
    await backlog.archive(first.id);
    n = 0;
    const second = await backlog.create({ title: 'Second' });
    assert.notEqual(second.id, first.id);
  });
});
