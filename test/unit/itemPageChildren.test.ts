import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backlog } from '../../src/core/backlog';
import { childDrop, childStep, shownChild } from '../../src/core/itemPage/children';
import { parseItemPageRequest } from '../../src/core/itemPage/itemPageRequests';
import { nodeFiles } from '../../src/node/nodeFiles';

let clock = Date.parse('2026-12-02T09:00:00Z');
const now = () => new Date((clock += 1000));

/**
 * An epic whose children a, b, c sit in the backlog order between items of no parent:
 * epic, a, x, b, y, c, z (created bottom-up, so that is the rank order).
 */
async function interleaved(): Promise<{ backlog: Backlog; id: (title: string) => string }> {
  const backlog = new Backlog(mkdtempSync(join(tmpdir(), 'children-test-')), nodeFiles, { now, cache: false });
  await backlog.load();
  await backlog.init('CH');
  const epic = await backlog.create({ title: 'epic', type: 'epic' });
  for (const title of ['a', 'x', 'b', 'y', 'c', 'z']) await backlog.create({ title, ...(title.length === 1 && 'abc'.includes(title) ? { parent: epic.id } : {}) });
  return { backlog, id: (title) => backlog.snapshot.items.find((i) => i.title === title)!.id };
}

const order = (backlog: Backlog) => backlog.snapshot.items.map((i) => i.title);
const childTitles = (backlog: Backlog, parent: string) => backlog.snapshot.relations.children(parent).map((i) => i.title);

function mtimes(dir: string): Map<string, number> {
  return new Map(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).mtimeMs]));
}

/** Moves `title` to `index` among the other children, as the item page asks the store; returns the files written. */
async function moveChild(backlog: Backlog, parent: string, childId: string, index: number): Promise<string[]> {
  const children = backlog.snapshot.relations.children(parent);
  const child = children.find((c) => c.id === childId)!;
  const before = mtimes(backlog.itemsDir);
  // The file system's clock may be coarse: a write in the same tick would not show in the mtime.
  await new Promise((r) => setTimeout(r, 20));
  await backlog.move({ id: child.id, file: child.file, hash: child.hash }, { index, within: children.map((c) => c.id) });
  const after = mtimes(backlog.itemsDir);
  return [...after].filter(([f, t]) => before.get(f) !== t).map(([f]) => f);
}

describe('item page: reordering children', () => {
  it('moves a child up past its sibling, landing next to it even with other items between, in one write', async () => {
    const { backlog, id } = await interleaved();
    const epic = id('epic');
    const ids = childTitles(backlog, epic).map(id);
    const index = childStep(ids, id('c'), -1);
    assert.equal(index, 1);
    assert.deepEqual(await moveChild(backlog, epic, id('c'), index), [`${id('c')}.md`]);
    assert.deepEqual(childTitles(backlog, epic), ['a', 'c', 'b']);
    // Right before its new next sibling: the items of no parent keep their order and places.
    assert.deepEqual(order(backlog), ['epic', 'a', 'x', 'c', 'b', 'y', 'z']);
  });

  it('moves a child down, and to the top by a drop, one file each', async () => {
    const { backlog, id } = await interleaved();
    const epic = id('epic');
    const ids = () => childTitles(backlog, epic).map(id);
    assert.deepEqual(await moveChild(backlog, epic, id('a'), childStep(ids(), id('a'), 1)!), [`${id('a')}.md`]);
    assert.deepEqual(childTitles(backlog, epic), ['b', 'a', 'c']);
    assert.deepEqual(order(backlog), ['epic', 'x', 'b', 'y', 'a', 'c', 'z']);
    const drop = childDrop(ids(), id('c'), 0);
    assert.equal(drop, 0);
    assert.deepEqual(await moveChild(backlog, epic, id('c'), drop), [`${id('c')}.md`]);
    assert.deepEqual(childTitles(backlog, epic), ['c', 'b', 'a']);
    assert.deepEqual(order(backlog), ['epic', 'x', 'c', 'b', 'y', 'a', 'z']);
    assert.match(readFileSync(join(backlog.itemsDir, `${id('c')}.md`), 'utf8'), new RegExp(`^parent: ${epic}$`, 'm'), 'the parent stays');
  });

  it('has no step past either end, and no drop where the child already is', () => {
    assert.equal(childStep(['A', 'B', 'C'], 'A', -1), undefined);
    assert.equal(childStep(['A', 'B', 'C'], 'C', 1), undefined);
    assert.equal(childStep(['A', 'B', 'C'], 'D', 1), undefined);
    assert.equal(childStep(['A', 'B', 'C'], 'B', 1), 2);
    assert.equal(childDrop(['A', 'B', 'C'], 'B', 1), undefined);
    assert.equal(childDrop(['A', 'B', 'C'], 'A', 9), 2, 'past the end is the end');
    assert.equal(childDrop(['A', 'B', 'C'], 'D', 0), undefined);
  });
});

