import * as assert from 'node:assert/strict';
import type { BoardCard, BoardSnapshot } from '../../src/core/board/boardCard';
import { layoutBoard } from '../../src/core/board/boardLayout';
import { DEFAULT_VIEW, sanitizeView, sprintChoices, type BoardView } from '../../src/core/board/boardView';

function card(id: string, fields: Partial<BoardCard> = {}): BoardCard {
  return {
    id,
    hash: `h-${id}`,
    title: `Title of ${id}`,
    type: 'feature',
    status: 'Backlog',
    labels: [],
    links: { todo: 0, test: 0, code: 0 },
    checklist: { done: 0, total: 0 },
    ...fields,
  };
}

function board(cards: BoardCard[]): Pick<BoardSnapshot, 'statuses' | 'types' | 'priorities' | 'cards' | 'sprints'> {
  return {
    statuses: [
      { name: 'Backlog', category: 'todo' },
      { name: 'In Progress', category: 'doing', wip: 2 },
      { name: 'Done', category: 'done' },
    ],
    types: ['feature', 'bug'],
    priorities: ['must', 'should', 'could'],
    sprints: [],
    cards,
  };
}

const view = (patch: Partial<BoardView> = {}): BoardView => ({ ...DEFAULT_VIEW, ...patch });
const ids = (cards: readonly BoardCard[]) => cards.map((c) => c.id);

