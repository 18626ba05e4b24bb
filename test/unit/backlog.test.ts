import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backlog, BacklogError } from '../../src/core/backlog';
import { nodeFiles } from '../../src/node/nodeFiles';

function tempRoot(): string {
  return mkdtempSync(join(tmpdir(), 'backlog-test-'));
}

let clock = Date.parse('2026-11-24T10:00:00Z');
const now = () => new Date((clock += 1000));

async function freshBacklog(options: { cache?: boolean } = {}): Promise<Backlog> {
  const backlog = new Backlog(tempRoot(), nodeFiles, { now, ...options });
  await backlog.load();
  await backlog.init();
  return backlog;
}

function snapshotFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) out[name] = readFileSync(join(dir, name), 'utf8');
  return out;
}

describe('the backlog store', () => {
  it('init writes a config and refuses nothing on an empty folder', async () => {
    const backlog = await freshBacklog();
    assert.equal(backlog.snapshot.kind, 'backlog');
    assert.ok(existsSync(join(backlog.dir, 'config.yaml')));
    assert.deepEqual(backlog.snapshot.problems, []);
  });

  it('never writes into a Backlog.md project', async () => {
    const root = tempRoot();
    mkdirSync(join(root, '.backlog', 'tasks'), { recursive: true });
    writeFileSync(join(root, '.backlog', 'config.yml'), 'project_name: x\n');
    writeFileSync(join(root, '.backlog', 'tasks', 'task-1 - A.md'), '---\nid: task-1\n---\n');
    const backlog = new Backlog(root, nodeFiles);
    const s = await backlog.load();
    assert.equal(s.kind, 'backlog-md');
    await assert.rejects(backlog.init(), (e: BacklogError) => e.code === 'backlog-md' && /never writes/.test(e.message));
    await assert.rejects(backlog.create({ title: 'x' }), (e: BacklogError) => e.code === 'backlog-md');
    assert.deepEqual(readdirSync(join(root, '.backlog')).sort(), ['config.yml', 'tasks']);
  });

  it('creates items at the bottom (or top) with defaults and timestamps', async () => {
    const backlog = await freshBacklog();
    const a = await backlog.create({ title: '  First\nitem ' });
    const b = await backlog.create({ title: 'Second', type: 'BUG', labels: ['x', 'x', ' '] });
    const c = await backlog.create({ title: 'Urgent', position: 'top' });
    assert.equal(a.title, 'First item');
    assert.equal(b.type, 'bug', 'values are matched case-insensitively to config');
    assert.deepEqual(b.labels, ['x']);
    assert.equal(a.status, 'Backlog');
    assert.deepEqual(backlog.snapshot.items.map((i) => i.id), [c.id, a.id, b.id]);
    assert.match(a.created!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await assert.rejects(backlog.create({ title: 'x', status: 'Nope' }), /Unknown status "Nope"; config.yaml allows: Backlog, Ready/);
    await assert.rejects(backlog.create({ title: '   ' }), /needs a title/);
  });

  it('updates one field, touching only its line and updated', async () => {
    const backlog = await freshBacklog();
    const a = await backlog.create({ title: 'A', labels: ['one'] });
    const before = readFileSync(a.file, 'utf8');
    const edited = before.replace('type: feature\n', 'type: feature # our kind\nteam_note: "keep me"\n');
    writeFileSync(a.file, edited);
    await backlog.refresh([a.file]);
    await backlog.update(a.id, { status: 'Ready' });
    const after = readFileSync(a.file, 'utf8');
    const diff = after.split('\n').filter((l) => !edited.split('\n').includes(l));
    assert.deepEqual(diff.map((l) => l.replace(/\d{4}-.*Z$/, 'T')), ['status: Ready', 'updated: T']);
    await assert.rejects(backlog.update(a.id, { id: 'BL-22222' }), /managed by Repo Backlog/);
    await assert.rejects(backlog.update(a.id, { points: -1 }), /at least 0/);
  });

  it('refuses to overwrite an item that changed on disk since it was read', async () => {
    const backlog = await freshBacklog();
    const a = await backlog.create({ title: 'A' });
    const seen = backlog.snapshot.byId.get(a.id)!;
    const external = readFileSync(a.file, 'utf8').replace('title: A', 'title: Edited elsewhere');
    writeFileSync(a.file, external);
    await assert.rejects(backlog.update(seen, { status: 'Done' }), (e: BacklogError) => e.code === 'changed-on-disk');
    assert.equal(readFileSync(a.file, 'utf8'), external, 'the other edit survives');
    assert.equal(backlog.snapshot.byId.get(a.id)!.title, 'Edited elsewhere', 'the snapshot caught up');
    // Once the caller has seen the new version, the edit goes through.
    await backlog.update(backlog.snapshot.byId.get(a.id)!, { status: 'Done' });
    assert.match(readFileSync(a.file, 'utf8'), /title: Edited elsewhere[\s\S]*status: Done/);
  });

  it('moves write one file and can change status', async () => {
    const backlog = await freshBacklog();
    const ids = [];
    for (const t of ['A', 'B', 'C', 'D']) ids.push((await backlog.create({ title: t })).id);
    const before = snapshotFiles(backlog.itemsDir);
    await backlog.move(ids[3], { before: ids[1], status: 'Ready' });
    const after = snapshotFiles(backlog.itemsDir);
    const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
    assert.deepEqual(changed, [`${ids[3]}.md`]);
    assert.deepEqual(backlog.snapshot.items.map((i) => i.title), ['A', 'D', 'B', 'C']);
    assert.equal(backlog.snapshot.byId.get(ids[3])!.status, 'Ready');
    await backlog.move(ids[0], { to: 'bottom' });
    await backlog.move(ids[2], { to: 'top' });
    await backlog.move(ids[1], { index: 0, within: [ids[3], ids[1]] });
    assert.deepEqual(backlog.snapshot.items.map((i) => i.title), ['C', 'B', 'D', 'A']);
  });

  it('loads the rest of the backlog around malformed files and never rewrites them', async () => {
    const backlog = await freshBacklog();
    const good = await backlog.create({ title: 'Good' });
    const broken = join(backlog.itemsDir, 'BL-BROKN.md');
    const conflict = join(backlog.itemsDir, 'BL-CNFLT.md');
    const brokenText = '---\nid: BL-BROKN\ntitle: "unterminated\n---\n';
    const conflictText = '---\nid: BL-CNFLT\n<<<<<<< HEAD\ntitle: A\n=======\ntitle: B\n>>>>>>> other\n---\n';
    writeFileSync(broken, brokenText);
    writeFileSync(conflict, conflictText);
    const s = await backlog.refresh();
    assert.deepEqual(s.items.map((i) => i.id), [good.id]);
    const errors = s.problems.filter((p) => p.severity === 'error').map((p) => [p.file.split('/').pop(), p.code, p.line]);
    assert.deepEqual(errors.sort(), [['BL-BROKN.md', 'yaml', 3], ['BL-CNFLT.md', 'merge-conflict', 3]].sort());
    await backlog.update(good.id, { status: 'Done' });
    assert.equal(readFileSync(broken, 'utf8'), brokenText);
    assert.equal(readFileSync(conflict, 'utf8'), conflictText);
  });

  it('refresh publishes only when something really changed (our own writes do not echo)', async () => {
    const backlog = await freshBacklog();
    const a = await backlog.create({ title: 'A' });
    let events = 0;
    backlog.onDidChange(() => events++);
    await backlog.update(a.id, { status: 'Ready' });
    assert.equal(events, 1);
    await backlog.refresh([a.file]);
    await backlog.refresh();
    assert.equal(events, 1, 'the watcher event for our own write is a no-op');
    writeFileSync(a.file, readFileSync(a.file, 'utf8').replace('title: A', 'title: B'));
    await backlog.refresh([a.file]);
    assert.equal(events, 2);
    rmSync(a.file);
    await backlog.refresh([a.file]);
    assert.equal(events, 3);
    assert.equal(backlog.snapshot.items.length, 0);
  });

  it('the parse cache never serves a stale item', async () => {
    const backlog = await freshBacklog();
    const a = await backlog.create({ title: 'Cached' });
    await backlog.load();
    assert.ok(existsSync(join(backlog.dir, '.cache', 'items-index.json')));
    assert.equal(readFileSync(join(backlog.dir, '.cache', '.gitignore'), 'utf8').trim().split('\n').pop(), '*');
    // Same size, new content, new mtime: must be re-parsed.
    writeFileSync(a.file, readFileSync(a.file, 'utf8').replace('title: Cached', 'title: Cachex'));
    utimesSync(a.file, new Date(), new Date(Date.now() + 5000));
    const second = new Backlog(backlog.root, nodeFiles);
    assert.equal((await second.load()).byId.get(a.id)!.title, 'Cachex');
    // A corrupt cache is ignored.
    writeFileSync(join(backlog.dir, '.cache', 'items-index.json'), '{not json');
    assert.equal((await new Backlog(backlog.root, nodeFiles).load()).items.length, 1);
  });

  it('parses again rather than trust a cache from before items had parent and blockedBy', async () => {
    const backlog = await freshBacklog();
    const epic = await backlog.create({ title: 'Epic' });
    const child = await backlog.create({ title: 'Child', parent: epic.id, blockedBy: [epic.id] });
    await backlog.load();
    const cacheFile = join(backlog.dir, '.cache', 'items-index.json');
    // What the previous version wrote: version 2, the two keys among the unknown ones.
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as { version: number; entries: Record<string, { p: { item?: Record<string, unknown> } }> };
    cache.version = 2;
    for (const entry of Object.values(cache.entries)) {
      const item = entry.p.item!;
      item.extra = item.parent ? { parent: item.parent, blockedBy: item.blockedBy } : {};
      delete item.parent;
      delete item.blockedBy;
    }
    writeFileSync(cacheFile, JSON.stringify(cache));
    const loaded = (await new Backlog(backlog.root, nodeFiles).load()).byId.get(child.id)!;
    assert.equal(loaded.parent, epic.id);
    assert.deepEqual(loaded.blockedBy, [epic.id]);
    assert.deepEqual(loaded.extra, {});
  });

  it('reports duplicate ids and repairs them without losing either item', async () => {
    const backlog = await freshBacklog();
    const a = await backlog.create({ title: 'Original' });
    const copy = join(backlog.itemsDir, 'copy-of-item.md');
    writeFileSync(copy, readFileSync(a.file, 'utf8').replace('title: Original', 'title: Copy'));
    const s = await backlog.refresh();
    assert.equal(s.problems.filter((p) => p.code === 'duplicate-id').length, 2);
    await assert.rejects(backlog.update(a.id, { status: 'Done' }), (e: BacklogError) => e.code === 'duplicate-id');
    const repairs = await backlog.repairDuplicateIds();
    assert.equal(repairs.length, 1);
    assert.equal(repairs[0].item.file, copy, 'the file whose name matches the id keeps it');
    const after = backlog.snapshot;
    assert.deepEqual(after.items.map((i) => i.title).sort(), ['Copy', 'Original']);
    assert.equal(after.problems.length, 0);
    assert.ok(!existsSync(copy));
    assert.ok(existsSync(join(backlog.itemsDir, `${repairs[0].newId}.md`)));
  });

  it('delete removes the one file after checking it did not change', async () => {
    const backlog = await freshBacklog();
    const a = await backlog.create({ title: 'A' });
    const b = await backlog.create({ title: 'B' });
    await backlog.delete(a.id);
    assert.deepEqual(readdirSync(backlog.itemsDir), [`${b.id}.md`]);
    await assert.rejects(backlog.delete(a.id), /No item/);
  });
});

describe('batches of changes', () => {
  it('publish once, keep ids, ranks and order right for every operation inside, and write one file per item', async () => {
    const backlog = await freshBacklog();
    const first = await backlog.create({ title: 'existing' });
    let events = 0;
    backlog.onDidChange(() => events++);
    const seen = backlog.snapshot;
    const created = await backlog.batch(async () => {
      const out = [];
      for (let i = 0; i < 300; i++) out.push(await backlog.create({ title: `n${i}`, extra: { source: { n: i } } }));
      // Items created earlier in the batch are found by id and ranked against.
      await backlog.move(out[10].id, { to: 'top' });
      await backlog.update(out[20].id, { status: 'Ready' });
      return out;
    });
    assert.equal(events, 1, 'one snapshot for the whole batch');
    assert.equal(seen.items.length, 1, 'the snapshot handed out before the batch never changed');
    const s = backlog.snapshot;
    assert.equal(s.items.length, 301);
    assert.equal(new Set(s.items.map((i) => i.rank)).size, 301, 'every rank is distinct');
    assert.deepEqual(s.items.slice(0, 3).map((i) => i.title), ['n10', 'existing', 'n0']);
    assert.equal(s.items[s.items.length - 1].title, 'n299');
    assert.equal(s.byId.get(created[20].id)?.status, 'Ready');
    assert.deepEqual(s.byId.get(created[5].id)?.extra, { source: { n: 5 } });
    assert.equal(readdirSync(backlog.itemsDir).filter((n) => n.endsWith('.md')).length, 301);
    assert.equal(s.byId.get(first.id)?.title, 'existing');
  });

  it('refuses extra keys that are item fields', async () => {
    const backlog = await freshBacklog();
    await assert.rejects(backlog.create({ title: 'x', extra: { status: 'Done' } }), BacklogError);
  });

  describe('createMany', () => {
    it('creates every item in input order with one snapshot, each file reading back as the item returned', async () => {
      const backlog = await freshBacklog();
      const existing = await backlog.create({ title: 'existing' });
      let events = 0;
      backlog.onDidChange(() => events++);
      const inputs = Array.from({ length: 150 }, (_, i) => ({ title: `n${i}`, type: i % 2 ? 'bug' : 'feature', labels: [`l${i % 3}`], extra: { source: { n: i, note: 'a: b' } } }));
      const results = await backlog.createMany([...inputs, { title: 'on top', position: 'top' as const }]);
      assert.equal(events, 1, 'one snapshot for all of them');
      assert.ok(results.every((r) => !(r instanceof BacklogError)));
      const s = backlog.snapshot;
      assert.deepEqual(s.items.map((i) => i.title), ['on top', 'existing', ...inputs.map((i) => i.title)]);
      assert.equal(new Set(s.items.map((i) => i.id)).size, 152, 'distinct ids');
      // What the store holds is what a fresh load of the files gives.
      const reloaded = new Backlog(backlog.root, nodeFiles, { now, cache: false });
      await reloaded.load();
      assert.deepEqual(reloaded.snapshot.items, s.items);
      assert.deepEqual(reloaded.snapshot.problems, []);
      assert.equal(s.byId.get(existing.id)?.title, 'existing');
    });

    it('gives a bad input its error and still creates the others', async () => {
      const backlog = await freshBacklog();
      const results = await backlog.createMany([{ title: 'fine' }, { title: 'bad', status: 'Nope' }, { title: '   ' }, { title: 'also fine' }]);
      assert.ok(results[1] instanceof BacklogError && /Unknown status "Nope"/.test(results[1].message));
      assert.ok(results[2] instanceof BacklogError && /needs a title/.test(results[2].message));
      assert.deepEqual(backlog.snapshot.items.map((i) => i.title), ['fine', 'also fine']);
      assert.equal(readdirSync(backlog.itemsDir).filter((n) => n.endsWith('.md')).length, 2);
    });

    it('picks another id when a file with the drawn id appears on disk, never overwriting it', async () => {
      const root = tempRoot();
      // The first ids drawn are the same for every run of this random source; put a file there.
      const draws = (seed: number) => (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
      const probe = new Backlog(root, nodeFiles, { now, random: draws(7) });
      await probe.load();
      await probe.init();
      const [first] = await probe.createMany([{ title: 'probe' }]);
      const squatter = readFileSync((first as { file: string }).file, 'utf8');
      const backlog = new Backlog(root, nodeFiles, { now, random: draws(7) });
      await backlog.load();
      // The store's snapshot does not know the squatter (written "by another process").
      rmSync((first as { file: string }).file);
      await backlog.load();
      writeFileSync((first as { file: string }).file, squatter.replace('title: probe', 'title: squatter'));
      const results = await backlog.createMany([{ title: 'new' }]);
      const created = results[0] as { id: string; file: string };
      assert.notEqual(created.id, (first as { id: string }).id);
      assert.match(readFileSync((first as { file: string }).file, 'utf8'), /title: squatter/);
      assert.match(readFileSync(created.file, 'utf8'), /title: new/);
    });

    it('fails the call on a disk error, after writing and publishing the others', async () => {
      let calls = 0;
      const failing = {
        ...nodeFiles,
        createExclusive: async (path: string, text: string) => {
          if (path.includes('/items/') && ++calls === 2) throw Object.assign(new Error('EIO: i/o error, open'), { code: 'EIO' });
          return nodeFiles.createExclusive(path, text);
        },
      };
      const root = tempRoot();
      const backlog = new Backlog(root, failing, { now });
      await backlog.load();
      await backlog.init();
      await assert.rejects(backlog.createMany([{ title: 'a' }, { title: 'b' }, { title: 'c' }]), /EIO/);
      assert.equal(backlog.snapshot.items.length, 2, 'the two that were written are in the snapshot');
      assert.equal(readdirSync(backlog.itemsDir).filter((n) => n.endsWith('.md')).length, 2);
    });

    it('keeps the parse cache filled, so the next load parses nothing', async () => {
      const backlog = await freshBacklog();
      await backlog.createMany(Array.from({ length: 80 }, (_, i) => ({ title: `c${i}` })));
      const cache = JSON.parse(readFileSync(join(backlog.dir, '.cache', 'items-index.json'), 'utf8')) as { entries: Record<string, { m: number; s: number }> };
      assert.equal(Object.keys(cache.entries).length, 80);
      // A load takes an entry whose size and mtime match the file's stat instead of parsing it.
      for (const [name, entry] of Object.entries(cache.entries)) {
        const stat = statSync(join(backlog.itemsDir, name));
        assert.deepEqual([entry.m, entry.s], [stat.mtimeMs, stat.size], name);
      }
      const reloaded = new Backlog(backlog.root, nodeFiles, { now });
      await reloaded.load();
      assert.deepEqual(JSON.parse(JSON.stringify(reloaded.snapshot.items)), JSON.parse(JSON.stringify(backlog.snapshot.items)));
    });
  });
});
