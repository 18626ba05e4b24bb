import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backlog } from '../../src/core/backlog';
import { buildBoardSnapshot } from '../../src/core/board/boardCard';
import { layoutBoard } from '../../src/core/board/boardLayout';
import { DEFAULT_VIEW } from '../../src/core/board/boardView';
import { nodeFiles } from '../../src/node/nodeFiles';
import { buildTreeModel } from '../../src/tree/treeModel';

describe('WIP limits on the board and in the tree', () => {
  it('count the same items: the whole backlog in the status, whatever sprint the board is scoped to', async () => {
    const backlog = new Backlog(mkdtempSync(join(tmpdir(), 'board-wip-')), nodeFiles, { cache: false });
    await backlog.load();
    await backlog.init('WP');
    // Review has a WIP limit of 3 in the default config: two items in sprint s1, two elsewhere.
    for (const [title, sprint] of [['a', 's1'], ['b', 's1'], ['c', 's2'], ['d', undefined]] as const) {
      await backlog.create({ title, status: 'Review', ...(sprint ? { sprint } : {}) });
    }
    const tree = buildTreeModel(backlog.snapshot, { groupBy: 'status' }).find((g) => g.group.value === 'Review')!;
    const board = buildBoardSnapshot([{ root: backlog.root, name: 't' }], backlog.snapshot);
    for (const scope of [{ kind: 'all' }, { kind: 'backlog' }, { kind: 'sprint', name: 's1' }] as const) {
      const column = layoutBoard(board, { ...DEFAULT_VIEW, scope }).columns.find((c) => c.status === 'Review')!;
      assert.deepEqual([column.wipCount, column.wip, column.overWip], [tree.total, tree.wip?.limit, tree.wip?.over], `scope ${scope.kind}`);
    }
    assert.deepEqual([tree.total, tree.wip], [4, { limit: 3, over: true }]);
    const s1 = layoutBoard(board, { ...DEFAULT_VIEW, scope: { kind: 'sprint', name: 's1' } }).columns.find((c) => c.status === 'Review')!;
    assert.equal(s1.total, 2, 'the column itself shows the sprint');
  });
});
