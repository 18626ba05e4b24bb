import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/run';
import { Backlog } from '../../src/core/backlog';
import { parseItemFile } from '../../src/core/itemFile';
import { ItemTimeline, historyLine, parseHistoryLog, planningState, scanPlanningState } from '../../src/core/planning/history';
import { reviewStart, sprintReview, type SprintReview } from '../../src/core/planning/review';
import { applySprintPlan, closeSprint, planSprint, requireSprint, startSprint } from '../../src/core/planning/sprints';
import { loadHistory, parseRawLog, readGitHistory } from '../../src/node/gitHistory';
import { nodeFiles } from '../../src/node/nodeFiles';

/** A backlog whose clock the test sets, so file stamps and commit dates agree. */
function scripted(root: string, recordHistory: boolean) {
  let current = 0;
  const backlog = new Backlog(root, nodeFiles, { now: () => new Date(current), cache: false, recordHistory });
  const at = (iso: string) => {
    current = Date.parse(iso);
    return { now: () => new Date(current) };
  };
  const commit = (message: string) => {
    const date = new Date(current).toISOString();
    const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
    execFileSync('git', ['add', '-A', '.backlog'], { cwd: root, env });
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', message], { cwd: root, env });
  };
  return { backlog, at, commit };
}

/**
 * One five-day sprint, 2026-11-02 (Mon) to 2026-11-06 (Fri), capacity 13:
 *   Mon 09:30  A5 B3 C2 E2 planned, sprint started         committed 12
 *   Tue 15:00  A done                                        remaining 7
 *   Wed 11:00  D3 added, E removed                           remaining 8, scope 13
 *   Thu 16:00  B done, C re-estimated 2 → 5                  remaining 8, scope 16
 *   Fri 17:00  closed, C and D carried to the backlog
 *   Sat        A archived (the review must still count it)
 */
async function playSprint(root: string, options: { git: boolean }) {
  const { backlog, at, commit } = scripted(root, !options.git);
  if (options.git) execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
  at('2026-11-01T10:00:00Z');
  await backlog.load();
  await backlog.init();
  const ids: Record<string, string> = {};
  for (const [name, points] of [['A', 5], ['B', 3], ['C', 2], ['D', 3], ['E', 2]] as const) ids[name] = (await backlog.create({ title: `Item ${name}`, points })).id;
  await backlog.createSprint({ name: 'S1', start: '2026-11-02', end: '2026-11-06', capacity: 13 });
  if (options.git) commit('backlog');

  const clock = at('2026-11-02T09:30:00Z');
  await applySprintPlan(backlog, planSprint(backlog.snapshot, requireSprint(backlog.snapshot, 's1'), { add: [ids.A, ids.B, ids.C, ids.E] }));
  await startSprint(backlog, 's1', clock);
  if (options.git) commit('plan and start');

  at('2026-11-03T15:00:00Z');
  await backlog.update(ids.A, { status: 'Done' });
  if (options.git) commit('A done');

  at('2026-11-04T11:00:00Z');
  await backlog.update(ids.D, { sprint: 's1' });
  await backlog.update(ids.E, { sprint: undefined });
  if (options.git) commit('D in, E out');

  at('2026-11-05T16:00:00Z');
  await backlog.update(ids.B, { status: 'Done' });
  await backlog.update(ids.C, { points: 5 });
  if (options.git) commit('B done, C re-estimated');

  const close = at('2026-11-06T17:00:00Z');
  await closeSprint(backlog, 's1', { to: 'backlog' }, close);
  if (options.git) commit('close');

  at('2026-11-07T10:00:00Z');
  await backlog.archive(ids.A);
  if (options.git) commit('archive A');
  return { backlog, ids };
}

async function review(backlog: Backlog, since?: number): Promise<SprintReview> {
  const now = Date.parse('2026-11-20T12:00:00Z');
  const history = await loadHistory(backlog, now, { since });
  return sprintReview({
    sprint: requireSprint(backlog.snapshot, 's1'), sprints: backlog.snapshot.sprints, timeline: new ItemTimeline(history.events), config: backlog.snapshot.config, now,
  });
}

