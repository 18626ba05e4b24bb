// Merging branches that change the backlog independently, with real git. These are the
// situations that break sequential-id tools: two branches adding items, reordering, editing the
// same item, and an id that collides anyway.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Backlog } from '../../src/core/backlog';
import type { RandomInt } from '../../src/core/ids';
import { driverCommand, setUpMergeDriver } from '../../src/node/gitMergeDriver';
import { nodeFiles } from '../../src/node/nodeFiles';
import { backlogRepository, commitAll, git, merge } from './support/gitRepo';
import { cli as runCli, type CliResult } from './support/cli';
import { seeded } from './support/seeded';

/** A new repository on branch main with an initialised, committed backlog. */
const repository = () => backlogRepository();

/** The backlog as it is on disk right now (a fresh store, as after a checkout). */
async function open(root: string, random?: RandomInt): Promise<Backlog> {
  const backlog = new Backlog(root, nodeFiles, random ? { random } : {});
  await backlog.load();
  return backlog;
}

/** The CLI on this backlog, named with --root. */
const cli = (root: string, ...argv: string[]): Promise<CliResult> => runCli(root, ...argv, '--root', root);

function itemFiles(root: string): string[] {
  return readdirSync(join(root, '.backlog', 'items')).filter((n) => n.endsWith('.md')).sort();
}

