import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backlog } from '../../src/core/backlog';
import { parseQuery } from '../../src/core/query';
import { nodeFiles } from '../../src/node/nodeFiles';
import { DEFAULT_CONFIG, type BacklogConfig } from '../../src/core/config';
import type { Item } from '../../src/core/item';
import { escapeMarkdown } from '../../src/core/markdownText';
import type { Sprint } from '../../src/core/planning/sprintFile';
import { itemHoverMarkdown, readableDate } from '../../src/tree/itemHover';
import { PRIORITY_COLORS, priorityIcon } from '../../src/tree/priorityIcons';
import { buildParentTree, buildTreeModel, groupDescription, itemDescription, progressGlyph, rollupDescription, rollupLabel, whatHides } from '../../src/tree/treeModel';
import { snapshotOf } from './support/snapshot';
import { TreeViewState, type StateStore } from '../../src/tree/treeViewState';

async function backlogWith(items: { title: string; status?: string; type?: string; points?: number; priority?: string; labels?: string[] }[]): Promise<Backlog> {
  const backlog = new Backlog(mkdtempSync(join(tmpdir(), 'tree-model-')), nodeFiles, { cache: false });
  await backlog.load();
  await backlog.init();
  for (const i of items) await backlog.create(i);
  return backlog;
}

describe('the tree model', () => {
  it('groups by status in config order, keeps rank order, sums points and flags WIP over the limit', async () => {
    const backlog = await backlogWith([
      { title: 'a', status: 'In Progress', points: 3 },
      { title: 'b', status: 'Backlog', points: 1 },
      { title: 'c', status: 'In Progress', points: 2 },
      ...Array.from({ length: 4 }, (_, i) => ({ title: `wip ${i}`, status: 'In Progress' })),
    ]);
    const model = buildTreeModel(backlog.snapshot, { groupBy: 'status' });
    assert.deepEqual(model.map((g) => g.group.label), ['Backlog', 'Ready', 'In Progress', 'Review', 'Done']);
    const doing = model[2];
    assert.deepEqual(doing.items.map((i) => i.title), ['a', 'c', 'wip 0', 'wip 1', 'wip 2', 'wip 3']);
    assert.equal(doing.points, 5);
    assert.deepEqual(doing.wip, { limit: 5, over: true });
    assert.equal(groupDescription(doing), '6 · 5 pts · WIP 6/5 over limit');
    assert.equal(model[1].items.length, 0, 'declared empty groups stay as drop targets');
  });

  it('filters with the query language, shows "n of m", and hides emptied groups only while filtering', async () => {
    const backlog = await backlogWith([
      { title: 'Login page crashes', type: 'bug', status: 'Ready', labels: ['ui'] },
      { title: 'Export CSV', type: 'feature', status: 'Ready' },
      { title: 'Old login code', type: 'debt', status: 'Backlog' },
    ]);
    const model = buildTreeModel(backlog.snapshot, { groupBy: 'status', query: parseQuery('login -type:debt'), hideEmptyFilteredGroups: true });
    assert.deepEqual(model.map((g) => [g.group.label, g.items.map((i) => i.title)]), [['Ready', ['Login page crashes']]]);
    assert.equal(groupDescription(model[0]), '1 of 2');
  });

  it('hides done items on request and describes items compactly', async () => {
    const backlog = await backlogWith([
      { title: 'shipped', status: 'Done' },
      { title: 'open', status: 'Ready', priority: 'must', points: 1 },
    ]);
    const model = buildTreeModel(backlog.snapshot, { groupBy: 'none', hideDone: true });
    assert.deepEqual(model[0].items.map((i) => i.title), ['open']);
    const open = model[0].items[0];
    assert.equal(itemDescription(open, { done: 1, total: 3 }), `${open.id} · must · 1 pt · ☑ 1/3`);
    assert.equal(itemDescription(open, { done: 1, total: 3 }, undefined, true), `${open.id} · 1 pt · ☑ 1/3`, 'the id first; no priority word when the icon shows it');
  });

  it('describes a group for the eye and, in words, for a screen reader', async () => {
    const backlog = await backlogWith([{ title: 'a', status: 'In Progress', points: 1 }]);
    const doing = buildTreeModel(backlog.snapshot, { groupBy: 'status' })[2];
    assert.equal(groupDescription(doing), '1 · 1 pts · WIP 1/5');
    assert.equal(groupDescription(doing, 'spoken'), '1 item, 1 point, 1 of WIP limit 5');
  });
});