describe('board layout', () => {
  it('makes one column per configured status, in config order, with cards in rank order', () => {
    const layout = layoutBoard(board([card('A', { status: 'Done' }), card('B'), card('C', { status: 'In Progress' }), card('D')]), view());
    assert.deepEqual(layout.columns.map((c) => c.status), ['Backlog', 'In Progress', 'Done']);
    assert.equal(layout.lanes.length, 1);
    assert.deepEqual(layout.lanes[0].cells.map(ids), [['B', 'D'], ['C'], ['A']]);
    assert.deepEqual(layout.positions.get('D'), { column: 0, lane: 0, index: 1 });
  });

  it('shows a status config does not list as an extra column that takes no drops', () => {
    const layout = layoutBoard(board([card('A', { status: 'Blocked' }), card('B')]), view());
    assert.deepEqual(layout.columns.map((c) => [c.status, c.declared]), [['Backlog', true], ['In Progress', true], ['Done', true], ['Blocked', false]]);
    assert.deepEqual(ids(layout.lanes[0].cells[3]), ['A']);
  });

  it('counts points per column and flags a column over its WIP limit, counting filtered-out cards too', () => {
    const cards = [
      card('A', { status: 'In Progress', points: 3, type: 'bug' }),
      card('B', { status: 'In Progress', points: 5 }),
      card('C', { status: 'In Progress' }),
      card('D', { points: 1 }),
    ];
    const all = layoutBoard(board(cards), view());
    assert.equal(all.columns[1].total, 3);
    assert.equal(all.columns[1].points, 8);
    assert.equal(all.columns[1].overWip, true);
    assert.equal(all.columns[0].overWip, false, 'no limit, never over');
    const bugs = layoutBoard({ ...board(cards), matches: { query: 'type:bug', ids: ['A'], problems: [] } }, view({ query: 'type:bug' }));
    assert.equal(bugs.columns[1].shown, 1);
    assert.equal(bugs.columns[1].points, 3, 'points are those of the shown cards');
    assert.equal(bugs.columns[1].overWip, true, 'WIP is about all the work in the column');
    assert.equal(bugs.hidden, 3);
  });

  it('sums committed and done over what is shown', () => {
    const cards = [card('A', { status: 'Done', points: 2 }), card('B', { points: 3 }), card('C', { status: 'Done' })];
    const { summary } = layoutBoard(board(cards), view());
    assert.deepEqual(summary, { count: 3, points: 5, doneCount: 2, donePoints: 2, unestimated: 1 });
  });

  it('shows the cards the host matched for the filter, and every card until it has answered', () => {
    const cards = [card('A'), card('B', { status: 'Done' }), card('C')];
    const filtered = layoutBoard({ ...board(cards), matches: { query: 'x', ids: ['C', 'B'], problems: [] } }, view({ query: 'x' }));
    assert.deepEqual(filtered.lanes[0].cells.map(ids), [['C'], [], ['B']], 'rank order, not the order of the answer');
    assert.equal(filtered.hidden, 1);
    assert.equal(filtered.filtering, true);
    const waiting = layoutBoard(board(cards), view({ query: 'x' }));
    assert.equal(waiting.summary.count, 3);
    const cleared = layoutBoard({ ...board(cards), matches: { query: 'x', ids: ['C'], problems: [] } }, view({ query: ' ' }));
    assert.equal(cleared.summary.count, 3, 'an empty query shows every card, whatever answer is held');
  });

  it('scopes to all items, the product backlog, or one sprint', () => {
    const cards = [card('A', { sprint: 's1' }), card('B'), card('C', { sprint: 's2', status: 'Done' })];
    const shown = (scope: BoardView['scope']) => [...layoutBoard(board(cards), view({ scope })).positions.keys()].sort();
    assert.deepEqual(shown({ kind: 'all' }), ['A', 'B', 'C']);
    assert.deepEqual(shown({ kind: 'backlog' }), ['B']);
    assert.deepEqual(shown({ kind: 'sprint', name: 's2' }), ['C']);
    const s2 = layoutBoard(board(cards), view({ scope: { kind: 'sprint', name: 's2' } }));
    assert.equal(s2.inScope, 1);
    assert.equal(s2.columns[0].total, 0, 'counts follow the scope');
  });

  it('counts WIP over the whole backlog, as the tree does, whatever the sprint scope and filter', () => {
    const cards = [
      card('A', { status: 'In Progress', sprint: 's1' }),
      card('B', { status: 'In Progress', sprint: 's2' }),
      card('C', { status: 'In Progress' }),
    ];
    const s1 = layoutBoard({ ...board(cards), matches: { query: 'q', ids: [], problems: [] } }, view({ scope: { kind: 'sprint', name: 's1' }, query: 'q' }));
    const column = s1.columns[1];
    assert.deepEqual([column.total, column.shown, column.wipCount, column.wip, column.overWip], [1, 0, 3, 2, true]);
  });

  it('offers declared sprints first, then sprint ids only items mention, in natural order', () => {
    const cards = [card('A', { sprint: 'sprint-10' }), card('B', { sprint: 'sprint-9' }), card('C', { sprint: 's1' })];
    const choices = sprintChoices([{ id: 's1', name: 'Sprint 1', state: 'active' }], cards);
    assert.deepEqual(choices.map((c) => c.id), ['s1', 'sprint-9', 'sprint-10']);
  });

  it('draws swimlanes by type in config order, unknown values after, only for values with cards', () => {
    const cards = [card('A', { type: 'spike' }), card('B', { type: 'bug' }), card('C', { type: 'bug', status: 'Done' })];
    const layout = layoutBoard(board(cards), view({ swimlanes: 'type' }));
    assert.deepEqual(layout.lanes.map((l) => l.label), ['bug', 'spike']);
    assert.deepEqual(layout.lanes[0].cells.map(ids), [['B'], [], ['C']]);
    assert.equal(layout.lanes[0].key, 'type:bug');
  });

  it('puts "Unassigned" and "No priority" lanes last', () => {
    const cards = [card('A'), card('B', { assignee: 'zoe', priority: 'could' }), card('C', { assignee: 'al', priority: 'must' })];
    assert.deepEqual(layoutBoard(board(cards), view({ swimlanes: 'assignee' })).lanes.map((l) => l.label), ['al', 'zoe', 'Unassigned']);
    assert.deepEqual(layoutBoard(board(cards), view({ swimlanes: 'priority' })).lanes.map((l) => l.label), ['must', 'could', 'No priority']);
  });

  it('restores a damaged or old saved view as the default, keeping what is valid', () => {
    assert.deepEqual(sanitizeView(undefined), DEFAULT_VIEW);
    assert.deepEqual(sanitizeView('nonsense'), DEFAULT_VIEW);
    const v = sanitizeView({ swimlanes: 'colour', scope: { kind: 'sprint', name: 7 }, query: 42 });
    assert.deepEqual(v, { scope: { kind: 'all' }, swimlanes: 'none', query: '' });
  });

  it('turns a filter saved before the query language (text box and menus) into a query', () => {
    const v = sanitizeView({ filter: { text: 'login', types: ['bug', 3], labels: 'ui', assignees: ['', 'kim'], priorities: ['Must have'] } });
    assert.equal(v.query, 'login type:bug assignee:none,kim priority:"Must have"');
  });
});
