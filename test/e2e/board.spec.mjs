// The Kanban board as a user meets it in the browser: opened from the command palette, cards
// dragged with the mouse and moved with the keyboard, every move landing in exactly one item
// file; hostile item text shown as text; the board restored after a reload; light and dark.
import * as assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../scripts/editor/session.mjs';
import { sleep, waitFor } from './driver.mjs';

const HOSTILE_ID = 'FX-H0ST1';
const HOSTILE_TITLE = `<img src=x onerror="window.parent.postMessage('pwned','*');document.title='pwned'"> </script><script>document.title='pwned'</script>`;
const HOSTILE_LABEL = '<b onmouseover=alert(1)>ui</b>';
const FAILING_ID = 'FX-TEST3';
const FAILING_MESSAGE = '<b>expected</b> 3 to equal 4';

/** An item as the report importer writes it for a test that failed in three runs. */
function failingTestItem(state) {
  return [
    '---',
    `id: ${FAILING_ID}`,
    'title: "Failing test: cart › adds tax"',
    'type: bug',
    'status: Backlog',
    'rank: a06',
    'test:',
    '  id: t3',
    '  name: adds tax',
    '  file: src/cart.test.ts',
    `  state: ${state}`,
    '  failures: 3',
    '  firstSeen: 2026-11-20T08:00:00Z',
    '  lastSeen: 2026-11-24T09:12:04Z',
    ...(state === 'passing' ? ['  passedAt: 2026-11-25T10:00:00Z'] : []),
    `  message: ${JSON.stringify(FAILING_MESSAGE)}`,
    '  report: reports/junit.xml',
    '---',
    '',
  ].join('\n');
}

/** The colour a CSS colour expression resolves to inside the board (e.g. a --vscode-* variable). */
function resolvedColor(board, expression) {
  return board.locator('body').evaluate((body, value) => {
    const probe = document.createElement('span');
    probe.style.setProperty('color', value);
    body.append(probe);
    const color = getComputedStyle(probe).color;
    probe.remove();
    return color;
  }, expression);
}

export const options = {
  theme: 'dark',
  setup: (workspace) => {
    const yaml = (s) => `'${s.replace(/'/g, "''")}'`;
    writeFileSync(
      join(workspace, '.backlog', 'items', `${HOSTILE_ID}.md`),
      `---\nid: ${HOSTILE_ID}\ntitle: ${yaml(HOSTILE_TITLE)}\ntype: bug\nstatus: Backlog\npriority: could\nlabels: [${yaml(HOSTILE_LABEL)}]\nrank: a05\n---\n\n<script>document.title='pwned'</script>\n`,
    );
    writeFileSync(join(workspace, '.backlog', 'items', `${FAILING_ID}.md`), failingTestItem('failing'));
  },
};

function itemFiles(workspace) {
  const dir = join(workspace, '.backlog', 'items');
  return Object.fromEntries(readdirSync(dir).filter((n) => n.endsWith('.md')).map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
}

function changed(before, after) {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => before[k] !== after[k]).sort();
}

function status(text) {
  return /^status: (.*)$/m.exec(text)?.[1];
}

/** Waits until the item files differ from `before`, and returns the names of those that did. */
async function waitForWrite(workspace, before, what) {
  return waitFor(() => {
    const names = changed(before, itemFiles(workspace));
    return names.length > 0 && names;
  }, 10_000, what);
}

async function openBoard(workbench) {
  // The extension's contributions are registered once its host has scanned it: wait for its view.
  await workbench.activityBarItem('Backlog').waitFor({ timeout: 30_000 });
  await workbench.runCommand('Backlog: Open Board');
  const board = workbench.webview();
  await board.locator('.card').first().waitFor({ timeout: 30_000 });
  // Room for all five columns side by side, as on a typical wide editor.
  await workbench.runCommand('View: Close Primary Side Bar');
  return board;
}

/** The card elements' ids in one column, top to bottom. */
function columnIds(board, column) {
  return board.locator(`.cell[data-column="${column}"] .card`).evaluateAll((cards) => cards.map((c) => c.dataset.id));
}

