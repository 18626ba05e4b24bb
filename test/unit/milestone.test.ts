import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backlog } from '../../src/core/backlog';
import { parseMilestoneFile, milestoneIdFromName } from '../../src/core/planning/milestoneFile';
import { writableWhen } from '../../src/core/readOnlyFiles';
import { nodeFiles } from '../../src/node/nodeFiles';
import { cli } from './support/cli';

async function backlogIn(): Promise<{ root: string; backlog: Backlog }> {
  const root = mkdtempSync(join(tmpdir(), 'backlog-milestone-'));
  const backlog = new Backlog(root, nodeFiles, { cache: false });
  await backlog.init();
  return { root, backlog };
}

describe('milestone files', () => {
  it('reads name, target and goal, keeping the body', () => {
    const parsed = parseMilestoneFile('/r/.backlog/milestones/v2.md', '---\nname: Release 2\ntarget: 2027-03-31\ngoal: Checkout v2\n---\n\nNotes here.\n');
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.milestone?.id, 'v2');
    assert.equal(parsed.milestone?.name, 'Release 2');
    assert.equal(parsed.milestone?.target, '2027-03-31');
    assert.equal(parsed.milestone?.goal, 'Checkout v2');
    assert.equal(parsed.milestone?.body, '\nNotes here.\n');
  });

  it('reports a bad target at its line and column and still loads the milestone', () => {
    const parsed = parseMilestoneFile('/r/.backlog/milestones/v2.md', '---\nname: Release 2\ntarget:   next spring\n---\n');
    assert.equal(parsed.milestone?.target, undefined);
    assert.equal(parsed.milestone?.name, 'Release 2');
    assert.deepEqual(parsed.problems.map((p) => [p.line, p.column, p.code]), [[3, 11, 'milestone-date']]);
  });

  it('does not load broken YAML or a conflict, and says where', () => {
    const yaml = parseMilestoneFile('/r/.backlog/milestones/v2.md', '---\nname: [Release\n---\n');
    assert.equal(yaml.milestone, undefined);
    assert.equal(yaml.problems[0].code, 'yaml');
    assert.equal(yaml.problems[0].line, 2);
    const conflict = parseMilestoneFile('/r/.backlog/milestones/v2.md', '---\n<<<<<<< ours\nname: A\n=======\nname: B\n>>>>>>> theirs\n---\n');
    assert.equal(conflict.milestone, undefined);
    assert.deepEqual([conflict.problems[0].code, conflict.problems[0].line], ['merge-conflict', 2]);
  });

  it('makes ids from names', () => {
    assert.equal(milestoneIdFromName('Release 2.0 – Checkout'), 'release-2.0-checkout');
    assert.equal(milestoneIdFromName('!!!'), 'milestone');
  });
});

describe('milestones in the store', () => {
  it('creates a file under an id from the name, never over another, and loads it', async () => {
    const { root, backlog } = await backlogIn();
    const m = await backlog.createMilestone({ name: 'Release 2', target: '2027-03-31', goal: 'Checkout  v2' });
    assert.equal(m.id, 'release-2');
    const text = readFileSync(join(root, '.backlog', 'milestones', 'release-2.md'), 'utf8');
    assert.match(text, /^---\nname: Release 2\ntarget: 2027-03-31\ngoal: Checkout v2\n---\n/);
    assert.deepEqual(backlog.snapshot.milestones.map((x) => x.id), ['release-2']);
    await assert.rejects(backlog.createMilestone({ name: 'Release 2' }), /already exists/);
    assert.equal(readFileSync(join(root, '.backlog', 'milestones', 'release-2.md'), 'utf8'), text);
    await assert.rejects(backlog.createMilestone({ name: 'R3', target: '2027-02-30' }), /YYYY-MM-DD/);
    await assert.rejects(backlog.createMilestone({ name: '  ' }), /needs a name/);
    assert.deepEqual(readdirSync(join(root, '.backlog', 'milestones')), ['release-2.md']);
  });

  it('is refused in a read-only backlog without writing anything', async () => {
    const { root } = await backlogIn();
    const readOnly = new Backlog(root, writableWhen(nodeFiles, () => false, 'read-only here'), { cache: false });
    await readOnly.load();
    await assert.rejects(readOnly.createMilestone({ name: 'R1' }), /read-only here/);
    assert.deepEqual(readdirSync(join(root, '.backlog')).includes('milestones'), false);
  });

  it('check reports a malformed milestone file as file:line:col and never rewrites it', async () => {
    const { root } = await backlogIn();
    mkdirSync(join(root, '.backlog', 'milestones'));
    const bad = '---\nname: R1\ntarget: soon\n---\n';
    writeFileSync(join(root, '.backlog', 'milestones', 'r1.md'), bad);
    writeFileSync(join(root, '.backlog', 'milestones', 'r2.md'), '---\nname: [R2\n---\n');
    const r = await cli(root, 'check');
    assert.match(r.stdout, /^\.backlog\/milestones\/r1\.md:3:9 warning "target" must be a date written YYYY-MM-DD \(got "soon"\) \[milestone-date\]$/m);
    assert.match(r.stdout, /^\.backlog\/milestones\/r2\.md:2:\d+ error Invalid YAML in milestone front matter/m);
    assert.equal(r.code, 1);
    assert.equal(readFileSync(join(root, '.backlog', 'milestones', 'r1.md'), 'utf8'), bad);
  });

  it('check reports an item naming a milestone that has no file, at its line', async () => {
    const { root, backlog } = await backlogIn();
    await backlog.createMilestone({ name: 'R1' });
    const item = await backlog.create({ title: 'Planned', milestone: 'r1' });
    const stray = await backlog.create({ title: 'Stray' });
    const text = readFileSync(stray.file, 'utf8').replace(/^title: Stray$/m, 'title: Stray\nmilestone: r9');
    writeFileSync(stray.file, text);
    const line = text.split('\n').indexOf('milestone: r9') + 1;
    const r = await cli(root, 'check');
    assert.match(r.stdout, new RegExp(`^\\.backlog/items/${stray.id}\\.md:${line}:1 warning Milestone "r9" has no file in \\.backlog/milestones/ \\(known: r1\\) \\[unknown-milestone\\]$`, 'm'));
    assert.doesNotMatch(r.stdout, new RegExp(item.id));
  });
});
