import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backlog } from '../../src/core/backlog';
import { buildBoardSnapshot, type BoardCard, type BoardSnapshot } from '../../src/core/board/boardCard';
import { layoutBoard } from '../../src/core/board/boardLayout';
import { applyMove, planDrop, planKeyboardMove } from '../../src/core/board/boardMove';
import { DEFAULT_VIEW, type BoardView } from '../../src/core/board/boardView';
import { nodeFiles } from '../../src/node/nodeFiles';

let clock = Date.parse('2026-11-24T10:00:00Z');
const now = () => new Date((clock += 1000));

/** A real store in a temp folder, with items created bottom-up so the rank order is the list order. */
async function backlogWith(items: { title: string; status?: string; type?: string; assignee?: string }[]): Promise<Backlog> {
  const backlog = new Backlog(mkdtempSync(join(tmpdir(), 'board-test-')), nodeFiles, { now, cache: false });
  await backlog.load();
  await backlog.init('BD');
  for (const i of items) await backlog.create(i);
  return backlog;
}

const snapshotOf = (backlog: Backlog, query = ''): BoardSnapshot => buildBoardSnapshot([{ root: backlog.root, name: 'test' }], backlog.snapshot, query);
const idOf = (backlog: Backlog, title: string) => backlog.snapshot.items.find((i) => i.title === title)!.id;
const titles = (backlog: Backlog, cards: readonly BoardCard[]) => cards.map((c) => backlog.snapshot.byId.get(c.id)?.title ?? c.title);

function mtimes(dir: string): Map<string, number> {
  return new Map(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).mtimeMs]));
}

