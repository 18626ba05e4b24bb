// The key-by-key merge of item files, alone and as git's merge driver in a real repository.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { MERGE_DRIVER_FAULT_ENV } from '../../src/cli/commands/mergeDriver';
import { Backlog } from '../../src/core/backlog';
import { mergeItemFiles } from '../../src/core/mergeItem';
import { parseItemFile } from '../../src/core/itemFile';
import { driverCommand, setUpMergeDriver } from '../../src/node/gitMergeDriver';
import { nodeFiles } from '../../src/node/nodeFiles';
import { backlogRepository, git } from './support/gitRepo';
import { seeded } from './support/seeded';

const BASE = `---
id: BL-22222
title: Shared
type: feature
status: Backlog
priority: could
assignee: bob   # owner
labels: [api]
rank: a0
updated: 2026-03-01T10:00:00Z
---

## Description

Text.
`;

const edit = (text: string, from: string, to: string) => {
  assert.ok(text.includes(from), `fixture has ${from}`);
  return text.replace(from, to);
};

describe('merging one item file key by key', () => {
  it('takes each side’s changes to different keys, even on neighbouring lines, and the later updated', () => {
    const ours = edit(edit(BASE, 'status: Backlog', 'status: Review'), 'updated: 2026-03-01T10:00:00Z', 'updated: 2026-03-02T09:00:00Z');
    const theirs = edit(edit(edit(BASE, 'priority: could', 'priority: must'), 'assignee: bob', 'assignee: carol'), 'updated: 2026-03-01T10:00:00Z', 'updated: 2026-03-03T09:00:00Z');
    const r = mergeItemFiles(BASE, ours, theirs);
    assert.deepEqual(r.conflicts, []);
    const item = parseItemFile('/r/.backlog/items/BL-22222.md', r.text).item!;
    assert.equal(item.status, 'Review');
    assert.equal(item.priority, 'must');
    assert.equal(item.assignee, 'carol');
    assert.equal(item.updated, '2026-03-03T09:00:00Z');
    assert.match(r.text, /assignee: carol {3}# owner/, 'our comment survives');
  });

  it('takes a body edited on one side, and keys added or removed on one side', () => {
    const ours = edit(BASE, 'labels: [api]\n', '');
    const theirs = edit(edit(BASE, 'Text.', 'Better text.'), 'rank: a0', 'rank: a0\npoints: 3');
    const r = mergeItemFiles(BASE, ours, theirs);
    assert.deepEqual(r.conflicts, []);
    const item = parseItemFile('/r/.backlog/items/BL-22222.md', r.text).item!;
    assert.deepEqual(item.labels, []);
    assert.equal(item.points, 3);
    assert.match(item.body, /Better text\./);
  });

  it('leaves conflict markers around only the key both sides changed differently', () => {
    const ours = edit(edit(BASE, 'status: Backlog', 'status: Done'), 'priority: could', 'priority: must');
    const theirs = edit(BASE, 'status: Backlog', 'status: Ready');
    const r = mergeItemFiles(BASE, ours, theirs);
    assert.deepEqual(r.conflicts, ['status']);
    assert.match(r.text, /<<<<<<< ours\nstatus: Done\n=======\nstatus: Ready\n>>>>>>> theirs\npriority: must\n/);
    const parsed = parseItemFile('/r/.backlog/items/BL-22222.md', r.text);
    assert.equal(parsed.problems[0].code, 'merge-conflict', 'the loader reports it, the file is not loaded half-merged');
  });

  it('merges files that are not items line by line, like git', () => {
    const base = 'one\ntwo\nthree\nfour\n';
    assert.deepEqual(mergeItemFiles(base, 'ONE\ntwo\nthree\nfour\n', 'one\ntwo\nthree\nFOUR\n'), {
      text: 'ONE\ntwo\nthree\nFOUR\n',
      conflicts: [],
      lineMergeReason: 'Item file must start with a "---" line opening the YAML front matter',
    });
    assert.equal(mergeItemFiles(base, 'one\n2\nthree\nfour\n', 'one\nzwei\nthree\nfour\n').text, 'one\n<<<<<<< ours\n2\n=======\nzwei\n>>>>>>> theirs\nthree\nfour\n');
  });
});

// Each case gives the exact file a merge must produce: nothing either side wrote may go missing
// from a clean result, and a conflict wraps exactly the part both sides changed.
describe('merging one item file without losing anything', () => {
  const FILE = `---
# Written by hand.
id: BL-33333
title: Shared
status: Backlog
assignee: bob   # owner
labels:
  - api
  - ui
rank: a0
created: 2026-03-01T09:00:00Z
updated: 2026-03-01T10:00:00Z
---

## Description

First paragraph.

Second paragraph.
`;
  const ITEM = '/r/.backlog/items/BL-33333.md';
  const lines = (...l: string[]) => l.join('\n') + '\n';

  it('takes comments added or changed on either side, above keys, inline, inside a list and at the end', () => {
    const ours = edit(edit(FILE, 'status: Backlog', '# Ask Dana first.\nstatus: Backlog'), '  - ui\n', '  - ui\n  # ui until the redesign\n');
    const theirs = edit(edit(FILE, '# owner', '# owner since May'), 'updated: 2026-03-01T10:00:00Z\n', 'updated: 2026-03-01T10:00:00Z\n# end of fields\n');
    const r = mergeItemFiles(FILE, ours, theirs);
    assert.deepEqual(r.conflicts, []);
    assert.equal(r.text, edit(edit(edit(edit(FILE, 'status: Backlog', '# Ask Dana first.\nstatus: Backlog'), '  - ui\n', '  - ui\n  # ui until the redesign\n'), '# owner', '# owner since May'), 'updated: 2026-03-01T10:00:00Z\n', 'updated: 2026-03-01T10:00:00Z\n# end of fields\n'));
  });

  it('marks a comment both sides changed differently, and nothing else', () => {
    const ours = edit(edit(FILE, '# Written by hand.', '# Written by Ann.'), 'status: Backlog', 'status: Ready');
    const theirs = edit(FILE, '# Written by hand.', '# Written by Ben.');
    const r = mergeItemFiles(FILE, ours, theirs);
    assert.deepEqual(r.conflicts, ['the comment above id']);
    assert.equal(r.text, edit(ours, '# Written by Ann.\n', '<<<<<<< ours\n# Written by Ann.\n=======\n# Written by Ben.\n>>>>>>> theirs\n'));
    assert.equal(parseItemFile(ITEM, r.text).problems[0].code, 'merge-conflict');
  });

  it('keeps unknown keys each side added, where that side put them, with their quoting', () => {
    const ours = edit(FILE, 'status: Backlog\n', "status: Backlog\nteam: 'core'   # for the report\n");
    const theirs = edit(FILE, 'rank: a0\n', 'rank: a0\nreviewer:\n  name: "Eve"\n  since: 2026\n');
    const r = mergeItemFiles(FILE, ours, theirs);
    assert.deepEqual(r.conflicts, []);
    assert.equal(r.text, edit(ours, 'rank: a0\n', 'rank: a0\nreviewer:\n  name: "Eve"\n  since: 2026\n'));
  });

  it('shows a key one side removed and the other changed as a conflict against nothing', () => {
    const ours = edit(FILE, 'assignee: bob   # owner\n', '');
    const theirs = edit(FILE, 'assignee: bob', 'assignee: carol');
    const r = mergeItemFiles(FILE, ours, theirs);
    assert.deepEqual(r.conflicts, ['assignee']);
    assert.equal(r.text, edit(FILE, 'assignee: bob   # owner\n', '<<<<<<< ours\n=======\nassignee: carol   # owner\n>>>>>>> theirs\n'));
  });

  it('keeps ours’ line breaks whichever side is CRLF, never mixing them', () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const ours = edit(FILE, 'status: Backlog', 'status: Ready');
    const theirs = edit(FILE, 'Second paragraph.', 'Second paragraph, longer.');
    const expected = edit(ours, 'Second paragraph.', 'Second paragraph, longer.');
    assert.deepEqual(mergeItemFiles(crlf(FILE), crlf(ours), theirs), { text: crlf(expected), conflicts: [] });
    assert.deepEqual(mergeItemFiles(FILE, ours, crlf(theirs)), { text: expected, conflicts: [] });
    assert.deepEqual(mergeItemFiles(crlf(FILE), ours, crlf(theirs)), { text: expected, conflicts: [] });
    const conflicted = mergeItemFiles(FILE, crlf(edit(FILE, 'status: Backlog', 'status: Done')), edit(FILE, 'status: Backlog', 'status: Ready'));
    assert.equal(conflicted.text, crlf(edit(FILE, 'status: Backlog\n', '<<<<<<< ours\nstatus: Done\n=======\nstatus: Ready\n>>>>>>> theirs\n')));
  });

  it('merges a body edited on both sides line by line, marking only the hunk both changed', () => {
    const ours = edit(edit(FILE, 'First paragraph.', 'First paragraph, ours.'), '## Description', '## What');
    const theirs = edit(FILE, 'Second paragraph.', 'Second paragraph, theirs.');
    assert.deepEqual(mergeItemFiles(FILE, ours, theirs), { text: edit(ours, 'Second paragraph.', 'Second paragraph, theirs.'), conflicts: [] });
    const clash = mergeItemFiles(FILE, edit(FILE, 'Second paragraph.', 'Ours.'), edit(FILE, 'Second paragraph.', 'Theirs.'));
    assert.deepEqual(clash.conflicts, ['body']);
    assert.equal(clash.text, edit(FILE, 'Second paragraph.\n', '<<<<<<< ours\nOurs.\n=======\nTheirs.\n>>>>>>> theirs\n'));
  });

  it('takes theirs’ key order when only theirs reordered, and merges line by line when both did', () => {
    const theirs = edit(edit(FILE, 'title: Shared\n', ''), 'id: BL-33333\n', 'id: BL-33333\nstatus: Backlog\ntitle: Shared\n').replace('status: Backlog\nassignee', 'assignee');
    const ours = edit(FILE, 'assignee: bob', 'assignee: carol');
    assert.deepEqual(mergeItemFiles(FILE, ours, theirs), { text: edit(theirs, 'assignee: bob', 'assignee: carol'), conflicts: [] });
    const oursToo = edit(edit(FILE, 'rank: a0\n', ''), '# Written by hand.\n', '# Written by hand.\nrank: a0\n');
    assert.deepEqual(mergeItemFiles(FILE, oursToo, theirs), {
      text: edit(oursToo, 'title: Shared\nstatus: Backlog\n', 'status: Backlog\ntitle: Shared\n'),
      conflicts: [],
      lineMergeReason: 'both sides reordered the front matter keys',
    });
  });

  it('merges flow-style front matter line by line, and keeps both whole when the clean line merge does not parse', () => {
    const base = lines('---', '{id: BL-44444,', ' title: Flow,', ' type: bug,', ' status: Backlog}', '---', 'Body.');
    const ours = edit(base, 'title: Flow,', 'title: Flow style,');
    const theirs = edit(base, 'status: Backlog}', 'status: Ready}');
    assert.deepEqual(mergeItemFiles(base, ours, theirs), {
      text: lines('---', '{id: BL-44444,', ' title: Flow style,', ' type: bug,', ' status: Ready}', '---', 'Body.'),
      conflicts: [],
      lineMergeReason: 'front matter is written in flow style',
    });
    // Each side alone is valid; together they hold `points` twice.
    const oursPoints = edit(base, '{id: BL-44444,', '{id: BL-44444, points: 1,');
    const theirsPoints = edit(base, 'status: Backlog}', 'status: Backlog, points: 2}');
    assert.deepEqual(mergeItemFiles(base, oursPoints, theirsPoints), {
      text: `<<<<<<< ours\n${oursPoints}||||||| base\n${base}=======\n${theirsPoints}>>>>>>> theirs\n`,
      conflicts: ['lines of the file'],
      lineMergeReason: 'front matter is written in flow style; the line merge did not parse',
    });
  });

  it('merges front matter with anchors or duplicate keys line by line', () => {
    const base = lines('---', 'id: BL-55555', 'owner: &who bob', 'assignee: *who', 'status: Backlog', '---');
    const r = mergeItemFiles(base, edit(base, 'owner: &who bob', 'owner: &who ann'), edit(base, 'status: Backlog', 'status: Done'));
    assert.deepEqual(r, { text: lines('---', 'id: BL-55555', 'owner: &who ann', 'assignee: *who', 'status: Done', '---'), conflicts: [], lineMergeReason: 'front matter uses anchors or aliases' });
    const dup = lines('---', 'id: BL-55555', 'status: Backlog', 'status: Ready', '---');
    const d = mergeItemFiles(dup, edit(dup, 'status: Backlog', 'status: Done'), dup);
    assert.equal(d.text, edit(dup, 'status: Backlog', 'status: Done'));
    assert.match(d.lineMergeReason ?? '', /^front matter is not valid YAML \(Map keys must be unique/);
    const alike = lines('---', 'id: BL-55555', '1: one', 'title: Alike', '"1": also one', '---');
    const a = mergeItemFiles(alike, edit(alike, '1: one', '1: uno'), edit(alike, 'also one', 'also uno'));
    assert.deepEqual(a, { text: lines('---', 'id: BL-55555', '1: uno', 'title: Alike', '"1": also uno', '---'), conflicts: [], lineMergeReason: 'front matter has two keys named "1"' });
  });

  it('cuts odd but valid layouts per key and puts them back byte for byte', () => {
    const layouts = [
      '---\nempty:   # nothing yet\nnext: 1\n---\n',
      '---\nlabels:\n  # the list\n  - a\n# top\nx: 1\n---\nbody',
      '---\nlabels:\n- a\n- b\nx: "two\n  lines"\ny: >-\n  folded\n\n  more\n\n# end\n\n---\n',
      '\ufeff---\n---\n',
      '---\n# only a comment\n---\n',
      '---\nk: v\n...\nbody\n',
      '---\nmap:\n  a: 1\n  # inner\n  b: 2\n   # odd indent\nz: |+\n  keep\n\n---\n',
    ];
    for (const text of layouts) {
      assert.deepEqual(mergeItemFiles(text, text, text), { text, conflicts: [] }, JSON.stringify(text));
      const ours = `${text}\nAdded by ours.\n`;
      assert.deepEqual(mergeItemFiles(text, ours, text), { text: ours, conflicts: [] }, JSON.stringify(text));
    }
  });

  it('merges a file both sides added only when it is the same item (same id and created)', () => {
    const ours = edit(edit(FILE, 'status: Backlog', 'status: Backlog\npoints: 3'), 'updated: 2026-03-01T10:00:00Z', 'updated: 2026-03-02T10:00:00Z');
    const theirs = edit(FILE, 'rank: a0', 'rank: a1');
    assert.deepEqual(mergeItemFiles('', ours, theirs), { text: ours, conflicts: [] }, 'ours is later: its rank; theirs added nothing else');
    const other = edit(edit(FILE, 'title: Shared', 'title: Another idea'), 'created: 2026-03-01T09:00:00Z', 'created: 2026-03-01T09:30:00Z');
    assert.deepEqual(mergeItemFiles('', FILE, other), {
      text: `<<<<<<< ours\n${FILE}||||||| base\n=======\n${other}>>>>>>> theirs\n`,
      conflicts: ['id'],
      lineMergeReason: 'both sides added this file as different items',
    });
  });
});

describe('the merge driver in a real git repository', function () {
  this.timeout(30_000);
  const cli = resolve('dist/cli.js');

  async function repository(): Promise<string> {
    return backlogRepository(async (root) => {
      const setup = await setUpMergeDriver(root, driverCommand(process.execPath, cli));
      assert.deepEqual(setup, { attributesChanged: true, configChanged: true });
      assert.deepEqual(await setUpMergeDriver(root, driverCommand(process.execPath, cli)), { attributesChanged: false, configChanged: false }, 'idempotent');
    });
  }

  async function editOn(root: string, branch: string, id: string, changes: Record<string, unknown>, at: string): Promise<void> {
    git(root, 'checkout', '-q', branch);
    const b = new Backlog(root, nodeFiles, { now: () => new Date(at) });
    await b.load();
    await b.update(id, changes);
    git(root, 'commit', '-q', '-am', `edit on ${branch}`);
  }

  it('merges edits to different fields of one item on two branches without a conflict', async () => {
    const root = await repository();
    const b = new Backlog(root, nodeFiles);
    await b.load();
    const item = await b.create({ title: 'Shared', priority: 'could', assignee: 'bob' });
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'item');
    git(root, 'branch', 'side');
    await editOn(root, 'side', item.id, { status: 'Review' }, '2026-03-02T10:00:00Z');
    await editOn(root, 'main', item.id, { assignee: 'carol', priority: 'must' }, '2026-03-03T10:00:00Z');
    const merged = spawnSync('git', ['merge', '--no-edit', 'side'], { cwd: root, encoding: 'utf8' });
    assert.equal(merged.status, 0, merged.stdout + merged.stderr);
    const after = new Backlog(root, nodeFiles);
    const s = await after.load();
    const shared = s.byId.get(item.id)!;
    assert.deepEqual([shared.status, shared.assignee, shared.priority, shared.updated], ['Review', 'carol', 'must', '2026-03-03T10:00:00Z']);
    assert.deepEqual(s.problems, []);
  });

  it('leaves a real conflict marked for the user and reported by the store', async () => {
    const root = await repository();
    const b = new Backlog(root, nodeFiles);
    await b.load();
    const item = await b.create({ title: 'Contested' });
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'item');
    git(root, 'branch', 'side');
    await editOn(root, 'side', item.id, { status: 'Done' }, '2026-03-02T10:00:00Z');
    await editOn(root, 'main', item.id, { status: 'Ready' }, '2026-03-03T10:00:00Z');
    const merged = spawnSync('git', ['merge', '--no-edit', 'side'], { cwd: root, encoding: 'utf8' });
    assert.notEqual(merged.status, 0);
    const text = readFileSync(item.file, 'utf8');
    assert.match(text, /<<<<<<< ours\nstatus: Ready\n=======\nstatus: Done\n>>>>>>> theirs\n/);
    const s = await new Backlog(root, nodeFiles).load();
    assert.ok(s.problems.some((p) => p.code === 'merge-conflict' && p.file === item.file));
  });
});

