import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backlog, type BacklogError } from '../../src/core/backlog';
import { parseSprintFile, sprintIdFromName } from '../../src/core/planning/sprintFile';
import { applySprintPlan, closeSprint, planSprint, requireSprint, sprintItems, startSprint } from '../../src/core/planning/sprints';
import { nodeFiles } from '../../src/node/nodeFiles';

let clock = Date.parse('2026-11-02T09:00:00Z');
const now = () => new Date((clock += 1000));

async function backlogWith(points: readonly (number | undefined)[]): Promise<{ backlog: Backlog; ids: string[] }> {
  const backlog = new Backlog(mkdtempSync(join(tmpdir(), 'planning-')), nodeFiles, { now, cache: false, recordHistory: false });
  await backlog.load();
  await backlog.init();
  const ids: string[] = [];
  for (const [i, p] of points.entries()) ids.push((await backlog.create({ title: `Item ${i}`, points: p })).id);
  return { backlog, ids };
}

describe('planning: sprint files', () => {
  it('parses a sprint and derives ids from names', () => {
    const text = '---\nname: Sprint 12\nstart: 2026-11-02\nend: 2026-11-13\ngoal: Ship checkout\ncapacity: 20\nstate: active\n---\n\n## Notes\n';
    const { sprint, problems } = parseSprintFile('/r/.backlog/sprints/sprint-12.md', text);
    assert.deepEqual(problems, []);
    assert.equal(sprint?.id, 'sprint-12');
    assert.equal(sprint?.name, 'Sprint 12');
    assert.equal(sprint?.capacity, 20);
    assert.equal(sprint?.state, 'active');
    assert.equal(sprint?.body, '\n## Notes\n');
    assert.equal(sprintIdFromName('Sprint 12 – Checkout!'), 'sprint-12-checkout');
    assert.equal(sprintIdFromName('Été 2026'), 'ete-2026');
  });

  it('reports malformed sprint files at their line and still loads what it can', () => {
    const file = '/r/.backlog/sprints/s1.md';
    const bad = parseSprintFile(file, '---\nname: S1\nstart: [2026\n---\n');
    assert.equal(bad.sprint, undefined);
    assert.equal(bad.problems[0].code, 'yaml');
    assert.equal(bad.problems[0].file, file);
    assert.ok(bad.problems[0].line >= 3, `line ${bad.problems[0].line}`);

    const values = parseSprintFile(file, '---\nname: S1\nstart: 2026-02-30\nend: 2026-01-01\ncapacity: lots\nstate: running\n---\n');
    assert.ok(values.sprint, 'a sprint with bad values still loads');
    assert.equal(values.sprint?.start, undefined);
    assert.equal(values.sprint?.capacity, undefined);
    assert.equal(values.sprint?.state, 'planned');
    const byCode = Object.fromEntries(values.problems.map((p) => [p.code, p.line]));
    assert.deepEqual(byCode, { 'sprint-date': 3, 'sprint-capacity': 5, 'sprint-state': 6 });

    const conflict = parseSprintFile(file, '---\n<<<<<<< HEAD\ncapacity: 10\n=======\ncapacity: 12\n>>>>>>> other\n---\n');
    assert.equal(conflict.sprint, undefined);
    assert.deepEqual(conflict.problems.map((p) => [p.code, p.line]), [['merge-conflict', 2]]);

    assert.equal(parseSprintFile('/r/.backlog/sprints/bad name.md', '---\nname: x\n---\n').problems[0].code, 'sprint-file-name');
    assert.equal(parseSprintFile(file, 'name: x\n').problems[0].code, 'front-matter');
  });

  it('loads sprint files into the snapshot without rewriting them, and warns about unknown sprint references', async () => {
    const { backlog, ids } = await backlogWith([3]);
    mkdirSync(backlog.sprintsDir, { recursive: true });
    const broken = '---\nname: Broken\nstart: soon\n---\nnotes\n';
    writeFileSync(join(backlog.sprintsDir, 'broken.md'), broken);
    await backlog.update(ids[0], { sprint: 'nope' });
    const s = await backlog.load();
    assert.deepEqual(s.sprints.map((x) => x.id), ['broken']);
    assert.equal(readFileSync(join(backlog.sprintsDir, 'broken.md'), 'utf8'), broken);
    assert.ok(s.problems.some((p) => p.code === 'sprint-date' && p.line === 3 && p.file.endsWith('broken.md')));
    assert.ok(s.problems.some((p) => p.code === 'unknown-sprint' && p.file.endsWith(`${ids[0]}.md`)));
  });

  it('creates and updates sprint files through the store', async () => {
    const { backlog } = await backlogWith([]);
    const sprint = await backlog.createSprint({ name: 'Sprint 1', start: '2026-11-02', end: '2026-11-13', capacity: 20, goal: 'Checkout' });
    assert.equal(sprint.id, 'sprint-1');
    assert.equal(backlog.snapshot.sprints.length, 1);
    await assert.rejects(backlog.createSprint({ name: 'Sprint 1' }), (e: BacklogError) => e.code === 'exists');
    await assert.rejects(backlog.createSprint({ name: 'X', start: '2026-11-10', end: '2026-11-01' }), /cannot end/);
    await assert.rejects(backlog.updateSprint('sprint-1', { capacity: -1 }), /Capacity/);
    const text = readFileSync(sprint.file, 'utf8').replace('goal: Checkout', 'goal: Checkout # keep this comment');
    writeFileSync(sprint.file, text);
    await backlog.refresh([sprint.file]);
    const updated = await backlog.updateSprint('sprint-1', { capacity: 18 });
    assert.equal(updated.capacity, 18);
    assert.equal(readFileSync(sprint.file, 'utf8'), text.replace('capacity: 20', 'capacity: 18'), 'only the capacity line changed');
  });
});

