import * as assert from 'node:assert/strict';
import { editFrontMatter, splitFrontMatter } from '../../src/core/frontMatter';

const ITEM = `---
# Hand-written comment that must survive
id: BL-7K3QM
title: "Login: remember me"   # keep this inline comment
type: feature
status: 'In Progress'
custom_field: { nested: [1, 2] }
labels:
  - auth
  - ui
sprint:
rank: a0
updated: 2026-01-01T00:00:00Z
---

## Description

Body text with --- dashes and key: value lines
that must never change.
`;

/** Every line of `before` that is not expected to change must still be in `after`, in order. */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  return { removed: a.filter((l) => !b.includes(l)), added: b.filter((l) => !a.includes(l)) };
}

describe('front matter', () => {
  it('finds the YAML and the body, with or without a BOM and CRLF', () => {
    const s = splitFrontMatter(ITEM);
    assert.ok(s.ok);
    if (!s.ok) return;
    assert.equal(ITEM.slice(s.layout.bodyStart), '\n## Description\n\nBody text with --- dashes and key: value lines\nthat must never change.\n');
    const crlf = '\uFEFF' + ITEM.replace(/\n/g, '\r\n');
    const c = splitFrontMatter(crlf);
    assert.ok(c.ok && c.layout.eol === '\r\n');
  });

  it('reports a missing or unclosed front matter', () => {
    assert.deepEqual(splitFrontMatter('# just markdown\n').ok, false);
    const r = splitFrontMatter('---\nid: BL-2\ntitle: x\n');
    assert.ok(!r.ok && /never closed/.test(r.message));
  });

  it('changes one scalar and nothing else, keeping quotes and the inline comment', () => {
    const out = editFrontMatter(ITEM, { title: 'Login: stay signed in' });
    assert.deepEqual(changedLines(ITEM, out), {
      removed: ['title: "Login: remember me"   # keep this inline comment'],
      added: ['title: "Login: stay signed in"   # keep this inline comment'],
    });
    const status = editFrontMatter(ITEM, { status: 'Done' });
    assert.deepEqual(changedLines(ITEM, status).added, ["status: 'Done'"]);
  });

  it('quotes a plain value only when YAML needs it', () => {
    const out = editFrontMatter(ITEM, { type: 'yes: no' });
    assert.ok(out.includes('type: "yes: no"\n'));
    const num = editFrontMatter(ITEM, { type: '123' });
    assert.ok(num.includes('type: "123"\n'));
  });

  it('fills an empty value, adds new keys at the end and removes keys with their lines', () => {
    const filled = editFrontMatter(ITEM, { sprint: '2026-S12' });
    assert.deepEqual(changedLines(ITEM, filled), { removed: ['sprint:'], added: ['sprint: 2026-S12'] });
    const added = editFrontMatter(ITEM, { points: 5 });
    assert.ok(added.includes('updated: 2026-01-01T00:00:00Z\npoints: 5\n---\n'));
    const removed = editFrontMatter(ITEM, { labels: undefined });
    assert.deepEqual(changedLines(ITEM, removed), { removed: ['labels:', '  - auth', '  - ui'], added: [] });
    const noop = editFrontMatter(ITEM, { assignee: undefined });
    assert.equal(noop, ITEM);
  });

  it('replaces a block list with a flow list on the same key', () => {
    const out = editFrontMatter(ITEM, { labels: ['auth', 'mobile'] });
    assert.deepEqual(changedLines(ITEM, out), { removed: ['labels:', '  - auth', '  - ui'], added: ['labels: [auth, mobile]'] });
  });

  it('writes links as a block list and round-trips them', () => {
    const out = editFrontMatter(ITEM, { links: [{ kind: 'todo', path: 'src/a.ts', line: 3, anchor: 'TODO: fix # this' }] });
    assert.ok(out.includes('links:\n  - kind: todo\n    path: src/a.ts\n    line: 3\n    anchor: "TODO: fix # this"\n---'));
    const again = editFrontMatter(out, { links: [{ path: 'b.ts' }] });
    assert.ok(again.includes('links:\n  - path: b.ts\n---'));
    assert.ok(again.includes('# Hand-written comment that must survive'));
  });

  it('keeps CRLF line endings and the body byte for byte', () => {
    const crlf = ITEM.replace(/\n/g, '\r\n');
    const out = editFrontMatter(crlf, { status: 'Done', points: 2, labels: ['x'] });
    assert.ok(!/[^\r]\n/.test(out), 'every newline stays CRLF');
    assert.ok(out.endsWith(crlf.slice(crlf.indexOf('\r\n## Description'))));
    assert.ok(out.includes("status: 'Done'\r\n"));
    assert.ok(out.includes('points: 2\r\n'));
  });

  it('applying several edits leaves untouched keys, comments and unknown keys identical', () => {
    const out = editFrontMatter(ITEM, { status: 'Review', rank: 'a0V', updated: '2026-02-02T00:00:00Z' });
    for (const keep of ['# Hand-written comment that must survive', 'custom_field: { nested: [1, 2] }', 'title: "Login: remember me"   # keep this inline comment', '  - auth']) {
      assert.ok(out.includes(keep + '\n'), keep);
    }
    assert.equal(out.split('\n').length, ITEM.split('\n').length);
  });

  it('refuses to edit a file whose front matter is not valid YAML', () => {
    assert.throws(() => editFrontMatter('---\ntitle: [unclosed\n---\n', { status: 'Done' }), /not valid YAML/);
  });
});