/** Default sidebar backgrounds and theme colours of VS Code's light and dark themes (Modern and the classic +). */
const SIDEBARS = { dark: ['#181818', '#252526'], light: ['#F8F8F8', '#F3F3F3'] };
const THEME_COLORS: Record<string, { dark: string; light: string }> = {
  'list.errorForeground': { dark: '#F88070', light: '#B01011' },
  'list.warningForeground': { dark: '#CCA700', light: '#855F00' },
};

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('priority icons', () => {
  it('give each level of the default priorities its own shape, highest first', () => {
    const icons = DEFAULT_CONFIG.priorities.map((p) => priorityIcon(DEFAULT_CONFIG, p)?.icon);
    assert.deepEqual(icons, ['flame', 'dash', 'arrow-down', 'circle-slash']);
    assert.equal(priorityIcon(DEFAULT_CONFIG, undefined), undefined);
    assert.equal(priorityIcon(DEFAULT_CONFIG, 'someday'), undefined, 'an undeclared priority has no level');
  });

  it('stay distinct for other lists up to four levels', () => {
    for (const priorities of [['high', 'low'], ['high', 'medium', 'low'], ['critical', 'high', 'medium', 'low'], ['p0', 'p1', 'p2', 'p3', "won't"]]) {
      const config: BacklogConfig = { ...DEFAULT_CONFIG, priorities };
      const icons = priorities.map((p) => priorityIcon(config, p)!.icon);
      assert.equal(new Set(icons).size, icons.length, `${priorities.join(',')}: ${icons.join(',')}`);
      assert.equal(icons[0], 'flame');
    }
  });

  it('use colours that meet WCAG AA contrast (3:1 for icons, and here even 4.5:1) on light and dark sidebars', () => {
    assert.ok(PRIORITY_COLORS.length > 0);
    for (const id of PRIORITY_COLORS) {
      const color = THEME_COLORS[id];
      assert.ok(color, `${id}: add its default light and dark values to this test`);
      for (const theme of ['dark', 'light'] as const) {
        for (const background of SIDEBARS[theme]) {
          const ratio = contrast(color[theme], background);
          assert.ok(ratio >= 4.5, `${id} in ${theme} on ${background}: ${ratio.toFixed(2)}:1`);
        }
      }
    }
  });
});

describe('the item hover', () => {
  const item: Item = {
    id: 'BL-H0VER',
    title: '**Fix** [login](command:workbench.action.terminal.new) <b>page</b> $(zap) ',
    type: 'bug',
    status: 'In Progress',
    priority: 'must',
    points: 3,
    labels: ['ui', 'a_b'],
    assignee: 'ana',
    sprint: 'sprint-14',
    created: '2026-11-02',
    updated: '2026-11-30T10:00:00Z',
    links: [],
    blockedBy: [],
    file: '/x/.backlog/items/BL-H0VER.md',
    body: 'A long first paragraph that wraps at spaces: https://example.com and more words.\n\n- [x] one\n- [ ] two\n',
    hash: '',
    extra: {},
    lines: {},
  };
  const sprints = [{ id: 'sprint-14', name: 'Sprint 14 “Checkout”', state: 'active' } as Sprint];
  const md = itemHoverMarkdown(item, { config: DEFAULT_CONFIG, sprints, now: new Date(2026, 11, 2) });

  it('bolds the title with the item text escaped: no markup, link, HTML or icon from the file', () => {
    const first = md.split('\n')[0];
    assert.equal(first, `**${escapeMarkdown(item.title.trim())}**`);
    assert.ok(!md.includes('](command:') && !md.includes('<b>') && !md.includes('$(zap)') && !md.includes('**Fix**'), md);
    assert.ok(!/\*\*\s|\s\*\*(?!\S)/.test(first), 'no space inside the bold markers, or the ** would show raw');
  });

  it('keeps ordinary spaces so the hover wraps between words, not inside them', () => {
    assert.ok(!md.includes('&nbsp;'));
    assert.match(md, /A long first paragraph that wraps at spaces\\: https\\:\/\/example\\\.com and more words\\\./);
  });

  it('names the sprint, says dates as a reader would, and shows the priority icon', () => {
    assert.match(md, /^Sprint: Sprint 14 “Checkout” {2}$/m);
    assert.match(md, /^Created: 2 Nov 2026 {2}$/m);
    assert.match(md, /^Updated: 2 days ago {2}$/m);
    assert.match(md, /^Priority: \$\(flame\) must {2}$/m);
    assert.match(md, /^Acceptance criteria: 1 of 2 done {2}$/m);
    assert.match(md, /^Labels: ui, a\\_b {2}$/m);
  });

  it('formats dates: today, yesterday, days ago within a week, else day month year', () => {
    const now = new Date(2026, 11, 2);
    assert.deepEqual(
      ['2026-12-02', '2026-12-01T23:00:00Z', '2026-11-28', '2026-11-25', '2025-01-09', 'soon'].map((d) => readableDate(d, now)),
      ['today', 'yesterday', '4 days ago', '25 Nov 2026', '9 Jan 2025', 'soon'],
    );
  });
});

