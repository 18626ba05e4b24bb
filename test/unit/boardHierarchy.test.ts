import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backlog } from '../../src/core/backlog';
import { buildBoardSnapshot } from '../../src/core/board/boardCard';
import { layoutBoard } from '../../src/core/board/boardLayout';
import { planDrop } from '../../src/core/board/boardMove';
import { parseBoardRequest } from '../../src/core/board/boardRequests';
import { DEFAULT_VIEW } from '../../src/core/board/boardView';
import { nodeFiles } from '../../src/node/nodeFiles';

describe('the board shows the hierarchy and blockers the snapshot computed', () => {
  let backlog: Backlog;
  const ids: Record<string, string> = {};
  const board = () => buildBoardSnapshot([{ root: backlog.root, name: 't' }], backlog.snapshot);
  const card = (name: string) => board().cards.find((c) => c.id === ids[name])!;

  before(async () => {
    backlog = new Backlog(mkdtempSync(join(tmpdir(), 'board-hierarchy-')), nodeFiles, { cache: false });
    await backlog.load();
    await backlog.init('BH');
    ids.epic = (await backlog.create({ title: 'Checkout epic', type: 'epic' })).id;
    ids.story = (await backlog.create({ title: 'Pay by card', parent: ids.epic })).id;
    ids.task = (await backlog.create({ title: 'Card form', parent: ids.story, status: 'In Progress' })).id;
    ids.blocker = (await backlog.create({ title: 'Payment provider contract' })).id;
    ids.waiting = (await backlog.create({ title: 'Go live', blockedBy: [ids.blocker] })).id;
  });

  it('gives a card its parent chip, its epic (the nearest epic above it) and its open blockers', () => {
    assert.deepEqual(card('task').parent, { id: ids.story, title: 'Pay by card' });
    assert.deepEqual(card('task').epic, { id: ids.epic, title: 'Checkout epic' });
    assert.deepEqual(card('story').epic, { id: ids.epic, title: 'Checkout epic' });
    assert.equal(card('epic').parent, undefined);
    assert.deepEqual(card('waiting').blockers, [{ id: ids.blocker, title: 'Payment provider contract', status: 'Backlog' }]);
    assert.equal(card('blocker').blockers, undefined);
  });

  it('draws swimlanes by epic, "No epic" last, and takes no drop across them', () => {
    const layout = layoutBoard(board(), { ...DEFAULT_VIEW, swimlanes: 'epic' });
    assert.deepEqual(layout.lanes.map((l) => l.label), [`Checkout epic (${ids.epic})`, 'No epic']);
    const inLane = (lane: number) => layout.lanes[lane].cells.flat().map((c) => c.id).sort();
    assert.deepEqual(inLane(0), [ids.story, ids.task].sort());
    assert.deepEqual(inLane(1), [ids.epic, ids.blocker, ids.waiting].sort());
    assert.equal(planDrop(layout, ids.waiting, { column: 0, lane: 0, index: 0 }), undefined, 'a drag does not re-parent');
    assert.ok(planDrop(layout, ids.waiting, { column: 2, lane: 1, index: 0 }), 'moves within the lane still work');
  });

  it('drops the blocked badge once the blocker is done', async () => {
    const blocker = backlog.snapshot.byId.get(ids.blocker)!;
    await backlog.update(blocker, { status: 'Done' });
    assert.equal(card('waiting').blockers, undefined);
  });

  it('accepts "New child" from the webview as a create with a parent id, and refuses a bad one', () => {
    const r = parseBoardRequest({ type: 'create', root: '/w', status: 'Backlog', title: 'Child', parent: 'BH-1' });
    assert.ok(r.ok && r.request.type === 'create' && r.request.parent === 'BH-1');
    assert.equal(parseBoardRequest({ type: 'create', root: '/w', status: 'Backlog', title: 'Child', parent: '../x' }).ok, false);
  });
});
