import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backlog, BacklogError } from '../../src/core/backlog';
import { writableWhen } from '../../src/core/readOnlyFiles';
import { planCapture, trackTodos, type ScannedFile } from '../../src/core/todos/capture';
import { dismissedTodoFor, editDismissedTodos, parseDismissedTodos } from '../../src/core/todos/dismissedTodos';
import { languageForPath } from '../../src/core/todos/languages';
import { TodoScanner } from '../../src/core/todos/scanner';
import { nodeFiles } from '../../src/node/nodeFiles';
import { cli } from './support/cli';

function scanned(path: string, text: string): ScannedFile {
  const language = languageForPath(path);
  return { path, fence: language.fence, text, todos: new TodoScanner().scan(text, language) };
}

async function workspace(files: Record<string, string>): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'backlog-dismissed-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  assert.equal((await cli(root, 'init')).code, 0);
  return root;
}

describe('dismissed TODO comments', () => {
  it('the file keeps one sorted line per comment, keyed by path and text, and loses no line it cannot read', () => {
    const file = '/w/.backlog/dismissed-todos.txt';
    let text = editDismissedTodos('', { add: [{ path: 'src/b.ts', anchor: 'TODO: later' }, { path: 'src/a.ts', anchor: 'HACK: vendored' }] });
    assert.deepEqual(text.split('\n').filter((l) => l && !l.startsWith('#')), ['src/a.ts\tHACK: vendored', 'src/b.ts\tTODO: later']);
    // The same comment spaced differently is the same entry; a hand-written bad line stays.
    text = editDismissedTodos(text + 'no tab here\n', { add: [{ path: 'src/a.ts', anchor: 'HACK:   vendored' }] });
    assert.equal(text.split('\n').filter((l) => l.startsWith('src/a.ts')).length, 1);
    const parsed = parseDismissedTodos(file, text);
    assert.equal(parsed.entries.length, 2);
    assert.deepEqual(parsed.problems.map((p) => [p.file, p.line, p.code]), [[file, text.split('\n').indexOf('no tab here') + 1, 'dismissed-todo']]);
    assert.ok(parsed.has('src/b.ts', { tag: 'TODO', text: 'later' }));
    assert.ok(!parsed.has('src/a.ts', { tag: 'TODO', text: 'later' }), 'another file');
    text = editDismissedTodos(text, { remove: [{ path: 'src/b.ts', anchor: 'TODO: later' }] });
    assert.ok(!parseDismissedTodos(file, text).has('src/b.ts', { tag: 'TODO', text: 'later' }));
    assert.ok(text.includes('no tab here'));
    // A tab or line break in a path or comment cannot split an entry.
    const odd = editDismissedTodos('', { add: [dismissedTodoFor('x.ts', { tag: 'TODO', text: 'a\tb' })] });
    assert.ok(parseDismissedTodos(file, odd).has('x.ts', { tag: 'TODO', text: 'a b' }));
  });

  it('a dismissed comment is not untracked: capture leaves it out unless asked for by name, wherever it moved', () => {
    const before = scanned('src/a.ts', '// TODO: keep me\n// NOTE\n// TODO: not backlog work\n');
    const dismissed = parseDismissedTodos('f', editDismissedTodos('', { add: [dismissedTodoFor('src/a.ts', before.todos[1])] }));
    const moved = scanned('src/a.ts', '\n\n// TODO: not backlog work\nx();\n// TODO: keep me\n');
    const tracking = trackTodos([moved], [], dismissed);
    assert.deepEqual(moved.todos.map((t) => tracking.get(t)?.kind), ['dismissed', 'untracked']);
    const config = { types: ['debt', 'bug'], defaultType: 'debt' };
    const plan = planCapture([moved], [], { config, dismissed });
    assert.deepEqual(plan.create.map((c) => c.item.title), ['Keep me']);
    assert.deepEqual(plan.dismissed.map((d) => d.todo.line), [3]);
    assert.equal(planCapture([moved], [], { config, dismissed, includeDismissed: true }).create.length, 2);
  });

  it('is written through the store: under the lock, refused while read-only, never through a link out of the folder', async () => {
    const root = await workspace({});
    let writable = true;
    const backlog = new Backlog(root, writableWhen(nodeFiles, () => writable, 'read-only here'));
    await backlog.load();
    const entry = { path: 'src/a.ts', anchor: 'TODO: x' };
    const after = await backlog.changeDismissedTodos({ add: [entry] });
    assert.deepEqual(after.entries, [entry]);
    assert.deepEqual((await backlog.readDismissedTodos()).entries, [entry]);
    assert.ok(!existsSync(backlog.lockPath), 'the lock is released');
    writable = false;
    await assert.rejects(backlog.changeDismissedTodos({ remove: [entry] }), (e) => e instanceof BacklogError && e.code === 'read-only');
    assert.ok(readFileSync(backlog.dismissedTodosPath, 'utf8').includes('src/a.ts\tTODO: x'), 'nothing changed');

    const other = await workspace({});
    const outside = join(mkdtempSync(join(tmpdir(), 'backlog-outside-')), 'list.txt');
    writeFileSync(outside, 'secret.ts\tTODO: outside\n');
    symlinkSync(outside, join(other, '.backlog', 'dismissed-todos.txt'));
    const linked = new Backlog(other, nodeFiles);
    await linked.load();
    assert.deepEqual((await linked.readDismissedTodos()).entries, [], 'a link out of the folder is not read');
    await assert.rejects(linked.changeDismissedTodos({ add: [entry] }), (e) => e instanceof BacklogError && e.code === 'unsafe-path');
    assert.equal(readFileSync(outside, 'utf8'), 'secret.ts\tTODO: outside\n', 'the file outside is untouched');
  });

  it('the CLI lists dismissed comments as x and `todos capture` leaves them out', async () => {
    const root = await workspace({ 'src/a.ts': '// TODO: real work\n// TODO: just a note\n' });
    writeFileSync(join(root, '.backlog', 'dismissed-todos.txt'), 'src/a.ts\tTODO: just a note\nbroken line\n');
    const listed = await cli(root, 'todos');
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /src\/a\.ts:2:4 +TODO +x +just a note/);
    assert.match(listed.stdout, /2 comments in 1 file, 1 untracked, 1 dismissed/);
    assert.match(listed.stderr, /\.backlog\/dismissed-todos\.txt:2:1 warning expected <path><TAB><comment>/);
    const json = JSON.parse((await cli(root, 'todos', '--json')).stdout) as { todos: { text: string; tracking: string }[] };
    assert.deepEqual(json.todos.map((t) => `${t.text}:${t.tracking}`), ['real work:untracked', 'just a note:dismissed']);
    const captured = await cli(root, 'todos', 'capture');
    assert.match(captured.stdout, /created 1 item, 0 already linked, 1 dismissed \(left out\)/);
  });
});
