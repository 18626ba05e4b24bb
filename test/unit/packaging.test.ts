import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

// What `npm run package` puts into the .vsix, as vsce itself lists it (from .vscodeignore), held to
// what the extension needs: its bundles and assets, the images the README shows, and nothing that
// a development build or an old screenshot leaves lying around.
describe('the .vsix file list', function () {
  this.timeout(60_000);
  const root = process.cwd();
  let files: string[];

  before(async () => {
    const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    const { stdout } = await promisify(execFile)(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root });
    files = stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  });

  it('holds every file the extension loads at run time', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string; contributes: { viewsContainers: { activitybar: { icon: string }[] } } };
    const needed = [
      manifest.main.replace(/^\.\//, ''),
      'dist/cli.js',
      'dist/mcpServer.js',
      'dist/todoScanWorker.js',
      'dist/webview/board.js',
      'dist/webview/item.js',
      'dist/media/item.css',
      'dist/media/board.css',
      'dist/media/codicons/codicon.css',
      'dist/media/codicons/codicon.ttf',
      'media/board-dark.svg',
      'media/board-light.svg',
      ...manifest.contributes.viewsContainers.activitybar.map((c) => c.icon),
      'README.md',
      'LICENSE',
    ];
    assert.deepEqual(needed.filter((f) => !files.includes(f)), []);
  });

  it('holds exactly the images the README shows', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const shown = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((p) => !/^[a-z]+:/i.test(p));
    assert.ok(shown.length > 0, 'the README shows screenshots');
    const packagedImages = files.filter((f) => f.startsWith('media/screenshots/'));
    assert.deepEqual(packagedImages.sort(), [...new Set(shown)].sort());
  });

  it('holds no source map, source, test or development file, and nothing twice', () => {
    const unwanted = files.filter((f) => /\.map$|\.ts$|^(src|test|out|scripts|webview|demo|node_modules)\//.test(f) || f.startsWith('.'));
    assert.deepEqual(unwanted, []);
    const names = files.map((f) => f.split('/').pop());
    const twice = names.filter((n, i) => names.indexOf(n) !== i && !/^codicon\./.test(n!));
    assert.deepEqual(twice, [], 'the same file under two paths (e.g. media/board.css and its copy in dist/)');
  });
});
