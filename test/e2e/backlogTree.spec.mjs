// The Backlog side bar as a user sees it in the browser: items from the workspace's .backlog/
// folder appear as tree rows, and a file added on disk shows up without a reload.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './driver.mjs';

const FAILING_TITLE = 'Checkout adds sales tax twice';

export const options = {
  // An item that tracks a test which failed in three runs, as the report importer writes it.
  setup: (workspace) => {
    writeFileSync(
      join(workspace, '.backlog', 'items', 'FX-TEST5.md'),
      [
        '---',
        'id: FX-TEST5',
        `title: ${FAILING_TITLE}`,
        'type: bug',
        'status: Ready',
        'rank: a01',
        'test:',
        '  id: t5',
        '  name: adds tax once',
        '  state: failing',
        '  failures: 3',
        '  firstSeen: 2026-11-20T08:00:00Z',
        '  lastSeen: 2026-11-24T09:12:04Z',
        '  message: "expected 10.80 to equal 10.40 **not bold**"',
        '  report: reports/junit.xml',
        '---',
        '',
      ].join('\n'),
    );
  },
};

/** Titles of the item files in a workspace, read from their front matter. */
function itemTitles(workspace) {
  const dir = join(workspace, '.backlog', 'items');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => /^title:\s*(.+)$/m.exec(readFileSync(join(dir, f), 'utf8'))?.[1].trim())
    .filter(Boolean);
}

