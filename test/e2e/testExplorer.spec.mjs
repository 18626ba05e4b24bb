// Failing tests → backlog items the way a user gets there: a test extension (the fixture
// test/fixtures/test-provider, loaded next to ours) shows the workspace's tests in the Test
// Explorer; the user runs them all, right-clicks what failed (the test in the Test Explorer, the
// test or one of its failure messages in the Test Results view) and chooses Create Backlog Item
// from Failure. The item file and the Backlog tree are checked, as the user would see them.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../scripts/editor/session.mjs';
import { waitFor } from './driver.mjs';

const CAPTURE = 'Create Backlog Item from Failure';
const TEST_FILE = 'src/pricing.test.js';

// Lines (1-based) the assertions below rely on: where each test is defined and where it fails.
const TEST_SOURCE = `const assert = require('node:assert/strict');
const { formatPrice, roundPrice } = require('./pricing');

test('rounds whole numbers', () => {
  assert.equal(roundPrice(10), 10);
});

test('rounds half up', () => {
  assert.equal(roundPrice(10.5), 11);
});

test('formats prices', () => {
  const failed = [];
  const check = (fn) => { try { fn(); } catch (err) { failed.push(err); } };
  check(() => assert.equal(formatPrice(1050), '10.50 €', 'euros keep two decimals'));
  check(() => assert.equal(formatPrice(5), '0.05 €', 'cents keep a leading zero'));
  if (failed.length) throw new AggregateError(failed, 'soft assertions failed');
});
`;
const LINES = { roundsHalfUp: 8, roundsHalfUpFails: 9, formatsPrices: 12, leadingZeroFails: 16 };

export const options = {
  theme: 'dark',
  timeoutMs: 120_000,
  extensions: [join(REPO_ROOT, 'test', 'fixtures', 'test-provider')],
  setup: (w) => {
    writeFileSync(join(w, 'src', 'pricing.js'), 'exports.roundPrice = (amount) => Math.floor(amount);\nexports.formatPrice = (cents) => `€${(cents / 100).toFixed(2)}`;\n');
    writeFileSync(join(w, TEST_FILE), TEST_SOURCE);
  },
};

