import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './support/cli';

async function ok(cwd: string, ...argv: string[]): Promise<string> {
  const r = await cli(cwd, ...argv);
  assert.equal(r.code, 0, `repo-backlog ${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

function files(root: string): Record<string, string> {
  const dir = join(root, '.backlog', 'items');
  return Object.fromEntries(readdirSync(dir).map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
}

describe('planning: the CLI', () => {
  it('sprint create, plan --fill --dry-run, plan, start, close', async () => {
    const root = mkdtempSync(join(tmpdir(), 'planning-cli-'));
    await ok(root, 'init');
    const ids: string[] = [];
    for (const p of ['5', '3', '8']) ids.push((await ok(root, 'add', `Item ${p}`, '--points', p)).trim());
    assert.equal((await ok(root, 'sprint', 'create', 'Sprint', '1', '--capacity', '10', '--start', '2026-11-02', '--length', '14')).trim(), 'sprint-1');
    assert.match(readFileSync(join(root, '.backlog', 'sprints', 'sprint-1.md'), 'utf8'), /end: 2026-11-15/);
    const before = files(root);
    const dry = JSON.parse(await ok(root, 'sprint', 'plan', 'sprint-1', '--fill', '--dry-run', '--json')) as { applied: boolean; steps: { id: string }[]; after: { committed: number }; warnings: string[] };
    assert.equal(dry.applied, false);
    assert.deepEqual(dry.steps.map((s) => s.id), [ids[0], ids[1]]);
    assert.equal(dry.after.committed, 8);
    assert.deepEqual(files(root), before, 'a dry run writes nothing');
    const over = await ok(root, 'sprint', 'plan', 'sprint-1', ids[0], ids[2]);
    assert.match(over, /warning: Over capacity: 13 points committed, capacity 10 \(3 over\)/);
    await ok(root, 'sprint', 'start', 'sprint-1');
    const started = await cli(root, 'sprint', 'start', 'sprint-1');
    assert.equal(started.code, 2);
    assert.match(started.stderr, /already active/);
    await ok(root, 'set', ids[0], 'status=Done');
    const closed = JSON.parse(await ok(root, 'sprint', 'close', 'sprint-1', '--to-backlog', '--json')) as { carried: string[]; done: string[]; carriedTo: string };
    assert.deepEqual(closed, { ...closed, carried: [ids[2]], done: [ids[0]], carriedTo: 'backlog' });
    const list = JSON.parse(await ok(root, 'sprint', 'list', '--json')) as { id: string; state: string; committed: number }[];
    assert.deepEqual(list.map((s) => [s.id, s.state, s.committed]), [['sprint-1', 'closed', 5]]);
  });

  it('rank --dry-run previews, rank applies, --explain shows the arithmetic', async () => {
    const root = mkdtempSync(join(tmpdir(), 'planning-cli-'));
    await ok(root, 'init');
    const low = (await ok(root, 'add', 'Low value', '--points', '2')).trim();
    const high = (await ok(root, 'add', 'High value', '--points', '1')).trim();
    await ok(root, 'set', low, 'businessValue=1', 'timeCriticality=1', 'riskReduction=0');
    await ok(root, 'set', high, 'businessValue=8', 'timeCriticality=2', 'riskReduction=1');
    const before = files(root);
    assert.match(await ok(root, 'rank', '--by', 'wsjf', '--dry-run'), /Dry run: 1 item would move/);
    assert.deepEqual(files(root), before);
    await ok(root, 'rank', '--by', 'wsjf');
    const order = (JSON.parse(await ok(root, 'list', '--json')) as { id: string }[]).map((i) => i.id);
    assert.deepEqual(order, [high, low]);
    assert.match(await ok(root, 'rank', '--by', 'wsjf', '--explain', high), /score: \(8 \+ 2 \+ 1\) \/ 1 = 11 \/ 1 = 11/);
    const bad = await cli(root, 'rank', '--by', 'nope');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /No scoring model "nope"; known: moscow, wsjf, rice/);
  });

  it('groom --json and archive move only what was asked, nothing deleted', async () => {
    const root = mkdtempSync(join(tmpdir(), 'planning-cli-'));
    await ok(root, 'init');
    const a = (await ok(root, 'add', 'Checkout rejects valid cards', '--points', '3')).trim();
    const b = (await ok(root, 'add', 'checkout rejects a valid card')).trim();
    await ok(root, 'set', a, 'status=Done');
    const report = JSON.parse(await ok(root, 'groom', '--json')) as { notReady: { id: string; reasons: string[] }[]; duplicates: { a: { id: string }; b: { id: string } }[] };
    assert.deepEqual(report.notReady.map((e) => e.id), [b]);
    assert.deepEqual(report.duplicates.map((d) => [d.a.id, d.b.id].sort()), [[a, b].sort()]);
    assert.match(await ok(root, 'archive', '--done-older-than', '30'), /No done items older than 30 days/);
    assert.match(await ok(root, 'archive', a, '--dry-run'), /would move/);
    assert.ok(existsSync(join(root, '.backlog', 'items', `${a}.md`)));
    await ok(root, 'archive', a);
    assert.ok(existsSync(join(root, '.backlog', 'archive', `${a}.md`)));
    const listed = JSON.parse(await ok(root, 'archive', '--list', '--json')) as { id: string }[];
    assert.deepEqual(listed.map((i) => i.id), [a]);
    await ok(root, 'archive', '--restore', a);
    assert.ok(existsSync(join(root, '.backlog', 'items', `${a}.md`)));
  });
});