export const tests = {
  'the Backlog activity bar shows every item of the workspace': async ({ workbench, workspace }) => {
    const titles = itemTitles(workspace);
    assert.ok(titles.length >= 3, `fixture has only ${titles.length} items`);
    await workbench.openViewContainer('Backlog');
    await workbench.waitForTreeRows('Items');
    // Groups (e.g. Done) may start collapsed, and the tree may refresh while it loads: expand
    // whatever is collapsed on each look until every title is shown.
    let shown = [];
    await waitFor(
      async () => {
        const rows = await workbench.treeRows();
        shown = rows.map((r) => r.text);
        const collapsed = rows.find((r) => r.expanded === false);
        if (collapsed) {
          await workbench.expandTreeRow(collapsed.label);
          return false;
        }
        return titles.every((t) => shown.some((text) => text.includes(t)));
      },
      20_000,
      'every item title in the tree',
    ).catch(() => {});
    const missing = titles.filter((t) => !shown.some((text) => text.includes(t)));
    assert.deepEqual(missing, [], `items not in the tree, which shows:\n${shown.join('\n')}`);
    assert.deepEqual(workbench.extensionErrors('repo-backlog.repo-backlog'), []);
  },

  'the items tree in the dark and light themes: rows on screen, titles readable (WCAG AA contrast)': async ({ workbench }) => {
    for (const kind of ['dark', 'light']) {
      await workbench.setColorTheme(kind);
      const row = workbench.treeRow(FAILING_TITLE, 'Items');
      await row.waitFor({ timeout: 15_000 });
      const ratio = await row.locator('.label-name').evaluate((el) => {
        const rgb = (c) => c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
        const lum = ([r, g, b]) => [r, g, b].map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4)).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
        // The row is transparent: its background is the sidebar's.
        let bg = el;
        while (bg && /rgba\(0, 0, 0, 0\)|transparent/.test(getComputedStyle(bg).backgroundColor)) bg = bg.parentElement;
        const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(rgb(getComputedStyle(bg).backgroundColor))];
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      });
      assert.ok(ratio >= 4.5, `item titles in the ${kind} theme have contrast ${ratio.toFixed(2)}, under 4.5`);
      const shot = await workbench.screenshot(`items-tree-${kind}`);
      assert.equal(shot.theme, kind);
      assert.ok(shot.treeRows >= 5, `${shot.file}: the Items tree shows rows (${shot.treeRows})`);
    }
    await workbench.setColorTheme('dark');
  },

  'an item tracking a failing test shows it on its row: icon in the Testing colour, count, and a hover with the facts': async ({ workbench, page }) => {
    const row = workbench.treeRow(FAILING_TITLE, 'Items');
    await row.waitFor({ timeout: 15_000 });
    assert.match(await row.textContent(), /FX-TEST5 · failing ×3/);
    assert.match(await row.getAttribute('aria-label'), /test failing, failed in 3 runs/);
    const icon = row.locator('.codicon-error');
    assert.equal(await icon.count(), 1, `the error icon instead of the type icon: ${await row.innerHTML()}`);
    const colors = await icon.evaluate((el) => {
      // The workbench defines its --vscode-* colours on .monaco-workbench, not on <body>.
      const probe = document.createElement('span');
      probe.style.setProperty('color', 'var(--vscode-testing-iconFailed)');
      el.parentElement.append(probe);
      const expected = getComputedStyle(probe).color;
      probe.remove();
      return { actual: getComputedStyle(el).color, expected, text: getComputedStyle(el.closest('.monaco-list-row').querySelector('.label-name')).color };
    });
    assert.notEqual(colors.expected, colors.text, 'the theme defines a failed colour unlike the text');
    assert.equal(colors.actual, colors.expected, `the icon in the Testing view's failed colour (${JSON.stringify(colors)})`);

    await row.locator('.label-name').hover();
    const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Test failing' }).first();
    await hover.waitFor({ timeout: 10_000 });
    const text = await hover.innerText();
    for (const line of ['Failing since: 2026-11-20 08:00 UTC', 'Last failed: 2026-11-24 09:12 UTC', 'Failed in: 3 runs', 'Message: expected 10.80 to equal 10.40 **not bold**', 'Report: reports/junit.xml']) {
      assert.ok(text.replace(/\u00a0/g, ' ').includes(line), `the hover says "${line}":\n${text}`);
    }
    assert.equal(await hover.locator('strong', { hasText: 'not bold' }).count(), 0, 'report text is not Markdown');
    await workbench.screenshot('items-tree-failing-test-hover-dark');
    await workbench.setColorTheme('light');
    await row.locator('.label-name').hover();
    await hover.waitFor({ timeout: 10_000 });
    await workbench.screenshot('items-tree-failing-test-hover-light');
    await workbench.setColorTheme('dark');
    await page.mouse.move(0, 0);
  },

  'a row starts with its priority icon and shows the id first; the hover reads as text, not Markdown source': async ({ workbench, page }) => {
    const must = workbench.treeRow('Capture TODO comments as items', 'Items');
    await must.waitFor({ timeout: 15_000 });
    assert.equal(await must.locator('.codicon-flame').count(), 1, `must: the flame icon: ${await must.innerHTML()}`);
    assert.match(await must.locator('.label-description').textContent(), /^FX-2WUC9 · 5 pts/);
    const could = workbench.treeRow('Sprint burndown chart', 'Items');
    assert.equal(await could.locator('.codicon-arrow-down').count(), 1, 'could: the arrow down');
    await must.locator('.label-name').hover();
    const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Priority' }).first();
    await hover.waitFor({ timeout: 10_000 });
    const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
    assert.ok(!text.includes('**') && !text.includes('\\'), `no Markdown source in the hover:\n${text}`);
    assert.match(text, /Capture TODO comments as items/);
    assert.match(text, /Created: \d{1,2} [A-Z][a-z]{2} \d{4}|Created: (today|yesterday|\d days ago)/);
    await page.mouse.move(0, 0);
  },

  'the filter shows in the Items view title while it is active': async ({ workbench, page }) => {
    const description = workbench.pane('Items').locator('.pane-header .description');
    await workbench.runCommand('Backlog: Filter Items…');
    const input = workbench.quickInput().locator('input').first();
    await input.waitFor({ state: 'visible' });
    await input.fill('burndown');
    await page.keyboard.press('Enter');
    await waitFor(async () => /filter: burndown/.test((await description.textContent().catch(() => '')) ?? ''), 10_000, 'the filter in the view title');
    let rows = [];
    await waitFor(async () => {
      rows = (await workbench.treeRows('Items')).map((r) => r.text);
      return rows.some((t) => t.includes('Sprint burndown chart')) && !rows.some((t) => t.includes('Capture TODO comments'));
    }, 10_000, 'only the matching item in the tree').catch(() => assert.fail(`the filtered tree shows:\n${rows.join('\n')}`));
    // The description is cut short at the default width; the message above the rows says it in full.
    await workbench.pane('Items').locator('.message', { hasText: 'Filtered by "burndown": 1 item.' }).waitFor({ timeout: 10_000 });
    await workbench.screenshot('items-tree-filtered');
    await workbench.runCommand('Backlog: Clear Items Filter');
    await waitFor(async () => !/filter:/.test((await description.textContent().catch(() => '')) ?? ''), 10_000, 'the filter gone from the view title');
  },

  'an item file added on disk appears in the tree': async ({ workbench, workspace }) => {
    const title = 'Item written by the e2e test';
    writeFileSync(
      join(workspace, '.backlog', 'items', 'FX-E2E01.md'),
      `---\nid: FX-E2E01\ntitle: ${title}\ntype: chore\nstatus: Ready\nrank: a9\n---\n\nAdded while the editor was open.\n`,
    );
    await workbench.waitForTreeRow(title, { timeoutMs: 15_000 });
  },
};
