// parent, milestone and blockedBy: reading, writing, validating and merging them.
import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, parseConfig } from '../../src/core/config';
import { newItemFile, parseItemFile } from '../../src/core/itemFile';
import { FIELD_ORDER } from '../../src/core/item';
import { mergeItemFiles } from '../../src/core/mergeItem';
import { newItemFields, validateChanges } from '../../src/core/store/itemFields';

const FILE = '/repo/.backlog/items/BL-7K3QM.md';

const withKeys = (keys: string) => `---\nid: BL-7K3QM\ntitle: Child\ntype: feature\nstatus: Backlog\n${keys}rank: a0\n---\nBody\n`;

describe('item links: parent, milestone, blockedBy', () => {
  it('reads them with their lines, and blockedBy is empty when absent', () => {
    const { item, problems } = parseItemFile(FILE, withKeys('parent: BL-EP1C0\nmilestone: m-2027-q1\nblockedBy: [BL-AAAAA, BL-BBBBB]\n'));
    assert.deepEqual(problems, []);
    assert.equal(item!.parent, 'BL-EP1C0');
    assert.equal(item!.milestone, 'm-2027-q1');
    assert.deepEqual(item!.blockedBy, ['BL-AAAAA', 'BL-BBBBB']);
    assert.equal(item!.lines.parent, 6);
    assert.equal(item!.lines.milestone, 7);
    assert.equal(item!.lines.blockedBy, 8);
    assert.deepEqual(item!.extra, {}, 'known fields, not extra keys');

    const plain = parseItemFile(FILE, withKeys('')).item!;
    assert.equal(plain.parent, undefined);
    assert.deepEqual(plain.blockedBy, []);
  });

  it('reads a block list of blockers too, and ids in any case, once each', () => {
    const { item, problems } = parseItemFile(FILE, withKeys('parent: bl-ep1c0\nblockedBy:\n  - bl-aaaaa\n  - BL-BBBBB\n  - BL-AAAAA\n'));
    assert.deepEqual(problems, []);
    assert.equal(item!.parent, 'BL-EP1C0');
    assert.deepEqual(item!.blockedBy, ['BL-AAAAA', 'BL-BBBBB']);
  });

  it('reports a parent that is not an id with file and line, and still loads the item', () => {
    const { item, problems } = parseItemFile(FILE, withKeys('parent: the login epic\n'));
    assert.ok(item);
    assert.equal(item.parent, undefined);
    assert.equal(problems.length, 1);
    assert.deepEqual({ file: problems[0].file, line: problems[0].line, code: problems[0].code }, { file: FILE, line: 6, code: 'parent' });
    assert.match(problems[0].message, /"the login epic"/);
  });

  it('reports blockers that are not ids, keeping the ids that are', () => {
    const { item, problems } = parseItemFile(FILE, withKeys('blockedBy: [BL-AAAAA, soon, 42]\n'));
    assert.deepEqual(item!.blockedBy, ['BL-AAAAA']);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].line, 6);
    assert.equal(problems[0].code, 'blocked-by');
    assert.match(problems[0].message, /"soon", "42" are not ids/);
  });

  it('reports blockedBy written as text instead of a list, and reads the ids in it', () => {
    const { item, problems } = parseItemFile(FILE, withKeys('blockedBy: BL-AAAAA, BL-BBBBB\n'));
    assert.deepEqual(item!.blockedBy, ['BL-AAAAA', 'BL-BBBBB']);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].code, 'blocked-by');
  });

  it('writes them after sprint, in the canonical order, and reads back what it wrote', () => {
    assert.deepEqual(FIELD_ORDER.slice(FIELD_ORDER.indexOf('sprint'), FIELD_ORDER.indexOf('sprint') + 4), ['sprint', 'parent', 'milestone', 'blockedBy']);
    const fields = newItemFields(DEFAULT_CONFIG, { title: 'Child', sprint: 'S1', parent: 'BL-EP1C0', milestone: 'm1', blockedBy: ['BL-AAAAA', ' BL-BBBBB', 'BL-AAAAA'] }, 'a0', '2026-12-02T00:00:00Z');
    const { text, parsed } = newItemFile(FILE, { id: 'BL-7K3QM', fields, body: '' });
    assert.match(text, /\nsprint: S1\nparent: BL-EP1C0\nmilestone: m1\nblockedBy: \[BL-AAAAA, BL-BBBBB\]\nrank: a0\n/);
    const reread = parseItemFile(FILE, text);
    assert.deepEqual(reread.problems, []);
    assert.deepEqual(parsed.item, reread.item);
  });

  it('refuses ids that are not ids when creating or changing, and clears on empty', () => {
    assert.throws(() => newItemFields(DEFAULT_CONFIG, { title: 'x', parent: 'epic one' }, 'a0', 's'), /parent: "epic one" is not an item id/);
    assert.throws(() => validateChanges(DEFAULT_CONFIG, { blockedBy: 'BL-AAAAA,nope' }), /blockedBy: "nope" is not an item id/);
    assert.deepEqual(validateChanges(DEFAULT_CONFIG, { blockedBy: 'BL-AAAAA, BL-BBBBB,' }), { blockedBy: ['BL-AAAAA', 'BL-BBBBB'] });
    assert.deepEqual(validateChanges(DEFAULT_CONFIG, { parent: '', blockedBy: '' }), { parent: undefined, blockedBy: undefined });
    assert.deepEqual(validateChanges(DEFAULT_CONFIG, { parent: ' BL-EP1C0 ' }), { parent: 'BL-EP1C0' });
  });

  it('has an epic type by default, and a config without it keeps working', () => {
    assert.ok(DEFAULT_CONFIG.types.includes('epic'));
    const { config, problems } = parseConfig('/c.yaml', 'types: [feature, bug]\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(config.types, ['feature', 'bug']);
  });
});