// The same guarantees through `git merge` itself: git runs the built CLI as the driver, and the
// working file and git's exit status are what the user gets.
describe('the merge driver under git merge, for hand-written and odd files', function () {
  this.timeout(30_000);
  const cli = resolve('dist/cli.js');
  const PATH = '.backlog/items/BL-66666.md';
  const FILE = `---
id: BL-66666
title: Hand written   # keep short
status: Backlog
priority: could
created: 2026-03-01T09:00:00Z
updated: 2026-03-01T10:00:00Z
---

Body.
`;

  /**
   * Commits `base` (none: both branches add the file), then `theirs` on a side branch and `ours`
   * on main, and merges the side branch into main with the driver set up.
   */
  async function gitMerge(base: string | Buffer | undefined, ours: string | Buffer, theirs: string | Buffer, env: NodeJS.ProcessEnv = {}) {
    const root = await backlogRepository((r) => setUpMergeDriver(r, driverCommand(process.execPath, cli)).then(() => undefined));
    const file = join(root, PATH);
    const commit = (text: string | Buffer, message: string) => {
      mkdirSync(dirname(file), { recursive: true }); // git removes the folder with its last file
      writeFileSync(file, text);
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '-m', message);
    };
    if (base !== undefined) commit(base, 'base');
    git(root, 'branch', 'side');
    commit(ours, 'ours');
    git(root, 'checkout', '-q', 'side');
    commit(theirs, 'theirs');
    git(root, 'checkout', '-q', 'main');
    const merged = spawnSync('git', ['merge', '--no-edit', 'side'], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
    return { status: merged.status, output: merged.stdout + merged.stderr, bytes: readFileSync(file), text: readFileSync(file, 'utf8'), root };
  }

  it('keeps comments from both sides and exits 0', async () => {
    const ours = edit(FILE, 'status: Backlog', '# Waiting on design.\nstatus: Ready');
    const theirs = edit(FILE, '# keep short', '# keep it short');
    const r = await gitMerge(FILE, ours, theirs);
    assert.equal(r.status, 0, r.output);
    assert.equal(r.text, edit(ours, '# keep short', '# keep it short'));
  });

  it('keeps ours’ CRLF line breaks when theirs uses LF, and the reverse', async () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const ours = edit(FILE, 'priority: could', 'priority: must');
    const theirs = edit(FILE, 'Body.', 'Body, edited.');
    const expected = edit(ours, 'Body.', 'Body, edited.');
    const a = await gitMerge(crlf(FILE), crlf(ours), theirs);
    assert.equal(a.status, 0, a.output);
    assert.equal(a.text, crlf(expected));
    const b = await gitMerge(FILE, ours, crlf(theirs));
    assert.equal(b.status, 0, b.output);
    assert.equal(b.text, expected);
  });

  it('merges flow-style front matter line by line, conflicting where both sides changed a line', async () => {
    const base = '---\n{id: BL-66666,\n title: Flow,\n type: bug,\n status: Backlog}\n---\n';
    const clean = await gitMerge(base, edit(base, 'title: Flow,', 'title: Flowing,'), edit(base, 'status: Backlog}', 'status: Done}'));
    assert.equal(clean.status, 0, clean.output);
    assert.equal(clean.text, '---\n{id: BL-66666,\n title: Flowing,\n type: bug,\n status: Done}\n---\n');
    const clash = await gitMerge(base, edit(base, 'status: Backlog}', 'status: Ready}'), edit(base, 'status: Backlog}', 'status: Done}'));
    assert.equal(clash.status, 1, clash.output);
    assert.equal(clash.text, '---\n{id: BL-66666,\n title: Flow,\n type: bug,\n<<<<<<< ours\n status: Ready}\n=======\n status: Done}\n>>>>>>> theirs\n---\n');
    assert.match(clash.output, /BL-66666\.md: both sides changed lines of the file \(merged line by line: front matter is written in flow style\)/);
  });

  it('merges one item added on both branches, and conflicts on two items that share an id', async () => {
    const ours = edit(FILE, 'updated: 2026-03-01T10:00:00Z', 'updated: 2026-03-02T10:00:00Z\nassignee: dana');
    const same = await gitMerge(undefined, ours, FILE);
    assert.equal(same.status, 0, same.output);
    assert.equal(same.text, ours);

    const other = edit(edit(FILE, 'title: Hand written   # keep short', 'title: Other idea'), 'created: 2026-03-01T09:00:00Z', 'created: 2026-03-01T11:00:00Z');
    const different = await gitMerge(undefined, FILE, other);
    assert.equal(different.status, 1, different.output);
    assert.equal(different.text, `<<<<<<< ours\n${FILE}||||||| base\n=======\n${other}>>>>>>> theirs\n`);
    const s = await new Backlog(different.root, nodeFiles).load();
    assert.ok(s.problems.some((p) => p.code === 'merge-conflict' && p.file.endsWith('BL-66666.md')));
  });

  it('leaves both sides between standard markers and fails the merge when the driver crashes', async () => {
    const ours = edit(FILE, 'status: Backlog', 'status: Ready');
    const theirs = edit(FILE, 'priority: could', 'priority: must');
    const r = await gitMerge(FILE, ours, theirs, { [MERGE_DRIVER_FAULT_ENV]: '1' });
    assert.notEqual(r.status, 0, r.output);
    assert.equal(r.text, `<<<<<<< ours\n${ours}||||||| base\n${FILE}=======\n${theirs}>>>>>>> theirs\n`);
    assert.match(r.output, /BL-66666\.md: the merge driver failed \(fault injected by REPO_BACKLOG_MERGE_DRIVER_FAULT\); both sides are kept between conflict markers/);
    assert.match(git(r.root, 'status', '--porcelain'), /^UU \.backlog\/items\/BL-66666\.md$/m, 'git records the file as conflicted');
  });

  it('keeps bytes that are not UTF-8 exactly, between markers, instead of merging replacement characters', async () => {
    const latin1 = (s: string) => Buffer.from(s, 'latin1');
    const ours = latin1(edit(FILE, 'title: Hand written', 'title: Caf\u00e9'));
    const theirs = latin1(edit(FILE, 'Body.', 'Body \u00fcber.'));
    const r = await gitMerge(FILE, ours, theirs);
    assert.notEqual(r.status, 0, r.output);
    assert.deepEqual(r.bytes, Buffer.concat([latin1('<<<<<<< ours\n'), ours, latin1(`||||||| base\n${FILE}=======\n`), theirs, latin1('>>>>>>> theirs\n')]));
    assert.match(r.output, /the merge driver failed \(The encoded data was not valid for encoding utf-8\)/);
  });
});

