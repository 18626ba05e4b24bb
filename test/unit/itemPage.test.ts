import * as assert from 'node:assert/strict';
import { applyChecklistEdit, checklistEdit, checklistState } from '../../src/core/itemPage/checklist';
import { isSafeLink, renderDescription } from '../../src/core/itemPage/description';
import { itemHistoryEntries } from '../../src/core/itemPage/itemHistory';
import { parseItemPageRequest, toItemChanges } from '../../src/core/itemPage/itemPageRequests';
import type { Item } from '../../src/core/item';
import { parseItemFile } from '../../src/core/itemFile';
import { buildItemPageModel } from '../../src/core/itemPage/itemPageModel';
import { snapshotOf } from './support/snapshot';

const file = [
  '---',
  'id: BL-1',
  'title: Ship it',
  'type: feature',
  'status: Ready',
  '---',
  '',
  '## Acceptance criteria',
  '- [ ] first',
  '- [x] second',
  '> - [ ] quoted',
  '',
].join('\n');

describe('item page: ticking a criterion', () => {
  const parsed = parseItemFile('/w/.backlog/items/BL-1.md', file).item!;

  it('replaces exactly the one line, located in the file', () => {
    const line = parsed.body.split('\n').indexOf('- [ ] first');
    const r = checklistEdit(file, parsed.body, line, '- [ ] first', true);
    assert.ok(r.ok, r.ok ? '' : r.error);
    const lines = file.split('\n');
    assert.equal(lines[r.edit.fileLine], '- [ ] first');
    assert.equal(r.edit.text, '- [x] first');
    lines[r.edit.fileLine] = r.edit.text;
    // Everything else is byte for byte the same.
    const before = file.split('\n');
    assert.deepEqual(lines.filter((l, i) => l !== before[i]), ['- [x] first']);
  });

  it('unticks, keeps CRLF line ends out of the new text, and treats an already-ticked line as the same line', () => {
    const line = parsed.body.split('\n').indexOf('- [x] second');
    const r = checklistEdit(file, parsed.body, line, '- [ ] second', false);
    assert.ok(r.ok);
    assert.equal(r.ok && r.edit.text, '- [ ] second');
    const crlf = file.replace(/\n/g, '\r\n');
    const p = parseItemFile('/w/.backlog/items/BL-1.md', crlf).item!;
    const r2 = checklistEdit(crlf, p.body, line, '- [x] second', false);
    assert.ok(r2.ok);
    assert.equal(r2.ok && r2.edit.text, '- [ ] second');
    assert.equal(r2.ok && crlf.split('\n')[r2.edit.fileLine], '- [x] second\r');
    assert.ok(r2.ok);
    assert.equal(applyChecklistEdit(crlf, r2.edit), crlf.replace('- [x] second\r\n', '- [ ] second\r\n'));
  });

  it('refuses a line that changed since the page showed it, or is not a criterion', () => {
    const line = parsed.body.split('\n').indexOf('- [ ] first');
    const changed = checklistEdit(file, parsed.body, line, '- [ ] frist', true);
    assert.equal(changed.ok, false);
    assert.match(!changed.ok ? changed.error : '', /changed since/);
    const heading = checklistEdit(file, parsed.body, parsed.body.split('\n').indexOf('## Acceptance criteria'), '- [ ] first', true);
    assert.match(!heading.ok ? heading.error : '', /not a checklist item/);
    assert.equal(checklistEdit(file, parsed.body, 999, '- [ ] first', true).ok, false);
    assert.equal(checklistEdit(file.replace('first', 'other'), parsed.body, line, '- [ ] first', true).ok, false, 'the file is not the parsed one');
    assert.equal(checklistState('> - [ ] quoted'), undefined);
    assert.equal(checklistState('  * [X] nested'), 'done');
  });
});

