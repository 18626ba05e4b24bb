// Parents, children, roll-ups and blockers computed from a snapshot, and what `check` says about them.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backlog } from '../../src/core/backlog';
import { relationProblems } from '../../src/core/check';
import type { Item } from '../../src/core/item';
import { findChainCycles, findCycles } from '../../src/core/planning/cycles';
import { nodeFiles } from '../../src/node/nodeFiles';
import { cli } from './support/cli';
import { snapshotOf } from './support/snapshot';

function item(id: string, fields: Partial<Item> = {}): Item {
  return { id, title: id, type: 'feature', status: 'Backlog', labels: [], blockedBy: [], links: [], file: `/r/.backlog/items/${id}.md`, body: '', hash: id, extra: {}, lines: { parent: 6, blockedBy: 7 }, ...fields };
}

const ids = (items: readonly Item[]) => items.map((i) => i.id);

describe('item relations', () => {
  // E1 ─┬─ S1 (done, 3) ─── T1 (done, 1), T2 (2)
  //     └─ S2 (5)
  // E2 has no children; X is blocked by S2 (open) and T1 (done) and an unknown id.
  const items = [
    item('BL-E1', { type: 'epic' }),
    item('BL-S2', { parent: 'BL-E1', points: 5 }),
    item('BL-T2', { parent: 'BL-S1', points: 2 }),
    item('BL-S1', { parent: 'BL-E1', status: 'Done', points: 3 }),
    item('BL-T1', { parent: 'BL-S1', status: 'Done', points: 1 }),
    item('BL-E2', { type: 'epic' }),
    item('BL-X', { blockedBy: ['BL-S2', 'BL-T1', 'BL-GONE'] }),
    item('BL-Y', { blockedBy: ['BL-T1'] }),
  ];
  const { relations } = snapshotOf(items);
  const get = (id: string) => items.find((i) => i.id === id)!;

  it('lists children in rank order, and ancestors nearest first', () => {
    assert.deepEqual(ids(relations.children('BL-E1')), ['BL-S2', 'BL-S1']);
    assert.deepEqual(ids(relations.children('BL-S1')), ['BL-T2', 'BL-T1']);
    assert.deepEqual(ids(relations.children('BL-E2')), []);
    assert.deepEqual(ids(relations.ancestors(get('BL-T2'))), ['BL-S1', 'BL-E1']);
    assert.equal(relations.parentOf(get('BL-E1')), undefined);
  });

  it('rolls up counts and points over all descendants, done by the config’s done statuses', () => {
    assert.deepEqual(relations.rollup('BL-E1'), { done: 2, total: 4, pointsDone: 4, pointsTotal: 11 });
    assert.deepEqual(relations.rollup('BL-S1'), { done: 1, total: 2, pointsDone: 1, pointsTotal: 3 });
    assert.equal(relations.rollup('BL-E2'), undefined, 'no children, no roll-up');
  });

  it('is blocked while a known blocker is not done, and knows what each item blocks', () => {
    assert.equal(relations.isBlocked(get('BL-X')), true);
    assert.deepEqual(ids(relations.openBlockers(get('BL-X'))), ['BL-S2']);
    assert.equal(relations.isBlocked(get('BL-Y')), false, 'its only blocker is done');
    assert.deepEqual(ids(relations.blocks('BL-T1')), ['BL-X', 'BL-Y']);
    assert.deepEqual(ids(relations.blocks('BL-E1')), []);
  });

  it('survives a parent cycle: no loop, nothing counted twice', () => {
    const cyclic = snapshotOf([item('BL-A', { parent: 'BL-B' }), item('BL-B', { parent: 'BL-A', status: 'Done' })]).relations;
    assert.deepEqual(cyclic.rollup('BL-A'), { done: 1, total: 1, pointsDone: 0, pointsTotal: 0 });
    assert.deepEqual(ids(cyclic.ancestors(cyclic.children('BL-A')[0])), ['BL-A']);
  });
});

