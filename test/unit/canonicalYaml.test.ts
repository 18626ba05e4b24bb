import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { canonicalYaml } from '../../src/core/canonicalYaml';
import { defaultItemBody, newItemFile, parseItemFile } from '../../src/core/itemFile';

// New item files are written without the `yaml` library (it is too slow for an import of
// thousands of items); these tests hold the writer to what `yaml` reads back.

/** Strings chosen to break a naive YAML writer. */
const NASTY_STRINGS = [
  '', ' ', 'a ', ' a', 'plain words', 'Failing test: a › b', 'a: b', 'a #b', 'a#b', '#x', '- x', '-x', '? x', ': x', '[x]', '{x}', 'a, b',
  '"q"', "'q'", 'it\'s', 'back\\slash', '*alias', '&anchor', '!tag', '!!str', '%YAML', '@at', '`tick`', '|', '>', '|-', '~', '=',
  'null', 'Null', 'NULL', 'true', 'False', 'yes', 'No', 'on', 'OFF', 'y', 'n', '.inf', '-.inf', '.nan', '.NaN',
  '0', '12', '-3', '+4', '1.5', '1.', '.5', '1e3', '1E-3', '0x1F', '0o17', '0b101', '1_000', '012', '1:30', '2026-S3', '2026-11-24',
  '2026-11-24T20:27:43Z', '2026-11-24 20:27:43', '12abc', 'v1.2.3', 'a\nb', 'a\r\nb', 'tab\there', 'trailing\n', '\u0000nul', '\u0007bell',
  '\u007fdel', '\u0085nel', '\u00a0nbsp', 'x\u00a0', '\u2028ls', 'ps\u2029', '\ufeffbom', 'x\ufeff', '\ufffe', 'emoji 🎉', '🎉', 'lone \ud800 surrogate',
  'ünïcödé', 'Ωmega', '日本語のタイトル', 'a  double  space', '--- fence', '...', '---', 'a --- b', 'x: y: z', '<<', 'key=value', 'a;b', '50%',
  'C:\\Users\\dev', '/abs/path/file.ts', 'src/a b/c.ts', 'https://example.com/a?b=c#d', 'Error: expect(received).toBe(expected) // Object.is equality',
];

describe('canonical front-matter YAML', () => {
  it('writes every string so that the yaml library reads back exactly that string', () => {
    for (const s of NASTY_STRINGS) {
      const text = canonicalYaml({ value: s, list: [s, 'x'], nested: { [s === '' ? 'empty' : 'k']: s } });
      const back = parse(text) as Record<string, unknown>;
      assert.deepEqual(back, { value: s, list: [s, 'x'], nested: { [s === '' ? 'empty' : 'k']: s } }, `${JSON.stringify(s)} was written as:\n${text}`);
    }
  });

  it('writes awkward keys so that they read back as the same keys', () => {
    for (const key of NASTY_STRINGS.filter((s) => s !== '')) {
      const back = parse(canonicalYaml({ [key]: 1, nested: { [key]: 2 } })) as Record<string, unknown>;
      assert.deepEqual(back, { [key]: 1, nested: { [key]: 2 } }, JSON.stringify(key));
    }
  });

  it('keeps numbers, booleans, null, empty and nested collections', () => {
    const data = {
      int: 42, neg: -7, float: 0.25, big: 1e21, tiny: 5e-7, yes: true, no: false, nothing: null,
      empty: [], emptyMap: {}, flow: [1, 'two', true, null], links: [{ path: 'a.ts', line: 3 }, { kind: 'todo', path: 'b c.ts', anchor: 'TODO: x' }],
      deep: { a: { b: { c: ['x', 'y'] } } }, mixed: [1, [2, 3], { k: 'v' }], listOfLists: [[1], [2]],
    };
    assert.deepEqual(parse(canonicalYaml(data)), data);
  });

  it('leaves out undefined keys, like the yaml library', () => {
    assert.equal(canonicalYaml({ a: 1, b: undefined, c: { d: undefined } }), 'a: 1\nc: {}\n');
  });

  it('writes plain scalars where they are unambiguous, so files read well in diffs', () => {
    const text = canonicalYaml({ id: 'BL-7K3QM', title: 'Add OAuth login', sprint: '2026-S3', rank: 'a0V', created: '2026-11-24T20:27:43Z', labels: ['ui', 'auth'] });
    assert.equal(text, 'id: BL-7K3QM\ntitle: Add OAuth login\nsprint: 2026-S3\nrank: a0V\ncreated: 2026-11-24T20:27:43Z\nlabels: [ui, auth]\n');
  });

  it('refuses values that are not plain data instead of writing them half-right', () => {
    assert.throws(() => canonicalYaml({ when: new Date(0) }), /Cannot write/);
  });
});

describe('new item files', () => {
  const FILE = '/repo/.backlog/items/BL-7K3QM.md';

  it('return the same item that parsing the written file gives', () => {
    const specs = [
      { title: 'Add OAuth', type: 'feature', status: 'Backlog', rank: 'a0', created: '2026-01-01T00:00:00Z', updated: '2026-01-01T00:00:00Z' },
      {
        title: 'Failing test: cart › total handles 100 items', type: 'bug', status: 'In Progress', priority: 'must', points: 3, labels: ['ci', '2026-S3'],
        assignee: 'dana', sprint: '2026-S3', rank: 'Zz', created: '2026-03-02T08:00:00Z', updated: '2026-03-02T08:00:00Z',
        links: [{ kind: 'test', path: 'src/cart.test.ts', line: 12 }, { kind: 'code', path: 'src/cart.ts', line: 40, anchor: 'return total; // TODO: #1', state: 'current' }],
        test: { id: '1kgniji4hof', name: 'handles 100 items', suite: 'src/cart.test.ts', state: 'failing', failures: 2, message: 'Error: expected 100, got 99\n at x', report: 'C:\\ci\\junit.xml' },
        wsjf: { value: 8, effort: 0 }, 'odd key': ['a', null, 1],
      },
      ...NASTY_STRINGS.filter((s) => s.trim() !== '').map((s) => ({ title: s, type: 'bug', status: 'Backlog', rank: 'a1', labels: [s], assignee: s, custom: s })),
    ];
    for (const fields of specs) {
      const { text, parsed } = newItemFile(FILE, { id: 'BL-7K3QM', fields, body: defaultItemBody('Why') });
      assert.deepEqual(parsed, parseItemFile(FILE, text), text);
    }
  });

  it('report the same problems as parsing when a field is odd', () => {
    const { text, parsed } = newItemFile('/repo/.backlog/items/OTHER.md', { id: 'BL-7K3QM', fields: { title: 'x', type: 'bug', status: 'Backlog', points: -1 }, body: '' });
    const fromDisk = parseItemFile('/repo/.backlog/items/OTHER.md', text);
    assert.deepEqual(parsed.problems.map((p) => [p.code, p.line]), fromDisk.problems.map((p) => [p.code, p.line]));
    assert.ok(parsed.problems.some((p) => p.code === 'file-name'));
  });
});
