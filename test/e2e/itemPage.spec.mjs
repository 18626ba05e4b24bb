// The item page as a user meets it in the browser: clicked open from the tree on a backlog of a
// few hundred items, a hostile description shown as inert text, a criterion ticked with the mouse
// (one line of the file changes), a field changed, light and dark.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './driver.mjs';

const HOSTILE_ID = 'FX-H0ST2';
const HOSTILE_TITLE = 'Hostile description';
const HOSTILE_BODY = [
  '',
  `<img src=x onerror="window.parent.postMessage('pwned','*');document.title='pwned'">`,
  '',
  `<script>document.title='pwned'</script>`,
  '',
  '[click me](javascript:document.title=%27pwned%27) and [docs](https://example.com/docs)',
  '',
  '## Acceptance criteria',
  '',
  '- [x] Shown as text',
  '- [ ] Ticked from the page',
  '',
].join('\n');
const NEXT_ID = 'FX-N3XT1';
const NEXT_TITLE = 'Next item to open';
const EXTRA_ITEMS = 300;
/** The goal for opening an item page, met by the reused preview page on an idle machine. */
const REUSE_GOAL_MS = 300;

function itemFile(workspace, id) {
  return join(workspace, '.backlog', 'items', `${id}.md`);
}

function changedLines(before, after) {
  const a = before.split('\n');
  const b = after.split('\n');
  assert.equal(a.length, b.length, 'same number of lines');
  return b.filter((line, i) => line !== a[i]);
}

export const options = {
  theme: 'dark',
  timeoutMs: 90_000,
  setup: (workspace) => {
    writeFileSync(itemFile(workspace, HOSTILE_ID), `---\nid: ${HOSTILE_ID}\ntitle: ${HOSTILE_TITLE}\ntype: bug\nstatus: Ready\npriority: must\npoints: 3\nlabels: [security]\nrank: a01\n---\n${HOSTILE_BODY}`);
    writeFileSync(itemFile(workspace, NEXT_ID), `---\nid: ${NEXT_ID}\ntitle: ${NEXT_TITLE}\ntype: feature\nstatus: Ready\nrank: a02\n---\n\nThe next item's own description.\n`);
    // A backlog of a few hundred items (done, so collapsed in the tree and the item under test
    // stays on screen): the page must not slow down with the backlog's size.
    for (let i = 0; i < EXTRA_ITEMS; i++) {
      const id = `FX-BULK${String(i).padStart(3, '0')}`;
      writeFileSync(itemFile(workspace, id), `---\nid: ${id}\ntitle: Bulk item ${i}\ntype: feature\nstatus: Done\nrank: b${String(i).padStart(3, '0')}V\n---\n\nFiller.\n`);
    }
  },
};

let openMs;
let reuseMs;

