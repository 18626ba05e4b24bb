import * as assert from 'node:assert/strict';
import { snapshotOf } from './support/snapshot';
import { DEFAULT_CONFIG } from '../../src/core/config';
import type { BacklogSnapshot } from '../../src/core/backlog';
import type { Item } from '../../src/core/item';
import { ItemTimeline } from '../../src/core/planning/history';
import { sprintReview } from '../../src/core/planning/review';
import { activeSprintProgress } from '../../src/core/planning/sprintProgress';
import { parseSprintFile } from '../../src/core/planning/sprintFile';
import { burndownSvg, reviewPage } from '../../src/planning/reviewHtml';

const HOSTILE = '<img src=x onerror=alert(1)> & "quotes" \'';

function sprint(state = 'active', extra = '') {
  const parsed = parseSprintFile('/r/.backlog/sprints/s1.md', `---\nname: ${JSON.stringify(HOSTILE)}\nstart: 2026-11-02\nend: 2026-11-06\ncapacity: 10\nstate: ${state}\ngoal: ${JSON.stringify(HOSTILE)}\n${extra}---\n`);
  assert.ok(parsed.sprint);
  return parsed.sprint;
}

function item(id: string, fields: Partial<Item>): Item {
  return { id, title: HOSTILE, type: 'feature', status: 'Ready', labels: [], blockedBy: [], links: [], file: `/r/.backlog/items/${id}.md`, hash: id, extra: {}, lines: {}, body: '', sprint: 's1', ...fields };
}

describe('planning: sprint review page and status', () => {
  it('renders backlog text only as escaped text, under a CSP without scripts', () => {
    const s = sprint();
    const t0 = Date.parse('2026-11-01T08:00:00Z');
    const timeline = new ItemTimeline([
      { at: t0, id: 'BL-1', state: { status: 'Ready', sprint: 's1', points: 5, title: HOSTILE } },
      { at: Date.parse('2026-11-03T12:00:00Z'), id: 'BL-1', state: { status: 'Done', sprint: 's1', points: 5 } },
      { at: Date.parse('2026-11-04T12:00:00Z'), id: 'BL-2', state: { status: 'Ready', sprint: 's1', points: 3, title: HOSTILE } },
    ]);
    const review = sprintReview({ sprint: s, sprints: [s], timeline, config: DEFAULT_CONFIG, now: Date.parse('2026-11-05T10:00:00Z') });
    const html = reviewPage(review, { nonce: 'abc123', historySource: 'git' });
    assert.ok(!html.includes('<img'), 'no markup from the backlog survives');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#39;'));
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'nonce-abc123'"/);
    assert.ok(!/<script/i.test(html));
    assert.equal((html.match(/<style nonce="abc123">/g) ?? []).length, 1);
    // Days after "now" are blank in the chart: start + Mon..Thu measured, Fri to come.
    assert.deepEqual(review.burndown.map((p) => p.remaining), [5, 5, 0, 3, 3, null]);
    const svg = burndownSvg(review.burndown);
    assert.equal((svg.match(/<circle /g) ?? []).length, 5);
    // Scale 0–8 (the scope peak) over 200 px: the ideal line runs from 5 points (y 91) to 0 (y 216).
    assert.match(svg, /<path class="ideal" d="M44\.0,91\.0 [^"]* L624\.0,216\.0"/);
  });

  it('links ids to their item page, marks today on the burndown, and lines the tables up', () => {
    const s = sprint();
    const timeline = new ItemTimeline([{ at: Date.parse('2026-11-01T08:00:00Z'), id: 'BL-1', state: { status: 'Ready', sprint: 's1', points: 5, title: 'x' } }]);
    const review = sprintReview({ sprint: s, sprints: [s], timeline, config: DEFAULT_CONFIG, now: Date.parse('2026-11-04T10:00:00Z') });
    const link = (id: string) => `command:repoBacklog.openItem?${encodeURIComponent(JSON.stringify([{ root: '/r', id }]))}`;
    const html = reviewPage(review, { nonce: 'n', historySource: 'git', itemLink: link, today: '2026-11-04' });
    assert.ok(html.includes(`<a href="${link('BL-1').replace(/&/g, '&amp;')}" title="Open BL-1">BL-1</a>`));
    assert.match(html, /<line class="today" x1="([\d.]+)" x2="\1"/);
    assert.match(html, /table-layout: fixed/);
    assert.match(html, /\.num[^{]*\{ font-variant-numeric: tabular-nums; \}/);
    assert.ok(!reviewPage(review, { nonce: 'n', historySource: 'git', today: '2026-12-25' }).includes('class="today"'), 'a day outside the sprint is not marked');
    const action = (a: string) => `command:repoBacklog.${a}Sprint?x`;
    const actions = reviewPage(review, { nonce: 'n', historySource: 'git', sprintAction: action });
    assert.ok(actions.includes('href="command:repoBacklog.closeSprint?x">Close Sprint…</a>'), 'a running sprint can be closed');
    assert.ok(!actions.includes('startSprint'), 'a running sprint is not started again');
    const planned = sprint('planned');
    const plannedReview = sprintReview({ sprint: planned, sprints: [planned], timeline, config: DEFAULT_CONFIG, now: Date.parse('2026-11-01T10:00:00Z') });
    assert.ok(reviewPage(plannedReview, { nonce: 'n', historySource: 'git', sprintAction: action }).includes('href="command:repoBacklog.startSprint?x">Start Sprint</a>'));
  });

  it('summarises the active sprint for the status bar', () => {
    const s = sprint('active');
    const items = [item('BL-1', { points: 5, status: 'Done' }), item('BL-2', { points: 8 }), item('BL-3', { sprint: undefined, points: 13 })];
    const snapshot: BacklogSnapshot = snapshotOf(items, { sprints: [s] });
    const p = activeSprintProgress(snapshot, Date.parse('2026-11-04T10:00:00Z'));
    assert.ok(p);
    assert.equal(p.text, `${HOSTILE}: 5/13 pts · 3 days left`);
    assert.equal(p.load.over, 3);
    assert.equal(activeSprintProgress(snapshot, Date.parse('2026-11-06T10:00:00Z'))?.daysLeft, 1);
    assert.equal(activeSprintProgress({ ...snapshot, sprints: [sprint('planned')] }, Date.now()), undefined);
  });
});