describe('merging blockedBy and parent', () => {
  const BASE = withKeys('parent: BL-EP1C0\nblockedBy: [BL-AAAAA, BL-BBBBB]\nupdated: 2026-03-01T10:00:00Z\n');
  const edit = (text: string, from: string, to: string) => {
    assert.ok(text.includes(from), `fixture has ${from}`);
    return text.replace(from, to);
  };

  it('merges blockers as a set: both sides’ additions kept, either side’s removals honoured', () => {
    const ours = edit(BASE, 'blockedBy: [BL-AAAAA, BL-BBBBB]', 'blockedBy: [BL-AAAAA, BL-BBBBB, BL-CCCCC]');
    const theirs = edit(BASE, 'blockedBy: [BL-AAAAA, BL-BBBBB]', 'blockedBy: [BL-BBBBB, BL-DDDDD]');
    const r = mergeItemFiles(BASE, ours, theirs);
    assert.deepEqual(r.conflicts, []);
    assert.deepEqual(parseItemFile(FILE, r.text).item!.blockedBy, ['BL-BBBBB', 'BL-CCCCC', 'BL-DDDDD']);
  });

  it('merges blockers added on both sides when the base had none', () => {
    const base = withKeys('');
    const r = mergeItemFiles(base, withKeys('blockedBy: [BL-AAAAA]\n'), withKeys('blockedBy:\n  - BL-BBBBB\n'));
    assert.deepEqual(r.conflicts, []);
    assert.deepEqual(parseItemFile(FILE, r.text).item!.blockedBy, ['BL-AAAAA', 'BL-BBBBB']);
  });

  it('drops the key when both sides together removed every blocker', () => {
    const ours = edit(BASE, 'blockedBy: [BL-AAAAA, BL-BBBBB]\n', '');
    const theirs = edit(BASE, 'blockedBy: [BL-AAAAA, BL-BBBBB]', 'blockedBy: [BL-AAAAA]');
    const r = mergeItemFiles(BASE, ours, theirs);
    assert.deepEqual(r.conflicts, []);
    assert.doesNotMatch(r.text, /blockedBy/);
  });

  it('leaves a commented blocker list to the line merge rather than lose the comment', () => {
    const ours = edit(BASE, 'blockedBy: [BL-AAAAA, BL-BBBBB]', 'blockedBy: [BL-AAAAA, BL-BBBBB, BL-CCCCC] # C first');
    const theirs = edit(BASE, 'blockedBy: [BL-AAAAA, BL-BBBBB]', 'blockedBy: [BL-AAAAA]');
    const r = mergeItemFiles(BASE, ours, theirs);
    assert.deepEqual(r.conflicts, ['blockedBy']);
    assert.match(r.text, /# C first/);
  });

  it('treats parent as one value: a change on one side is taken, different changes conflict', () => {
    const ours = edit(BASE, 'parent: BL-EP1C0', 'parent: BL-EP1C1');
    assert.equal(parseItemFile(FILE, mergeItemFiles(BASE, ours, BASE).text).item!.parent, 'BL-EP1C1');
    const theirs = edit(BASE, 'parent: BL-EP1C0', 'parent: BL-EP1C2');
    assert.deepEqual(mergeItemFiles(BASE, ours, theirs).conflicts, ['parent']);
  });
});
