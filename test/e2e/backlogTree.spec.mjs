// The Backlog side bar as a user sees it in the browser: items from the workspace's .backlog/
// folder appear as tree rows, and a file added on disk shows up without a reload.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './driver.mjs';

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

  'the items tree in the dark and light themes': async ({ workbench }) => {
    await workbench.screenshotBothThemes('items-tree');
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
