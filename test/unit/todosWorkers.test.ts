import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { TodoScanner } from '../../src/core/todos/scanner';
import { ScanWorkerPool } from '../../src/node/scanWorkers';
import { scanWorkspace } from '../../src/node/workspaceScan';
import type * as Esbuild from 'esbuild';

describe('TODO scan on worker threads', function () {
  this.timeout(60_000);
  let root: string;
  let pool: ScanWorkerPool;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'backlog-workers-'));
    // The worker runs as its own bundle, built here the way esbuild.mjs builds dist/todoScanWorker.js.
    const script = join(root, '.worker', 'todoScanWorker.js');
    // Loaded at run time: esbuild's API cannot itself be bundled into this test.
    const { build } = createRequire(join(process.cwd(), 'package.json'))('esbuild') as typeof Esbuild;
    await build({ entryPoints: [join(process.cwd(), 'src/node/todoScanWorker.ts')], outfile: script, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
    pool = new ScanWorkerPool(script, 2);
    const src = join(root, 'src');
    mkdirSync(join(src, 'deep'), { recursive: true });
    writeFileSync(join(src, 'a.ts'), '// TODO: one\nconst s = "TODO: not a comment";\n/* FIXME(BL-22222): two */\n');
    writeFileSync(join(src, 'crlf.py'), '# HACK: crlf\r\nx = 1\r\n');
    writeFileSync(join(src, 'utf8.go'), '// TODO: héllo wörld ✓\n');
    writeFileSync(join(src, 'latin1.c'), Buffer.from('// TODO: caf\xe9 au lait\n', 'latin1'));
    writeFileSync(join(src, 'utf16.js'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('// BUG: wide\n', 'utf16le')]));
    writeFileSync(join(src, 'bin.dat'), Buffer.from([0, 1, 2, 84, 79, 68, 79]));
    writeFileSync(join(src, 'big.js'), '// TODO: big\n' + 'x'.repeat(3000));
    for (let i = 0; i < 300; i++) writeFileSync(join(src, 'deep', `f${i}.rb`), i % 7 === 0 ? `# TODO: file ${i}\n` : `puts ${i}\n`);
  });

  after(() => {
    pool?.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('finds exactly what the in-thread scan finds: files, comments, texts, encodings, skips', async () => {
    const scanner = new TodoScanner({ idPrefix: 'BL' });
    const here = await scanWorkspace(root, { scanner, maxFileSize: 2048 });
    const there = await scanWorkspace(root, { scanner, maxFileSize: 2048, workers: pool });
    const view = (s: typeof here) => ({
      files: s.files.map((f) => ({ path: f.path, text: f.text, encoding: f.encoding, language: f.language.id, todos: f.todos })),
      skipped: s.skipped,
      visited: s.filesVisited,
    });
    assert.deepEqual(view(there), view(here));
    assert.equal(here.files.length, 5 + 43);
    assert.deepEqual(
      here.skipped.map((s) => [s.path, s.reason]),
      [
        ['src/big.js', 'too-large'],
        ['src/bin.dat', 'binary'],
      ],
    );
    assert.equal(there.files.find((f) => f.path === 'src/latin1.c')?.todos[0].text, 'café au lait');
  });

  it('honours a cancel', async () => {
    const scanner = new TodoScanner();
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await assert.rejects(scanWorkspace(root, { scanner, workers: pool, signal: controller.signal }), /stop/);
  });
});
