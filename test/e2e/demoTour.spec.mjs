// The demo workspace as `npm start` shows it: the tree with its TODO inbox and failing tests, an
// item open in the editor. Also produces the README's screenshot (test-results/screenshots/demo-tree.png).
import * as assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './driver.mjs';

const DEMO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'demo');

export const options = { workspace: DEMO, timeoutMs: 180_000 };

export const tests = {
  'the demo backlog shows its items, untracked TODOs and failing test': async ({ workbench, page }) => {
    await workbench.openViewContainer('Backlog');
    await workbench.waitForTreeRow('Checkout fails when the cart has more than 99 items', { view: 'Items', timeoutMs: 90_000 });
    // Open the sections under the items, as a triaging user would. Section rows relabel themselves
    // as scans finish ("3 in 2 files"): find them by text each time. While the TODO scan runs its
    // heading is not expandable at all (aria-expanded absent), so wait for a real `true`.
    for (const section of ['Untracked TODOs', 'Failing tests']) {
      await waitFor(async () => {
        const row = await workbench.waitForTreeRow(section, { view: 'Items', timeoutMs: 60_000 });
        if (row.expanded === true) return true;
        if (row.expanded === undefined) return false;
        await workbench.treeRow(section, 'Items').click({ timeout: 5_000 }).catch(() => {});
        return false;
      }, 60_000, `the ${section} section to be expanded`);
    }
    await waitFor(async () => {
      const texts = (await workbench.treeRows('Items')).map((r) => r.text);
      return texts.some((t) => t.includes('total.ts')) && texts.some((t) => t.includes('cart total handles 100 items'));
    }, 30_000, 'the TODO file and the failing test in the tree');
    await workbench.treeRow('Checkout fails when the cart has more than 99 items', 'Items').click();
    // The item page's tab is titled with the item ("SHOP-YU54M: Checkout fails…"), a text editor's with the file.
    await page.locator('.tabs-container .tab', { hasText: 'SHOP-YU54M' }).first().waitFor({ timeout: 30_000 });
    await workbench.webview().locator('body[data-painted-at]').waitFor({ timeout: 30_000 });
    const rows = (await workbench.treeRows('Items')).map((r) => r.text);
    assert.ok(rows.some((t) => t.includes('memoise per cart version') || t.includes('total.ts')), rows.join('\n'));
    await workbench.screenshot('demo-tree');
  },
};