export const tests = {
  'clicking an item in the tree opens its rendered page, painted soon after the click': async ({ workbench, page }) => {
    await workbench.openViewContainer('Backlog');
    await workbench.waitForTreeRow(HOSTILE_TITLE, { timeoutMs: 60_000 });
    const view = workbench.webview();
    // Timed from the mouse press as the workbench saw it, not from before Playwright's checks
    // (visible, stable over animation frames) that precede its click and are no part of the user's wait.
    await page.evaluate(() => document.addEventListener('mousedown', () => { window.repoBacklogMouseDownAt = Date.now(); }, true));
    const mouseDownAt = () => page.evaluate(() => window.repoBacklogMouseDownAt);
    /** Clicks the item's row and returns the ms until the page reports a painted frame. */
    const clickToPainted = async () => {
      await workbench.treeRow(HOSTILE_TITLE).click();
      await view.locator('body[data-painted-at]').waitFor({ timeout: 30_000 });
      return Number(await view.locator('body').getAttribute('data-painted-at')) - (await mouseDownAt());
    };
    // The first webview of a session pays for the webview service worker; the second is what
    // every later click costs.
    const cold = await clickToPainted();
    await workbench.runCommand('View: Close All Editors');
    await view.locator('body').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
    await workbench.openViewContainer('Backlog');
    openMs = await clickToPainted();
    /** Clicks another item's row while the page is open: the same preview page paints it. */
    const clickToRepainted = async (title) => {
      await workbench.treeRow(title).click();
      const clickedAt = await mouseDownAt();
      const paintedAt = await waitFor(async () => {
        const at = Number(await view.locator('body').getAttribute('data-painted-at'));
        return at > clickedAt && (await view.locator('input.title-input').inputValue()) === title && at;
      }, 10_000, `the page to show ${title}`);
      return paintedAt - clickedAt;
    };
    // Back and forth twice: the median of four clicks, so one busy moment of a shared machine is not the figure.
    const reused = [];
    for (const title of [NEXT_TITLE, HOSTILE_TITLE, NEXT_TITLE, HOSTILE_TITLE]) {
      reused.push(await clickToRepainted(title));
      if (title === NEXT_TITLE) assert.match(await view.locator('.markdown-body').textContent(), /The next item's own description\./);
    }
    const sorted = [...reused].sort((x, y) => x - y);
    reuseMs = (sorted[1] + sorted[2]) / 2;
    console.log(`[item page] click to painted, ${EXTRA_ITEMS + 7} items: first page of the session ${cold} ms, again ${openMs} ms; another item into the same page ${reused.join(', ')} ms (median ${reuseMs} ms)`);
    // One tab, retitled: the items were shown in the preview page, not in new webviews.
    assert.equal(await page.locator('.tabs-container .tab').count(), 1);
    assert.equal(await view.locator('input.title-input').inputValue(), HOSTILE_TITLE);
    assert.equal(await view.locator('select[name="status"]').inputValue(), 'Ready');
    assert.equal(await view.locator('.markdown-body h2').textContent(), 'Acceptance criteria');
    assert.equal(await view.locator('.markdown-body input.task').count(), 2);
    // The tab is the item page (titled with the item), not the raw file.
    assert.match(await page.locator('.tabs-container .tab.active').textContent(), new RegExp(`${HOSTILE_ID}: ${HOSTILE_TITLE}`));
  },

  'a hostile description renders as inert text: no markup injected, no script runs': async ({ workbench, page }) => {
    const view = workbench.webview();
    const body = view.locator('.markdown-body');
    const text = await body.textContent();
    assert.ok(text.includes(`<img src=x onerror="window.parent.postMessage('pwned','*');document.title='pwned'">`), 'the img tag is shown as text');
    assert.ok(text.includes(`<script>document.title='pwned'</script>`), 'the script tag is shown as text');
    assert.equal(await view.locator('img').count(), 0, 'no <img> in the page');
    assert.equal(await body.locator('script').count(), 0, 'no <script> in the description');
    const scripts = await view.locator('script').evaluateAll((list) => list.map((s) => ({ type: s.type, code: s.src || s.textContent })));
    const code = scripts.filter((s) => s.type !== 'application/json').map((s) => s.code);
    assert.ok(code.some((s) => /\/dist\/webview\/item\.js$/.test(s)), 'the page script is loaded');
    assert.ok(code.every((s) => !s.includes('pwned')), 'no script from item text');
    assert.ok(scripts.filter((s) => s.type === 'application/json').every((s) => !/[<>&]/.test(s.code)), 'the data block holds no markup characters');
    // The javascript: link is not a link; the web link is.
    const hrefs = await body.locator('a').evaluateAll((list) => list.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs, ['https://example.com/docs']);
    assert.ok(text.includes('[click me](javascript:'), 'the unsafe link stays as its text');
    assert.notEqual(await view.locator('html').evaluate(() => document.title), 'pwned');
    assert.notEqual(await page.title(), 'pwned');
    // Clicking the text where the link would have been does nothing either.
    await body.getByText('[click me]', { exact: false }).click();
    assert.notEqual(await view.locator('html').evaluate(() => document.title), 'pwned');
  },

  'ticking a criterion with the mouse writes exactly that one line (and stamps updated)': async ({ workbench, workspace }) => {
    const file = itemFile(workspace, HOSTILE_ID);
    const before = readFileSync(file, 'utf8');
    const view = workbench.webview();
    const box = view.locator('.markdown-body li', { hasText: 'Ticked from the page' }).locator('input.task');
    assert.equal(await box.isChecked(), false);
    await box.click();
    const after = await waitFor(() => {
      const text = readFileSync(file, 'utf8');
      return text !== before && text;
    }, 10_000, 'the item file to change');
    // Like every store edit the tick stamps `updated` (a line this item did not have yet).
    assert.match(after, /^updated: \d{4}-\d\d-\d\dT/m);
    const withoutStamp = (text) => text.replace(/^updated: .*\n/m, '');
    assert.deepEqual(changedLines(withoutStamp(before), withoutStamp(after)), ['- [x] Ticked from the page']);
    await waitFor(async () => view.locator('.markdown-body li', { hasText: 'Ticked from the page' }).locator('input.task').isChecked(), 10_000, 'the page to show the tick');
    // The box checks itself on the click; the written version has arrived once the page shows its
    // `updated` stamp (an edit sent from the version before would be refused as stale).
    await view.locator('.facts dt', { hasText: 'Updated' }).waitFor({ timeout: 10_000 });
  },

  'changing the status in the page writes the status line (and updated) through the store': async ({ workbench, workspace }) => {
    const file = itemFile(workspace, HOSTILE_ID);
    const before = readFileSync(file, 'utf8');
    const view = workbench.webview();
    await view.locator('select[name="status"]').selectOption('In Progress');
    const after = await waitFor(() => {
      const text = readFileSync(file, 'utf8');
      return /^status: In Progress$/m.test(text) && text;
    }, 10_000, 'the status to be written');
    // The status line changed and `updated` was stamped (this item had none yet); nothing else.
    assert.match(after, /^updated: \d{4}-\d\d-\d\dT/m);
    assert.equal(after.replace(/^updated: .*\n/m, ''), before.replace(/^updated: .*\n/m, '').replace('status: Ready', 'status: In Progress'));
  },

  'the page is shown in the dark and light themes': async ({ workbench }) => {
    await workbench.runCommand('View: Close Primary Side Bar');
    const view = workbench.webview();
    // History is read after the first paint; here the fixture copy is not a git repository.
    await waitFor(async () => /git/.test(await view.locator('.history-section').textContent()) && !/Reading/.test(await view.locator('.history-section').textContent()), 20_000, 'the history section');
    for (const shot of await workbench.screenshotBothThemes('item-page')) {
      assert.ok(shot.webviewTexts.some((t) => t.includes('document.title=')), `${shot.file}: the page is painted, the hostile description shown as text`);
    }
    assert.ok(openMs !== undefined && openMs < 3000, `click to painted: ${openMs} ms`);
    // The goal itself is asserted in the extension-host test (test/vscode/itemPage.test.ts); in the
    // browser, on a machine shared with other sessions, the reused page must beat a new one by far:
    // a new webview per item (the reuse broken) costs as much as the fresh page.
    console.log(`[item page] reused page ${reuseMs} ms after the click (goal ${REUSE_GOAL_MS} ms), a new page ${openMs} ms`);
    assert.ok(reuseMs !== undefined && reuseMs < openMs / 2, `click to painted in the reused page: ${reuseMs} ms, a new page: ${openMs} ms`);
  },

  'the board\'s detail pane shows the same fields and rendered description': async ({ workbench, page }) => {
    await workbench.runCommand('View: Close All Editors');
    await workbench.runCommand('Backlog: Open Board');
    const board = workbench.webview();
    const card = board.locator(`.card[data-id="${HOSTILE_ID}"]`);
    await card.waitFor({ timeout: 30_000 });
    await card.click();
    const pane = board.locator('.detail');
    await pane.locator('.markdown-body h2').waitFor({ timeout: 10_000 });
    assert.equal(await pane.locator('.markdown-body h2').textContent(), 'Acceptance criteria');
    assert.equal(await pane.locator('img').count(), 0);
    assert.deepEqual(await pane.locator('.markdown-body a').evaluateAll((list) => list.map((a) => a.getAttribute('href'))), ['https://example.com/docs']);
    // The same controls as the page (no sprint here: the board moves sprints by its own means).
    for (const name of ['title', 'status', 'type', 'priority', 'points', 'assignee', 'labels']) assert.equal(await pane.locator(`[name="${name}"]`).count(), 1, name);
    assert.equal(await pane.locator('input.task:not([disabled])').count(), 0, 'criteria are ticked on the item page');
    assert.notEqual(await page.title(), 'pwned');
    // Changing the theme goes through the command palette, whose Escape closes the pane: reopen it.
    for (const kind of ['dark', 'light']) {
      await workbench.setColorTheme(kind);
      await card.click();
      await pane.locator('.markdown-body h2').waitFor({ timeout: 10_000 });
      const shot = await workbench.screenshot(`board-detail-${kind}`);
      assert.equal(shot.theme, kind);
    }
  },
};