// Random edits on both sides (seeded, so a failure reproduces): whatever the merge decides, every
// line either side added is in the result (taken, or between markers), a clean result parses and
// has no markers, and a side merged with an unchanged other side comes back byte for byte.
describe('merging random edits of one item file', () => {
  const FILE = `---
# Written by hand.
id: BL-77777
title: Random
status: Backlog   # triage first
priority: could
labels:
  - api
  - ui
rank: a0
created: 2026-03-01T09:00:00Z
updated: 2026-03-01T10:00:00Z
---

One.

Two.

Three.
`;

  /** One side's edit: 1-3 changes of the kinds people and the extension make. */
  function editSide(text: string, random: (max: number) => number, side: string): string {
    let fields = 0; // each added key a new name: one side writing a duplicate key is not the case under test
    const edits: ((s: string) => string)[] = [
      (s) => s.replace(/^status: \w+/m, `status: ${['Ready', 'Done', 'Review'][random(3)]}`),
      (s) => s.replace(/^priority: \w+/m, `priority: ${['must', 'should'][random(2)]}`),
      (s) => s.replace(/# triage first/, `# ${side} note ${random(100)}`),
      (s) => s.replace(/^title: /m, `# ${side} comment ${random(100)}\ntitle: `),
      (s) => s.replace(/^rank: .*$/m, `rank: a${random(9) + 1}`),
      (s) => s.replace(/^updated: .*$/m, `updated: 2026-03-0${random(8) + 2}T10:00:00Z`),
      (s) => s.replace(/^priority: .*\n/m, ''),
      (s) => s.replace(/^ {2}- ui\n/m, `  - ui\n  - ${side}${random(100)}\n`),
      (s) => s.replace(/\n---\n/, `\n${side}_field_${(fields += 1)}: ${random(100)}\n---\n`),
      (s) => s.replace(/^(One|Two|Three)\.$/m, (w) => `${w} (${side} ${random(100)})`),
      (s) => s.replace(/\n---\n/, `\n# ${side} closing ${random(100)}\n---\n`),
    ];
    let out = text;
    for (let n = random(3) + 1; n > 0; n--) out = edits[random(edits.length)](out);
    return out;
  }

  const added = (side: string, base: string) => {
    const baseLines = new Set(base.split('\n'));
    // The losing `updated`/`rank` of two is dropped on purpose: the later edit's wins.
    return side.split('\n').filter((l) => !baseLines.has(l) && !/^(updated|rank):/.test(l));
  };

  it('never drops a line either side added, over 200 random pairs of edits', () => {
    let clean = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const random = seeded(seed);
      const ours = editSide(FILE, random, 'ours');
      const theirs = editSide(FILE, random, 'theirs');
      const r = mergeItemFiles(FILE, ours, theirs);
      const resultLines = new Set(r.text.split('\n'));
      for (const line of [...added(ours, FILE), ...added(theirs, FILE)]) {
        assert.ok(resultLines.has(line), `seed ${seed}: "${line}" is missing from\n${r.text}`);
      }
      const markers = /^(<{7}|={7}|>{7})( |$)/m.test(r.text);
      if (r.conflicts.length === 0) {
        clean++;
        assert.ok(!markers, `seed ${seed}: markers in a clean merge`);
        assert.deepEqual(parseItemFile('/r/.backlog/items/BL-77777.md', r.text).problems, [], `seed ${seed}:\n${r.text}`);
      } else assert.ok(markers, `seed ${seed}: conflicts ${r.conflicts.join(', ')} without markers`);
      const unchanged = (o: string, t: string) => {
        const m = mergeItemFiles(FILE, o, t);
        return { text: m.text, conflicts: m.conflicts };
      };
      assert.deepEqual(unchanged(ours, FILE), { text: ours, conflicts: [] }, `seed ${seed}: theirs unchanged`);
      assert.deepEqual(unchanged(FILE, theirs), { text: theirs, conflicts: [] }, `seed ${seed}: ours unchanged`);
    }
    assert.ok(clean > 40 && clean < 160, `both clean merges and conflicts were exercised (${clean} clean)`);
  });
});