describe('merging backlog branches with git', function () {
  // Real git processes; generous on a loaded machine.
  this.timeout(60_000);

  it('two branches that each add 50 items and reorder merge without conflict, duplicate or loss', async () => {
    const root = await repository();
    const main = await open(root, seeded(1));
    const seed: string[] = [];
    for (let i = 0; i < 10; i++) seed.push((await main.create({ title: `Seed ${i}` })).id);
    commitAll(root, 'seed items');

    git(root, 'checkout', '-q', '-b', 'team-a');
    const a = await open(root, seeded(2));
    const addedA: string[] = [];
    for (let i = 0; i < 50; i++) addedA.push((await a.create({ title: `A ${i}`, type: i % 2 ? 'bug' : 'feature', labels: ['team-a'] })).id);
    await a.move(seed[9], { to: 'top' });
    await a.move(addedA[49], { before: seed[3] });
    commitAll(root, 'team A adds and reorders');

    git(root, 'checkout', '-q', 'main');
    git(root, 'checkout', '-q', '-b', 'team-b');
    const b = await open(root, seeded(3));
    const addedB: string[] = [];
    for (let i = 0; i < 50; i++) addedB.push((await b.create({ title: `B ${i}`, status: 'Ready', points: i % 8 })).id);
    await b.move(seed[5], { before: seed[2] });
    await b.move(addedB[0], { to: 'top' });
    commitAll(root, 'team B adds and reorders');

    const merged = merge(root, 'team-a');
    assert.ok(merged.ok, merged.output);
    assert.equal(git(root, 'status', '--porcelain'), '', 'nothing conflicted or untracked (the parse cache ignores itself)');

    const s = (await open(root)).snapshot;
    assert.equal(s.items.length, 110);
    assert.deepEqual(s.problems, []);
    assert.equal(new Set(s.items.map((i) => i.id)).size, 110, 'no id collision');
    const titles = new Set(s.items.map((i) => i.title));
    for (let i = 0; i < 50; i++) assert.ok(titles.has(`A ${i}`) && titles.has(`B ${i}`), `item ${i} of each branch survived`);
    assert.deepEqual(itemFiles(root), [...seed, ...addedA, ...addedB].map((id) => `${id}.md`).sort());

    // Both branches' reorderings survive: each move rewrote only the moving item's rank.
    const order = s.items.map((i) => i.id);
    const at = (id: string) => order.indexOf(id);
    assert.ok(at(seed[9]) < 2 && at(addedB[0]) < 2, 'both "move to top" items lead the backlog');
    assert.equal(at(addedA[49]), at(seed[3]) - 1, "team A's placement holds");
    assert.ok(at(seed[5]) < at(seed[2]), "team B's placement holds");
    // Ties in rank (both branches appended from the same last rank) are ordered by id, the same in every clone.
    const check = await cli(root, 'check');
    assert.equal(check.code, 0, check.stdout);

    // The merged backlog stays editable: a move into a run of rank ties lands exactly there.
    const after = await open(root);
    const target = after.snapshot.items[60];
    const moving = after.snapshot.items[100];
    await after.move(moving.id, { after: target.id });
    const reordered = (await open(root)).snapshot.items.map((i) => i.id);
    assert.equal(reordered[reordered.indexOf(target.id) + 1], moving.id);
  });

  it('edits to different items on two branches merge cleanly', async () => {
    const root = await repository();
    const base = await open(root, seeded(4));
    const [x, y, z] = [await base.create({ title: 'X' }), await base.create({ title: 'Y' }), await base.create({ title: 'Z' })];
    commitAll(root, 'three items');

    git(root, 'checkout', '-q', '-b', 'one');
    await (await open(root)).update(x.id, { status: 'In Progress', assignee: 'dana' });
    await (await open(root)).move(z.id, { to: 'top' });
    commitAll(root, 'one');
    git(root, 'checkout', '-q', 'main');
    await (await open(root)).update(y.id, { priority: 'must', points: 5 });
    commitAll(root, 'two');

    const merged = merge(root, 'one');
    assert.ok(merged.ok, merged.output);
    const s = (await open(root)).snapshot;
    assert.deepEqual(s.items.map((i) => i.title), ['Z', 'X', 'Y']);
    assert.equal(s.byId.get(x.id)!.status, 'In Progress');
    assert.equal(s.byId.get(x.id)!.assignee, 'dana');
    assert.equal(s.byId.get(y.id)!.priority, 'must');
    assert.deepEqual(s.problems, []);
  });

  // Git's line merge alone conflicts here: every edit rewrites `updated:`, and status/priority sit
  // on neighbouring lines. The merge driver `init` sets up merges the front matter key by key.
  it('edits to different fields of the same item on two branches merge cleanly (with the merge driver)', async () => {
    const root = await repository();
    await setUpMergeDriver(root, driverCommand(process.execPath, resolve('dist/cli.js')));
    commitAll(root, 'merge driver');
    const base = await open(root, seeded(5));
    const item = await base.create({ title: 'Shared', labels: ['api'], assignee: 'bob', priority: 'could' });
    commitAll(root, 'shared item');
    let clock = Date.parse('2026-03-01T10:00:00Z');
    const later = () => new Date((clock += 60_000));

    git(root, 'checkout', '-q', '-b', 'status-change');
    const one = new Backlog(root, nodeFiles, { now: later });
    await one.load();
    await one.update(item.id, { status: 'Review' });
    commitAll(root, 'status');
    git(root, 'checkout', '-q', 'main');
    const two = new Backlog(root, nodeFiles, { now: later });
    await two.load();
    await two.update(item.id, { assignee: 'carol', priority: 'must' });
    commitAll(root, 'assignee and priority');

    const merged = merge(root, 'status-change');
    assert.ok(merged.ok, merged.output);
    const s = (await open(root)).snapshot;
    const shared = s.byId.get(item.id)!;
    assert.equal(shared.status, 'Review');
    assert.equal(shared.assignee, 'carol');
    assert.equal(shared.priority, 'must');
    assert.deepEqual(s.problems, []);
  });

  it('comments and unknown keys written by hand on either branch survive store edits merged from both (with the merge driver)', async () => {
    const root = await repository();
    await setUpMergeDriver(root, driverCommand(process.execPath, resolve('dist/cli.js')));
    const item = await (await open(root, seeded(7))).create({ title: 'Annotated', priority: 'could' });
    const annotated = readFileSync(item.file, 'utf8')
      .replace(/^title: .*$/m, '# Agreed with support on 3 March.\n$&   # customer wording')
      .replace(/\n---\n/, '\nticket: "SUP-12"   # not a backlog field\n---\n');
    writeFileSync(item.file, annotated);
    commitAll(root, 'annotated by hand');
    let clock = Date.parse('2026-03-05T10:00:00Z');
    const later = () => new Date((clock += 60_000));

    git(root, 'checkout', '-q', '-b', 'triage');
    const one = new Backlog(root, nodeFiles, { now: later });
    await one.load();
    await one.update(item.id, { status: 'Ready' });
    writeFileSync(item.file, readFileSync(item.file, 'utf8').replace(/^status: /m, '# Ready after the call on 4 March.\n$&'));
    commitAll(root, 'ready');
    git(root, 'checkout', '-q', 'main');
    const two = new Backlog(root, nodeFiles, { now: later });
    await two.load();
    await two.update(item.id, { priority: 'must' });
    commitAll(root, 'must');

    const merged = merge(root, 'triage');
    assert.ok(merged.ok, merged.output);
    const expected = annotated
      .replace(/^status: .*$/m, '# Ready after the call on 4 March.\nstatus: Ready')
      .replace(/^priority: .*$/m, 'priority: must')
      .replace(/^updated: .*$/m, 'updated: 2026-03-05T10:02:00Z'); // main's edit came last
    assert.equal(readFileSync(item.file, 'utf8'), expected);
    assert.deepEqual((await open(root)).snapshot.problems, []);
  });

  it('a real conflict leaves markers that check reports at file:line, and the item stays on disk', async () => {
    const root = await repository();
    const base = await open(root, seeded(6));
    const contested = await base.create({ title: 'Contested' });
    const bystander = await base.create({ title: 'Bystander' });
    commitAll(root, 'two items');

    git(root, 'checkout', '-q', '-b', 'done-there');
    await (await open(root)).update(contested.id, { status: 'Done' });
    commitAll(root, 'done');
    git(root, 'checkout', '-q', 'main');
    await (await open(root)).update(contested.id, { status: 'Review' });
    commitAll(root, 'review');

    const merged = merge(root, 'done-there');
    assert.equal(merged.ok, false, 'both branches changed the status line: a genuine conflict');
    const file = join(root, '.backlog', 'items', `${contested.id}.md`);
    const conflicted = readFileSync(file, 'utf8');
    const markerLine = conflicted.split('\n').findIndex((l) => l.startsWith('<<<<<<<')) + 1;
    assert.ok(markerLine > 1, conflicted);

    const check = await cli(root, 'check');
    assert.equal(check.code, 1);
    assert.match(check.stdout, new RegExp(`^\\.backlog/items/${contested.id}\\.md:${markerLine}:1 error Unresolved merge conflict .*\\[merge-conflict\\]$`, 'm'));
    const list = await cli(root, 'list', '--json');
    assert.deepEqual((JSON.parse(list.stdout) as { id: string }[]).map((i) => i.id), [bystander.id], 'the rest of the backlog still loads');
    const edit = await cli(root, 'set', contested.id, 'status=Ready');
    assert.equal(edit.code, 2, 'an item with conflict markers is never edited by us');
    await cli(root, 'check', '--fix');
    assert.equal(readFileSync(file, 'utf8'), conflicted, 'the conflicted file is never rewritten or dropped');

    // Resolving it in git brings the item back.
    git(root, 'checkout', '--ours', '--', `.backlog/items/${contested.id}.md`);
    const resolved = (await open(root)).snapshot;
    assert.deepEqual(resolved.problems, []);
    assert.equal(resolved.byId.get(contested.id)!.status, 'Review');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '--no-edit');
  });

  it('an id created on both branches is reported by check and repaired by check --fix, keeping both items', async () => {
    const root = await repository();
    // Both machines draw the same "random" characters: the one-in-millions case, forced.
    const sameRandom = () => seeded(42);

    git(root, 'checkout', '-q', '-b', 'left');
    const left = await (await open(root, sameRandom())).create({ title: 'Left idea', type: 'feature' });
    commitAll(root, 'left');
    git(root, 'checkout', '-q', 'main');
    const right = await (await open(root, sameRandom())).create({ title: 'Right idea', type: 'bug' });
    commitAll(root, 'right');
    assert.equal(left.id, right.id, 'the forced random source gave both branches the same id');

    // Same id, same file name: git sees both branches adding one path.
    const merged = merge(root, 'left');
    assert.equal(merged.ok, false);
    const path = `.backlog/items/${left.id}.md`;
    const onDisk = readFileSync(join(root, path), 'utf8');
    const markerLine = onDisk.split('\n').findIndex((l) => l.startsWith('<<<<<<<')) + 1;
    const conflict = await cli(root, 'check');
    assert.equal(conflict.code, 1);
    assert.match(conflict.stdout, new RegExp(`^${path.replace(/\./g, '\\.')}:${markerLine}:1 error Unresolved merge conflict`, 'm'));
    assert.ok(onDisk.includes('title: Left idea') && onDisk.includes('title: Right idea'), 'neither version is lost');

    // Keep both versions (git holds them as stages 2 and 3): the duplicate id is now on main.
    writeFileSync(join(root, path), git(root, 'show', `:2:${path}`));
    writeFileSync(join(root, '.backlog', 'items', 'from-left.md'), git(root, 'show', `:3:${path}`));
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '--no-edit');

    const found = await cli(root, 'check');
    assert.equal(found.code, 1);
    const duplicates = found.stdout.split('\n').filter((l) => l.includes('[duplicate-id]'));
    assert.deepEqual(duplicates.map((l) => l.split(':')[0]).sort(), ['.backlog/items/from-left.md', path].sort());

    const fixed = await cli(root, 'check', '--fix');
    assert.equal(fixed.code, 0, fixed.stdout);
    assert.ok(!existsSync(join(root, '.backlog', 'items', 'from-left.md')));
    const s = (await open(root)).snapshot;
    assert.deepEqual(s.problems, []);
    assert.deepEqual(s.items.map((i) => i.title).sort(), ['Left idea', 'Right idea']);
    assert.equal(s.byId.get(left.id)!.title, 'Right idea', 'the file named after the id keeps it');
    const renamed = s.items.find((i) => i.title === 'Left idea')!;
    assert.notEqual(renamed.id, left.id);
    assert.ok(existsSync(join(root, '.backlog', 'items', `${renamed.id}.md`)));
    commitAll(root, 'repair duplicate id');
    assert.equal((await cli(root, 'check')).code, 0);
  });
});
