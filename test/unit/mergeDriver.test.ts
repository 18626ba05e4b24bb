// The key-by-key merge of item files, alone and as git's merge driver in a real repository.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Backlog } from '../../src/core/backlog';
import { mergeItemFiles } from '../../src/core/mergeItem';
import { parseItemFile } from '../../src/core/itemFile';
import { driverCommand, setUpMergeDriver } from '../../src/node/gitMergeDriver';
import { nodeFiles } from '../../src/node/nodeFiles';
import { backlogRepository, git } from './support/gitRepo';

const BASE = `---
id: BL-22222
title: Shared
type: feature
status: Backlog
priority: could
assignee: bob   # owner
labels: [api]
rank: a0
updated: 2026-03-01T10:00:00Z
---

## Description

Text.
`;

const edit = (text: string, from: string, to: string) => {
  assert.ok(text.includes(from), `fixture has ${from}`);
  return text.replace(from, to);
};

describe('merging one item file key by key', () => {
  it('takes each side’s changes to different keys, even on neighbouring lines, and the later updated', () => {
    const ours = edit(edit(BASE, 'status: Backlog', 'status: Review'), 'updated: 2026-03-01T10:00:00Z', 'updated: 2026-03-02T09:00:00Z');
    const theirs = edit(edit(edit(BASE, 'priority: could', 'priority: must'), 'assignee: bob', 'assignee: carol'), 'updated: 2026-03-01T10:00:00Z', 'updated: 2026-03-03T09:00:00Z');
    const r = mergeItemFiles(BASE, ours, theirs)!;
    assert.deepEqual(r.conflicts, []);
    const item = parseItemFile('/r/.backlog/items/BL-22222.md', r.text).item!;
    assert.equal(item.status, 'Review');
    assert.equal(item.priority, 'must');
    assert.equal(item.assignee, 'carol');
    assert.equal(item.updated, '2026-03-03T09:00:00Z');
    assert.match(r.text, /assignee: carol {3}# owner/, 'our comment survives');
  });

  it('takes a body edited on one side, and keys added or removed on one side', () => {
    const ours = edit(BASE, 'labels: [api]\n', '');
    const theirs = edit(edit(BASE, 'Text.', 'Better text.'), 'rank: a0', 'rank: a0\npoints: 3');
    const r = mergeItemFiles(BASE, ours, theirs)!;
    assert.deepEqual(r.conflicts, []);
    const item = parseItemFile('/r/.backlog/items/BL-22222.md', r.text).item!;
    assert.deepEqual(item.labels, []);
    assert.equal(item.points, 3);
    assert.match(item.body, /Better text\./);
  });

  it('leaves conflict markers around only the key both sides changed differently', () => {
    const ours = edit(edit(BASE, 'status: Backlog', 'status: Done'), 'priority: could', 'priority: must');
    const theirs = edit(BASE, 'status: Backlog', 'status: Ready');
    const r = mergeItemFiles(BASE, ours, theirs)!;
    assert.deepEqual(r.conflicts, ['status']);
    assert.match(r.text, /<<<<<<< ours\nstatus: Done\n=======\nstatus: Ready\n>>>>>>> theirs\npriority: must\n/);
    const parsed = parseItemFile('/r/.backlog/items/BL-22222.md', r.text);
    assert.equal(parsed.problems[0].code, 'merge-conflict', 'the loader reports it, the file is not loaded half-merged');
  });

  it('gives up on files that are not items (the driver falls back to git’s text merge)', () => {
    assert.equal(mergeItemFiles(BASE, 'not an item', BASE), undefined);
  });
});

describe('the merge driver in a real git repository', function () {
  this.timeout(30_000);
  const cli = resolve('dist/cli.js');

  async function repository(): Promise<string> {
    return backlogRepository(async (root) => {
      const setup = await setUpMergeDriver(root, driverCommand(process.execPath, cli));
      assert.deepEqual(setup, { attributesChanged: true, configChanged: true });
      assert.deepEqual(await setUpMergeDriver(root, driverCommand(process.execPath, cli)), { attributesChanged: false, configChanged: false }, 'idempotent');
    });
  }

  async function editOn(root: string, branch: string, id: string, changes: Record<string, unknown>, at: string): Promise<void> {
    git(root, 'checkout', '-q', branch);
    const b = new Backlog(root, nodeFiles, { now: () => new Date(at) });
    await b.load();
    await b.update(id, changes);
    git(root, 'commit', '-q', '-am', `edit on ${branch}`);
  }

  it('merges edits to different fields of one item on two branches without a conflict', async () => {
    const root = await repository();
    const b = new Backlog(root, nodeFiles);
    await b.load();
    const item = await b.create({ title: 'Shared', priority: 'could', assignee: 'bob' });
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'item');
    git(root, 'branch', 'side');
    await editOn(root, 'side', item.id, { status: 'Review' }, '2026-03-02T10:00:00Z');
    await editOn(root, 'main', item.id, { assignee: 'carol', priority: 'must' }, '2026-03-03T10:00:00Z');
    const merged = spawnSync('git', ['merge', '--no-edit', 'side'], { cwd: root, encoding: 'utf8' });
    assert.equal(merged.status, 0, merged.stdout + merged.stderr);
    const after = new Backlog(root, nodeFiles);
    const s = await after.load();
    const shared = s.byId.get(item.id)!;
    assert.deepEqual([shared.status, shared.assignee, shared.priority, shared.updated], ['Review', 'carol', 'must', '2026-03-03T10:00:00Z']);
    assert.deepEqual(s.problems, []);
  });

  it('leaves a real conflict marked for the user and reported by the store', async () => {
    const root = await repository();
    const b = new Backlog(root, nodeFiles);
    await b.load();
    const item = await b.create({ title: 'Contested' });
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'item');
    git(root, 'branch', 'side');
    await editOn(root, 'side', item.id, { status: 'Done' }, '2026-03-02T10:00:00Z');
    await editOn(root, 'main', item.id, { status: 'Ready' }, '2026-03-03T10:00:00Z');
    const merged = spawnSync('git', ['merge', '--no-edit', 'side'], { cwd: root, encoding: 'utf8' });
    assert.notEqual(merged.status, 0);
    const text = readFileSync(item.file, 'utf8');
    assert.match(text, /<<<<<<< ours\nstatus: Ready\n=======\nstatus: Done\n>>>>>>> theirs\n/);
    const s = await new Backlog(root, nodeFiles).load();
    assert.ok(s.problems.some((p) => p.code === 'merge-conflict' && p.file === item.file));
  });
});
