import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backlog } from '../../src/core/backlog';
import { parseQuery } from '../../src/core/query';
import { nodeFiles } from '../../src/node/nodeFiles';
import { buildTreeModel, groupDescription, itemDescription } from '../../src/tree/treeModel';

async function backlogWith(items: { title: string; status?: string; type?: string; points?: number; priority?: string; labels?: string[] }[]): Promise<Backlog> {
  const backlog = new Backlog(mkdtempSync(join(tmpdir(), 'tree-model-')), nodeFiles, { cache: false });
  await backlog.load();
  await backlog.init();
  for (const i of items) await backlog.create(i);
  return backlog;
}

describe('the tree model', () => {
  it('groups by status in config order, keeps rank order, sums points and flags WIP over the limit', async () => {
    const backlog = await backlogWith([
      { title: 'a', status: 'In Progress', points: 3 },
      { title: 'b', status: 'Backlog', points: 1 },
      { title: 'c', status: 'In Progress', points: 2 },
      ...Array.from({ length: 4 }, (_, i) => ({ title: `wip ${i}`, status: 'In Progress' })),
    ]);
    const model = buildTreeModel(backlog.snapshot, { groupBy: 'status' });
    assert.deepEqual(model.map((g) => g.group.label), ['Backlog', 'Ready', 'In Progress', 'Review', 'Done']);
    const doing = model[2];
    assert.deepEqual(doing.items.map((i) => i.title), ['a', 'c', 'wip 0', 'wip 1', 'wip 2', 'wip 3']);
    assert.equal(doing.points, 5);
    assert.deepEqual(doing.wip, { limit: 5, over: true });
    assert.equal(groupDescription(doing), '6 · 5 pts · WIP 6/5 over limit');
    assert.equal(model[1].items.length, 0, 'declared empty groups stay as drop targets');
  });

  it('filters with the query language, shows "n of m", and hides emptied groups only while filtering', async () => {
    const backlog = await backlogWith([
      { title: 'Login page crashes', type: 'bug', status: 'Ready', labels: ['ui'] },
      { title: 'Export CSV', type: 'feature', status: 'Ready' },
      { title: 'Old login code', type: 'debt', status: 'Backlog' },
    ]);
    const model = buildTreeModel(backlog.snapshot, { groupBy: 'status', query: parseQuery('login -type:debt'), hideEmptyFilteredGroups: true });
    assert.deepEqual(model.map((g) => [g.group.label, g.items.map((i) => i.title)]), [['Ready', ['Login page crashes']]]);
    assert.equal(groupDescription(model[0]), '1 of 2');
  });

  it('hides done items on request and describes items compactly', async () => {
    const backlog = await backlogWith([
      { title: 'shipped', status: 'Done' },
      { title: 'open', status: 'Ready', priority: 'must', points: 1 },
    ]);
    const model = buildTreeModel(backlog.snapshot, { groupBy: 'none', hideDone: true });
    assert.deepEqual(model[0].items.map((i) => i.title), ['open']);
    const open = model[0].items[0];
    assert.equal(itemDescription(open, { done: 1, total: 3 }), `${open.id} · must · 1 pt · ☑ 1/3`);
  });
});
