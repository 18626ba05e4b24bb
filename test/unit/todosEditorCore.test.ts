import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeLink, Item } from '../../src/core/item';
import { enabledGlobs, excludeFilter } from '../../src/core/todos/excludes';
import { findIdMentions } from '../../src/core/todos/idMentions';
import { writtenCodeLinks } from '../../src/core/todos/itemFileLinks';
import { languageForPath } from '../../src/core/todos/languages';
import { checkTodoLinks, isWorkspacePath } from '../../src/core/todos/linkStates';
import { TodoScanner } from '../../src/core/todos/scanner';
import { IgnoreRules, scanWorkspace } from '../../src/node/workspaceScan';

const scanner = new TodoScanner({ idPrefix: 'BL' });
const scan = (text: string, path = 'src/a.ts') => scanner.scan(text, languageForPath(path));

function item(id: string, links: CodeLink[], status = 'Backlog'): Item {
  return { id, title: id, type: 'debt', status, labels: [], blockedBy: [], links, file: `/r/.backlog/items/${id}.md`, body: '', hash: `${id}-hash`, extra: {}, lines: {} };
}

describe('TODO editor support (core)', () => {
  describe('item ids in comments', () => {
    it('finds ids in line and block comments, not in strings or code', () => {
      const text = ['const s = "BL-AAAAA";', '// TODO(BL-BBBBB): fix', 'call(BL_CCCCC); /* see BL-DDDDD */', 'x = BL-EEEEE;'].join('\n');
      const ids = findIdMentions(text, 'BL', languageForPath('a.ts')).map((m) => m.id);
      assert.deepEqual(ids, ['BL-BBBBB', 'BL-DDDDD']);
    });

    it('gives offsets of the id itself and refuses ids glued to other words', () => {
      const text = '# see BL-7K3QM, XBL-22222 and BL-33333x\n';
      const found = findIdMentions(text, 'BL', languageForPath('a.py'));
      assert.deepEqual(found.map((m) => [m.id, text.slice(m.start, m.end)]), [['BL-7K3QM', 'BL-7K3QM']]);
    });

    it('takes every mention in text of an unknown kind, and nothing when the prefix is absent', () => {
      assert.deepEqual(findIdMentions('BL-22222 done', 'BL').map((m) => m.id), ['BL-22222']);
      assert.deepEqual(findIdMentions('// TODO: nothing here', 'BL', languageForPath('a.ts')), []);
    });
  });

  describe('exclude settings', () => {
    it('keeps only enabled globs of a files.exclude style object', () => {
      assert.deepEqual(enabledGlobs({ '**/node_modules': true, '**/.git': false, '**/*.js': { when: '$(basename).ts' }, 'out/': true }), ['**/node_modules', 'out']);
      assert.deepEqual(enabledGlobs(undefined), []);
    });

    it('matches folders and files the way VS Code globs do, dotfiles included', () => {
      const { matches, invalid } = excludeFilter(['**/node_modules', 'dist', '**/*.min.{js,css}', '**/.cache']);
      assert.deepEqual(invalid, []);
      assert.ok(matches('node_modules'));
      assert.ok(matches('pkg/node_modules'));
      assert.ok(matches('dist'));
      assert.ok(!matches('src/dist'));
      assert.ok(matches('web/app.min.css'));
      assert.ok(matches('a/.cache'));
      assert.ok(!matches('src/app.ts'));
    });
  });

  describe('link states', () => {
    const BASE = ['// header', 'function a() {', '  // TODO: handle errors', '}', ''].join('\n');
    const link: CodeLink = { path: 'src/a.ts', line: 3, kind: 'todo', anchor: 'TODO: handle errors' };

    it('refuses paths that leave the workspace folder', () => {
      for (const p of ['../x.ts', 'a/../../x.ts', '/etc/passwd', 'C:/x.ts', '\\\\server\\x', '', '.']) assert.equal(isWorkspacePath(p), false, p);
      for (const p of ['a.ts', 'src/../a.ts', './src/a.ts']) assert.equal(isWorkspacePath(p), true, p);
    });

    it('reports current, moved and lost links; repairs the moved one and marks the lost one, minimally', () => {
      const other: CodeLink = { path: 'docs/x.md', line: 9, kind: 'code' };
      const moved = item('BL-MOVED', [other, link]);
      const current = item('BL-CURNT', [{ ...link, path: 'src/b.ts' }]);
      const lost = item('BL-LOSTT', [{ ...link, path: 'src/gone.ts' }]);
      const files: Record<string, ReturnType<typeof scan> | 'missing'> = {
        'src/a.ts': scan(['// new line', BASE].join('\n')),
        'src/b.ts': scan(BASE, 'src/b.ts'),
        'src/gone.ts': 'missing',
      };
      const { checks, repairs } = checkTodoLinks([moved, current, lost], (p) => files[p]);
      assert.deepEqual(
        checks.map((c) => [c.item.id, c.state, c.location?.line]),
        [
          ['BL-MOVED', 'moved', 4],
          ['BL-CURNT', 'current', 3],
          ['BL-LOSTT', 'lost', undefined],
        ],
      );
      assert.deepEqual(repairs.map((r) => r.item.id), ['BL-MOVED', 'BL-LOSTT']);
      assert.equal(repairs[0].links[0], other, 'other links are kept as they are');
      assert.deepEqual(repairs[0].links[1], { ...link, line: 4 });
      assert.deepEqual(repairs[1].links[0], { ...link, path: 'src/gone.ts', state: 'lost' });
      // Marked once: the next check plans nothing more for it.
      const again = checkTodoLinks([{ ...lost, links: repairs[1].links }], (p) => files[p]);
      assert.deepEqual(again.repairs, []);
    });

    it('clears the lost mark when the comment is back', () => {
      const back = item('BL-BACKK', [{ ...link, state: 'lost' }]);
      const { checks, repairs } = checkTodoLinks([back], () => scan(BASE));
      assert.equal(checks[0].state, 'current');
      assert.deepEqual(repairs[0].links[0], link);
    });

    it('follows an id marker after the comment text was edited, and updates the anchor', () => {
      const byId = item('BL-22222', [link]);
      const text = ['// header', 'function a() {', '  // TODO(BL-22222): handle every error', '}'].join('\n');
      const { checks, repairs } = checkTodoLinks([byId], () => scan(text));
      assert.equal(checks[0].state, 'current');
      assert.deepEqual(repairs[0].links[0], { ...link, anchor: 'TODO: handle every error' });
    });

    it('judges nothing for files the scan does not know yet, and flags links outside the folder', () => {
      const unknown = item('BL-UNKNW', [link]);
      const outside = item('BL-OUTSD', [{ ...link, path: '../elsewhere/a.ts' }]);
      const { checks, repairs } = checkTodoLinks([unknown, outside], () => undefined);
      assert.deepEqual(
        checks.map((c) => [c.item.id, c.state]),
        [['BL-OUTSD', 'outside']],
      );
      assert.deepEqual(repairs, []);
    });
  });

  describe('ignore rules for single paths', () => {
    let root: string;
    before(() => {
      root = mkdtempSync(join(tmpdir(), 'backlog-ignore-'));
      mkdirSync(join(root, 'pkg', 'gen'), { recursive: true });
      mkdirSync(join(root, 'build'), { recursive: true });
      writeFileSync(join(root, '.gitignore'), 'build/\n*.log\n');
      writeFileSync(join(root, 'pkg', '.gitignore'), 'gen/\n!keep.log\n');
      for (const f of ['a.ts', 'x.log', 'build/b.ts', 'pkg/c.ts', 'pkg/keep.log', 'pkg/gen/d.ts']) writeFileSync(join(root, f), '// TODO: here\n');
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    it('agrees with the walk on every file', async () => {
      const result = await scanWorkspace(root, { scanner });
      const walked = new Set(result.files.map((f) => f.path));
      const rules = new IgnoreRules(root);
      for (const f of ['a.ts', 'x.log', 'build/b.ts', 'pkg/c.ts', 'pkg/keep.log', 'pkg/gen/d.ts', '.gitignore']) {
        assert.equal(!rules.ignores(f), walked.has(f), f);
      }
      assert.ok(rules.ignores('build', true));
      assert.ok(rules.ignores('.hidden/a.ts'));
    });

    it('lets the walk leave out excluded folders without entering them', async () => {
      const seen: string[] = [];
      const result = await scanWorkspace(root, { scanner, exclude: (p) => p === 'pkg', onFile: (p) => seen.push(p) });
      assert.deepEqual(result.files.map((f) => f.path), ['a.ts']);
      assert.ok(!seen.some((p) => p.startsWith('pkg/')));
    });
  });
});

describe('code links in item files', () => {
  it('finds each block-style link’s path value and line, and nothing elsewhere', () => {
    const text = [
      '---',
      'id: BL-22222',
      'title: "path: not a link"',
      'links:',
      '  - kind: todo',
      '    path: src/board.ts',
      '    line: 3',
      '    anchor: "TODO: x"',
      '  - path: "docs/a b.md"',
      'labels: [x]',
      '---',
      'links:',
      '  - path: body/is/not/front/matter.ts',
    ].join('\r\n');
    const links = writtenCodeLinks(text);
    assert.deepEqual(
      links.map((l) => [l.path, l.line, l.at.line, text.split('\r\n')[l.at.line].slice(l.at.start, l.at.end)]),
      [
        ['src/board.ts', 3, 5, 'src/board.ts'],
        ['docs/a b.md', undefined, 8, 'docs/a b.md'],
      ],
    );
    assert.deepEqual(writtenCodeLinks('no front matter\nlinks:\n  - path: x'), []);
  });
});