describe('item page: the description as HTML', () => {
  it('escapes raw HTML and drops unsafe links', () => {
    const html = renderDescription('<img src=x onerror=alert(1)> <script>alert(2)</script>\n\n[a](javascript:alert(1)) [b](JavaScript:alert(1)) [c](data:text/html,x) [d](vscode://x) [e](//evil.example/x)\n\n<a href="javascript:alert(3)">raw</a>');
    assert.doesNotMatch(html, /<img|<script|<a href="javascript|onerror="|href="data|href="vscode|href="\/\/evil/i);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /&lt;script&gt;alert\(2\)&lt;\/script&gt;/);
    assert.match(html, /\[a\]\(javascript:alert\(1\)\)/, 'an unsafe link stays as its text');
  });

  it('keeps web, mail and repository links, and shows images as links', () => {
    const html = renderDescription('[w](https://example.com/a?b=1) [m](mailto:a@b.c) [r](../../src/a.ts#L3) ![shot](https://evil.example/p.png)');
    assert.match(html, /<a href="https:\/\/example.com\/a\?b=1">w<\/a>/);
    assert.match(html, /<a href="mailto:a@b.c">m<\/a>/);
    assert.match(html, /<a href="..\/..\/src\/a.ts#L3">r<\/a>/);
    assert.match(html, /<a href="https:\/\/evil.example\/p.png" class="image-link">shot<\/a>/);
    assert.doesNotMatch(html, /<img/);
    for (const ok of ['https://x', 'HTTP://x', 'mailto:x', 'a/b.md', '../x.ts#L2', '#part', '/src/x']) assert.ok(isSafeLink(ok), ok);
    for (const bad of ['javascript:x', ' javascript:x', 'java\tscript:x', 'data:x', 'file:///etc/passwd', 'command:workbench.action.quit', '//host/x', '\\\\host\\x']) assert.ok(!isSafeLink(bad), bad);
  });

  it('turns task-list lines into checkboxes that name their body line and text', () => {
    const text = 'Intro\n\n- [ ] first <b>\n- [x] second\n  - [ ] nested\n> - [ ] quoted\n';
    const html = renderDescription(text);
    assert.match(html, /<input class="task" type="checkbox" data-line="2" data-text="- \[ \] first &lt;b&gt;">first &lt;b&gt;/);
    assert.match(html, /<input class="task" type="checkbox" checked data-line="3" data-text="- \[x\] second">second/);
    assert.match(html, /data-line="4" data-text=" {2}- \[ \] nested"/);
    assert.match(html, /<input class="task" type="checkbox" disabled>quoted/, 'a quoted criterion cannot be flipped by line, so it is read-only');
  });
});

describe('item page: messages from the webview', () => {
  const ok = (value: unknown) => {
    const r = parseItemPageRequest(value);
    assert.ok(r.ok, r.ok ? '' : r.error);
    return r.request;
  };
  const refused = (value: unknown, pattern: RegExp) => {
    const r = parseItemPageRequest(value);
    assert.equal(r.ok, false, `accepted ${JSON.stringify(value)}`);
    if (!r.ok) assert.match(r.error, pattern);
  };

  it('accepts well-formed requests and copies only the known fields', () => {
    assert.deepEqual(ok({ type: 'check', hash: 'h', line: 3, text: '- [ ] a', checked: true, extra: 1 }), { type: 'check', hash: 'h', line: 3, text: '- [ ] a', checked: true });
    assert.deepEqual(ok({ type: 'update', hash: 'h', changes: { sprint: null, labels: ['a'], points: 3 } }), { type: 'update', hash: 'h', changes: { sprint: null, labels: ['a'], points: 3 } });
    assert.deepEqual(ok({ type: 'editBody', hash: 'h', body: '' }), { type: 'editBody', hash: 'h', body: '' });
    assert.deepEqual(ok({ type: 'ready', seq: 2 }), { type: 'ready', seq: 2 });
    assert.deepEqual(ok({ type: 'openCodeLink', index: 0 }), { type: 'openCodeLink', index: 0 });
    assert.deepEqual(ok({ type: 'openItem', id: 'BL-7K3QM' }), { type: 'openItem', id: 'BL-7K3QM' });
    assert.deepEqual(ok({ type: 'addChild', title: 'ignored' }), { type: 'addChild' });
    assert.deepEqual(ok({ type: 'editing', draft: 'ignored' }), { type: 'editing' });
    assert.deepEqual(toItemChanges({ sprint: null, labels: [], title: 'T' }), { sprint: undefined, labels: undefined, title: 'T' });
  });

  it('refuses anything else with a reason', () => {
    refused(null, /object/);
    refused({ type: 'write', path: '/etc/passwd' }, /unknown message type/);
    refused({ type: 'check', hash: 'h', line: -1, text: 'x', checked: true }, /line/);
    refused({ type: 'check', hash: 'h', line: 1, text: 'x', checked: 'yes' }, /checked/);
    refused({ type: 'update', hash: 'h', changes: { id: 'BL-2' } }, /cannot change "id"/);
    refused({ type: 'update', hash: 'h', changes: { rank: 'a0' } }, /cannot change "rank"/);
    refused({ type: 'update', hash: 'h', changes: {} }, /at least one/);
    refused({ type: 'update', hash: 'h', changes: { points: -1 } }, /points/);
    refused({ type: 'editBody', hash: 'h', body: 'x'.repeat(1_000_001) }, /body/);
    refused({ type: 'openLink', href: '' }, /href/);
    refused({ type: 'update', changes: { title: 'x' } }, /hash/);
    refused({ type: 'openItem', id: '../../etc/passwd' }, /item id/);
    refused({ type: 'openItem' }, /id/);
  });
});

describe('item page: parent, children and dependencies', () => {
  const item = (id: string, fields: Partial<Item> = {}): Item => ({
    id, title: `Title ${id}`, type: 'feature', status: 'Backlog', labels: [], blockedBy: [], links: [], file: `/r/.backlog/items/${id}.md`, body: '', hash: id, extra: {}, lines: {}, ...fields,
  });
  const items = [
    item('BL-EPIC', { type: 'epic' }),
    item('BL-A', { parent: 'BL-EPIC', status: 'Done', points: 3 }),
    item('BL-B', { parent: 'BL-EPIC', blockedBy: ['BL-A', 'BL-C', 'BL-GONE'], points: 2 }),
    item('BL-C', { parent: 'BL-LOST' }),
  ];
  const s = snapshotOf(items);
  const relations = (id: string) => buildItemPageModel(s.byId.get(id)!, s, false).relations;

  it('shows a parent its children in rank order with the roll-up', () => {
    assert.deepEqual(relations('BL-EPIC'), {
      children: [
        { id: 'BL-A', title: 'Title BL-A', status: 'Done', done: true, hash: 'BL-A' },
        { id: 'BL-B', title: 'Title BL-B', status: 'Backlog', done: false, hash: 'BL-B' },
      ],
      rollup: { done: 1, total: 2, pointsDone: 3, pointsTotal: 5 },
      blockedBy: [], unknownBlockers: [], blocks: [],
    });
  });

  it('shows a child its parent, its blockers (unknown ones apart) and what it blocks', () => {
    const b = relations('BL-B');
    assert.deepEqual(b.parent, { id: 'BL-EPIC', title: 'Title BL-EPIC', status: 'Backlog', done: false });
    assert.deepEqual(b.blockedBy.map((r) => [r.id, r.done]), [['BL-A', true], ['BL-C', false]]);
    assert.deepEqual(b.unknownBlockers, ['BL-GONE']);
    assert.deepEqual(relations('BL-A').blocks.map((r) => r.id), ['BL-B']);
    assert.equal(relations('BL-C').unknownParent, 'BL-LOST');
    assert.equal(relations('BL-C').parent, undefined);
  });
});

describe('item page: history', () => {
  const v = (at: number, author: string, fm: string) => ({ at, author, subject: 's', item: parseItemFile('/w/.backlog/items/BL-1.md', `---\nid: BL-1\ntype: feature\n${fm}\n---\nbody ${at}\n`).item });
  it('lists who changed which field, newest first', () => {
    const entries = itemHistoryEntries([
      v(1, 'Ana', 'title: A\nstatus: Ready'),
      v(2, 'Bo', 'title: A\nstatus: Doing\npoints: 3'),
      { at: 3, author: 'Cy', subject: 's', item: undefined, deleted: true },
    ]);
    assert.deepEqual(entries.map((e) => [e.author, e.changes]), [
      ['Cy', [{ field: 'deleted' }]],
      ['Bo', [{ field: 'status', from: 'Ready', to: 'Doing' }, { field: 'points', to: '3' }, { field: 'description' }]],
      ['Ana', [{ field: 'created', to: 'A' }]],
    ]);
  });
});