describe('cycles', () => {
  const graph = (edges: Record<string, string[]>) => (id: string) => edges[id] ?? [];

  it('reports one shortest cycle per knot, from its smallest id, and none for chains', () => {
    const next = graph({ A: ['B'], B: ['C'], C: ['A', 'D'], D: [], E: ['F'], F: ['E', 'G'], G: ['E'] });
    assert.deepEqual(findCycles(['A', 'B', 'C', 'D', 'E', 'F', 'G'], next), [['A', 'B', 'C'], ['E', 'F']]);
    assert.deepEqual(findCycles(['A', 'B'], graph({ A: ['B'] })), []);
  });

  it('finds each loop of a one-way chain once, from its smallest id, whatever node the walk starts at', () => {
    const parent: Record<string, string> = { D: 'B', B: 'C', C: 'A', A: 'B', E: 'F', F: 'E', G: 'A', H: 'H' };
    assert.deepEqual(findChainCycles(['G', 'D', 'E', 'F', 'H', 'X'], (id) => parent[id]), [['A', 'B', 'C'], ['E', 'F'], ['H']]);
    assert.deepEqual(findChainCycles(['G', 'D'], (id) => (id === 'G' ? 'D' : undefined)), []);
  });

  it('walks a chain of 20,000 without running out of stack', () => {
    const n = 20_000;
    const next = (id: string) => [String((Number(id) + 1) % n)];
    const cycles = findCycles(Array.from({ length: n }, (_, i) => String(i)), next);
    assert.equal(cycles.length, 1);
    assert.equal(cycles[0].length, n);
  });
});

describe('check: relations', () => {
  it('reports self-references, unknown ids (not archived ones) and each cycle once, in full', () => {
    const items = [
      item('BL-A', { parent: 'BL-B' }),
      item('BL-B', { parent: 'BL-C' }),
      item('BL-C', { parent: 'BL-A' }),
      item('BL-D', { parent: 'BL-D', blockedBy: ['BL-D', 'BL-NOPE', 'BL-OLD'] }),
      item('BL-E', { parent: 'BL-MISSING', blockedBy: ['BL-F'] }),
      item('BL-F', { blockedBy: ['BL-E'] }),
    ];
    const s = snapshotOf(items);
    const problems = relationProblems(items, s.byId, new Set(['BL-OLD']));
    const shown = problems.map((p) => `${p.file.replace('/r/.backlog/items/', '')}:${p.line} ${p.severity} ${p.code} ${p.message}`);
    assert.deepEqual(shown.sort(), [
      'BL-A.md:6 error parent-cycle Parent cycle: BL-A → BL-B → BL-C → BL-A (each is its own ancestor)',
      'BL-D.md:6 error parent-self BL-D names itself as its parent',
      'BL-D.md:7 error blocked-by-self BL-D lists itself in blockedBy',
      'BL-D.md:7 warning blocked-by-unknown Blocker BL-NOPE is not in the backlog or its archive',
      'BL-E.md:6 warning parent-unknown Parent BL-MISSING is not in the backlog or its archive',
      'BL-E.md:7 error blocked-by-cycle Dependency cycle: BL-E → BL-F → BL-E (each waits for the next; none can start)',
    ]);
  });

  it("checks a snapshot's relations against that snapshot, however late its problems are read", async () => {
    const root = mkdtempSync(join(tmpdir(), 'backlog-relations-'));
    const backlog = new Backlog(root, nodeFiles, { cache: false });
    await backlog.init();
    const epic = await backlog.create({ title: 'Epic', type: 'epic' });
    await backlog.create({ title: 'Story', parent: epic.id });
    await backlog.archive(epic.id);
    // The parent is in the archive: known, so no warning.
    const whileArchived = backlog.snapshot;
    await backlog.restore(epic.id);
    // Read only now, after the restore changed what the store knows is archived.
    assert.deepEqual(whileArchived.problems.filter((p) => p.code === 'parent-unknown'), []);
    assert.deepEqual(backlog.snapshot.problems.filter((p) => p.code === 'parent-unknown'), []);
    await backlog.archive(epic.id);
    assert.deepEqual(backlog.snapshot.problems.filter((p) => p.code === 'parent-unknown'), []);
  });

  it('CLI check prints a cycle as file:line:col and exits 1', async () => {
    const root = mkdtempSync(join(tmpdir(), 'backlog-relations-'));
    assert.equal((await cli(root, 'init')).code, 0);
    const dir = join(root, '.backlog', 'items');
    mkdirSync(dir, { recursive: true });
    const write = (id: string, extra: string) =>
      writeFileSync(join(dir, `${id}.md`), `---\nid: ${id}\ntitle: ${id}\ntype: feature\nstatus: Backlog\n${extra}---\n`);
    write('BL-AAAAA', 'blockedBy: [BL-BBBBB]\n');
    write('BL-BBBBB', 'blockedBy: [BL-AAAAA]\n');
    const r = await cli(root, 'check');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^\.backlog\/items\/BL-AAAAA\.md:6:1 error Dependency cycle: BL-AAAAA → BL-BBBBB → BL-AAAAA /m);
    assert.equal(r.stdout.match(/Dependency cycle/g)?.length, 1, 'once per cycle');
  });
});