/** An in-memory Memento, counting writes. */
function memento(initial: Record<string, unknown> = {}): StateStore & { values: Record<string, unknown>; writes: number } {
  const values = { ...initial };
  return {
    values,
    writes: 0,
    get: <T>(key: string) => values[key] as T | undefined,
    async update(key: string, value: unknown) {
      this.writes++;
      if (value === undefined) delete values[key];
      else values[key] = value;
    },
  };
}

describe('the Items view state', () => {
  it('defaults to status groups, done items shown and no filter', () => {
    const state = new TreeViewState(memento());
    assert.deepEqual([state.groupBy, state.showDone, state.filter], ['status', true, '']);
  });

  it('takes an old setting once as the starting point, then keeps its own choice in the Memento', async () => {
    const store = memento();
    const state = new TreeViewState(store, { groupBy: 'priority', showDone: false });
    assert.deepEqual([state.groupBy, state.showDone], ['priority', false]);
    await state.setGroupBy('type');
    await state.setShowDone(true);
    // A later start with the same old setting does not undo the user's newer choice.
    const again = new TreeViewState(store, { groupBy: 'priority', showDone: false });
    assert.deepEqual([again.groupBy, again.showDone], ['type', true]);
    assert.deepEqual(store.values, { 'repoBacklog.tree.groupBy': 'type', 'repoBacklog.tree.showDone': true });
  });

  it('ignores an old setting that is not a grouping, and tells listeners about each change', async () => {
    const store = memento();
    const state = new TreeViewState(store, { groupBy: 'colour', showDone: 'yes' });
    assert.equal(state.groupBy, 'status');
    assert.equal(store.writes, 0);
    let heard = 0;
    const sub = state.onDidChange(() => heard++);
    await state.setFilter('  type:bug ');
    assert.equal(state.filter, 'type:bug');
    await state.setFilter('');
    assert.equal(store.values['repoBacklog.tree.filter'], undefined);
    sub.dispose();
    await state.setShowDone(false);
    assert.equal(heard, 2);
  });
});

function item(id: string, fields: Partial<Item> = {}): Item {
  return { id, title: `title ${id}`, type: 'story', status: 'Backlog', labels: [], blockedBy: [], links: [], file: `/r/.backlog/items/${id}.md`, body: '', hash: id, extra: {}, lines: {}, ...fields };
}

