import * as assert from 'node:assert/strict';
import { locateLineLink, locateTodoLink, normaliseAnchor, todoAnchor } from '../../src/core/todos/anchors';
import { applyMarkers, codeBelow, planCapture, renderMarker, todoTitle, trackTodos, type ScannedFile } from '../../src/core/todos/capture';
import { DEFAULT_CONFIG } from '../../src/core/config';
import type { CodeLink, Item } from '../../src/core/item';
import { languageForPath } from '../../src/core/todos/languages';
import { TodoScanner } from '../../src/core/todos/scanner';

const scanner = new TodoScanner();
const scan = (text: string, name = 'src/a.ts') => scanner.scan(text, languageForPath(name));
const file = (path: string, text: string): ScannedFile => ({ path, fence: languageForPath(path).fence, text, todos: scan(text, path) });

function item(id: string, links: CodeLink[] = []): Item {
  return { id, title: id, type: 'debt', status: 'Backlog', labels: [], blockedBy: [], links, file: `/r/.backlog/items/${id}.md`, body: '', hash: id, extra: {}, lines: {} };
}

const BASE = ['function a() {', '  // TODO: handle errors', '  return 1;', '}', '// FIXME: slow path', ''].join('\n');

describe('TODO links', () => {
  it('anchors on tag and text, not the marker, so writing the id back keeps the anchor', () => {
    const [before] = scan('// TODO: fix   the parser');
    const [after] = scan('// TODO(BL-7K3QM): fix the parser');
    assert.equal(todoAnchor(before), 'TODO: fix   the parser');
    assert.equal(normaliseAnchor(todoAnchor(before)), normaliseAnchor(todoAnchor(after)));
  });

  it('is current when nothing moved', () => {
    const link: CodeLink = { path: 'src/a.ts', line: 2, kind: 'todo', anchor: 'TODO: handle errors' };
    const loc = locateTodoLink(link, 'BL-AAAAA', scan(BASE));
    assert.equal(loc.state, 'current');
    assert.equal(loc.line, 2);
    assert.equal(loc.via, 'anchor');
  });

  it('follows the comment after lines are inserted above or removed', () => {
    const link: CodeLink = { path: 'src/a.ts', line: 2, kind: 'todo', anchor: 'TODO: handle errors' };
    const inserted = ['// header', '// more', BASE].join('\n');
    assert.deepEqual([locateTodoLink(link, undefined, scan(inserted)).state, locateTodoLink(link, undefined, scan(inserted)).line], ['moved', 4]);
    const removed = BASE.split('\n').slice(1).join('\n');
    assert.equal(locateTodoLink(link, undefined, scan(removed)).line, 1);
  });

  it('prefers the id marker over text, wherever the comment went', () => {
    const text = '// TODO: handle errors\n\n\n// TODO(BL-AAAAA): handle errors differently now';
    const loc = locateTodoLink({ path: 'src/a.ts', line: 1, kind: 'todo', anchor: 'TODO: handle errors' }, 'BL-AAAAA', scan(text));
    assert.equal(loc.via, 'id');
    assert.equal(loc.line, 4);
    assert.equal(loc.anchor, 'TODO: handle errors differently now');
  });

  it('picks the same text nearest the old line, never a comment naming another item', () => {
    const text = '// TODO: same\n' + '\n'.repeat(10) + '// TODO: same\n\n// TODO(BL-OTHER): same';
    const link: CodeLink = { path: 'src/a.ts', line: 13, kind: 'todo', anchor: 'TODO: same' };
    assert.equal(locateTodoLink(link, 'BL-AAAAA', scan(text)).line, 12);
    const onlyOther = '// TODO(BL-OTHER): same';
    assert.equal(locateTodoLink(link, 'BL-AAAAA', scan(onlyOther)).state, 'lost');
  });

  it('finds a comment whose text was edited a little, and loses one rewritten or removed', () => {
    const link: CodeLink = { path: 'src/a.ts', line: 2, kind: 'todo', anchor: 'TODO: handle errors from the parser' };
    const edited = locateTodoLink(link, undefined, scan('x;\n// TODO: handle all errors from the parser'));
    assert.equal(edited.state, 'current');
    assert.equal(edited.via, 'similar');
    assert.equal(locateTodoLink(link, undefined, scan('x;\n// TODO: rewrite the renderer')).state, 'lost');
    assert.equal(locateTodoLink(link, undefined, scan('x;\n// FIXME: handle errors from the parser')).state, 'lost', 'a different tag is a different comment');
    assert.equal(locateTodoLink(link, undefined, scan('x;\n')).state, 'lost');
  });

  it('locates plain code links by their line text', () => {
    const link: CodeLink = { path: 'src/a.ts', line: 3, kind: 'code', anchor: 'return 1;' };
    assert.deepEqual(locateLineLink(link, BASE), { state: 'current', line: 3, via: 'anchor', anchor: 'return 1;' });
    assert.equal(locateLineLink(link, 'x\n' + BASE).line, 4);
    assert.equal(locateLineLink(link, 'nothing').state, 'lost');
    assert.equal(locateLineLink({ path: 'a', line: 2 }, 'a\nb').state, 'current');
    assert.equal(locateLineLink({ path: 'a', line: 9 }, 'a\nb').state, 'lost');
  });
});