describe('board moves', () => {
  it('a drop into another column is one write: the status and the rank of the moved item', async () => {
    const backlog = await backlogWith([{ title: 'a' }, { title: 'b' }, { title: 'c', status: 'Ready' }, { title: 'd', status: 'Ready' }]);
    const snapshot = snapshotOf(backlog);
    const layout = layoutBoard(snapshot, DEFAULT_VIEW);
    const move = planDrop(layout, idOf(backlog, 'a'), { column: 1, lane: 0, index: 1 });
    assert.ok(move);
    assert.equal(move.status, 'Ready');
    assert.deepEqual(move.within, [idOf(backlog, 'c'), idOf(backlog, 'd')]);
    const before = mtimes(backlog.itemsDir);
    const optimistic = applyMove(snapshot.cards, move);
    const item = backlog.snapshot.byId.get(move.id)!;
    await new Promise((r) => setTimeout(r, 20));
    await backlog.move({ id: item.id, file: item.file, hash: item.hash }, { status: move.status, index: move.index, within: move.within });
    const after = mtimes(backlog.itemsDir);
    const written = [...after].filter(([f, t]) => before.get(f) !== t).map(([f]) => f);
    assert.deepEqual(written, [`${item.id}.md`]);
    assert.match(readFileSync(item.file, 'utf8'), /^status: Ready$/m);
    assert.deepEqual(titles(backlog, snapshotOf(backlog).cards), ['b', 'c', 'a', 'd']);
    assert.deepEqual(titles(backlog, optimistic), ['b', 'c', 'a', 'd'], 'the board shows the order the store will write');
  });

  it('orders like the store when the target column is filtered (hidden cards keep their places)', async () => {
    const backlog = await backlogWith([
      { title: 'x1', status: 'Ready', type: 'bug' },
      { title: 'hidden', status: 'Ready' },
      { title: 'x2', status: 'Ready', type: 'bug' },
      { title: 'mover', type: 'bug' },
    ]);
    const view: BoardView = { ...DEFAULT_VIEW, query: 'type:bug' };
    const snapshot = snapshotOf(backlog, view.query);
    const layout = layoutBoard(snapshot, view);
    const move = planDrop(layout, idOf(backlog, 'mover'), { column: 1, lane: 0, index: 1 })!;
    assert.deepEqual(move.within.length, 2, 'within lists only the visible cards');
    const optimistic = applyMove(snapshot.cards, move);
    const item = backlog.snapshot.byId.get(move.id)!;
    await backlog.move(item, { status: move.status, index: move.index, within: move.within });
    assert.deepEqual(titles(backlog, snapshotOf(backlog).cards), ['x1', 'hidden', 'mover', 'x2']);
    assert.deepEqual(titles(backlog, optimistic), titles(backlog, snapshotOf(backlog).cards));
  });

  it('a drop into another swimlane also sets the lane field; "Unassigned" removes the assignee', async () => {
    const backlog = await backlogWith([{ title: 'a', assignee: 'kim' }, { title: 'b' }]);
    const layout = layoutBoard(snapshotOf(backlog), { ...DEFAULT_VIEW, swimlanes: 'assignee' });
    assert.deepEqual(layout.lanes.map((l) => l.label), ['kim', 'Unassigned']);
    const move = planDrop(layout, idOf(backlog, 'a'), { column: 0, lane: 1, index: 0 })!;
    assert.deepEqual(move.changes, { assignee: null });
    const typeLayout = layoutBoard(snapshotOf(backlog), { ...DEFAULT_VIEW, swimlanes: 'type' });
    assert.equal(typeLayout.lanes.length, 1);
  });

  it('refuses drops that change nothing or land in a status config does not list', async () => {
    const backlog = await backlogWith([{ title: 'a' }, { title: 'b' }]);
    const snapshot = snapshotOf(backlog);
    const stray = { ...snapshot, cards: [...snapshot.cards, { ...snapshot.cards[0], id: 'BD-ZZZZZ', status: 'Blocked' }] };
    const layout = layoutBoard(stray, DEFAULT_VIEW);
    assert.equal(planDrop(layout, idOf(backlog, 'a'), { column: 0, lane: 0, index: 0 }), undefined, 'same place');
    assert.equal(planDrop(layout, idOf(backlog, 'a'), { column: 5, lane: 0, index: 0 }), undefined, 'the stray column');
    assert.equal(planDrop(layout, 'BD-NOPE1', { column: 1, lane: 0, index: 0 }), undefined, 'unknown card');
    assert.ok(planDrop(layout, idOf(backlog, 'a'), { column: 0, lane: 0, index: 99 }), 'index past the end means last');
  });

  it('keyboard moves: up/down within the column, left/right to the neighbour column, stop at the edges', async () => {
    const backlog = await backlogWith([{ title: 'a' }, { title: 'b' }, { title: 'c' }, { title: 'r', status: 'Ready' }]);
    const snapshot = snapshotOf(backlog);
    const layout = layoutBoard(snapshot, DEFAULT_VIEW);
    const b = idOf(backlog, 'b');
    const order = (dir: Parameters<typeof planKeyboardMove>[2], id = b) => {
      const move = planKeyboardMove(layout, id, dir);
      return move && titles(backlog, applyMove(snapshot.cards, move).filter((c) => c.status === move.status));
    };
    assert.deepEqual(order('up'), ['b', 'a', 'c']);
    assert.deepEqual(order('down'), ['a', 'c', 'b']);
    assert.deepEqual(order('top'), ['b', 'a', 'c']);
    assert.deepEqual(order('bottom'), ['a', 'c', 'b']);
    assert.deepEqual(order('right'), ['r', 'b'], 'same position, clamped to the column length');
    assert.equal(order('left'), undefined, 'no column to the left of the first');
    assert.equal(order('up', idOf(backlog, 'a')), undefined);
    assert.equal(order('down', idOf(backlog, 'c')), undefined);
    const done = planKeyboardMove(layoutBoard(snapshotOf(backlog), DEFAULT_VIEW), idOf(backlog, 'r'), 'right');
    assert.equal(done?.status, 'In Progress');
  });
});
