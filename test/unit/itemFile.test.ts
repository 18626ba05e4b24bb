import * as assert from 'node:assert/strict';
import { parseItemFile, renderItemFile, defaultItemBody } from '../../src/core/itemFile';
import { checklistProgress } from '../../src/core/item';

const FILE = '/repo/.backlog/items/BL-7K3QM.md';

describe('item files', () => {
  it('parses every field, keeps unknown keys and records field lines', () => {
    const text = `---
id: BL-7K3QM
title: Add OAuth
type: feature
status: In Progress
priority: must
points: 5
labels: [auth, ui]
assignee: alice
sprint: S12
rank: a0
wsjf_value: 8
links:
  - kind: todo
    path: src/auth.ts
    line: 40
    anchor: "TODO(BL-7K3QM): tokens"
---
Body
- [x] one
- [ ] two
`;
    const { item, problems } = parseItemFile(FILE, text);
    assert.deepEqual(problems, []);
    assert.ok(item);
    assert.equal(item.title, 'Add OAuth');
    assert.equal(item.points, 5);
    assert.deepEqual(item.labels, ['auth', 'ui']);
    assert.deepEqual(item.extra, { wsjf_value: 8 });
    assert.deepEqual(item.links, [{ kind: 'todo', path: 'src/auth.ts', line: 40, anchor: 'TODO(BL-7K3QM): tokens' }]);
    assert.equal(item.lines.status, 5);
    assert.equal(item.body, 'Body\n- [x] one\n- [ ] two\n');
    assert.deepEqual(checklistProgress(item.body), { done: 1, total: 2 });
  });

  it('reports bad YAML at the file line, and does not load the item', () => {
    const { item, problems } = parseItemFile(FILE, '---\nid: BL-7K3QM\ntitle: [oops\nstatus: Done\n---\n');
    assert.equal(item, undefined);
    assert.equal(problems[0].code, 'yaml');
    assert.equal(problems[0].severity, 'error');
    assert.ok(problems[0].line >= 3 && problems[0].line <= 5, `line ${problems[0].line}`);
  });

  it('reports merge-conflict markers with the first marker line', () => {
    const text = '---\nid: BL-7K3QM\n<<<<<<< HEAD\ntitle: Ours\n=======\ntitle: Theirs\n>>>>>>> feature\n---\n';
    const { item, problems } = parseItemFile(FILE, text);
    assert.equal(item, undefined);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].code, 'merge-conflict');
    assert.equal(problems[0].line, 3);
    assert.match(problems[0].message, /3 conflict marker lines/);
  });

  it('does not take a Markdown setext heading or a horizontal rule for a conflict', () => {
    const { item, problems } = parseItemFile(FILE, '---\nid: BL-7K3QM\ntitle: T\n---\nHeading\n=======\n\n***\n');
    assert.ok(item);
    assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
  });

  it('reports a missing or malformed id and a missing front matter', () => {
    assert.equal(parseItemFile(FILE, '---\ntitle: No id\n---\n').problems[0].code, 'missing-id');
    const bad = parseItemFile(FILE, '---\nid: hello world\ntitle: x\n---\n');
    assert.equal(bad.problems[0].code, 'invalid-id');
    assert.equal(bad.problems[0].line, 2);
    assert.equal(parseItemFile(FILE, 'just text').problems[0].code, 'front-matter');
    assert.equal(parseItemFile(FILE, '---\n- a\n- b\n---\n').problems[0].code, 'front-matter');
    assert.equal(parseItemFile(FILE, '---\nid: BL-7K3QM\nid: BL-22222\n---\n').problems[0].code, 'yaml');
  });

  it('loads items with warnings for odd values, pointing at their lines', () => {
    const { item, problems } = parseItemFile('/r/.backlog/items/other.md', '---\nid: BL-7K3QM\npoints: lots\nlabels: 7\n---\n');
    assert.ok(item);
    assert.equal(item.title, 'BL-7K3QM');
    const codes = problems.map((p) => `${p.code}@${p.line}`).sort();
    assert.deepEqual(codes, ['field-type@3', 'field-type@4', 'file-name@2', 'missing-title@1'].sort());
    assert.ok(problems.every((p) => p.severity === 'warning'));
  });

  it('renders new files in canonical key order that parse back to the same fields', () => {
    const text = renderItemFile({
      id: 'BL-22222',
      fields: { links: [{ path: 'a.ts', line: 1 }], title: 'T: with colon', status: 'Backlog', type: 'bug', labels: ['a', 'b'], points: 3, custom: 'x' },
      body: defaultItemBody('Why we need it'),
    });
    assert.match(text, /^---\nid: BL-22222\ntitle: "T: with colon"\ntype: bug\nstatus: Backlog\npoints: 3\nlabels: \[a, b\]\nlinks:\n {2}- path: a.ts\n {4}line: 1\ncustom: x\n---\n\n## Description\n\nWhy we need it\n/);
    const parsed = parseItemFile('/r/.backlog/items/BL-22222.md', text);
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.item?.title, 'T: with colon');
    assert.deepEqual(checklistProgress(parsed.item.body), { done: 0, total: 0 }, 'an empty checkbox is not a criterion');
  });
});
