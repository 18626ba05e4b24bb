// Drag and drop in the Items tree, with the mouse in a real browser: a move writes one file.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './driver.mjs';

function itemFiles(workspace) {
  const dir = join(workspace, '.backlog', 'items');
  return Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

/** A mouse drag the way a user does it: press, move in steps (so the drag starts), release. */
async function drag(page, source, target) {
  const from = await source.boundingBox();
  assert.ok(from, 'the dragged row is on screen');
  await page.mouse.move(from.x + from.width / 3, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 3 + 5, from.y + from.height / 2 + 5, { steps: 3 });
  // Measured only now: rows can still move while the tree settles.
  const to = await target.boundingBox();
  assert.ok(to, 'the drop target row is on screen');
  await page.mouse.move(to.x + to.width / 3, to.y + to.height / 2, { steps: 12 });
  await page.waitForTimeout(200);
  await page.mouse.up();
}

function changedFiles(before, after) {
  return Object.keys(after).filter((k) => after[k] !== before[k]);
}

/** Waits until the tree's rows stop changing (groups fill in as the backlog loads). */
async function settle(workbench) {
  let last = '';
  let stable = 0;
  await waitFor(async () => {
    const now = (await workbench.treeRows('Items')).map((r) => r.label).join('\n');
    stable = now === last && now !== '' ? stable + 1 : 0;
    last = now;
    return stable >= 3;
  }, 30_000, 'the tree to settle');
}

async function openTree(workbench) {
  await workbench.openViewContainer('Backlog');
  await workbench.waitForTreeRows('Items');
  // Done starts collapsed: open it so its items can be dragged too.
  await waitFor(async () => {
    const collapsed = (await workbench.treeRows('Items')).find((r) => r.expanded === false && /^Done/.test(r.label));
    if (collapsed) await workbench.expandTreeRow(collapsed.label, 'Items');
    return !collapsed;
  }, 20_000, 'the Done group to be expanded');
  await settle(workbench);
}

export const tests = {
  'dragging an item onto another status group changes its status, in one file': async ({ workbench, page, workspace }) => {
    await openTree(workbench);
    const before = itemFiles(workspace);
    const source = workbench.treeRow('Sprint burndown chart', 'Items');
    const target = workbench.pane('Items').locator('.monaco-list-row[aria-label^="Review"]').first();
    await drag(page, source, target);
    await waitFor(() => /^status: Review$/m.test(readFileSync(join(workspace, '.backlog', 'items', 'FX-ZXRCH.md'), 'utf8')), 15_000, 'FX-ZXRCH.md to say status: Review');
    assert.deepEqual(changedFiles(before, itemFiles(workspace)), ['FX-ZXRCH.md']);
    await waitFor(async () => {
      const rows = (await workbench.treeRows('Items')).map((r) => r.label);
      const review = rows.findIndex((l) => l.startsWith('Review'));
      const inProgress = rows.findIndex((l) => l.startsWith('In Progress'));
      const moved = rows.findIndex((l) => l.startsWith('Sprint burndown chart'));
      return review !== -1 && moved > review && inProgress < review;
    }, 15_000, 'the item to show under Review');
  },

  'dragging an item onto another item places it right before that item and takes its group': async ({ workbench, page, workspace }) => {
    await openTree(workbench);
    const before = itemFiles(workspace);
    const source = workbench.treeRow('Remove legacy import script', 'Items');
    const target = workbench.treeRow('Capture TODO comments as items', 'Items');
    await drag(page, source, target);
    const file = join(workspace, '.backlog', 'items', 'FX-RBWYE.md');
    await waitFor(() => /^status: Ready$/m.test(readFileSync(file, 'utf8')), 15_000, 'FX-RBWYE.md to move to Ready');
    assert.deepEqual(changedFiles(before, itemFiles(workspace)), ['FX-RBWYE.md']);
    const rank = (name) => /^rank: (.+)$/m.exec(readFileSync(join(workspace, '.backlog', 'items', name), 'utf8'))?.[1];
    assert.ok(rank('FX-RBWYE.md') < rank('FX-2WUC9.md'), 'ranked before the item it was dropped on');
    await waitFor(async () => {
      const labels = (await workbench.treeRows('Items')).map((r) => r.label);
      return labels.findIndex((l) => l.startsWith('Remove legacy import script')) === labels.findIndex((l) => l.startsWith('Capture TODO comments')) - 1;
    }, 15_000, 'the tree to show the new order');
    await settle(workbench);
  },
};

// The first test also waits for the extension to start, which is slow on a busy CI machine.
export const options = { timeoutMs: 180_000 };
