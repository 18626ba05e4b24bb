import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Backlog } from '../../src/core/backlog';
import { addDays, localDate, systemUtcOffsetMinutes } from '../../src/core/planning/calendar';
import { WEEK_MS } from '../../src/core/planning/forecastThroughput';
import { nodeFiles } from '../../src/node/nodeFiles';
import { ForecastPanel } from '../../src/planning/forecastPanel';
import { activeExtension } from './harness/extension';
import { screenshotBothThemes } from './harness/screenshots';
import { waitFor } from './harness/wait';
import { workspaceRoot } from './harness/workspace';

const HOSTILE_NAME = '<img src=x onerror="document.title=\'pwned\'"> Release';

function git(root: string, args: string[], at?: number): void {
  const date = at === undefined ? undefined : new Date(at).toISOString();
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid', ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) };
  execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd: root, env, stdio: 'ignore' });
}

/**
 * A git repository whose team finished 3 stories (2 points each) every week for 6 weeks; the
 * milestone's epic holds 30 stories, 12 still open: 24 points at 6 a week is exactly 4 weeks.
 */
async function steadyTeam(): Promise<{ backlog: Backlog; today: string }> {
  const now = Date.now();
  const root = mkdtempSync(join(tmpdir(), 'forecast-page-'));
  git(root, ['init', '-q', '-b', 'main']);
  const backlog = new Backlog(root, nodeFiles, { cache: false });
  await backlog.init();
  const today = localDate(now, systemUtcOffsetMinutes());
  await backlog.createMilestone({ id: 'r1', name: HOSTILE_NAME, target: addDays(today, 30), goal: 'Checkout for everyone' });
  const epic = await backlog.create({ title: 'Checkout epic', type: 'epic', milestone: 'r1' });
  const stories: string[] = [];
  for (let i = 0; i < 30; i++) stories.push((await backlog.create({ title: `Story ${i}`, parent: epic.id, points: 2 })).id);
  const commit = (at: number) => {
    git(root, ['add', '-A', '.backlog']);
    git(root, ['commit', '-q', '-m', 'work'], at);
  };
  commit(now - 6 * WEEK_MS - 3_600_000);
  for (let week = 0; week < 6; week++) {
    for (const id of stories.slice(week * 3, week * 3 + 3)) await backlog.update(id, { status: 'Done' });
    commit(now - (6 - week) * WEEK_MS + 3_600_000);
  }
  return { backlog, today };
}

function figure(html: string, label: string): string | undefined {
  return new RegExp(`data-figure="${label}"><div class="value">([^<]*)</div>`).exec(html)?.[1];
}

describe('the forecast page in a real editor', function () {
  this.timeout(120_000);
  const noChanges = { onDidChange: new vscode.EventEmitter<undefined>().event };

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows a milestone forecast from git history: the dates, the chance by the target, the chart', async () => {
    await activeExtension();
    const { backlog, today } = await steadyTeam();
    const panel = ForecastPanel.create(noChanges, backlog, { kind: 'milestone', id: 'r1' });
    const forecast = await waitFor(() => panel.current, 30_000, 'the forecast to render');
    const html = panel.panel.webview.html;
    const expected = addDays(today, 28);
    assert.equal(forecast.p50, expected);
    assert.equal(figure(html, '50 %'), expected);
    assert.equal(figure(html, '85 %'), expected);
    assert.equal(figure(html, '95 %'), expected);
    assert.equal(figure(html, 'remaining'), '24 points');
    assert.equal(figure(html, 'target'), addDays(today, 30));
    assert.equal(figure(html, 'chance by target'), '100 %');
    assert.match(html, /Remaining: 24 points in 12 open items \(every open item is estimated, so points are counted\)\./);
    assert.match(html, new RegExp(`<td class="date">${expected}</td><td class="num">28</td><td class="early">2 days before</td>`));
    assert.match(html, /<svg class="chart"[^>]*>/);
    assert.match(html, /<line class="target" /);
    assert.match(html, /<text class="pct-label"[^>]*>50 %<\/text>/);
    assert.match(html, /<td>points done<\/td>(<td class="num">6<\/td>){6}<\/tr>/);
    assert.match(html, /History from git\./);
    // Backlog text is only ever text: no markup from the milestone name, no script at all.
    assert.ok(html.includes('&lt;img src=x onerror=&quot;'), 'the hostile name is escaped');
    assert.ok(!html.includes('<img'), 'no image element from the name');
    assert.ok(!/<script/i.test(html), 'no script');
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'nonce-[0-9a-f]+'"/);
    // The extension host learns the column of a panel opened `Beside` only when the workbench
    // reports the panel's view state back, some time after it is created.
    await waitFor(() => panel.panel.viewColumn, 10_000, 'the page to be placed in an editor column');
    for (const shot of await screenshotBothThemes('forecast-page')) {
      assert.ok(shot.webviewTexts.some((t) => t.includes('Chance of being done by each date')), `${shot.file}: the page is painted`);
    }
    panel.panel.dispose();
  });

  it('opens from the Forecast command and says when history is too short instead of giving dates', async () => {
    const api = (await activeExtension<{ folders: { withBacklog(): { backlog: Backlog }[] } }>()).exports;
    const folder = api.folders.withBacklog()[0];
    assert.ok(folder, 'the fixture workspace has a backlog');
    const panel = await vscode.commands.executeCommand<ForecastPanel | undefined>('repoBacklog.forecast', { root: workspaceRoot(), query: 'is:open' });
    assert.ok(panel, 'the command returns the page it opened');
    const html = await waitFor(() => (/History too short|No work reached/.test(panel.panel.webview.html) ? panel.panel.webview.html : undefined), 30_000, 'the forecast page');
    assert.match(html, /<h2>No forecast<\/h2>/);
    assert.equal(figure(html, '50 %'), '—');
    assert.equal(figure(html, 'chance by target'), '—');
    assert.ok(!/<svg class="chart"/.test(html), 'no chart without a forecast');
    await screenshotBothThemes('forecast-page-too-short');
  });
});