export const tests = {
  'Backlog: Open Board shows a card for every item, in its status column': async ({ workbench, workspace }) => {
    const board = await openBoard(workbench);
    const files = itemFiles(workspace);
    await waitFor(async () => (await board.locator('.card').count()) === Object.keys(files).length, 10_000, 'every card');
    const headers = await board.locator('.column-title').allTextContents();
    assert.deepEqual(headers, ['Backlog', 'Ready', 'In Progress', 'Review', 'Done']);
    for (const [name, text] of Object.entries(files)) {
      const id = name.replace(/\.md$/, '');
      const column = headers.indexOf(status(text));
      assert.ok((await columnIds(board, column)).includes(id), `${id} is in ${status(text)}`);
    }
  },

  'item text is shown as text: no element is injected, no script runs': async ({ workbench }) => {
    const board = workbench.webview();
    const card = board.locator(`.card[data-id="${HOSTILE_ID}"]`);
    assert.equal(await card.locator('.card-title').textContent(), HOSTILE_TITLE);
    assert.equal(await card.locator('.label').textContent(), HOSTILE_LABEL);
    assert.equal(await board.locator('img').count(), 0, 'no <img> in the board');
    assert.equal(await board.locator('b').count(), 0, 'no <b> in the board');
    // The content frame holds VS Code's own bootstrap script and ours, nothing from the item;
    // the item text it carries sits in the first snapshot's inert JSON data block.
    const scripts = await board.locator('script').evaluateAll((list) => list.map((s) => ({ type: s.type, code: s.src || s.textContent })));
    const code = scripts.filter((s) => s.type !== 'application/json').map((s) => s.code);
    assert.ok(code.some((s) => /\/dist\/webview\/board\.js$/.test(s)), `the board script is loaded: ${code.map((s) => s.slice(0, 80)).join(' | ')}`);
    assert.ok(code.every((s) => !s.includes('pwned')), 'no script from item text');
    const data = scripts.filter((s) => s.type === 'application/json');
    assert.ok(data.length <= 1 && data.every((s) => !/[<>&]/.test(s.code)), 'at most one data block, holding no markup characters');
    const scriptCount = scripts.length;
    assert.notEqual(await board.locator('html').evaluate(() => document.title), 'pwned');
    await card.click();
    const body = board.locator('.detail .markdown-body');
    await body.waitFor({ timeout: 10_000 });
    // Rendered as Markdown, whose raw HTML is escaped: the tag is text in a paragraph.
    assert.equal((await body.textContent()).trim(), `<script>document.title='pwned'</script>`);
    assert.equal(await body.locator('p').count(), 1);
    assert.equal(await board.locator('script').count(), scriptCount, 'opening the details added no script');
    assert.equal(await board.locator('img').count(), 0);
    await board.locator('.detail button[aria-label="Close details"]').click();
  },

  'a card whose item tracks a failing test shows its state in the Testing colours; report text stays text': async ({ workbench, workspace }) => {
    const board = workbench.webview();
    const card = board.locator(`.card[data-id="${FAILING_ID}"]`);
    const badge = card.locator('.card-test');
    await badge.waitFor({ timeout: 10_000 });
    assert.equal((await badge.textContent()).trim(), 'failing ×3');
    assert.match(await badge.getAttribute('class'), /\btest-failing\b/);
    assert.equal(await badge.locator('.codicon-error').count(), 1, 'the error codicon');
    const failedColor = await resolvedColor(board, 'var(--vscode-testing-iconFailed)');
    assert.notEqual(failedColor, await card.locator('.card-title').evaluate((el) => getComputedStyle(el).color), 'the theme defines a failed colour unlike the text');
    assert.equal(await badge.locator('.codicon').evaluate((el) => getComputedStyle(el).color), failedColor);
    const title = await badge.getAttribute('title');
    assert.equal(
      title,
      ['Test failing', 'Failing since: 2026-11-20 08:00 UTC', 'Last failed: 2026-11-24 09:12 UTC', 'Failed in: 3 runs', `Message: ${FAILING_MESSAGE}`, 'Test: adds tax (src/cart.test.ts)', 'Report: reports/junit.xml'].join('\n'),
    );
    assert.match(await card.getAttribute('aria-label'), /test failing, failed in 3 runs/);
    assert.equal(await board.locator('b').count(), 0, 'the message\'s markup is not turned into elements');
    assert.equal(await board.locator('.card-test').count(), 1, 'items without a test carry no badge');

    await card.click();
    const state = board.locator('.detail .test-state');
    await state.waitFor({ timeout: 10_000 });
    assert.equal((await state.textContent()).trim(), 'failing ×3');
    const facts = await board.locator('.detail .facts').evaluate((dl) => [...dl.querySelectorAll('dt')].map((dt) => `${dt.textContent}=${dt.nextElementSibling?.textContent}`));
    assert.ok(facts.includes(`Message=${FAILING_MESSAGE}`), facts.join(' | '));
    await board.locator('.detail button[aria-label="Close details"]').click();

    // The next passing run (here: the importer's edit, written by hand) turns the badge green.
    writeFileSync(join(workspace, '.backlog', 'items', `${FAILING_ID}.md`), failingTestItem('passing'));
    await waitFor(async () => (await badge.textContent())?.trim() === 'passing again', 10_000, 'the badge to say passing again');
    assert.match(await badge.getAttribute('class'), /\btest-passing\b/);
    assert.equal(await badge.locator('.codicon-pass').count(), 1, 'the pass codicon');
    assert.equal(await badge.locator('.codicon').evaluate((el) => getComputedStyle(el).color), await resolvedColor(board, 'var(--vscode-testing-iconPassed)'));
    await card.scrollIntoViewIfNeeded();
    await workbench.screenshot('board-test-passing-again-dark');
    writeFileSync(join(workspace, '.backlog', 'items', `${FAILING_ID}.md`), failingTestItem('failing'));
    await waitFor(async () => (await badge.textContent())?.trim() === 'failing ×3', 10_000, 'the badge to say failing again');
  },

  'dragging a card to another column writes its new status to that one item file': async ({ workbench, workspace, page }) => {
    const board = workbench.webview();
    const headers = await board.locator('.column-title').allTextContents();
    const [id] = await columnIds(board, headers.indexOf('Ready'));
    assert.ok(id, 'the fixture has a Ready item');
    const before = itemFiles(workspace);
    await board.locator(`.cell[data-column="${headers.indexOf('Done')}"]`).scrollIntoViewIfNeeded();
    await board.locator(`.card[data-id="${id}"]`).scrollIntoViewIfNeeded();
    const source = await board.locator(`.card[data-id="${id}"]`).boundingBox();
    const target = await board.locator(`.cell[data-column="${headers.indexOf('Done')}"]`).boundingBox();
    const viewport = page.viewportSize();
    assert.ok(target.x + target.width / 2 < viewport.width, 'the Done column is on screen');
    await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
    await page.mouse.down();
    await page.mouse.move(source.x + source.width / 2 + 20, source.y + source.height / 2 + 5, { steps: 5 });
    await page.mouse.move(target.x + target.width / 2, target.y + 20, { steps: 15 });
    await page.mouse.up();
    const names = await waitForWrite(workspace, before, 'the dropped card to be written');
    // The board shows the card in Done only from the snapshot published after the whole move (every
    // file it wrote): from then on, any other file it touched would already be on disk.
    await waitFor(async () => (await columnIds(board, headers.indexOf('Done'))).includes(id), 10_000, 'the card in Done');
    assert.deepEqual(changed(before, itemFiles(workspace)), [`${id}.md`], 'exactly one file changed');
    assert.deepEqual(names, [`${id}.md`]);
    const after = itemFiles(workspace)[`${id}.md`];
    assert.equal(status(after), 'Done');
    const lines = after.split('\n').filter((l, i) => l !== before[`${id}.md`].split('\n')[i]);
    assert.ok(lines.every((l) => /^(status|rank|updated): /.test(l)), `only status, rank and updated changed: ${lines.join(' | ')}`);
  },

  'Alt+Arrow keys move the focused card; arrows move the focus': async ({ workbench, workspace, page }) => {
    const board = workbench.webview();
    const headers = await board.locator('.column-title').allTextContents();
    const [first, second] = await columnIds(board, headers.indexOf('Backlog'));
    await board.locator(`.card[data-id="${first}"]`).click();
    await board.locator('.detail button[aria-label="Close details"]').click();
    await board.locator(`.card[data-id="${first}"]`).focus();
    await page.keyboard.press('ArrowDown');
    assert.equal(await board.locator('.card:focus').getAttribute('data-id'), second, 'ArrowDown focuses the next card');
    assert.equal(await board.locator('.card[tabindex="0"]').count(), 1, 'one card in the tab order (roving tabindex)');
    let before = itemFiles(workspace);
    await page.keyboard.press('Alt+ArrowRight');
    assert.deepEqual(await waitForWrite(workspace, before, 'Alt+ArrowRight to move the card'), [`${second}.md`]);
    assert.equal(status(itemFiles(workspace)[`${second}.md`]), 'Ready');
    await waitFor(async () => (await board.locator('.card:focus').getAttribute('data-id')) === second, 5_000, 'the moved card to keep the focus');
    before = itemFiles(workspace);
    await page.keyboard.press('Alt+ArrowLeft');
    assert.deepEqual(await waitForWrite(workspace, before, 'Alt+ArrowLeft to move it back'), [`${second}.md`]);
    assert.equal(status(itemFiles(workspace)[`${second}.md`]), 'Backlog');
    const live = await board.locator('[aria-live="polite"]').textContent();
    assert.match(live, new RegExp(`${second} moved to Backlog, position \\d+ of \\d+`));
  },

  'over its WIP limit a column header turns to the warning colour': async ({ workbench, workspace }) => {
    const board = workbench.webview();
    const dir = join(workspace, '.backlog', 'items');
    for (const n of [1, 2, 3]) {
      writeFileSync(join(dir, `FX-WIP0${n}.md`), `---\nid: FX-WIP0${n}\ntitle: Review load ${n}\ntype: chore\nstatus: Review\npoints: 1\nrank: b${n}\n---\n`);
    }
    const header = board.locator('.column-header.over-wip');
    await header.waitFor({ timeout: 10_000 });
    assert.match(await header.locator('.column-title').textContent(), /Review/);
    assert.match(await header.locator('.column-wip').textContent(), /WIP [4-9]\/3/);
    const colors = await header.locator('.column-wip').evaluate((el) => {
      const probe = document.createElement('span');
      probe.style.setProperty('color', 'var(--vscode-editorWarning-foreground)');
      document.body.append(probe);
      const expected = getComputedStyle(probe).color;
      probe.remove();
      return { actual: getComputedStyle(el).color, expected };
    });
    assert.equal(colors.actual, colors.expected);
  },

  'the board comes back after Reload Window (panel serializer), with its filters': async ({ workbench, page }) => {
    let board = workbench.webview();
    await board.locator('select[aria-label="Filter by type"]').selectOption('bug');
    await waitFor(async () => (await board.locator('.card').count()) > 0 && (await board.locator('.card.type-bug').count()) === (await board.locator('.card').count()), 5_000, 'only bugs');
    // The reload navigates the page: wait for that before waiting for the new workbench.
    const reloaded = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: 30_000 });
    await workbench.runCommand('Developer: Reload Window');
    await reloaded;
    await workbench.ready();
    board = workbench.webview();
    await board.locator('.card').first().waitFor({ timeout: 30_000 });
    assert.equal(await board.locator('select[aria-label="Filter by type"]').inputValue(), 'bug', 'UI state restored');
    await board.locator('select[aria-label="Filter by type"]').selectOption({ index: 0 });
  },

  'the board in the dark and light themes, on the demo backlog': async ({ workbench, workspace, page }) => {
    // Screenshots of a realistic backlog: the demo's items replace the fixture's (the watcher
    // brings them in, as after a branch switch).
    const dir = join(workspace, '.backlog', 'items');
    const demo = join(REPO_ROOT, 'demo', '.backlog');
    for (const name of readdirSync(dir)) rmSync(join(dir, name));
    copyFileSync(join(demo, 'config.yaml'), join(workspace, '.backlog', 'config.yaml'));
    for (const name of readdirSync(join(demo, 'items'))) copyFileSync(join(demo, 'items', name), join(dir, name));
    const board = workbench.webview();
    const expected = readdirSync(join(demo, 'items')).length;
    await waitFor(async () => (await board.locator('.card').count()) === expected, 15_000, 'the demo cards');
    // The demo's imported failing test (reports/junit.xml) shows on its card.
    assert.equal((await board.locator('.card[data-id="SHOP-BH5HB"] .card-test').textContent()).trim(), 'failing');
    await page.keyboard.press('Escape');
    await board.locator('.card').nth(1).click();
    await board.locator('.detail button[aria-label="Close details"]').waitFor({ timeout: 5_000 });
    for (const shot of await workbench.screenshotBothThemes('board')) {
      assert.ok(shot.webviewTexts.some((t) => /in progress/i.test(t)), `${shot.file}: the board is painted, with its columns`);
    }
    await workbench.setColorTheme('dark');
    // test-results/screenshots/board-dark.png is the README's media/screenshots/board.png (copied by hand: tests leave tracked files alone).
    await board.locator('select[aria-label="Swimlanes"]').selectOption('assignee');
    await board.locator('.lane-header').first().waitFor({ timeout: 5_000 });
    await sleep(300);
    await workbench.screenshot('board-swimlanes-dark');
    await board.locator('select[aria-label="Swimlanes"]').selectOption('none');
    // The demo's failing test, its card and details, as a user finds it. (Switching the theme
    // through the command palette closes the details, so they are opened again for each shot.)
    for (const kind of ['dark', 'light']) {
      await workbench.setColorTheme(kind);
      const failing = board.locator('.card[data-id="SHOP-BH5HB"]');
      await failing.scrollIntoViewIfNeeded();
      await failing.click();
      await board.locator('.detail .test-state').waitFor({ timeout: 5_000 });
      // Opening the details narrows the board and moves the card: bring it back into view.
      await failing.evaluate((el) => el.scrollIntoView({ block: 'center' }));
      await sleep(300);
      await workbench.screenshot(`board-failing-test-${kind}`);
    }
    await workbench.setColorTheme('dark');
  },
};