describe('TODO capture planning', () => {
  const options = { config: DEFAULT_CONFIG };

  it('plans an item per untracked comment: title, type, link, body with the code', () => {
    const plan = planCapture([file('src/a.ts', BASE)], [], options);
    assert.equal(plan.create.length, 2);
    const [todo, fixme] = plan.create;
    assert.equal(todo.item.title, 'Handle errors');
    assert.equal(todo.item.type, 'debt');
    assert.equal(fixme.item.type, 'bug');
    assert.deepEqual(todo.item.links, [{ path: 'src/a.ts', line: 2, kind: 'todo', anchor: 'TODO: handle errors' }]);
    assert.match(todo.item.body!, /```ts\nfunction a\(\) \{\n {2}\/\/ TODO: handle errors\n {2}return 1;\n\}\n\/\/ FIXME: slow path\n```/);
    assert.match(fixme.item.body!, /```ts\n {2}\/\/ TODO: handle errors\n {2}return 1;\n\}\n\/\/ FIXME: slow path\n```/, 'blank lines at the edges are left out');
    assert.match(todo.item.body!, /## Acceptance criteria/);
  });

  it('falls back to the default type when the config has no debt or bug type', () => {
    const plan = planCapture([file('src/a.ts', BASE)], [], { config: { types: ['story'], defaultType: 'story' } });
    assert.deepEqual(plan.create.map((c) => c.item.type), ['story', 'story']);
  });

  it('assigns the owner named in the marker and fences code holding backticks', () => {
    const plan = planCapture([file('src/a.ts', 'const s = ```x```; // TODO(@ann): tidy')], [], options);
    assert.equal(plan.create[0].item.assignee, 'ann');
    assert.match(plan.create[0].item.body!, /````ts\n/);
  });

  it('links a comment that names an existing id and never captures it again', () => {
    const f = file('src/a.ts', '// TODO(BL-AAAAA): known\n// TODO(BL-GONE1): unknown');
    const plan = planCapture([f], [item('BL-AAAAA')], options);
    assert.equal(plan.create.length, 0);
    assert.deepEqual(plan.linked.map((l) => [l.id, l.via]), [['BL-AAAAA', 'marker']]);
    assert.deepEqual(plan.unknownIds.map((u) => u.id), ['BL-GONE1']);
  });

  it('is idempotent without write-back: items link by anchor, one comment each', () => {
    const text = '// TODO: same\nx();\n// TODO: same\n';
    const first = planCapture([file('src/a.ts', text)], [], options);
    assert.equal(first.create.length, 2);
    const items = first.create.map((c, i) => item(`BL-ITEM${i}`, [...c.item.links!]));
    const second = planCapture([file('src/a.ts', text)], items, options);
    assert.equal(second.create.length, 0);
    assert.deepEqual(second.linked.map((l) => [l.todo.line, l.id, l.via]), [[1, 'BL-ITEM0', 'link'], [3, 'BL-ITEM1', 'link']]);
    // A third identical comment is new work.
    const third = planCapture([file('src/a.ts', text + '// TODO: same\n')], items, options);
    assert.deepEqual(third.create.map((c) => c.todo.line), [4]);
  });

  it('does not let an item named by a marker also claim a look-alike comment', () => {
    const text = '// TODO(BL-AAAAA): same\n// TODO: same\n';
    const tracked = trackTodos([file('src/a.ts', text)], [item('BL-AAAAA', [{ path: 'src/a.ts', line: 1, kind: 'todo', anchor: 'TODO: same' }])]);
    assert.deepEqual([...tracked.values()].map((t) => t.kind), ['linked', 'untracked']);
  });

  it('writes ids back into the comments, keeping everything else byte for byte', () => {
    const text = 'a();\r\n  // TODO(@ann): first\r\n/* FIXME second */\r\n# not code\r\n// TODO\r\n';
    const f = file('src/a.ts', text);
    const plan = planCapture([f], [], options);
    const ids = ['BL-22222', 'BL-33333', 'BL-44444'];
    const result = applyMarkers(text, plan.create.map((c, i) => ({ edit: c.marker, id: ids[i] })));
    assert.equal(result.text, 'a();\r\n  // TODO(BL-22222, @ann): first\r\n/* FIXME(BL-33333): second */\r\n# not code\r\n// TODO(BL-44444)\r\n');
    assert.equal(result.applied.length, 3);
    // Scanning the result finds every comment linked: capture is done.
    const again = planCapture([file('src/a.ts', result.text)], ids.map((id) => item(id)), options);
    assert.equal(again.create.length, 0);
    assert.equal(again.linked.length, 3);
  });

  it('refuses edits whose text changed since the scan, and honours a custom format', () => {
    const f = file('src/a.ts', '// TODO: one\n// TODO: two\n');
    const plan = planCapture([f], [], options);
    const changed = '// TODO: one\n// TODO: two!\n';
    const result = applyMarkers(changed, plan.create.map((c, i) => ({ edit: c.marker, id: `BL-0000${i + 2}` })), '{tag} [{id}] {text}');
    assert.equal(result.text, '// TODO [BL-00002] one\n// TODO: two!\n');
    assert.deepEqual(result.stale.map((e) => e.line), [2]);
    const shifted = applyMarkers('\n' + f.text, plan.create.map((c) => ({ edit: c.marker, id: 'BL-22222' })));
    assert.equal(shifted.applied.length, 0, 'a line inserted above makes every offset stale');
    assert.throws(() => renderMarker(plan.create[0].marker, 'BL-1', '{tag}: {text}'), /must contain \{id\}/);
  });

  it('titles from the comment text, bounded, with a fallback', () => {
    assert.equal(todoTitle({ tag: 'TODO', text: 'fix it.' }, 'src/a.ts'), 'Fix it');
    assert.equal(todoTitle({ tag: 'HACK', text: '', line: 4 }, 'src/deep/b.py'), 'Follow up at b.py:4');
    const long = todoTitle({ tag: 'TODO', text: 'word '.repeat(40) }, 'a');
    assert.ok(long.length <= 101 && long.endsWith('…'), long);
  });

  it('titles from the whole first sentence, continued on the next comment lines', () => {
    const title = (name: string, text: string) => {
      const [t] = scanner.scan(text, languageForPath(name));
      return todoTitle(t, name, codeBelow(text.split('\n'), t.line));
    };
    assert.equal(title('a.ts', '// TODO: handle the case where the\n// user has no email. Then log it.\nf();'), 'Handle the case where the user has no email');
    assert.equal(title('a.ts', '/*\n * FIXME: retry when the\n * network is back\n *\n * unrelated paragraph\n */'), 'Retry when the network is back');
    assert.equal(title('a.py', '# TODO: stop at another tag\n# FIXME: this one'), 'Stop at another tag');
    assert.equal(title('a.py', '# TODO: a sentence\n# over three\n# lines. Not this\n# nor this'), 'A sentence over three lines');
    assert.equal(title('a.js', '// TODO in the next major release: remove\n// Some old plugins use this module\n'), 'In the next major release: remove');
    assert.equal(title('a.py', 'x = 1 # TODO: not continued by\ny = 2 # a trailing comment on the next line'), 'Not continued by');
    assert.equal(title('a.ts', '/** @todo wire the cache,\n * @param x the key */'), 'Wire the cache');
    assert.equal(title('a.ts', '// TODO: e.g. use a map. Later more'), 'E.g. use a map');
    assert.equal(title('a.ts', '// TODO: remove after the migration\n// const x = old();\n// x = 2\n'), 'Remove after the migration');
    assert.equal(title('a.py', '# TODO: remove after the migration\n# migrate(db)\n'), 'Remove after the migration');
  });

  it('keeps code identifiers as written, and never titles an item with a tag word alone', () => {
    assert.equal(todoTitle({ tag: 'TODO', text: 'parseDate should accept ISO weeks' }, 'a.ts'), 'parseDate should accept ISO weeks');
    assert.equal(todoTitle({ tag: 'TODO', text: 'user_id may be null' }, 'a.ts'), 'user_id may be null');
    assert.equal(todoTitle({ tag: 'TODO', text: '`npm ci` fails offline' }, 'a.ts'), '`npm ci` fails offline');
    assert.equal(todoTitle({ tag: 'TODO', text: 'remove this' }, 'a.ts'), 'Remove this');
    assert.equal(todoTitle({ tag: 'TODO', text: 'FIX', line: 3 }, 'src/x.js', '  const total = sum(items);'), 'Follow up on `const total = sum(items);` (x.js:3)');
    assert.equal(todoTitle({ tag: 'FIXME', text: 'todo!', line: 9 }, 'x.js'), 'Follow up at x.js:9');
    assert.equal(codeBelow(['// TODO', '', '// more', '}', 'int x;'], 1), 'int x;', 'a line of punctuation says nothing');
    assert.equal(todoTitle({ tag: 'TODO', text: '? repeat nested values? And yoyo?' }, 'a.ts'), 'Repeat nested values?');
  });
});
