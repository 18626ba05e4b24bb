// The pure pieces behind the MCP tools: body edits by section, the ready/blocked predicate and
// ranked search.
import * as assert from 'node:assert/strict';
import { snapshotOf } from './support/snapshot';
import { BacklogError } from '../../src/core/backlog';
import type { Item } from '../../src/core/item';
import { acceptanceCriteria, editBody } from '../../src/core/itemBody';
import { defaultItemBody } from '../../src/core/itemFile';
import { blockers, isReady, nextItems } from '../../src/core/planning/readiness';
import { searchItems } from '../../src/core/searchItems';

function item(id: string, title: string, fields: Partial<Item> = {}): Item {
  return {
    id, title, type: 'feature', status: 'Backlog', labels: [], blockedBy: [], links: [], file: `/r/.backlog/items/${id}.md`, hash: id, extra: {}, lines: {},
    body: '\n## Description\n\nWhy it matters.\n\n## Acceptance criteria\n\n- [ ] it works\n', points: 3, ...fields,
  };
}


describe('item body edits', () => {
  const body = '\n## Description\n\nOld text.\n\n## Acceptance criteria\n\n- [ ] first one\n- [x] second one\n* [ ] third, other bullet\n\n## Links\n\nsee #12\n';

  it('ticks and unticks criteria by number or by a unique part of their text, touching nothing else', () => {
    const out = editBody(body, [
      { kind: 'checkCriterion', which: 1, done: true },
      { kind: 'checkCriterion', which: 'SECOND', done: false },
      { kind: 'checkCriterion', which: 3, done: true },
    ]);
    assert.equal(out, body.replace('- [ ] first', '- [x] first').replace('- [x] second', '- [ ] second').replace('* [ ] third', '* [x] third'));
    assert.deepEqual(acceptanceCriteria(out), [
      { n: 1, text: 'first one', done: true },
      { n: 2, text: 'second one', done: false },
      { n: 3, text: 'third, other bullet', done: true },
    ]);
  });

  it('refuses a criterion that is missing or ambiguous', () => {
    assert.throws(() => editBody(body, [{ kind: 'checkCriterion', which: 4, done: true }]), (e: unknown) => e instanceof BacklogError && /No acceptance criterion #4; it has 3/.test(e.message));
    assert.throws(() => editBody(body, [{ kind: 'checkCriterion', which: 'one', done: true }]), /matches 2 acceptance criteria/);
    assert.throws(() => editBody('\nJust text.\n', [{ kind: 'checkCriterion', which: 1, done: true }]), /no acceptance criteria/);
  });

  it('replaces a section, appends notes (creating the section once) and adds criteria in place of the placeholder', () => {
    const out = editBody(body, [
      { kind: 'replaceSection', heading: 'Description', text: 'New text.\r\nSecond line.' },
      { kind: 'appendToSection', heading: 'Notes', text: 'First note.' },
      { kind: 'appendToSection', heading: 'notes', text: 'Second note.' },
    ]);
    assert.equal(out, '\n## Description\n\nNew text.\nSecond line.\n\n## Acceptance criteria\n\n- [ ] first one\n- [x] second one\n* [ ] third, other bullet\n\n## Links\n\nsee #12\n\n## Notes\n\nFirst note.\n\nSecond note.\n');
    const fresh = editBody(defaultItemBody('Why.'), [{ kind: 'addCriterion', text: '  it  works ' }, { kind: 'addCriterion', text: 'it is fast' }]);
    assert.equal(fresh, '\n## Description\n\nWhy.\n\n## Acceptance criteria\n\n- [ ] it works\n- [ ] it is fast\n');
  });

  it('keeps CRLF line endings', () => {
    const crlf = body.replace(/\n/g, '\r\n');
    const out = editBody(crlf, [{ kind: 'checkCriterion', which: 1, done: true }, { kind: 'appendToSection', heading: 'Notes', text: 'n' }]);
    assert.doesNotMatch(out.replace(/\r\n/g, ''), /\n/);
    assert.match(out, /- \[x\] first one\r\n/);
  });
});

describe('ready and blocked items', () => {
  it('blocks while a listed item is not done; unknown ids do not block', () => {
    const blocker = item('BL-2', 'blocker', { status: 'In Progress' });
    const blocked = item('BL-1', 'blocked', { blockedBy: ['BL-2', 'BL-GONE'] });
    let s = snapshotOf([blocked, blocker]);
    assert.deepEqual(blockers(blocked, s).map((b) => b.id), ['BL-2']);
    assert.equal(isReady(blocked, s), false);
    s = snapshotOf([blocked, { ...blocker, status: 'Done' }]);
    assert.deepEqual(blockers(blocked, s), []);
    assert.equal(isReady(blocked, s), true);
  });

  it('next: groomed to-do items in rank order, for a person plus unassigned ones, up to the limit', () => {
    const items = [
      item('BL-1', 'doing', { status: 'In Progress' }),
      item('BL-2', 'no estimate', { points: undefined }),
      item('BL-3', 'mine', { assignee: 'Ada' }),
      item('BL-4', 'theirs', { assignee: 'Bob' }),
      item('BL-5', 'open'),
      item('BL-6', 'no criteria', { body: '\n## Description\n\nWhy.\n\n## Acceptance criteria\n\n- [ ] \n' }),
      item('BL-7', 'also open', { status: 'Ready' }),
    ];
    const s = snapshotOf(items);
    assert.deepEqual(nextItems(s).map((i) => i.id), ['BL-3', 'BL-4', 'BL-5', 'BL-7']);
    assert.deepEqual(nextItems(s, { assignee: 'ada' }).map((i) => i.id), ['BL-3', 'BL-5', 'BL-7']);
    assert.deepEqual(nextItems(s, { assignee: 'ada', limit: 2 }).map((i) => i.id), ['BL-3', 'BL-5']);
  });
});

describe('ranked search', () => {
  const items = [
    item('BL-1', 'Refactor the login flow'),
    item('BL-2', 'Logins fail on Safari', { type: 'bug' }),
    item('BL-3', 'Export', { labels: ['login'] }),
    item('BL-4', 'Login page', { status: 'Done' }),
  ];

  it('puts whole-word title matches first, keeps backlog order for ties and with no free words', () => {
    const context = snapshotOf(items);
    assert.deepEqual(searchItems(items, 'login', context).map((i) => i.id), ['BL-1', 'BL-4', 'BL-2', 'BL-3']);
    assert.deepEqual(searchItems(items, 'is:open login', context).map((i) => i.id), ['BL-1', 'BL-2', 'BL-3']);
    assert.deepEqual(searchItems(items, '', context).map((i) => i.id), ['BL-1', 'BL-2', 'BL-3', 'BL-4']);
    assert.deepEqual(searchItems(items, 'bl-3', context).map((i) => i.id), ['BL-3']);
    assert.deepEqual(searchItems(items, 'type:bug', context).map((i) => i.id), ['BL-2']);
  });
});
