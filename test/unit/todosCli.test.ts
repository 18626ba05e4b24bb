import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TodoScanner } from '../../src/core/todos/scanner';
import { scanWorkspace } from '../../src/node/workspaceScan';
import { cli } from './support/cli';

interface TodoRow {
  file: string;
  line: number;
  tag: string;
  text: string;
  id: string | null;
  tracking: string;
}

/** A workspace with a backlog and the given files (string or bytes). */
async function workspace(files: Record<string, string | Uint8Array>): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'backlog-todos-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  assert.equal((await cli(root, 'init')).code, 0);
  return root;
}

async function list(cwd: string, ...args: string[]): Promise<{ todos: TodoRow[]; skipped: { path: string; reason: string }[] }> {
  const r = await cli(cwd, 'todos', ...args, '--json');
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('todos on a workspace', () => {
  it('bounds a file holding a huge number of TODOs and says so (no stack overflow)', async () => {
    const root = await workspace({ 'gen/big.js': '// TODO: x\n'.repeat(150_000), 'src/a.md': '- [ ] buy milk\n', 'src/b.py': '# todo: lower case\n' });
    const r = await cli(root, 'todos', '--max-size', '100000000');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /gen\/big\.js holds more tags than the per-file cap; only its first 10000 comments were read/);
    assert.match(r.stdout, /10000 comments in 1 file/);
    const json = JSON.parse((await cli(root, 'todos', '--max-size', '100000000', '--json')).stdout);
    assert.deepEqual(json.capped, ['gen/big.js']);
    const opted = await list(root, 'src', '--markdown-tasks', '--ignore-case');
    assert.deepEqual(opted.todos.map((t) => `${t.file}:${t.tag}:${t.text}`), ['src/a.md:[ ]:buy milk', 'src/b.py:TODO:lower case']);
  });

  it('honours nested .gitignore files with negation, skips hidden folders, binaries and huge files', async () => {
    const root = await workspace({
      '.gitignore': 'node_modules/\n*.log\nbuild/\n',
      'src/a.ts': '// TODO: keep\n',
      'src/gen/.gitignore': '*.ts\n!keep.ts\n',
      'src/gen/out.ts': '// TODO: ignored by the nested file\n',
      'src/gen/keep.ts': '// TODO: re-included\n',
      'node_modules/x/index.js': '// TODO: ignored folder\n',
      'build/x.js': '// TODO: ignored\n',
      'debug.log': 'TODO: ignored by pattern\n',
      '.hidden/a.js': '// TODO: hidden\n',
      'img.dat': Uint8Array.from([0x00, ...Buffer.from('// TODO: binary')]),
      'big.js': '// TODO: too big\n' + 'x'.repeat(2000),
    });
    const { todos, skipped } = await list(root, '--max-size', '1000');
    assert.deepEqual(todos.map((t) => `${t.file}:${t.text}`), ['src/a.ts:keep', 'src/gen/keep.ts:re-included']);
    assert.deepEqual(skipped.map((s) => `${s.path}:${s.reason}`), ['big.js:too-large', 'img.dat:binary']);
    const all = await list(root, '--no-ignore', '--hidden');
    assert.equal(all.todos.length, 8, 'everything but the binary file');
  });

  it('scans only the given paths and refuses paths outside the workspace, even through a symlink', async () => {
    const root = await workspace({ 'a/x.py': '# TODO: a\n', 'b/y.py': '# TODO: b\n' });
    const sub = await list(join(root, 'a'), '.');
    assert.deepEqual(sub.todos.map((t) => t.file), ['a/x.py'], 'paths are relative to the working directory; output to the root');
    const outside = await cli(root, 'todos', '..');
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /outside the workspace folder/);
    const elsewhere = mkdtempSync(join(tmpdir(), 'backlog-elsewhere-'));
    symlinkSync(elsewhere, join(root, 'link'));
    assert.equal((await cli(root, 'todos', 'link')).code, 2);
  });

  it('lists comments as a table with the linked id or -', async () => {
    const root = await workspace({ 'src/a.ts': '// TODO(BL-ZZZZZ): unknown id\n// FIXME: untracked\n' });
    const r = await cli(root, 'todos');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /src\/a\.ts:1:4 +TODO +BL-ZZZZZ\? +unknown id/);
    assert.match(r.stdout, /src\/a\.ts:2:4 +FIXME +- +untracked/);
    assert.match(r.stdout, /2 comments in 1 file, 1 untracked, 1 naming an id that is not in the backlog/);
  });

  it('capture creates items once, and --write-ids writes them back keeping CRLF and Latin-1 bytes', async () => {
    const latin1 = Uint8Array.from([...Buffer.from('x = "caf'), 0xe9, ...Buffer.from('"\r\n# TODO: latin one\r\n')]);
    const root = await workspace({ 'src/a.ts': 'a();\r\n// TODO: first\r\n/* FIXME(@ann): second */\r\n', 'src/l.py': latin1 });
    const dry = await cli(root, 'todos', 'capture', '--dry-run');
    assert.match(dry.stdout, /would create 3 items/);
    assert.equal(readdirSync(join(root, '.backlog/items')).length, 0);

    const first = await cli(root, 'todos', 'capture', '--write-ids', '--json');
    assert.equal(first.code, 0, first.stderr);
    const result = JSON.parse(first.stdout) as { created: { id: string; type: string; path: string }[]; idsWritten: string[] };
    assert.equal(result.created.length, 3);
    assert.deepEqual(result.created.map((c) => c.type), ['debt', 'bug', 'debt']);
    assert.equal(result.idsWritten.length, 3);
    const [a, b, l] = result.created.map((c) => c.id);
    assert.equal(readFileSync(join(root, 'src/a.ts'), 'utf8'), `a();\r\n// TODO(${a}): first\r\n/* FIXME(${b}, @ann): second */\r\n`);
    assert.deepEqual(readFileSync(join(root, 'src/l.py')), Buffer.from([...latin1.subarray(0, 12), ...Buffer.from(`# TODO(${l}): latin one\r\n`)]));
    const item = readFileSync(join(root, `.backlog/items/${b}.md`), 'utf8');
    assert.match(item, /assignee: ann/);
    assert.match(item, /kind: todo\n {4}path: src\/a\.ts\n {4}line: 3\n {4}anchor: "FIXME: second"/);

    const second = await cli(root, 'todos', 'capture', '--write-ids');
    assert.match(second.stdout, /created 0 items, 3 already linked/);
    assert.equal(readdirSync(join(root, '.backlog/items')).length, 3);
    const rows = (await list(root)).todos;
    assert.deepEqual(rows.map((t) => t.tracking), ['linked', 'linked', 'linked']);
  });

  it('capture without --write-ids is idempotent through the links it stores', async () => {
    const root = await workspace({ 'a.go': '// TODO: same\nfunc f() {}\n// TODO: same\n' });
    assert.match((await cli(root, 'todos', 'capture')).stdout, /created 2 items/);
    assert.equal(readFileSync(join(root, 'a.go'), 'utf8'), '// TODO: same\nfunc f() {}\n// TODO: same\n');
    assert.match((await cli(root, 'todos', 'capture')).stdout, /created 0 items, 2 already linked/);
  });

  it('the workspace scan reports only files with comments, each once', async () => {
    const root = await workspace({ 'one.rs': '// TODO: r\n', 'two.rs': 'fn main() {}\n', 'three.rb': "s = '# TODO no'\n" });
    const scan = await scanWorkspace(root, { scanner: new TodoScanner(), sliceMs: 0 });
    assert.deepEqual(scan.files.map((f) => f.path), ['one.rs']);
    assert.ok(scan.filesVisited >= 3);
  });
});
