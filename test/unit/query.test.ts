import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../src/core/config';
import type { Item } from '../../src/core/item';
import { groupItems, matchesQuery, parseQuery, sortItems } from '../../src/core/query';

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
    assert.deepEqual(q.terms, [{ key: 'type', value: 'bug', negate: false }, { key: 'status', value: 'in progress', negate: true }]);
    assert.deepEqual(q.words, ['login', 'big page']);
  });

  it('filters by fields, categories and text', () => {
    const ids = (text: string) => items.filter((i) => matchesQuery(i, parseQuery(text), DEFAULT_CONFIG)).map((i) => i.id);
    assert.deepEqual(ids('label:ui'), ['BL-AAAAA']);
    assert.deepEqual(ids('login'), ['BL-AAAAA']);
    assert.deepEqual(ids('is:done'), ['BL-CCCCC']);
    assert.deepEqual(ids('is:open -type:bug'), ['BL-BBBBB', 'BL-DDDDD']);
    assert.deepEqual(ids('assignee:none priority:must'), ['BL-AAAAA']);
    assert.deepEqual(ids('bob'), ['BL-BBBBB']);
    assert.deepEqual(ids('unknownkey:x'), []);
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
