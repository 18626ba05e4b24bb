// Several processes of the built CLI writing one backlog at once: every change must land or be
// refused with a non-zero exit, never be reported done and then lost.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Backlog } from '../../src/core/backlog';
import { nodeFiles } from '../../src/node/nodeFiles';

const CLI = resolve('dist/cli.js');

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(root: string, args: readonly string[]): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args, '--root', root], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

async function freshRoot(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'backlog-concurrent-'));
  await new Backlog(root, nodeFiles, { recordHistory: false }).init();
  return root;
}

function junit(failures: number): string {
  const cases = Array.from({ length: failures }, (_, i) => `<testcase classname="suite" name="case ${i}"><failure message="broke ${i}">at x</failure></testcase>`);
  return `<?xml version="1.0"?><testsuite name="suite" tests="${failures}" failures="${failures}">${cases.join('')}</testsuite>`;
}

describe('the backlog store across processes', function () {
  this.timeout(120_000);

  it('loses no field when several processes set different fields of one item at once', async () => {
    const root = await freshRoot();
    const created = await cli(root, ['add', 'Contended item', '--json']);
    assert.equal(created.code, 0, created.stderr);
    const id = (JSON.parse(created.stdout) as { id: string }).id;
    const writers = 5;
    const rounds = 2;
    for (let round = 0; round < rounds; round++) {
      const runs = await Promise.all(Array.from({ length: writers }, (_, w) => cli(root, ['set', id.toLowerCase(), `field${w}=r${round}`])));
      const text = readFileSync(join(root, '.backlog', 'items', `${id}.md`), 'utf8');
      runs.forEach((r, w) => {
        // Either it landed, or it said it did not: never "updated" and then missing.
        if (r.code === 0) assert.match(text, new RegExp(`^field${w}: r${round}$`, 'm'), `writer ${w} reported success in round ${round} but its field is gone`);
        else assert.notEqual(r.stderr, '', 'a refused change says why');
      });
      assert.equal(runs.filter((r) => r.code === 0).length, writers, `every writer waits for the lock and lands: ${runs.map((r) => r.stderr).join('')}`);
    }
    assert.deepEqual(readdirSync(join(root, '.backlog', 'items')).filter((n) => n.startsWith('.')), [], 'no temp files are left');
  });

  it('creates each failing test once when two imports of one report run at once', async () => {
    const root = await freshRoot();
    writeFileSync(join(root, 'report.xml'), junit(40));
    const runs = await Promise.all([0, 1, 2].map(() => cli(root, ['tests', 'import', 'report.xml'])));
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const items = readdirSync(join(root, '.backlog', 'items')).filter((n) => n.endsWith('.md'));
    assert.equal(items.length, 40, 'one item per failing test, whatever the interleaving');
    const check = await cli(root, ['check']);
    assert.equal(check.code, 0, check.stdout + check.stderr);
  });
});

describe('the backlog write lock', function () {
  this.timeout(60_000);

  it('takes over a lock left by a process that stopped, and says so', async () => {
    const root = await freshRoot();
    const created = await cli(root, ['add', 'Item', '--json']);
    const id = (JSON.parse(created.stdout) as { id: string }).id;
    // What kill -9 leaves: the lock folder, no longer refreshed by its holder.
    const lock = join(root, '.backlog', '.lock');
    mkdirSync(lock);
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, longAgo, longAgo);
    const r = await cli(root, ['set', id, 'points=5']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Took over the backlog lock .*\.lock: the process holding it stopped/);
    assert.match(readFileSync(join(root, '.backlog', 'items', `${id}.md`), 'utf8'), /^points: 5$/m);
    assert.equal(existsSync(lock), false, 'released after the write');
  });
});

describe('two stores of one folder', () => {
  it('a move re-reads what another writer wrote since, so it lands below an item created meanwhile', async () => {
    const root = await freshRoot();
    const one = new Backlog(root, nodeFiles, { recordHistory: false });
    const two = new Backlog(root, nodeFiles, { recordHistory: false });
    await one.load();
    const first = await one.create({ title: 'First' });
    await one.create({ title: 'Second' });
    await two.load();
    // `one` has not seen this item: without re-reading under the lock it would rank `first`
    // from its stale view and land level with (or above) it.
    const third = await two.create({ title: 'Third' });
    const moved = await one.move(first.id, { to: 'bottom' });
    assert.ok(moved.rank! > third.rank!, `moved rank ${moved.rank} must sort after ${third.rank}`);
    assert.deepEqual(one.snapshot.items.map((i) => i.title), ['Second', 'Third', 'First']);
    // And with nothing written by others, the next change trusts what it has.
    const again = await one.move(first.id, { to: 'top' });
    assert.equal(one.snapshot.items[0].id, again.id);
  });
});