describe('item page: a request about a child', () => {
  it('names the child only when the page showed it, its version and the children as they are', async () => {
    const { backlog, id } = await interleaved();
    const epic = id('epic');
    const children = backlog.snapshot.relations.children(epic);
    const [a, b, c] = children;
    const shown = children.map((ch) => ch.id);
    assert.equal('child' in shownChild(epic, children, { id: b.id, hash: b.hash, order: shown }) && b.id, b.id);
    const refusal = (r: ReturnType<typeof shownChild>) => ('refused' in r ? r.refused : '');
    assert.match(refusal(shownChild(epic, children, { id: b.id, hash: 'old' })), /changed on disk since the page showed it.*Nothing was written/);
    assert.match(refusal(shownChild(epic, children, { id: id('x'), hash: backlog.snapshot.byId.get(id('x'))!.hash })), new RegExp(`is not a child of ${epic}`));
    assert.match(refusal(shownChild(epic, children, { id: a.id, hash: a.hash, order: [c.id, b.id, a.id] })), /children of .* changed since the page showed them/);
    assert.match(refusal(shownChild(epic, children, { id: a.id, hash: a.hash, order: [a.id, b.id] })), /children of .* changed/);
  });
});

describe('item page: messages about children', () => {
  const parsed = (value: unknown) => parseItemPageRequest(value);
  it('accepts a remove, a move and "add existing", copying only their fields', () => {
    assert.deepEqual(parsed({ type: 'removeChild', id: 'BL-2', hash: 'h', parent: 'BL-9' }), { ok: true, request: { type: 'removeChild', id: 'BL-2', hash: 'h' } });
    assert.deepEqual(parsed({ type: 'moveChild', id: 'BL-2', hash: 'h', index: 0, order: ['BL-1', 'BL-2'], rank: 'a0' }), { ok: true, request: { type: 'moveChild', id: 'BL-2', hash: 'h', index: 0, order: ['BL-1', 'BL-2'] } });
    assert.deepEqual(parsed({ type: 'addExistingChild', id: 'BL-3' }), { ok: true, request: { type: 'addExistingChild' } });
  });

  it('refuses malformed ones with a reason', () => {
    const refused = (value: unknown, pattern: RegExp) => {
      const r = parsed(value);
      assert.equal(r.ok, false, `accepted ${JSON.stringify(value)}`);
      if (!r.ok) assert.match(r.error, pattern);
    };
    refused({ type: 'removeChild', id: '../x', hash: 'h' }, /item id/);
    refused({ type: 'removeChild', id: 'BL-2' }, /hash/);
    refused({ type: 'moveChild', id: 'BL-2', hash: 'h', index: 1, order: 'BL-1,BL-2' }, /order must be a list/);
    refused({ type: 'moveChild', id: 'BL-2', hash: 'h', index: 0, order: ['BL-1', '<img>'] }, /order must be an item id/);
    refused({ type: 'moveChild', id: 'BL-2', hash: 'h', index: 0, order: ['BL-1', 'BL-3'] }, /include the child/);
    refused({ type: 'moveChild', id: 'BL-2', hash: 'h', index: 2, order: ['BL-1', 'BL-2'] }, /index must be a position/);
    refused({ type: 'moveChild', id: 'BL-2', hash: 'h', index: -1, order: ['BL-1', 'BL-2'] }, /index/);
    refused({ type: 'moveChild', id: 'BL-2', hash: 'h', index: 0, order: Array.from({ length: 10_001 }, () => 'BL-2') }, /at most/);
  });
});