function checkReview(r: SprintReview, ids: Record<string, string>): void {
  const names = (list: readonly { id: string }[]) => list.map((i) => Object.keys(ids).find((k) => ids[k] === i.id)).sort();
  assert.deepEqual(names(r.committed), ['A', 'B', 'C', 'E']);
  assert.deepEqual(names(r.added), ['D']);
  assert.deepEqual(names(r.removed), ['E']);
  assert.deepEqual(names(r.done), ['A', 'B']);
  assert.deepEqual(names(r.notDone), ['C', 'D']);
  assert.deepEqual(r.points, { capacity: 13, committed: 12, added: 3, removed: 2, scope: 16, done: 8, remaining: 8 });
  assert.deepEqual(
    r.burndown.map((p) => [p.label, p.ideal, p.remaining, p.scope]),
    [
      ['start', 12, 12, 12],
      ['2026-11-02', 9.6, 12, 12],
      ['2026-11-03', 7.2, 7, 12],
      ['2026-11-04', 4.8, 8, 13],
      ['2026-11-05', 2.4, 8, 16],
      ['2026-11-06', 0, 8, 16],
    ],
  );
  assert.deepEqual(
    r.scopeChanges.map((c) => [c.date, names([c])[0], c.change, c.delta]).sort((x, y) => String(x).localeCompare(String(y))),
    [
      ['2026-11-04', 'D', 'added', 3],
      ['2026-11-04', 'E', 'removed', -2],
      ['2026-11-05', 'C', 're-estimated', 3],
    ],
  );
  assert.equal(r.complete, true);
}

describe('planning: history and burndown', () => {
  it('builds the burndown from a scripted git history (commits on known days)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'burndown-git-'));
    const { backlog, ids } = await playSprint(root, { git: true });
    const events = await readGitHistory(root);
    assert.ok(events && events.length > 0);
    const history = await loadHistory(backlog, Date.now());
    assert.equal(history.source, 'git');
    // In a git repository nothing is recorded next to the items: git is the record.
    assert.deepEqual((await backlog.readRecordedHistory()).events, []);
    // The files alone say C and D are in no sprint and A is archived: only history knows better.
    assert.equal(backlog.snapshot.byId.get(ids.C)?.sprint, undefined);
    checkReview(await review(backlog), ids);
    // Reading only the sprint's own weeks (from the last commit before it started) gives the same review.
    const from = reviewStart(requireSprint(backlog.snapshot, 's1'), Date.now());
    const windowed = await readGitHistory(root, { since: from });
    assert.ok(windowed && windowed.length < events.length, 'the window reads less history');
    checkReview(await review(backlog, from), ids);
    // Without the base snapshot, only changes after the window start are reported.
    const changesOnly = await readGitHistory(root, { since: Date.parse('2026-11-05T00:00:00Z'), snapshotAtSince: false });
    assert.deepEqual(new Set(changesOnly!.map((e) => e.id)), new Set([ids.A, ids.B, ids.C, ids.D]));
    // Only the changed items' base states (read by path, not from the whole base tree): exactly
    // the full read's events for those items, in the same order.
    const since = Date.parse('2026-11-05T00:00:00Z');
    const changed = await readGitHistory(root, { since, snapshotAtSince: 'changed' });
    const full = await readGitHistory(root, { since });
    const changedIds = new Set(changesOnly!.map((e) => e.id));
    assert.ok(changed!.some((e) => e.at < since), 'the base states are there');
    assert.deepEqual(changed, full!.filter((e) => changedIds.has(e.id)));
    assert.ok(changed.length < full!.length, 'items that did not change are left out');
  });

  it('builds the same burndown from recorded changes outside git', async () => {
    const root = mkdtempSync(join(tmpdir(), 'burndown-log-'));
    const { backlog, ids } = await playSprint(root, { git: false });
    const recorded = await backlog.readRecordedHistory();
    assert.ok(recorded.events.length > 0);
    assert.deepEqual(recorded.problems, []);
    const log = readFileSync(join(backlog.historyDir, `${ids.C}.jsonl`), 'utf8').trim().split('\n');
    assert.deepEqual(log.map((l) => JSON.parse(l)), [
      { at: '2026-11-01T10:00:00Z', status: 'Backlog', points: 2 },
      { at: '2026-11-02T09:30:00Z', status: 'Backlog', sprint: 's1', points: 2 },
      { at: '2026-11-05T16:00:00Z', status: 'Backlog', sprint: 's1', points: 5 },
      { at: '2026-11-06T17:00:00Z', status: 'Backlog', points: 5 },
    ]);
    checkReview(await review(backlog), ids);
  });

  it('shows the review numbers from the CLI as JSON', async () => {
    const root = mkdtempSync(join(tmpdir(), 'burndown-cli-'));
    await playSprint(root, { git: true });
    let stdout = '';
    const code = await run(['sprint', 'show', 's1', '--json'], { cwd: root, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true } });
    assert.equal(code, 0);
    const out = JSON.parse(stdout) as { history: string; points: Record<string, number>; burndown: { label: string }[] };
    assert.equal(out.history, 'git');
    assert.deepEqual(out.points, { capacity: 13, committed: 12, added: 3, removed: 2, scope: 16, done: 8, remaining: 8 });
    assert.equal(out.burndown.length, 6);
  });

  it('records only planning changes, one self-contained line each, and skips bad lines with their line number', () => {
    const a = { status: 'Ready', sprint: 's1', points: 3 };
    assert.equal(historyLine(a, { ...a, title: 'renamed' }, 'T'), undefined);
    assert.equal(historyLine(a, { ...a, status: 'Done' }, '2026-11-02T00:00:00Z'), '{"at":"2026-11-02T00:00:00Z","status":"Done","sprint":"s1","points":3}\n');
    assert.equal(historyLine(a, undefined, '2026-11-02T00:00:00Z'), '{"at":"2026-11-02T00:00:00Z","deleted":true}\n');
    const parsed = parseHistoryLog('/h/BL-1.jsonl', 'BL-1', '{"at":"2026-11-02T00:00:00Z","status":"Done"}\nnot json\n{"status":"x"}\n{"at":"2026-11-03T00:00:00Z","deleted":true}\n');
    assert.equal(parsed.events.length, 2);
    assert.deepEqual(parsed.problems.map((p) => p.line), [2, 3]);
    // Lines of two diverged copies, unioned in any order, give the same timeline.
    const timeline = new ItemTimeline([...parsed.events].reverse());
    assert.equal(timeline.stateAt('BL-1', Date.parse('2026-11-02T12:00:00Z'))?.status, 'Done');
    assert.equal(timeline.stateAt('BL-1', Date.parse('2026-11-04T00:00:00Z')), undefined);
    assert.equal(timeline.stateAt('BL-1', Date.parse('2026-11-01T00:00:00Z')), undefined);
  });

  it('reads git --raw -z output, including deletions and odd paths', () => {
    const sha = (c: string) => c.repeat(40);
    const raw =
      `\x01${sha('a')} 1700000000\0\n:000000 100644 ${sha('0')} ${sha('1')} A\0.backlog/items/BL-1.md\0` +
      `:000000 100644 ${sha('0')} ${sha('2')} A\0.backlog/config.yaml\0` +
      `\x01${sha('b')} 1700000100\0\n:100644 000000 ${sha('1')} ${sha('0')} D\0sub dir/.backlog/items/BL-1.md\0` +
      `:000000 100644 ${sha('0')} ${sha('1')} A\0sub dir/.backlog/archive/BL-1.md\0`;
    assert.deepEqual(parseRawLog(raw).map((c) => [c.seq, c.commit, c.id, c.blob?.[0]]), [
      [0, 1700000000000, 'BL-1', '1'],
      [1, 1700000100000, 'BL-1', undefined],
      [1, 1700000100000, 'BL-1', '1'],
    ]);
  });
});

