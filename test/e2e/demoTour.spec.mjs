// The demo workspace as `npm start` shows it: the Items tree, the TODO inbox and failing tests views, an
// item open in the editor. Also produces the README's screenshot (test-results/screenshots/demo-tree.png).
import * as assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEMO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'demo');

export const options = { workspace: DEMO, timeoutMs: 180_000 };

export const tests = {
  'the demo backlog shows its items, untracked TODOs and failing test': async ({ workbench, page }) => {
    await workbench.openViewContainer('Backlog');
    await workbench.waitForTreeRow('Checkout fails when the cart has more than 99 items', { view: 'Items', timeoutMs: 90_000 });
    // The TODO inbox and the failing tests are views of their own under the items.
    await workbench.waitForTreeRow('total.ts', { view: 'Untracked TODOs', timeoutMs: 60_000 });
    await workbench.waitForTreeRow('cart total handles 100 items', { view: 'Failing Tests', timeoutMs: 60_000 });
    await workbench.treeRow('Checkout fails when the cart has more than 99 items', 'Items').click();
    // The item page's tab is titled with the item ("SHOP-YU54M: Checkout fails…"), a text editor's with the file.
    await page.locator('.tabs-container .tab', { hasText: 'SHOP-YU54M' }).first().waitFor({ timeout: 30_000 });
    await workbench.webview().locator('body[data-painted-at]').waitFor({ timeout: 30_000 });
    const rows = (await workbench.treeRows('Untracked TODOs')).map((r) => r.text);
    assert.ok(rows.some((t) => t.includes('memoise per cart version') || t.includes('total.ts')), rows.join('\n'));
    await workbench.screenshot('demo-tree');
  },
};