describe('planning: capacity and plans', () => {
  it('fills from the top of the product backlog and stops at the first item that does not fit', async () => {
    const { backlog, ids } = await backlogWith([5, 3, 8, 1]);
    const sprint = await backlog.createSprint({ name: 'S1', capacity: 10 });
    const plan = planSprint(backlog.snapshot, sprint, { fill: true });
    assert.deepEqual(plan.steps.map((s) => s.item.id), [ids[0], ids[1]], 'item 3 (8 points) does not fit; item 4 is not skipped to');
    assert.deepEqual(plan.steps.map((s) => s.committed), [5, 8]);
    assert.equal(plan.after.committed, 8);
    assert.equal(plan.after.over, 0);
    assert.match(plan.warnings.join('\n'), new RegExp(`Stopped at ${ids[2]}.*16 of 10`));
    assert.deepEqual(sprintItems(backlog.snapshot, sprint), [], 'a plan writes nothing');
    await applySprintPlan(backlog, plan);
    assert.deepEqual(sprintItems(backlog.snapshot, sprint).map((i) => i.id), [ids[0], ids[1]]);
  });

  it('warns when an item is planned while a blocker outside the sprint is not done', async () => {
    const { backlog, ids } = await backlogWith([1, 2, 3]);
    await backlog.update(ids[0], { blockedBy: `${ids[1]},${ids[2]}` });
    await backlog.update(ids[2], { status: 'Done' });
    const sprint = await backlog.createSprint({ name: 'S1', capacity: 10 });
    const alone = planSprint(backlog.snapshot, sprint, { add: [ids[0]] });
    assert.deepEqual(alone.blockedOutside.map((b) => [b.item.id, b.blocker.id]), [[ids[0], ids[1]]], 'the done blocker does not count');
    assert.ok(alone.warnings.some((w) => w.startsWith(`${ids[0]} is blocked by ${ids[1]} "Item 1" (Backlog), which is not in s1`)), alone.warnings.join('\n'));
    const together = planSprint(backlog.snapshot, sprint, { add: [ids[1], ids[0]] });
    assert.deepEqual(together.blockedOutside, [], 'its blocker is planned with it');
  });

  it('warns, never refuses, when explicit additions go over capacity', async () => {
    const { backlog, ids } = await backlogWith([5, 8, undefined]);
    const sprint = await backlog.createSprint({ name: 'S1', capacity: 10 });
    const plan = planSprint(backlog.snapshot, sprint, { add: [ids[0], ids[1], ids[2]] });
    assert.deepEqual(plan.steps.map((s) => s.overCapacity), [false, true, true]);
    assert.equal(plan.after.committed, 13);
    assert.equal(plan.after.over, 3);
    assert.equal(plan.after.unestimated, 1);
    assert.match(plan.warnings[0], /Over capacity: 13 points committed, capacity 10 \(3 over\)/);
    assert.ok(plan.warnings.some((w) => /1 item has no estimate/.test(w)));
  });

  it('stops filling at an unestimated item, skips done items and removes on request', async () => {
    const { backlog, ids } = await backlogWith([2, undefined, 1]);
    const sprint = await backlog.createSprint({ name: 'S1', capacity: 10 });
    const fill = planSprint(backlog.snapshot, sprint, { fill: true });
    assert.deepEqual(fill.steps.map((s) => s.item.id), [ids[0]]);
    assert.match(fill.warnings.join('\n'), /no estimate/);
    await backlog.update(ids[2], { status: 'Done' });
    const done = planSprint(backlog.snapshot, sprint, { add: [ids[2]] });
    assert.equal(done.steps.length, 0);
    assert.match(done.warnings[0], /already Done/);
    await applySprintPlan(backlog, fill);
    const removal = planSprint(backlog.snapshot, sprint, { remove: [ids[0]] });
    await applySprintPlan(backlog, removal);
    assert.equal(backlog.snapshot.byId.get(ids[0])?.sprint, undefined);
  });
});

