import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Backlog } from '../../src/core/backlog';
import { addDays, localDate, systemUtcOffsetMinutes } from '../../src/core/planning/calendar';
import { nodeFiles } from '../../src/node/nodeFiles';
import { SprintReviewPanel } from '../../src/planning/sprintReviewPanel';
import { activeExtension } from './harness/extension';
import { waitFor } from './harness/wait';

const HOSTILE_TITLE = '<img src=x onerror="document.title=\'pwned\'"> Checkout';

describe('the sprint review page in a real editor', function () {
  this.timeout(60_000);

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens in the active column with only its command links allowed, and follows the backlog as it changes', async () => {
    await activeExtension();
    const root = mkdtempSync(join(tmpdir(), 'sprint-review-'));
    const backlog = new Backlog(root, nodeFiles, { cache: false });
    await backlog.init();
    const today = localDate(Date.now(), systemUtcOffsetMinutes());
    await backlog.createSprint({ id: 's1', name: 'Sprint One', start: addDays(today, -2), end: addDays(today, 5), capacity: 10 });
    await backlog.createSprint({ id: 's2', name: 'Sprint Two', start: addDays(today, 6), end: addDays(today, 12) });
    const item = await backlog.create({ title: HOSTILE_TITLE, sprint: 's1', points: 3 });
    const changes = new vscode.EventEmitter<{ readonly backlog: Backlog } | undefined>();
    const column = vscode.window.tabGroups.activeTabGroup.viewColumn;

    const review = SprintReviewPanel.create({ onDidChange: changes.event }, backlog, 's1');
    try {
      const html = await waitFor(() => review.panel.webview.html.includes('<h1>Sprint One') && review.panel.webview.html, 20_000, 'the review page');
      assert.equal(review.panel.title, 'Review: Sprint One');
      assert.deepEqual(review.panel.webview.options.enableCommandUris, ['repoBacklog.openItem', 'repoBacklog.startSprint', 'repoBacklog.closeSprint']);
      assert.equal(review.panel.webview.options.enableScripts, false);
      assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'nonce-[0-9a-f]+'"/);
      assert.ok(html.includes(`href="command:repoBacklog.openItem?${encodeURIComponent(JSON.stringify([{ root, id: item.id }])).replace(/&/g, '&amp;')}"`), 'the id opens its item page');
      assert.ok(html.includes('href="command:repoBacklog.closeSprint?'), 'a running sprint can be closed from the page');
      assert.ok(html.includes('&lt;img src=x onerror=&quot;') && !html.includes('<img'), 'the title is only text');
      await waitFor(() => review.panel.viewColumn === column, 10_000, `the page in the active column (${column})`);

      // A change to the backlog reaches the page without a command.
      await backlog.update(item.id, { title: 'Checkout, renamed' });
      changes.fire({ backlog });
      await waitFor(() => review.panel.webview.html.includes('Checkout, renamed'), 10_000, 'the page to show the new title');

      // Shown again for another sprint, the same tab shows that sprint.
      review.show(backlog, 's2');
      await waitFor(() => review.panel.webview.html.includes('<h1>Sprint Two'), 10_000, 'the page for the second sprint');
      assert.equal(review.panel.title, 'Review: Sprint Two');

      // The sprint's file gone: the page says so instead of showing a stale review.
      rmSync(join(backlog.sprintsDir, 's2.md'));
      await backlog.refresh();
      changes.fire(undefined);
      const gone = await waitFor(() => /no longer exists/.test(review.panel.webview.html) && review.panel.webview.html, 10_000, 'the page to say the sprint is gone');
      assert.match(gone, /<p>Sprint s2 no longer exists in [^<]*sprints\.<\/p>/);
      assert.match(gone, /Content-Security-Policy" content="default-src 'none'; style-src 'nonce-[0-9a-f]+'"/);
    } finally {
      review.panel.dispose();
      changes.dispose();
    }
  });
});