describe('planning: reading old item versions fast', () => {
  it('agrees with the full parser on every file the scan is sure about', () => {
    const values: Record<string, string[]> = {
      status: ['Done', 'In Progress', '"In Progress"', "'Ready'", 'Done # finished', '"a \\" b"', 'true', 'True', '1', '007', '1e3', '0x1F', '.5', '~', 'null', '', 'Done: yes', 'a #b', '[x]', '{a: 1}', '&a x', '|', '-x', 'Ready   '],
      sprint: ['s1', '2026-S3', '2026-11-02', '12', '"12"', 'sprint-1 # c', '', '~'],
      points: ['3', '0', '3.5', '"3"', "'3'", '-1', '1e1', 'lots', '', '~', '10'],
      title: ['Fix it', '"Fix: it"', 'Fix: it', "'It''s'", '  ', 'A # b'],
    };
    let seed = 7;
    const pick = <T>(list: readonly T[]) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return list[seed % list.length];
    };
    let scanned = 0;
    for (let n = 0; n < 3000; n++) {
      const lines = ['id: BL-7K3QM'];
      for (const key of ['title', 'status', 'sprint', 'points']) {
        const v = pick([...values[key], 'ABSENT']);
        if (v !== 'ABSENT') lines.push(v === '' ? `${key}:` : `${key}: ${v}`);
      }
      const extras = pick([[], ['labels: [a, b]'], ['links:', '  - path: src/a.ts', '    line: 3'], ['status: again'], ['note: |', '  text'], ['title2: x', '  continued']]);
      const order = pick([0, 1]);
      const front = order ? [...lines, ...extras] : [...extras, ...lines];
      if (pick([0, 0, 0, 1])) front.splice(1, 0, '# a comment');
      const text = `---\n${front.join('\n')}\n---\n\nbody with status: Done\n`;
      const fast = scanPlanningState(text);
      if (!fast) continue;
      scanned++;
      const parsed = parseItemFile('/r/.backlog/items/BL-7K3QM.md', text);
      assert.ok(parsed.item, `the scan read a file the parser rejects:\n${text}`);
      const full = planningState(parsed.item);
      assert.deepEqual(fast.state, full, text);
    }
    assert.ok(scanned > 150, `only ${scanned} files took the fast path`);
  });
});