function itemFiles(workspace) {
  const dir = join(workspace, '.backlog', 'items');
  return new Map(readdirSync(dir).filter((n) => n.endsWith('.md')).map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
}

/** Waits for exactly one item file more than `before`; returns its name and text. */
async function newItemFile(workspace, before, what) {
  const [name, text] = await waitFor(() => {
    const added = [...itemFiles(workspace)].filter(([n]) => !before.has(n));
    return added.length > 0 && added;
  }, 20_000, what).then((added) => {
    assert.equal(added.length, 1, `one item file is written, not ${added.map(([n]) => n).join(', ')}`);
    return added[0];
  });
  return { name, text };
}

/** The `links:` of an item file as [kind, path, line] triples (the YAML our store writes). */
function links(text) {
  const block = /^links:\n((?: {2}.*\n)+)/m.exec(text)?.[1] ?? '';
  return [...block.matchAll(/- kind: (\w+)\n\s+path: (.+)\n(?:\s+line: (\d+)\n)?/g)].map((m) => [m[1], m[2], m[3] ? Number(m[3]) : undefined]);
}

export const tests = {
  'run all tests: the Test Explorer shows the failed test': async ({ workbench }) => {
    await workbench.openViewContainer('Testing', 90_000);
    // The fixture's tests are found once its extension activates (workspaceContains:**/*.test.js).
    await workbench.waitForTreeRow('pricing.test.js', { view: 'Test Explorer', timeoutMs: 60_000 });
    await workbench.runCommand('Test: Run All Tests');
    await workbench.waitForTreeRow('pricing.test.js (Failed)', { view: 'Test Explorer', timeoutMs: 30_000 });
    // By the row, not its label: the label carries the run's duration, which changes as it ends.
    const file = workbench.treeRow('pricing.test.js', 'Test Explorer');
    if ((await file.getAttribute('aria-expanded')) === 'false') await file.locator('.monaco-tl-twistie').click();
    await workbench.waitForTreeRow('rounds half up (Failed)', { view: 'Test Explorer' });
    await workbench.waitForTreeRow('formats prices (Failed)', { view: 'Test Explorer' });
    await workbench.waitForTreeRow('rounds whole numbers (Passed)', { view: 'Test Explorer' });
  },

  'a passing test and a test file offer no item for themselves': async ({ workbench, workspace }) => {
    assert.ok(!(await workbench.contextMenuItems(workbench.treeRow('rounds whole numbers', 'Test Explorer'))).includes(CAPTURE), 'no entry on a passing test');
    // The file shows as failed (a test in it failed), so VS Code offers the entry; it names no test.
    const before = itemFiles(workspace);
    await workbench.chooseFromContextMenu(workbench.treeRow('pricing.test.js', 'Test Explorer'), CAPTURE);
    await waitFor(async () => (await workbench.notifications()).some((n) => n.includes('is a group of 3 tests')), 10_000, 'the message that a file is a group');
    assert.deepEqual(itemFiles(workspace), before, 'no item for the file');
  },

  'failed test → context menu → a bug item linked to the test': async ({ workbench, workspace }) => {
    const before = itemFiles(workspace);
    const row = workbench.treeRow('rounds half up', 'Test Explorer');
    const entries = await workbench.openContextMenu(row);
    assert.ok(entries.includes(CAPTURE), `the menu offers "${CAPTURE}" (it has: ${entries.join(' | ')})`);
    await workbench.screenshot('test-explorer-context-menu');
    await workbench.clickContextMenuItem(CAPTURE);
    // The capture review shows what will be written, each field changeable, before anything is.
    const review = await waitFor(async () => {
      const rows = await workbench.quickInput().locator('.monaco-list-row').allTextContents();
      return rows.some((r) => r.includes('Create Item')) && rows;
    }, 10_000, 'the capture review');
    assert.ok(review.some((r) => /Title\s*Failing test: rounds half up/.test(r)), `the review shows the title: ${review.join(' | ')}`);
    assert.ok(review.some((r) => /Type\s*bug/.test(r)), `the review shows the type: ${review.join(' | ')}`);
    assert.deepEqual(itemFiles(workspace), before, 'nothing is written before the review is accepted');
    await workbench.pickQuickItem('Create Item');

    const { name, text } = await newItemFile(workspace, before, 'the item file');
    assert.match(text, /^type: bug$/m);
    assert.match(text, /^title: "?Failing test: rounds half up"?$/m);
    assert.match(text, /^status: Backlog$/m);
    // From the Test Explorer VS Code hands over the test alone: its definition is the link.
    assert.deepEqual(links(text), [['test', TEST_FILE, LINES.roundsHalfUp]]);
    assert.match(text, /^ {2}report: Test Explorer$/m);

    const id = name.replace(/\.md$/, '');
    await workbench.openViewContainer('Backlog');
    // Its row in the Items tree (the title and the id; the rest of the label is the tree's business).
    await waitFor(async () => (await workbench.treeRows('Items')).find((r) => r.label.includes('Failing test: rounds half up') && r.label.includes(id)), 20_000, `the row of ${id} in the Items tree`);
  },

  'failure message in the Test Results view → a bug item linked to the failing line': async ({ workbench, workspace }) => {
    await workbench.showTestResults();
    const results = workbench.testResultsTree();
    // Two failed assertions: the test row expands to one row per message.
    const test = results.locator('.monaco-list-row', { hasText: 'formats prices' }).first();
    await test.waitFor({ timeout: 20_000 });
    if ((await test.getAttribute('aria-expanded')) === 'false') await test.locator('.monaco-tl-twistie').click();
    const message = results.locator('.monaco-list-row[aria-label^="cents keep a leading zero"]').first();
    await message.waitFor({ timeout: 10_000 });

    const before = itemFiles(workspace);
    await workbench.chooseFromContextMenu(message, CAPTURE);
    await workbench.pickQuickItem('Create Item');
    const { text } = await newItemFile(workspace, before, 'the item file');
    assert.match(text, /^type: bug$/m);
    assert.match(text, /^title: "?Failing test: formats prices"?$/m);
    // The message says where it failed: a link to that line next to the test's definition.
    assert.deepEqual(links(text), [
      ['test', TEST_FILE, LINES.formatsPrices],
      ['code', TEST_FILE, LINES.leadingZeroFails],
    ]);
    assert.match(text, /cents keep a leading zero/);
    assert.match(text, /Expected: 0\.05 €/);
  },

  'a failed test in the Test Results view: the item it already has, no copy': async ({ workbench, workspace }) => {
    const results = workbench.testResultsTree();
    // One message: VS Code shows the test and its message as one row and offers the test's menu.
    const row = results.locator('.monaco-list-row', { hasText: 'rounds half up' }).first();
    await row.waitFor({ timeout: 10_000 });
    const before = itemFiles(workspace);
    await workbench.chooseFromContextMenu(row, CAPTURE);
    await waitFor(async () => (await workbench.notifications()).some((n) => /Already tracked as \w+-\w+ — Failing test: rounds half up/.test(n)), 10_000, 'the "already tracked" message');
    assert.deepEqual(itemFiles(workspace), before, 'nothing written for a test that already has an item');
  },
};
