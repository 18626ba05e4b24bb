// A clone can hold anything: links out of the folder, devices, odd YAML, half-finished writes.
// The store must read and write only inside the workspace folder and never corrupt a file.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backlog } from '../../src/core/backlog';
import type { BacklogFiles } from '../../src/core/files';
import { nodeFiles } from '../../src/node/nodeFiles';
import { cli as runCli, type CliResult } from './support/cli';

/** The CLI on this backlog, named with --root. */
const cli = (root: string, ...argv: string[]): Promise<CliResult> => runCli(root, ...argv, '--root', root);

async function ok(cwd: string, ...argv: string[]): Promise<string> {
  const r = await cli(cwd, ...argv);
  assert.equal(r.code, 0, `repo-backlog ${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

function tempDir(prefix = 'backlog-safety-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

async function withItem(): Promise<{ root: string; id: string; file: string }> {
  const root = tempDir();
  await ok(root, 'init');
  const id = (await ok(root, 'add', 'First item')).trim();
  return { root, id, file: join(root, '.backlog', 'items', `${id}.md`) };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

describe('the backlog store on a hostile clone', () => {
  for (const part of ['.cache', 'archive', 'items']) {
    it(`reads and writes nothing through .backlog/${part} linked out of the folder`, async () => {
      const { root, id } = await withItem();
      const outside = tempDir('backlog-outside-');
      writeFileSync(join(outside, 'keep.txt'), 'not yours\n');
      const link = join(root, '.backlog', part);
      if (existsSync(link)) renameSync(link, join(root, `moved-${part}`));
      symlinkSync(outside, link);
      const list = await cli(root, 'list');
      const changed = await cli(root, 'set', id, 'status=Done');
      const archived = await cli(root, 'archive', id);
      const added = await cli(root, 'add', 'Second');
      assert.deepEqual(filesUnder(outside), ['keep.txt'], 'nothing was written outside');
      for (const r of [changed, archived, added]) {
        assert.notEqual(r.code, 0);
        assert.match(r.stderr + r.stdout, new RegExp(`\\.backlog/${part.replace('.', '\\.')} is a link to .*outside`));
      }
      assert.match(list.stdout + list.stderr, part === 'items' ? /No items/ : new RegExp(id));
      const check = await cli(root, 'check');
      assert.equal(check.code, 1);
      assert.match(check.stdout, new RegExp(`\\.backlog/${part.replace('.', '\\.')} is a link to`));
    });
  }

  it('reads and writes nothing through .backlog itself linked out of the folder', async () => {
    const root = tempDir();
    const outside = tempDir('backlog-outside-');
    mkdirSync(join(outside, 'items'));
    writeFileSync(join(outside, 'config.yaml'), 'idPrefix: BL\n');
    symlinkSync(outside, join(root, '.backlog'));
    const added = await cli(root, 'add', 'x');
    await cli(root, 'list');
    assert.notEqual(added.code, 0);
    assert.match(added.stderr, /\.backlog is a link to/);
    assert.deepEqual(filesUnder(outside), ['config.yaml', 'items']);
  });

  it('reports a sprint or config that is a device instead of reading it', async function () {
    if (!existsSync('/dev/zero')) this.skip();
    const { root } = await withItem();
    mkdirSync(join(root, '.backlog', 'sprints'), { recursive: true });
    symlinkSync('/dev/zero', join(root, '.backlog', 'sprints', 'x.md'));
    const started = Date.now();
    const check = await cli(root, 'check');
    assert.ok(Date.now() - started < 3000, 'no endless read');
    assert.equal(check.code, 1);
    assert.match(check.stdout, /sprints\/x\.md.*symbolic link/);
    assert.match(check.stdout, /1 item/, 'the rest still loads');
  });

  it('reports an item file it cannot read and loads the others', async () => {
    const { root, id } = await withItem();
    mkdirSync(join(root, '.backlog', 'items', 'BL-FOLDR.md'));
    const check = await cli(root, 'check');
    assert.equal(check.code, 1);
    assert.match(check.stdout, /BL-FOLDR\.md is a folder/);
    assert.match(await ok(root, 'list'), new RegExp(id));
  });

  it('refuses to edit front matter it cannot edit safely and leaves the file byte-identical', async () => {
    const { root, id, file } = await withItem();
    for (const text of [`---\n{id: ${id}, title: Flow, status: Backlog}\n---\nbody\n`, `---\n  id: ${id}\n  title: Indented\n  status: Backlog\n---\nbody\n`]) {
      writeFileSync(file, text);
      const r = await cli(root, 'set', id, 'status=Done', 'points=3');
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /cannot be edited/);
      assert.equal(readFileSync(file, 'utf8'), text);
    }
  });

  it('never trusts a parse cache fooled by a restored mtime, so set works at once', async () => {
    const { root, id, file } = await withItem();
    await ok(root, 'list');
    // `touch -r` copies the times to the nanosecond, as a careful tool (or attacker) would.
    const reference = join(root, 'times');
    writeFileSync(reference, '');
    execFileSync('touch', ['-r', file, reference]);
    const text = readFileSync(file, 'utf8');
    const edited = text.replace('title: First item', 'title: Other item');
    assert.equal(edited.length, text.length);
    writeFileSync(file, edited);
    execFileSync('touch', ['-r', reference, file]);
    assert.equal(statSync(file).mtimeMs, statSync(reference).mtimeMs);
    assert.match(await ok(root, 'show', id), /Other item/);
    await ok(root, 'set', id, 'status=Done');
    assert.match(readFileSync(file, 'utf8'), /title: Other item[\s\S]*status: Done/);
  });

  it('keeps a file mode, matches ids typed in any case, and names a broken file instead of "No item"', async () => {
    const { root, id, file } = await withItem();
    chmodSync(file, 0o600);
    await ok(root, 'set', id.toLowerCase(), 'points=2');
    await ok(root, 'move', ` ${id.toLowerCase()} `, '--top');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    writeFileSync(file, `---\nid: ${id}\ntitle: [broken\n---\n`);
    for (const argv of [['set', id, 'points=3'], ['move', id, '--top']]) {
      const r = await cli(root, ...argv);
      assert.equal(r.code, 2);
      assert.match(r.stderr, new RegExp(`\\.backlog/items/${id}\\.md:\\d+: Invalid YAML`));
    }
  });

  it('cleans up temp files a killed write left, on the next write', async () => {
    const { root } = await withItem();
    // A pid that cannot be running: the kernel's pid_max is far below it.
    const leftover = join(root, '.backlog', 'items', '.0badc0de-999999999-1.tmp');
    writeFileSync(leftover, '---\nid: half\n');
    await ok(root, 'add', 'Next');
    assert.equal(existsSync(leftover), false);
  });

  it('reports an item left in both items/ and archive/, finishes the archive on check --fix, and archive carries on past it', async () => {
    const { root, id, file } = await withItem();
    const other = (await ok(root, 'add', 'Other')).trim();
    mkdirSync(join(root, '.backlog', 'archive'));
    writeFileSync(join(root, '.backlog', 'archive', `${id}.md`), readFileSync(file));
    writeFileSync(join(root, '.backlog', 'archive', `${other}.md`), readFileSync(join(root, '.backlog', 'items', `${other}.md`)));
    const check = await cli(root, 'check');
    assert.equal(check.code, 1);
    assert.match(check.stdout, new RegExp(`${id} is also in \\.backlog/archive`));
    await ok(root, 'archive', other);
    assert.equal(existsSync(join(root, '.backlog', 'items', `${other}.md`)), false);
    assert.match(await ok(root, 'check', '--fix'), new RegExp(`repaired: ${id} was in both`));
    assert.equal(existsSync(file), false);
    assert.equal((await cli(root, 'check')).code, 0);
  });
});

describe('loading while files change under it', () => {
  it('skips an item file that vanishes mid-load and reports one that cannot be read, loading the rest', async () => {
    const root = tempDir();
    const writer = new Backlog(root, nodeFiles, { cache: false });
    await writer.init();
    const [gone, locked, kept] = await Promise.all(['Gone', 'Locked', 'Kept'].map((title) => writer.create({ title })));
    const files: BacklogFiles = {
      ...nodeFiles,
      async readText(path, max) {
        // Archived by another process between the listing and the read.
        if (path === gone.file) {
          renameSync(path, `${path}.archived`);
          return nodeFiles.readText(path, max);
        }
        if (path === locked.file) throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
        return nodeFiles.readText(path, max);
      },
    };
    const s = await new Backlog(root, files, { cache: false }).load();
    assert.deepEqual(s.items.map((i) => i.id), [kept.id]);
    assert.deepEqual(s.problems.map((p) => [p.file, p.code, p.message]), [[locked.file, 'unreadable', `.backlog/items/${locked.id}.md cannot be read (EACCES)`]]);
  });
});
