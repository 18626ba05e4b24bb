import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './support/cli';

/** Like `cli`, but fails the test unless the command exits 0. */
async function ok(cwd: string, ...argv: string[]): Promise<string> {
  const r = await cli(cwd, ...argv);
  assert.equal(r.code, 0, `repo-backlog ${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

async function json<T = unknown>(cwd: string, ...argv: string[]): Promise<T> {
  return JSON.parse(await ok(cwd, ...argv, '--json')) as T;
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'backlog-cli-'));
}

async function initialized(prefix = 'BL'): Promise<string> {
  const root = tempDir();
  await ok(root, 'init', '--prefix', prefix);
  return root;
}

/** Adds an item and returns its id (the CLI prints only the id). */
async function add(root: string, ...args: string[]): Promise<string> {
  return (await ok(root, 'add', ...args)).trim();
}

interface ListedItem {
  id: string;
  title: string;
  type: string;
  status: string;
  priority: string | null;
  points: number | null;
  labels: string[];
  assignee: string | null;
  sprint: string | null;
  rank: string | null;
  created: string | null;
  updated: string | null;
  links: unknown[];
  file: string;
}

async function listIds(root: string, ...filters: string[]): Promise<string[]> {
  return (await json<ListedItem[]>(root, 'list', ...filters)).map((i) => i.id);
}

function itemsDir(root: string): string {
  return join(root, '.backlog', 'items');
}

function itemText(root: string, id: string): string {
  return readFileSync(join(itemsDir(root), `${id}.md`), 'utf8');
}

function filesIn(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) out[name] = readFileSync(join(dir, name), 'utf8');
  return out;
}

describe('the CLI', () => {
  describe('init', () => {
    it('creates .backlog/ with a commented config and an items folder', async () => {
      const root = tempDir();
      const out = await ok(root, 'init', '--prefix', 'SHOP');
      assert.match(out, /Initialized .*\.backlog \(id prefix SHOP\)/);
      const config = readFileSync(join(root, '.backlog', 'config.yaml'), 'utf8');
      assert.match(config, /^idPrefix: SHOP$/m);
      assert.match(config, /^# /, 'the config explains itself');
      assert.ok(existsSync(itemsDir(root)));
    });

    it('keeps an existing config when run again', async () => {
      const root = await initialized('AAA');
      const configPath = join(root, '.backlog', 'config.yaml');
      writeFileSync(configPath, readFileSync(configPath, 'utf8') + '# our own note\n');
      const before = readFileSync(configPath, 'utf8');
      const r = await json<{ config: { idPrefix: string } }>(root, 'init', '--prefix', 'BBB');
      assert.equal(r.config.idPrefix, 'AAA');
      assert.equal(readFileSync(configPath, 'utf8'), before);
    });

    it('rejects an id prefix that could not be typed in a TODO comment', async () => {
      const r = await cli(tempDir(), 'init', '--prefix', 'no-way');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /Id prefix "no-way" must be 1-10 capital letters/);
    });
  });

  describe('add', () => {
    it('creates an item with every option and prints only its id', async () => {
      const root = await initialized('SHOP');
      const first = await add(root, 'Existing item');
      const out = await ok(root, 'add', 'Checkout', 'rejects', 'valid', 'cards', '--type', 'bug', '--status', 'Ready', '--priority', 'must',
        '--points', '5', '--label', 'payments', '--label', 'ui', '--assignee', 'dana', '--sprint', '2026-S3', '--top');
      assert.match(out, /^SHOP-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{5}\n$/);
      const id = out.trim();
      const text = itemText(root, id);
      for (const line of ['title: Checkout rejects valid cards', 'type: bug', 'status: Ready', 'priority: must', 'points: 5',
        'labels: [payments, ui]', 'assignee: dana', 'sprint: 2026-S3']) {
        assert.ok(text.split('\n').includes(line), `expected "${line}" in\n${text}`);
      }
      assert.match(text, /## Acceptance criteria\n\n- \[ \] /, 'new items start with an acceptance-criteria checklist');
      assert.deepEqual(await listIds(root), [id, first], '--top puts it first');
    });

    it('uses the config defaults and prints the item as JSON with --json', async () => {
      const root = await initialized();
      const item = await json<ListedItem>(root, 'add', 'Plain');
      assert.equal(item.type, 'feature');
      assert.equal(item.status, 'Backlog');
      assert.equal(item.file, `.backlog/items/${item.id}.md`);
    });

    it('refuses values the config does not declare, and bad points, without writing a file', async () => {
      const root = await initialized();
      for (const args of [['--status', 'Nope'], ['--type', 'saga'], ['--priority', 'urgent'], ['--points', 'lots'], ['--points=-1']]) {
        const r = await cli(root, 'add', 'X', ...args);
        assert.equal(r.code, 2, `add ${args.join(' ')} should fail`);
        assert.match(r.stderr, /^repo-backlog: .*(Unknown|Points must)/);
      }
      const r = await cli(root, 'add', '--type', 'bug');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /needs a title/);
      assert.deepEqual(readdirSync(itemsDir(root)), []);
    });
  });

  describe('list', () => {
    async function sample(): Promise<{ root: string; ids: Record<string, string> }> {
      const root = await initialized();
      const ids: Record<string, string> = {};
      ids.login = await add(root, 'Login fails for SSO users', '--type', 'bug', '--label', 'auth', '--label', 'ui', '--priority', 'must');
      ids.export = await add(root, 'CSV export', '--status', 'Ready', '--label', 'data', '--assignee', 'alice');
      ids.cache = await add(root, 'Cache the search index', '--type', 'debt', '--label', 'perf', '--status', 'Done');
      ids.theme = await add(root, 'Dark mode', '--label', 'ui', '--sprint', 'S1');
      return { root, ids };
    }

    it('prints items in rank order as a table', async () => {
      const { root, ids } = await sample();
      const lines = (await ok(root, 'list')).trimEnd().split('\n');
      assert.deepEqual(lines.map((l) => l.split(/\s+/)[0]), [ids.login, ids.export, ids.cache, ids.theme]);
      assert.match(lines[0], /Backlog\s+bug\s+must\s+Login fails for SSO users$/);
    });

    it('filters by status, type, labels (all must match) and query', async () => {
      const { root, ids } = await sample();
      assert.deepEqual(await listIds(root, '--status', 'ready'), [ids.export], 'status is case-insensitive');
      assert.deepEqual(await listIds(root, '--type', 'debt'), [ids.cache]);
      assert.deepEqual(await listIds(root, '--label', 'ui'), [ids.login, ids.theme]);
      assert.deepEqual(await listIds(root, '--label', 'ui', '--label', 'auth'), [ids.login]);
      assert.deepEqual(await listIds(root, '--query', 'is:open -label:ui'), [ids.export]);
      assert.deepEqual(await listIds(root, '--query', 'assignee:alice'), [ids.export]);
      assert.deepEqual(await listIds(root, '--query', 'sprint:S1'), [ids.theme]);
      assert.deepEqual(await listIds(root, '--query', '"search index"'), [ids.cache]);
      assert.deepEqual(await listIds(root, '--status', 'Done', '--type', 'bug'), []);
      assert.equal(await ok(root, 'list', '--type', 'chore'), 'No items.\n');
    });

    it('has a stable --json shape', async () => {
      const { root, ids } = await sample();
      const [login] = await json<ListedItem[]>(root, 'list', '--label', 'auth');
      assert.deepEqual(Object.keys(login), ['id', 'title', 'type', 'status', 'priority', 'points', 'labels', 'assignee', 'sprint', 'parent', 'milestone', 'blockedBy', 'blocked', 'blocks', 'rank', 'created', 'updated', 'links', 'file']);
      assert.equal(login.id, ids.login);
      assert.deepEqual(login.labels, ['auth', 'ui']);
      assert.equal(login.points, null, 'absent fields are null, not missing');
      assert.equal(login.assignee, null);
      assert.deepEqual(login.links, []);
      assert.match(login.created!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(login.file, `.backlog/items/${ids.login}.md`, 'paths are relative to the root');
    });

    it('finds the backlog from a subfolder, and honours --root', async () => {
      const { root, ids } = await sample();
      const deep = join(root, 'src', 'feature');
      mkdirSync(deep, { recursive: true });
      assert.equal((await listIds(deep)).length, 4);
      assert.deepEqual(await listIds(tempDir(), '--root', root, '--type', 'debt'), [ids.cache]);
    });
  });

  describe('show', () => {
    it('prints one item with its body, in text and JSON', async () => {
      const root = await initialized();
      const id = await add(root, 'Refund flow', '--type', 'bug', '--priority', 'should', '--points', '3', '--label', 'billing', '--assignee', 'bob', '--sprint', 'S2');
      const text = await ok(root, 'show', id.toLowerCase());
      assert.match(text, new RegExp(`^${id}  Refund flow\nbug · Backlog · should · 3 pts\nlabels: billing\nassignee: bob\nsprint: S2\nfile: .backlog/items/${id}.md\n`));
      assert.match(text, /## Acceptance criteria/);
      const item = await json<ListedItem & { body: string }>(root, 'show', id);
      assert.equal(item.title, 'Refund flow');
      assert.equal(item.body, itemText(root, id).split('---\n').slice(2).join('---\n'));
    });

    it('says which item is missing', async () => {
      const root = await initialized();
      const r = await cli(root, 'show', 'BL-ZZZZZ');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /No item BL-ZZZZZ/);
      assert.match((await cli(root, 'show')).stderr, /Which item\?/);
    });
  });

  describe('set', () => {
    it('changes fields, touching only their lines and the updated stamp', async () => {
      const root = await initialized();
      const id = await add(root, 'Tune queries', '--assignee', 'chen', '--label', 'perf');
      const file = join(itemsDir(root), `${id}.md`);
      // A hand-written comment and an unknown key must survive; an old stamp shows `updated` moves.
      writeFileSync(
        file,
        itemText(root, id).replace('type: feature\n', 'type: feature # agreed in planning\ncustomer: "ACME"\n').replace(/^updated: .*$/m, 'updated: 2020-01-01T00:00:00Z'),
      );
      const before = itemText(root, id).split('\n');
      assert.match(await ok(root, 'set', id, 'status=In Progress', 'points=8', 'labels=perf,db'), new RegExp(`^${id} updated\n$`));
      const after = itemText(root, id).split('\n');
      assert.equal(after.length, before.length + 1, 'points is one new line');
      const changed = after.filter((l) => !before.includes(l)).map((l) => l.replace(/\d{4}-\d\d-\d\dT[\d:]+Z/, 'T'));
      assert.deepEqual(changed.sort(), ['labels: [perf, db]', 'points: 8', 'status: In Progress', 'updated: T'].sort());
      assert.ok(after.includes('type: feature # agreed in planning'));
      assert.ok(after.includes('customer: "ACME"'));
    });

    it('removes a key given an empty value', async () => {
      const root = await initialized();
      const id = await add(root, 'Unassign me', '--assignee', 'chen', '--sprint', 'S1');
      await ok(root, 'set', id, 'assignee=', 'sprint=');
      const text = itemText(root, id);
      assert.doesNotMatch(text, /^assignee:/m);
      assert.doesNotMatch(text, /^sprint:/m);
      const [item] = await json<ListedItem[]>(root, 'list');
      assert.equal(item.assignee, null);
      assert.equal(item.sprint, null);
    });

    it('rejects malformed assignments and managed keys without writing', async () => {
      const root = await initialized();
      const id = await add(root, 'Stable');
      const before = itemText(root, id);
      for (const args of [[], ['status'], ['=x'], ['status=Nope'], ['points=-2'], [`id=BL-22222`]]) {
        const r = await cli(root, 'set', id, ...args);
        assert.equal(r.code, 2, `set ${args.join(' ')} should fail`);
        assert.notEqual(r.stderr, '');
      }
      assert.equal(itemText(root, id), before);
    });
  });

  describe('move', () => {
    async function four(): Promise<{ root: string; a: string; b: string; c: string; d: string }> {
      const root = await initialized();
      return { root, a: await add(root, 'A'), b: await add(root, 'B'), c: await add(root, 'C'), d: await add(root, 'D') };
    }

    it('moves to the top, the bottom, before and after another item', async () => {
      const { root, a, b, c, d } = await four();
      await ok(root, 'move', c, '--top');
      assert.deepEqual(await listIds(root), [c, a, b, d]);
      await ok(root, 'move', c, '--bottom');
      assert.deepEqual(await listIds(root), [a, b, d, c]);
      await ok(root, 'move', d, '--before', a);
      assert.deepEqual(await listIds(root), [d, a, b, c]);
      await ok(root, 'move', d, '--after', b);
      assert.deepEqual(await listIds(root), [a, b, d, c]);
    });

    it('writes only the moving item, and can change its status in the same write', async () => {
      const { root, a, b, d } = await four();
      const before = filesIn(itemsDir(root));
      assert.match(await ok(root, 'move', d, '--after', a, '--status', 'Review'), new RegExp(`^${d} moved to Review\n$`));
      const after = filesIn(itemsDir(root));
      assert.deepEqual(Object.keys(after).filter((f) => after[f] !== before[f]), [`${d}.md`]);
      assert.deepEqual((await listIds(root)).slice(0, 3), [a, d, b]);
      assert.deepEqual(await listIds(root, '--status', 'Review'), [d]);
    });

    it('changes only the status (keeping the place) when no position is given', async () => {
      const { root, a, b, c, d } = await four();
      await ok(root, 'move', b, '--status', 'Done');
      assert.deepEqual(await listIds(root), [a, b, c, d]);
      assert.deepEqual(await listIds(root, '--status', 'Done'), [b]);
    });

    it('refuses ambiguous or impossible moves', async () => {
      const { root, a, b } = await four();
      const cases: [string[], RegExp][] = [
        [[a, '--top', '--bottom'], /only one of/],
        [[a], /Where to\?/],
        [[a, '--before', 'BL-ZZZZZ'], /No item BL-ZZZZZ/],
        [[a, '--before', a], /relative to itself/],
        [[a, '--after', b, '--status', 'Nope'], /Unknown status/],
      ];
      for (const [args, message] of cases) {
        const r = await cli(root, 'move', ...args);
        assert.equal(r.code, 2, `move ${args.join(' ')}`);
        assert.match(r.stderr, message);
      }
    });
  });

  describe('check', () => {
    it('exits 0 on a clean backlog and summarises it', async () => {
      const root = await initialized();
      await add(root, 'Fine');
      const r = await cli(root, 'check');
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^1 items?, 0 errors, 0 warnings\n$/);
    });

    it('exits 1 and reports a malformed file as file:line:col, still loading the rest', async () => {
      const root = await initialized();
      const good = await add(root, 'Fine');
      // Line 4 opens a quote that never closes.
      writeFileSync(join(itemsDir(root), 'BL-BROKN.md'), '---\nid: BL-BROKN\ntype: bug\ntitle: "never closed\nstatus: Ready\n---\nbody\n');
      const r = await cli(root, 'check');
      assert.equal(r.code, 1);
      const lines = r.stdout.trimEnd().split('\n');
      assert.match(lines[0], /^\.backlog\/items\/BL-BROKN\.md:\d+:\d+ error Invalid YAML in front matter: .* \[yaml\]$/);
      const [, line] = /:(\d+):/.exec(lines[0])!;
      assert.ok(Number(line) >= 4 && Number(line) <= 5, `the error points into the broken value, got line ${line}`);
      assert.match(lines[lines.length - 1], /^1 items?, 1 error, 0 warnings$/);
      assert.deepEqual(await listIds(root), [good], 'the rest still loads');
    });

    it('reports warnings without failing, and lists problems as JSON', async () => {
      const root = await initialized();
      const id = await add(root, 'Odd status');
      writeFileSync(join(itemsDir(root), `${id}.md`), itemText(root, id).replace('status: Backlog', 'status: Parked'));
      const r = await cli(root, 'check');
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`^\\.backlog/items/${id}\\.md:5:1 warning Status "Parked" is not in config\\.yaml .*\\[unknown-status\\]$`, 'm'));
      const report = await json<{ problems: { file: string; line: number; code: string; severity: string }[] }>(root, 'check');
      assert.deepEqual(report.problems.map((p) => [p.file, p.line, p.code, p.severity]), [[`.backlog/items/${id}.md`, 5, 'unknown-status', 'warning']]);
    });

    it('finds duplicate ids and --fix gives one a fresh id without losing either item', async () => {
      const root = await initialized();
      const id = await add(root, 'Original');
      const copy = join(itemsDir(root), 'pasted.md');
      writeFileSync(copy, itemText(root, id).replace('title: Original', 'title: Pasted'));
      const found = await cli(root, 'check');
      assert.equal(found.code, 1);
      assert.match(found.stdout, new RegExp(`^\\.backlog/items/pasted\\.md:2:1 error Id ${id} is also used by ${id}\\.md`, 'm'));
      const fixed = await cli(root, 'check', '--fix');
      assert.equal(fixed.code, 0, fixed.stdout);
      const [, newId] = new RegExp(`^repaired: \\.backlog/items/pasted\\.md had duplicate id ${id}; it is now (BL-\\w{5}) `, 'm').exec(fixed.stdout) ?? [];
      assert.ok(newId, fixed.stdout);
      assert.ok(!existsSync(copy));
      const items = await json<ListedItem[]>(root, 'list');
      assert.deepEqual(items.map((i) => [i.id, i.title]).sort(), [[id, 'Original'], [newId, 'Pasted']].sort());
      assert.equal((await cli(root, 'check')).code, 0);
    });
  });

  describe('usage errors', () => {
    it('an unknown command exits 2 with the usage', async () => {
      const r = await cli(tempDir(), 'frobnicate');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /unknown command "frobnicate"/);
      assert.match(r.stderr, /Usage: repo-backlog <command>/);
      for (const c of ['init', 'add', 'list', 'show', 'set', 'move', 'check']) assert.match(r.stderr, new RegExp(`^  ${c}\\b`, 'm'));
    });

    it('an unknown option exits 2 with the command usage', async () => {
      const root = await initialized();
      const r = await cli(root, 'list', '--colour', 'red');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--colour/);
      assert.match(r.stderr, /Usage: repo-backlog list /);
    });

    it('no command prints help and exits 2; --help exits 0', async () => {
      const none = await cli(tempDir());
      assert.equal(none.code, 2);
      assert.match(none.stdout, /Usage: repo-backlog/);
      assert.equal((await cli(tempDir(), '--help')).code, 0);
    });

    it('without a backlog, says how to create one', async () => {
      const empty = tempDir();
      const r = await cli(empty, 'list');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /no \.backlog\/ folder here or in any parent .*run "repo-backlog init" or pass --root/);
      const rooted = await cli(tempDir(), 'add', 'X', '--root', empty);
      assert.equal(rooted.code, 2);
      assert.match(rooted.stderr, /No backlog in .*run "repo-backlog init"/);
      assert.deepEqual(readdirSync(empty), [], 'nothing was created');
    });
  });

  it('leaves a Backlog.md project untouched and says so', async () => {
    const root = tempDir();
    const dir = join(root, '.backlog');
    mkdirSync(join(dir, 'tasks'), { recursive: true });
    writeFileSync(join(dir, 'config.yml'), 'project_name: "demo"\nstatuses: ["To Do", "Done"]\n');
    writeFileSync(join(dir, 'tasks', 'task-1 - Hello.md'), '---\nid: TASK-1\ntitle: Hello\nstatus: To Do\n---\n');
    const snapshotTree = () => ({ top: readdirSync(dir).sort(), config: readFileSync(join(dir, 'config.yml'), 'utf8'), tasks: filesIn(join(dir, 'tasks')) });
    const before = snapshotTree();
    for (const argv of [['init'], ['add', 'New'], ['list'], ['check', '--fix'], ['set', 'TASK-1', 'status=Done'], ['move', 'TASK-1', '--top']]) {
      const r = await cli(root, ...argv);
      assert.equal(r.code, 2, `${argv.join(' ')} must refuse`);
      assert.match(r.stderr, /Backlog\.md project/, `${argv.join(' ')}: ${r.stderr}`);
    }
    assert.deepEqual(snapshotTree(), before);
  });
});