describe('planning: start and close', () => {
  it('allows only one active sprint and fills in missing dates', async () => {
    const { backlog } = await backlogWith([]);
    await backlog.createSprint({ name: 'S1' });
    await backlog.createSprint({ name: 'S2' });
    const started = await startSprint(backlog, 's1', { now: () => new Date('2026-11-02T08:00:00Z') });
    assert.equal(started.state, 'active');
    assert.equal(started.start, '2026-11-02');
    assert.equal(started.end, '2026-11-15');
    assert.equal(started.started, '2026-11-02T08:00:00.000Z');
    await assert.rejects(startSprint(backlog, 's2'), /S1 is still active|s1 is still active/);
    await assert.rejects(startSprint(backlog, 's1'), /already active/);
  });

  it('carries unfinished items to the next planned sprint; done items keep the sprint', async () => {
    const { backlog, ids } = await backlogWith([3, 5, 2]);
    const s1 = await backlog.createSprint({ name: 'S1', start: '2026-11-02', end: '2026-11-13', capacity: 10 });
    await backlog.createSprint({ name: 'S3', start: '2026-11-30', end: '2026-12-11' });
    await backlog.createSprint({ name: 'S2', start: '2026-11-16', end: '2026-11-27' });
    await applySprintPlan(backlog, planSprint(backlog.snapshot, s1, { add: ids }));
    await startSprint(backlog, 's1');
    await backlog.update(ids[0], { status: 'Done' });
    const result = await closeSprint(backlog, 's1', { to: 'next' }, { now: () => new Date('2026-11-13T17:00:00Z') });
    assert.equal(result.carriedTo?.id, 's2', 'the earliest planned sprint, not the first file');
    assert.deepEqual(result.carried.map((i) => i.id), [ids[1], ids[2]]);
    const s = backlog.snapshot;
    assert.equal(s.byId.get(ids[0])?.sprint, 's1');
    assert.equal(s.byId.get(ids[1])?.sprint, 's2');
    assert.equal(s.byId.get(ids[2])?.sprint, 's2');
    const closed = requireSprint(s, 's1');
    assert.equal(closed.state, 'closed');
    assert.equal(closed.closed, '2026-11-13T17:00:00.000Z');
    assert.deepEqual(closed.carriedOver, [ids[1], ids[2]]);
    assert.equal(closed.carriedTo, 's2');
    await assert.rejects(closeSprint(backlog, 's1'), /already closed/);
    assert.throws(() => planSprint(backlog.snapshot, closed, { add: [ids[1]] }), /closed/);
  });

  it('carries to the product backlog or to a named sprint', async () => {
    const { backlog, ids } = await backlogWith([3, 5]);
    const s1 = await backlog.createSprint({ name: 'S1' });
    await backlog.createSprint({ name: 'S2' });
    await backlog.createSprint({ name: 'Later' });
    await applySprintPlan(backlog, planSprint(backlog.snapshot, s1, { add: [ids[0]] }));
    await closeSprint(backlog, 's1', { to: 'backlog' });
    assert.equal(backlog.snapshot.byId.get(ids[0])?.sprint, undefined);
    assert.equal(requireSprint(backlog.snapshot, 's1').carriedTo, 'backlog');

    const s2 = requireSprint(backlog.snapshot, 's2');
    await applySprintPlan(backlog, planSprint(backlog.snapshot, s2, { add: [ids[1]] }));
    await assert.rejects(closeSprint(backlog, 's2', { to: 'sprint', sprint: 's1' }), /closed/);
    await closeSprint(backlog, 's2', { to: 'sprint', sprint: 'later' });
    assert.equal(backlog.snapshot.byId.get(ids[1])?.sprint, 'later');
  });
});