describe('Group by Parent', () => {
  // Rank order: E2, S3, E1, S1, T1, S2, X (a parent that is not in the backlog).
  const snapshot = snapshotOf([
    item('BL-E2', { type: 'epic' }),
    item('BL-S3', { parent: 'BL-E1', points: 2 }),
    item('BL-E1', { type: 'epic', title: 'Checkout' }),
    item('BL-S1', { parent: 'BL-E1', status: 'Done', points: 3 }),
    item('BL-T1', { parent: 'BL-S1', status: 'Done', points: 1, title: 'login tax' }),
    item('BL-S2', { parent: 'BL-E1', points: 5, blockedBy: ['BL-S3'] }),
    item('BL-X', { parent: 'BL-GONE' }),
  ]);

  it('nests children under their parent, each level in rank order; unknown parents make roots', () => {
    const tree = buildParentTree(snapshot, {});
    assert.deepEqual(tree.roots.map((i) => i.id), ['BL-E2', 'BL-E1', 'BL-X']);
    assert.deepEqual(tree.children('BL-E1').map((i) => i.id), ['BL-S3', 'BL-S1', 'BL-S2']);
    assert.deepEqual(tree.children('BL-S1').map((i) => i.id), ['BL-T1']);
  });

  it('keeps the parents of a match while filtering, and drops what neither matches nor holds a match', () => {
    const tree = buildParentTree(snapshot, { query: parseQuery('tax') });
    assert.deepEqual(tree.roots.map((i) => i.id), ['BL-E1']);
    assert.deepEqual(tree.children('BL-E1').map((i) => i.id), ['BL-S1']);
    assert.deepEqual(tree.children('BL-S1').map((i) => i.id), ['BL-T1']);
    const open = buildParentTree(snapshot, { hideDone: true });
    assert.deepEqual(open.children('BL-E1').map((i) => i.id), ['BL-S3', 'BL-S2']);
  });

  it('says what keeps an item out of the tree (Go to Item offers to clear it): the filter, hidden done items, or both', () => {
    const hides = (id: string, query: string, hideDone: boolean, nested: boolean) =>
      whatHides(snapshot, snapshot.byId.get(id)!, { query: query ? parseQuery(query) : undefined, hideDone, nested });
    assert.deepEqual(hides('BL-S3', '', false, false), []);
    assert.deepEqual(hides('BL-S3', 'tax', false, false), ['filter']);
    assert.deepEqual(hides('BL-S1', '', true, false), ['done']);
    assert.deepEqual(hides('BL-S1', 'tax', true, false), ['filter', 'done']);
    assert.deepEqual(hides('BL-T1', 'type:epic', true, false), ['filter', 'done'], 'clearing one alone does not bring it back');
    assert.deepEqual(hides('BL-T1', 'tax', true, false), ['done']);
    // Nested, a parent stays while something under it matches.
    assert.deepEqual(hides('BL-S1', 'tax', false, true), []);
    assert.deepEqual(hides('BL-E1', 'tax', false, true), []);
    assert.deepEqual(hides('BL-E2', 'tax', false, true), ['filter']);
  });

  it('shows items in a parent cycle as roots instead of losing them', () => {
    const cyclic = snapshotOf([item('BL-A', { parent: 'BL-B' }), item('BL-B', { parent: 'BL-A' })]);
    assert.deepEqual(buildParentTree(cyclic, {}).roots.map((i) => i.id), ['BL-A', 'BL-B']);
  });

  it("describes a parent's roll-up with a progress glyph, from the snapshot's relations", () => {
    const rollup = snapshot.relations.rollup('BL-E1')!;
    assert.equal(rollupLabel(rollup), '◑ 2/4');
    assert.equal(rollupDescription(rollup), '4/11 pts');
    assert.equal(rollupDescription({ done: 1, total: 2, pointsDone: 0, pointsTotal: 0 }), undefined);
    assert.deepEqual([0, 1, 2, 3, 4].map((done) => progressGlyph(done, 4)), ['○', '◔', '◑', '◕', '●']);
  });

  it('lists open blockers and the roll-up in the hover', () => {
    const s2 = snapshot.byId.get('BL-S2')!;
    const md = itemHoverMarkdown(s2, { config: DEFAULT_CONFIG, sprints: [], blockers: snapshot.relations.openBlockers(s2) });
    assert.match(md, /\*\*Blocked by\*\* {2}\nBL\\-S3 title BL\\-S3 \(Backlog\)/);
    const e1 = itemHoverMarkdown(snapshot.byId.get('BL-E1')!, { config: DEFAULT_CONFIG, sprints: [], rollup: snapshot.relations.rollup('BL-E1') });
    assert.match(e1, /^Progress: ◑ 2 of 4 items done, 4 of 11 points {2}$/m);
    assert.ok(!itemHoverMarkdown(snapshot.byId.get('BL-E2')!, { config: DEFAULT_CONFIG, sprints: [] }).includes('Blocked'));
  });
});
