import * as assert from 'node:assert/strict';
import * as nodePath from 'node:path';
import { Backlog } from '../../src/core/backlog';
import { nodeFiles } from '../../src/node/nodeFiles';
import { isInside, joinPath, normalizePath, relativeTo, samePath } from '../../src/core/paths';

// The same checks under both path flavours: the root as the host gives it (`folder.uri.fsPath`,
// `process.cwd()`), and a file path as VS Code reports it for an open editor or a watcher event.
const flavours = [
  { name: 'posix', path: nodePath.posix, root: '/home/ana/repo', fsPathRoot: '/home/ana/repo' },
  // Node's cwd says `C:\`, VS Code's fsPath says `c:\`.
  { name: 'win32', path: nodePath.win32, root: 'C:\\Users\\ana\\repo', fsPathRoot: 'c:\\Users\\ana\\repo' },
];

for (const f of flavours) {
  describe(`paths with ${f.name} semantics`, () => {
    const itemFile = f.path.join(f.fsPathRoot, '.backlog', 'items', 'BL-7K3QM.md');

    it("an item file the store built and the editor's path for it are the same file", () => {
      const backlog = new Backlog(f.root, nodeFiles);
      const stored = joinPath(backlog.dir, 'items', 'BL-7K3QM.md');
      assert.doesNotMatch(stored, /\\/, 'the core joins with / only');
      assert.ok(samePath(stored, itemFile), `${stored} vs ${itemFile}`);
      assert.ok(!samePath(stored, f.path.join(f.fsPathRoot, '.backlog', 'items', 'BL-OTHER.md')));
    });

    it('the .cache and history folders contain their files, and nothing else', () => {
      const backlog = new Backlog(f.root, nodeFiles);
      assert.ok(isInside(joinPath(backlog.dir, '.cache'), f.path.join(f.fsPathRoot, '.backlog', '.cache', 'index.json')));
      assert.ok(isInside(backlog.historyDir, f.path.join(f.fsPathRoot, '.backlog', 'history', 'BL-1.jsonl')));
      assert.ok(!isInside(backlog.historyDir, f.path.join(f.fsPathRoot, '.backlog', 'history-old', 'x')));
      assert.ok(!isInside(joinPath(backlog.dir, '.cache'), itemFile));
    });

    it('relativeTo gives / separated paths inside the root, whatever the drive-letter case', () => {
      assert.equal(relativeTo(f.root, f.path.join(f.fsPathRoot, 'src', 'a.ts')), 'src/a.ts');
      assert.equal(relativeTo(f.root + f.path.sep, f.path.join(f.fsPathRoot, 'src', 'a.ts')), 'src/a.ts');
      assert.equal(relativeTo(f.root, f.path.join(f.fsPathRoot + 'x', 'a.ts')), normalizePath(f.path.join(f.fsPathRoot + 'x', 'a.ts')).replace(/\\/g, '/'));
    });
  });
}

describe('paths that are only Windows paths', () => {
  it('treats a backslash as a separator only in a Windows path', () => {
    assert.equal(normalizePath('C:\\repo\\a'), 'C:/repo/a');
    assert.equal(normalizePath('\\\\server\\share\\repo'), '//server/share/repo');
    assert.equal(normalizePath('/home/a\\b'), '/home/a\\b');
    assert.ok(!samePath('/home/A', '/home/a'), 'POSIX paths keep their case');
    assert.ok(samePath('C:\\Repo\\', 'c:/repo'));
  });

  it('a drive root and the POSIX root contain everything below them', () => {
    assert.ok(isInside('C:\\', 'c:\\repo\\x'));
    assert.equal(relativeTo('C:\\', 'c:\\repo\\x'), 'repo/x');
    assert.equal(relativeTo('/', '/repo/x'), 'repo/x');
  });
});
