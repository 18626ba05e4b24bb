// Planning in the real editor: the active sprint in the status bar, planning a sprint from the
// command palette (committed vs capacity in the quick pick title, one file per added item), and
// the sprint review with its burndown built from a scripted git history, in dark and light.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './driver.mjs';

const ITEMS = { todo: 'FX-2WUC9', keys: 'FX-MQTAG', legacy: 'FX-RBWYE', counts: 'FX-YTR2D', burndown: 'FX-ZXRCH' };

function setField(workspace, id, key, value) {
  const file = join(workspace, '.backlog', 'items', `${id}.md`);
  let text = readFileSync(file, 'utf8');
  const line = new RegExp(`^${key}:.*\\n`, 'm');
  if (value === undefined) text = text.replace(line, '');
  else if (line.test(text)) text = text.replace(line, `${key}: ${value}\n`);
  else text = text.replace(/\n---\n/, `\n${key}: ${value}\n---\n`);
  writeFileSync(file, text);
}

function sprintFile(workspace, id, fields) {
  mkdirSync(join(workspace, '.backlog', 'sprints'), { recursive: true });
  const yaml = Object.entries(fields).map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.join(', ')}]` : v}`).join('\n');
  writeFileSync(join(workspace, '.backlog', 'sprints', `${id}.md`), `---\n${yaml}\n---\n\n## Notes\n`);
}

function commit(workspace, date, message) {
  const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_AUTHOR_NAME: 'Dana', GIT_AUTHOR_EMAIL: 'dana@example.com', GIT_COMMITTER_NAME: 'Dana', GIT_COMMITTER_EMAIL: 'dana@example.com' };
  execFileSync('git', ['add', '-A'], { cwd: workspace, env });
  execFileSync('git', ['commit', '-q', '-m', message], { cwd: workspace, env });
}

export const options = {
  theme: 'dark',
  timeoutMs: 90_000,
  setup: (w) => {
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: w });
    writeFileSync(join(w, '.backlog', 'items', 'FX-CSV42.md'), '---\nid: FX-CSV42\ntitle: Export the backlog as CSV\ntype: feature\nstatus: Ready\npoints: 3\nrank: a9\n---\n\n## Description\n\nFor the monthly report.\n');
    for (const id of [ITEMS.todo, ITEMS.keys, ITEMS.counts, ITEMS.burndown]) setField(w, id, 'status', 'Ready');
    sprintFile(w, 'sprint-7', { name: 'Sprint 7', start: '2026-11-02', end: '2026-11-13', goal: 'Capture TODOs and ship keyboard moves', capacity: 12, state: 'planned' });
    sprintFile(w, 'sprint-8', { name: 'Sprint 8', start: '2026-11-16', end: '2026-11-27', capacity: 16, state: 'planned' });
    commit(w, '2026-10-30T10:00:00Z', 'backlog');
    for (const id of [ITEMS.todo, ITEMS.keys, ITEMS.counts]) setField(w, id, 'sprint', 'sprint-7');
    sprintFile(w, 'sprint-7', { name: 'Sprint 7', start: '2026-11-02', end: '2026-11-13', goal: 'Capture TODOs and ship keyboard moves', capacity: 12, state: 'active', started: '2026-11-02T09:30:00Z' });
    commit(w, '2026-11-02T09:30:00Z', 'plan and start sprint 7');
    setField(w, ITEMS.counts, 'status', 'In Progress');
    commit(w, '2026-11-03T11:00:00Z', 'start counts');
    setField(w, ITEMS.counts, 'status', 'Done');
    commit(w, '2026-11-04T16:00:00Z', 'counts done');
    setField(w, ITEMS.burndown, 'sprint', 'sprint-7');
    commit(w, '2026-11-05T10:00:00Z', 'pull in the burndown');
    setField(w, ITEMS.keys, 'status', 'Done');
    commit(w, '2026-11-09T15:00:00Z', 'keys done');
    setField(w, ITEMS.burndown, 'points', 5);
    commit(w, '2026-11-10T10:00:00Z', 're-estimate burndown');
    setField(w, ITEMS.todo, 'status', 'Done');
    commit(w, '2026-11-12T17:00:00Z', 'todo capture done');
    setField(w, ITEMS.burndown, 'sprint', 'sprint-8');
    sprintFile(w, 'sprint-7', { name: 'Sprint 7', start: '2026-11-02', end: '2026-11-13', goal: 'Capture TODOs and ship keyboard moves', capacity: 12, state: 'closed', started: '2026-11-02T09:30:00Z', closed: '2026-11-13T17:00:00Z', carriedOver: [ITEMS.burndown], carriedTo: 'sprint-8' });
    sprintFile(w, 'sprint-8', { name: 'Sprint 8', start: '2026-11-16', end: '2026-11-27', capacity: 16, state: 'active', started: '2026-11-16T09:00:00Z' });
    commit(w, '2026-11-13T17:00:00Z', 'close sprint 7, start sprint 8');
  },
};

