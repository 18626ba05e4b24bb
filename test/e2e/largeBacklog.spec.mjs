// A backlog of a few hundred items with epics and blockers, as a team that has
// used the tool for a while has it: the tree grouped by parent and the board in swimlanes by epic
// must stay readable (and are looked at in dark and light) at that size, not only on the demo.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './driver.mjs';

const EPICS = 24;
const STORIES_PER_EPIC = 11;
const LOOSE = 36;
const TOTAL = EPICS * (1 + STORIES_PER_EPIC) + LOOSE;
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const STATUSES = ['Backlog', 'Backlog', 'Ready', 'In Progress', 'Review', 'Done', 'Done'];
const PRIORITIES = ['must', 'should', 'should', 'could', 'wont'];
const AREAS = ['checkout', 'search', 'accounts', 'payments', 'catalogue', 'shipping', 'reports', 'mobile'];

/** A valid, distinct id for the n-th item (the fixture's prefix, five id characters). */
function idOf(n) {
  let suffix = '';
  for (let i = 0, k = n + 1000; i < 5; i++, k = Math.floor(k / ID_ALPHABET.length)) suffix = ID_ALPHABET[k % ID_ALPHABET.length] + suffix;
  return `FX-${suffix}`;
}

/** Fractional-indexing keys in order: integer part `a<d>` and a one-digit fraction that never ends in 0. */
function rankOf(n) {
  return `a${DIGITS[Math.floor(n / 61)]}${DIGITS[1 + (n % 61)]}`;
}

function itemFile({ id, title, type, status, priority, points, parent, blockedBy, rank }) {
  return [
    '---',
    `id: ${id}`,
    `title: ${JSON.stringify(title)}`,
    `type: ${type}`,
    `status: ${status}`,
    `priority: ${priority}`,
    ...(points ? [`points: ${points}`] : []),
    ...(parent ? [`parent: ${parent}`] : []),
    ...(blockedBy?.length ? [`blockedBy: [${blockedBy.join(', ')}]`] : []),
    `rank: ${rank}`,
    '---',
    '',
    `As a shopper I want ${title.toLowerCase()}.`,
    '',
    '## Acceptance criteria',
    '',
    '- [ ] It works on mobile',
    '- [ ] It is documented',
    '',
  ].join('\n');
}

/** Writes the items into the workspace copy before the editor opens it. */
function seed(workspace) {
  const config = join(workspace, '.backlog', 'config.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace('types: [feature, bug, debt, chore]', 'types: [epic, feature, bug, debt, chore]'));
  let n = 0;
  const write = (fields) => writeFileSync(join(workspace, '.backlog', 'items', `${fields.id}.md`), itemFile({ ...fields, rank: rankOf(n++) }));
  for (let e = 0; e < EPICS; e++) {
    const epic = idOf(e * 100);
    write({ id: epic, title: `${AREAS[e % AREAS.length]} epic ${e + 1}: a better ${AREAS[e % AREAS.length]} experience`, type: 'epic', status: e % 5 === 0 ? 'Done' : 'In Progress', priority: PRIORITIES[e % 4] });
    for (let s = 0; s < STORIES_PER_EPIC; s++) {
      const id = idOf(e * 100 + s + 1);
      write({
        id,
        title: `${AREAS[(e + s) % AREAS.length]}: story ${s + 1} of epic ${e + 1}, with a title long enough to be cut at the sidebar's width`,
        type: s % 4 === 3 ? 'bug' : 'feature',
        status: e % 5 === 0 ? 'Done' : STATUSES[(e + s) % STATUSES.length],
        priority: PRIORITIES[(e + s) % PRIORITIES.length],
        points: [1, 2, 3, 5, 8][(e + s) % 5],
        parent: epic,
        blockedBy: s > 0 && s % 3 === 0 ? [idOf(e * 100 + s)] : [],
      });
    }
  }
  for (let l = 0; l < LOOSE; l++) {
    write({ id: idOf(5000 + l), title: `Loose task ${l + 1}: tidy the ${AREAS[l % AREAS.length]} code`, type: l % 2 ? 'debt' : 'chore', status: STATUSES[l % STATUSES.length], priority: PRIORITIES[l % PRIORITIES.length] });
  }
}

export const options = {
  theme: 'dark',
  timeoutMs: 120_000,
  setup: seed,
};

export const tests = {
  'the tree grouped by parent holds the epics with their progress, on a few hundred items': async ({ workbench }) => {
    await workbench.openViewContainer('Backlog');
    await workbench.waitForTreeRows('Items');
    await workbench.runCommand('Backlog: Group Items By…');
    await workbench.pickQuickItem('Parent (epics hold their children, with progress)');
    const rows = await waitFor(async () => {
      const list = await workbench.treeRows('Items');
      return list.some((r) => /epic 2:/.test(r.text)) && list;
    }, 30_000, 'epic rows in the Items tree');
    const epicRow = rows.find((r) => /epic 2:/.test(r.text));
    // Epic 2 is open with 11 stories: its row starts with the roll-up ("◔ n/11"), before the title,
    // so a title too long for the sidebar cannot push it out of sight.
    assert.match(epicRow.text, /[○◔◑◕●] \d+\/11 +\S+ epic 2:/, `the epic's roll-up: ${epicRow.text}`);
    assert.match(epicRow.label, /\d+ of 11 done/, `the roll-up for screen readers: ${epicRow.label}`);
    for (const shot of await workbench.screenshotBothThemes('large-backlog-tree-by-parent')) {
      assert.ok(shot.treeRows >= 10, `${shot.file}: the tree shows rows (${shot.treeRows})`);
    }
  },

  'the board in swimlanes by epic, on a few hundred items': async ({ workbench }) => {
    await workbench.runCommand('Backlog: Open Board');
    const board = workbench.webview();
    await board.locator('.card').first().waitFor({ timeout: 60_000 });
    const cards = await board.locator('.card').count();
    assert.ok(cards >= TOTAL / 2, `the items are cards (${cards} of ${TOTAL})`);
    await board.locator('select[aria-label="Swimlanes"]').selectOption('epic');
    await board.locator('.lane-header').first().waitFor({ timeout: 10_000 });
    assert.ok((await board.locator('.lane-header').count()) >= EPICS, 'a lane per epic');
    assert.ok((await board.locator('.card-blocked').count()) > 0, 'blocked cards carry their badge');
    for (const shot of await workbench.screenshotBothThemes('large-backlog-board-by-epic')) {
      assert.ok(shot.webviewTexts.some((t) => t.includes('epic 1: a better')), `${shot.file}: the board is painted, in epic lanes`);
    }
  },
};
