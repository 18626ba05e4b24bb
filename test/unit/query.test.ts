import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../src/core/config';
import type { Item } from '../../src/core/item';
import { groupItems, matchesQuery, parseQuery, queryTermValues, setQueryTerm, sortItems } from '../../src/core/query';
import { snapshotOf } from './support/snapshot';

function item(id: string, fields: Partial<Item> = {}): Item {
  return { id, title: id, type: 'feature', status: 'Backlog', labels: [], blockedBy: [], links: [], file: `/r/${id}.md`, body: '', hash: '', extra: {}, lines: {}, ...fields };
}

describe('queries and grouping', () => {
  const items = [
    item('BL-AAAAA', { rank: 'a1', title: 'Login page', type: 'bug', labels: ['ui'], priority: 'must', status: 'In Progress' }),
    item('BL-BBBBB', { rank: 'a0', title: 'Export CSV', assignee: 'bob' }),
    item('BL-CCCCC', { title: 'Unranked', status: 'Done' }),
    item('BL-DDDDD', { rank: 'a0', title: 'Tie with B', status: 'Triage' }),
  ];

  it('sorts by rank, ties by id, unranked last', () => {
    assert.deepEqual(sortItems(items).map((i) => i.id), ['BL-BBBBB', 'BL-DDDDD', 'BL-AAAAA', 'BL-CCCCC']);
  });

  it('parses key:value terms, negation, quotes and free words', () => {
    const q = parseQuery('type:bug -status:"In Progress" login "big page"');
    assert.deepEqual(q.terms, [{ key: 'type', values: ['bug'], negate: false }, { key: 'status', values: ['in progress'], negate: true }]);
    assert.deepEqual(q.words, ['login', 'big page']);
    assert.deepEqual(q.problems, []);
  });

  it('parses lists of values, quoted values in lists, negated words and an unclosed quote', () => {
    assert.deepEqual(parseQuery('status:"In Progress",Done').terms, [{ key: 'status', values: ['in progress', 'done'], negate: false }]);
    assert.deepEqual(parseQuery('-flaky "half a phrase').terms, [{ key: 'text', values: ['flaky'], negate: true }]);
    assert.deepEqual(parseQuery('-flaky "half a phrase').words, ['half a phrase']);
    assert.deepEqual(parseQuery('a - b').words, ['a', '-', 'b'], 'a lone dash is a word');
  });

  it('says what it did not understand, and searches an unknown field as text', () => {
    const q = parseQuery('colour:red https://example.com/x is:later points:lots type:');
    assert.deepEqual(q.words, ['colour:red', 'https://example.com/x']);
    assert.equal(q.problems.length, 5);
    assert.match(q.problems[0], /Unknown field "colour:"/);
    assert.match(q.problems[2], /"is:later" is not a state: use open, todo, doing, done, blocked, ready, linked, estimated/);
    assert.match(q.problems[3], /"points:lots" needs a number/);
    assert.match(q.problems[4], /"type:" needs a value/);
    assert.deepEqual(q.terms.map((t) => t.key), ['is', 'points'], 'an empty value filters nothing');
  });

  it('reads and rewrites one field of query text, keeping the rest as typed', () => {
    assert.deepEqual(queryTermValues('login type:bug,chore -type:debt', 'type'), ['bug', 'chore']);
    assert.equal(setQueryTerm('login type:bug  -type:debt "a b"', 'type', ['feature']), 'login -type:debt "a b" type:feature');
    assert.equal(setQueryTerm('login type:bug', 'type', []), 'login');
    assert.equal(setQueryTerm('', 'status', ['In Progress', 'a,b', 'x"y']), 'status:"In Progress","a,b","xy"');
    assert.deepEqual(parseQuery(setQueryTerm('', 'status', ['In Progress', 'a,b'])).terms[0].values, ['in progress', 'a,b']);
  });

  it('filters by fields, categories and text', () => {
    const context = snapshotOf(items);
    const ids = (text: string) => items.filter((i) => matchesQuery(i, parseQuery(text), context)).map((i) => i.id);
    assert.deepEqual(ids('label:ui'), ['BL-AAAAA']);
    assert.deepEqual(ids('login'), ['BL-AAAAA']);
    assert.deepEqual(ids('is:done'), ['BL-CCCCC']);
    assert.deepEqual(ids('is:open -type:bug'), ['BL-BBBBB', 'BL-DDDDD']);
    assert.deepEqual(ids('assignee:none priority:must'), ['BL-AAAAA']);
    assert.deepEqual(ids('bob'), ['BL-BBBBB']);
    assert.deepEqual(ids('unknownkey:x'), []);
    assert.deepEqual(ids('id:bl-a'), ['BL-AAAAA'], 'id: matches a prefix');
    assert.deepEqual(ids('status:triage,done'), ['BL-CCCCC', 'BL-DDDDD']);
    const planned = [item('BL-E', { milestone: 'v2', parent: 'BL-P' }), item('BL-F')];
    const plannedIds = (text: string) => planned.filter((i) => matchesQuery(i, parseQuery(text), snapshotOf(planned))).map((i) => i.id);
    assert.deepEqual(plannedIds('milestone:V2'), ['BL-E']);
    assert.deepEqual(plannedIds('parent:none milestone:none'), ['BL-F']);
  });

  it('groups in config order, keeps empty declared groups, puts stray values after', () => {
    const groups = groupItems(sortItems(items), 'status', DEFAULT_CONFIG);
    assert.deepEqual(groups.map((g) => [g.label, g.items.length, g.undeclared]), [
      ['Backlog', 1, false], ['Ready', 0, false], ['In Progress', 1, false], ['Review', 0, false], ['Done', 1, false], ['Triage', 1, true],
    ]);
    const bySprint = groupItems(items, 'sprint', DEFAULT_CONFIG);
    assert.deepEqual(bySprint.map((g) => g.label), ['Product backlog (no sprint)']);
  });
});