export const tests = {
  'the status bar shows the active sprint': async ({ workbench, page }) => {
    await workbench.ready();
    const item = page.locator('.statusbar-item', { hasText: 'Sprint 8' }).first();
    await item.waitFor({ timeout: 30_000 });
    assert.match(await item.innerText(), /Sprint 8: 0\/5 pts/);
  },

  'plan a sprint: committed against capacity, one file written': async ({ workbench, page, workspace }) => {
    await workbench.runCommand('Backlog: Plan Sprint…');
    // Sprint 8 is the only sprint still open, so it is taken without asking.
    const input = workbench.quickInput();
    const title = () => input.locator('.quick-input-title').innerText();
    await waitFor(async () => /Plan Sprint 8: 5 \/ 16 points committed/.test(await title()), 10_000, 'the plan title');
    // Done items are not offered; the open product backlog item is, unticked.
    const rows = input.locator('.monaco-list-row');
    const labels = await rows.allInnerTexts();
    assert.ok(!labels.some((l) => l.includes('Remove legacy import script')), 'done items are not offered');
    const before = Object.fromEntries(['FX-2WUC9', 'FX-MQTAG', 'FX-RBWYE', 'FX-YTR2D', 'FX-ZXRCH'].map((id) => [id, readFileSync(join(workspace, '.backlog', 'items', `${id}.md`), 'utf8')]));
    const csv = rows.filter({ hasText: 'Export the backlog as CSV' }).first();
    const box = csv.locator('input[type="checkbox"], .quick-input-list-checkbox').first();
    if (await box.count()) await box.click();
    else await csv.click();
    await waitFor(async () => /Plan Sprint 8: 8 \/ 16 points committed/.test(await title()), 10_000, 'the committed points to follow the ticks');
    await workbench.screenshot('planning-quick-pick');
    await page.keyboard.press('Enter');
    await waitFor(() => /^sprint: sprint-8$/m.test(readFileSync(join(workspace, '.backlog', 'items', 'FX-CSV42.md'), 'utf8')), 10_000, 'FX-CSV42 to join sprint 8');
    for (const [id, text] of Object.entries(before)) assert.equal(readFileSync(join(workspace, '.backlog', 'items', `${id}.md`), 'utf8'), text, `${id} untouched`);
    await page.locator('.statusbar-item', { hasText: 'Sprint 8: 0/8 pts' }).first().waitFor({ timeout: 10_000 });
  },

  'the sprint review shows the burndown from git history': async ({ workbench }) => {
    await workbench.runCommand('Backlog: Show Sprint Review');
    await workbench.pickQuickItem('Sprint 7');
    const frame = workbench.webview();
    await frame.locator('svg.burndown').waitFor({ timeout: 30_000 });
    const stats = await frame.locator('.stats').innerText();
    assert.match(stats, /10\s*committed at start/);
    assert.match(stats, /\+5\s*added/);
    assert.match(stats, /10\s*done/);
    assert.match(await frame.locator('body').innerText(), /History from git/);
    await workbench.screenshotBothThemes('sprint-review');
  },
};
