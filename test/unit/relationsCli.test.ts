// The CLI over parents and blockers: add, set, list, show, with the same refusals as every writer.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './support/cli';

async function ok(cwd: string, ...argv: string[]): Promise<string> {
  const r = await cli(cwd, ...argv);
  assert.equal(r.code, 0, `repo-backlog ${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

async function refused(cwd: string, pattern: RegExp, ...argv: string[]): Promise<void> {
  const r = await cli(cwd, ...argv);
  assert.notEqual(r.code, 0, `repo-backlog ${argv.join(' ')} should fail`);
  assert.match(r.stderr, pattern);
}

interface Listed {
  id: string;
  parent: string | null;
  blockedBy: string[];
  blocked: boolean;
  blocks: string[];
  rollup?: { done: number; total: number; pointsDone: number; pointsTotal: number };
}

describe('CLI: parents and blockers', function () {
  this.timeout(60_000);
  let root: string;
  let epic: string;
  let a: string;
  let b: string;
  const add = async (...args: string[]) => (await ok(root, 'add', ...args)).trim();
  const list = async (...args: string[]) => JSON.parse(await ok(root, 'list', '--json', ...args)) as Listed[];
  const fileOf = (id: string) => readFileSync(join(root, '.backlog', 'items', `${id}.md`), 'utf8');

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'backlog-relations-cli-'));
    await ok(root, 'init');
    epic = await add('Checkout', '--type', 'epic');
    a = await add('Card form', '--parent', epic, '--points', '3');
    b = await add('Receipt', '--parent', epic.toLowerCase(), '--blocked-by', a, '--points', '2');
  });

  it('adds children and blockers, and lists them with blocked, blocks and the roll-up', async () => {
    assert.match(fileOf(b), new RegExp(`^parent: ${epic}\nblockedBy: \\[${a}\\]$`, 'm'));
    const items = await list();
    const byId = new Map(items.map((i) => [i.id, i]));
    assert.deepEqual(byId.get(epic)!.rollup, { done: 0, total: 2, pointsDone: 0, pointsTotal: 5 });
    assert.deepEqual({ ...byId.get(b)!, rollup: undefined }, { ...byId.get(b)!, parent: epic, blockedBy: [a], blocked: true, blocks: [], rollup: undefined });
    assert.deepEqual(byId.get(a)!.blocks, [b]);
    assert.equal(byId.get(a)!.rollup, undefined, 'no children, no roll-up');
    assert.deepEqual((await list('--parent', epic)).map((i) => i.id), [a, b]);
    assert.deepEqual((await list('--blocked')).map((i) => i.id), [b]);

    await ok(root, 'set', a, 'status=Done');
    assert.deepEqual(await list('--blocked'), [], 'a done blocker no longer blocks');
    assert.deepEqual((await list('--parent', epic))[0].blocks, [b]);
    assert.deepEqual((await list()).find((i) => i.id === epic)!.rollup, { done: 1, total: 2, pointsDone: 3, pointsTotal: 5 });
    await ok(root, 'set', a, 'status=Backlog');
  });

  it('shows parent, children, blocked by and blocks', async () => {
    const epicShown = await ok(root, 'show', epic);
    assert.match(epicShown, /^children: 2 \(0\/2 done below it, 0\/5 pts\)$/m);
    assert.match(epicShown, new RegExp(`^  ${a} Card form \\(Backlog\\)$`, 'm'));
    const shown = await ok(root, 'show', b);
    assert.match(shown, new RegExp(`^parent: ${epic} Checkout \\(Backlog\\)$`, 'm'));
    assert.match(shown, new RegExp(`^blocked by:\n  ${a} Card form \\(Backlog\\)$`, 'm'));
    assert.match(await ok(root, 'show', a), new RegExp(`^blocks:\n  ${b} Receipt \\(Backlog\\)$`, 'm'));
  });

  it('sets and clears parent and blockers', async () => {
    const c = await add('Refunds');
    await ok(root, 'set', c, `parent=${epic}`, `blockedBy=${a},${b}`);
    assert.match(fileOf(c), new RegExp(`^parent: ${epic}\nblockedBy: \\[${a}, ${b}\\]$`, 'm'));
    await ok(root, 'set', c, 'parent=', 'blockedBy=');
    assert.doesNotMatch(fileOf(c), /parent:|blockedBy:/);
  });

  it('refuses unknown ids, self-references and cycles, writing nothing', async () => {
    const before = [epic, a, b].map(fileOf);
    const count = (await list()).length;
    await refused(root, /No item BL-NOSUCH to be the parent/, 'add', 'Orphan', '--parent', 'BL-NOSUCH');
    await refused(root, /No item BL-NOSUCH to be blocked by/, 'add', 'Orphan', '--blocked-by', 'BL-NOSUCH');
    await refused(root, /not an item id/, 'add', 'Orphan', '--parent', 'epic one');
    await refused(root, /cannot be its own parent/, 'set', a, `parent=${a}`);
    await refused(root, /cannot be blocked by itself/, 'set', a, `blockedBy=${a}`);
    await refused(root, new RegExp(`${epic} → ${a} → ${epic} would be a parent cycle`), 'set', epic, `parent=${a}`);
    await refused(root, new RegExp(`${a} → ${b} → ${a} would be a dependency cycle`), 'set', a, `blockedBy=${b}`);
    assert.deepEqual([epic, a, b].map(fileOf), before);
    assert.equal((await list()).length, count);
  });
});
