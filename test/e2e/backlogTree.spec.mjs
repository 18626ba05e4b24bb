// The Backlog side bar as a user sees it in the browser: items from the workspace's .backlog/
// folder appear as tree rows, and a file added on disk shows up without a reload.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Titles of the item files in a workspace, read from their front matter. */
function itemTitles(workspace) {
  const dir = join(workspace, '.backlog', 'items');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => /^title:\s*(.+)$/m.exec(readFileSync(join(dir, f), 'utf8'))?.[1].trim())
    .filter(Boolean);
}

/** Expands every collapsed row (e.g. status groups) so all items are rendered. */
async function expandAll(workbench) {
  for (let round = 0; round < 20; round++) {
    const collapsed = (await workbench.treeRows()).find((r) => r.expanded === false);
    if (!collapsed) return;
    await workbench.treeRow(collapsed.text).locator('.monaco-tl-twistie').click();
    await workbench.waitForTreeRow(collapsed.text); // re-rendered
  }
  throw new Error('tree rows kept collapsing; gave up expanding after 20 rounds');
}

export const tests = {
  'the Backlog activity bar shows every item of the workspace': async ({ workbench, workspace }) => {
    const titles = itemTitles(workspace);
    assert.ok(titles.length >= 3, `fixture has only ${titles.length} items`);
    await workbench.openViewContainer('Backlog');
    await workbench.waitForTreeRow(titles[0]);
    await expandAll(workbench);
    const shown = (await workbench.treeRows()).map((r) => r.text).join('\n');
    const missing = titles.filter((t) => !shown.includes(t));
    assert.deepEqual(missing, [], `items not in the tree:\n${shown}`);
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
