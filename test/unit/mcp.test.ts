// End to end: `dist/cli.js mcp` as a child process, driven by the SDK's own client over stdio,
// with the files on disk checked after every call.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ListRootsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { Backlog } from '../../src/core/backlog';
import { nodeFiles } from '../../src/node/nodeFiles';

const CLI = resolve('dist/cli.js');

async function newBacklog(prefix = 'BL'): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'backlog-mcp-'));
  await new Backlog(root, nodeFiles).init(prefix);
  return root;
}

function itemFiles(root: string): string[] {
  return readdirSync(join(root, '.backlog', 'items')).filter((f) => f.endsWith('.md')).sort();
}

function itemText(root: string, id: string): string {
  return readFileSync(join(root, '.backlog', 'items', `${id}.md`), 'utf8');
}

/** Starts the server; `roots` (when given) are what the client reports as its workspace roots. */
async function connect(options: { cwd: string; args?: string[]; roots?: () => string[] }): Promise<Client> {
  const client = new Client({ name: 'mcp-test', version: '1.0.0' }, { capabilities: options.roots ? { roots: { listChanged: true } } : {} });
  if (options.roots) {
    const roots = options.roots;
    client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: roots().map((p) => ({ uri: pathToFileURL(p).href, name: p })) }));
  }
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', ...(options.args ?? [])], cwd: options.cwd, stderr: 'pipe' });
  await client.connect(transport);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<Record<string, any>> {
  const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
  assert.ok(!r.isError, `${name} failed: ${JSON.stringify(r.content)}`);
  assert.deepEqual(JSON.parse((r.content[0] as { text: string }).text), r.structuredContent, 'the text is the structured content as JSON');
  return r.structuredContent as Record<string, any>;
}

async function callError(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
  assert.equal(r.isError, true, `${name} should fail: ${JSON.stringify(r.content)}`);
  return (r.content[0] as { text: string }).text;
}

describe('MCP server (dist/cli.js mcp over stdio)', function () {
  this.timeout(60_000);
  let root: string;
  let client: Client;

  before(async () => {
    root = await newBacklog();
    client = await connect({ cwd: root });
  });
  after(async () => {
    await client?.close();
  });

  it('lists the tools, read-only ones annotated as such', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name).sort();
    assert.deepEqual(names, [
      'backlog_capture_todos', 'backlog_create', 'backlog_groom', 'backlog_import_tests', 'backlog_move', 'backlog_next', 'backlog_plan_sprint', 'backlog_search', 'backlog_show', 'backlog_update',
    ]);
    const readOnly = tools.filter((t) => t.annotations?.readOnlyHint === true).map((t) => t.name).sort();
    assert.deepEqual(readOnly, ['backlog_groom', 'backlog_next', 'backlog_search', 'backlog_show']);
    const create = tools.find((t) => t.name === 'backlog_create')!;
    assert.deepEqual(create.inputSchema.required, ['title']);
    assert.equal((create.inputSchema as { additionalProperties?: unknown }).additionalProperties, false);
  });

  it('creates, searches, updates, moves and picks the next item, with the files on disk after each call', async () => {
    const a = await call(client, 'backlog_create', { title: 'Login page rejects long passwords', type: 'bug', points: 3, description: 'Passwords over 64 characters fail.', acceptanceCriteria: ['Accept 128 characters', 'Show a clear error above that'] });
    const id = a.created.id as string;
    assert.match(id, /^BL-[0-9A-Z]{5}$/);
    assert.deepEqual(itemFiles(root), [`${id}.md`]);
    const text = itemText(root, id);
    assert.match(text, /^type: bug$/m);
    assert.match(text, /Passwords over 64 characters fail\./);
    assert.match(text, /^- \[ \] Accept 128 characters$/m);
    assert.doesNotMatch(text, /^- \[ \] *$/m, 'the empty placeholder criterion is replaced');

    const b = await call(client, 'backlog_create', { title: 'Export to CSV', position: 'top' });
    const other = b.created.id as string;
    assert.equal(itemFiles(root).length, 2);

    const found = await call(client, 'backlog_search', { query: 'type:bug password' });
    assert.equal(found.total, 1);
    assert.deepEqual(found.items.map((i: { id: string }) => i.id), [id]);
    assert.equal(found.items[0].body, undefined, 'search results carry no bodies');
    const all = await call(client, 'backlog_search', { query: '' });
    assert.deepEqual(all.items.map((i: { id: string }) => i.id), [other, id], 'no free words: backlog order');

    const updated = await call(client, 'backlog_update', { id: id.toLowerCase(), priority: 'must', check: [1], note: 'Raised the limit in auth/validate.ts.', assignee: 'agent-1' });
    assert.deepEqual(updated.changed, ['priority', 'assignee', '1 checked', 'note added']);
    const afterUpdate = itemText(root, id);
    assert.match(afterUpdate, /^priority: must$/m);
    assert.match(afterUpdate, /^assignee: agent-1$/m);
    assert.match(afterUpdate, /^- \[x\] Accept 128 characters$/m);
    assert.match(afterUpdate, /^- \[ \] Show a clear error above that$/m);
    assert.match(afterUpdate, /## Notes\n\nRaised the limit in auth\/validate\.ts\.\n$/);

    const shown = await call(client, 'backlog_show', { id });
    assert.deepEqual(shown.item.acceptanceCriteria, [
      { n: 1, text: 'Accept 128 characters', done: true },
      { n: 2, text: 'Show a clear error above that', done: false },
    ]);
    assert.match(shown.item.body, /## Notes/);

    const moved = await call(client, 'backlog_move', { id, position: 'top', status: 'Ready' });
    assert.equal(moved.position, 1);
    assert.match(itemText(root, id), /^status: Ready$/m);
    const order = await new Backlog(root, nodeFiles, { cache: false }).load();
    assert.deepEqual(order.items.map((i) => i.id), [id, other], 'the new order is on disk');

    const next = await call(client, 'backlog_next', { assignee: 'agent-1' });
    assert.deepEqual(next.items.map((i: { id: string }) => i.id), [id], 'estimated, described, with criteria, in a to-do status');
    const none = await call(client, 'backlog_next', { assignee: 'someone-else' });
    assert.deepEqual(none.items, []);
    assert.match(none.hint, new RegExp(`${other} \\(no estimate`));
  });

  it('sees changes other programs made on disk since the last call (the CLI, an editor, git)', async () => {
    const before = await call(client, 'backlog_search', { query: '' });
    const other = new Backlog(root, nodeFiles);
    await other.load();
    const byCli = await other.create({ title: 'Written by another process' });
    // An editor saving in place (no rename), changing a title.
    const edited = before.items[0].id as string;
    const file = join(root, '.backlog', 'items', `${edited}.md`);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Renamed in an editor'));
    const after = await call(client, 'backlog_search', { query: '' });
    assert.equal(after.total, before.total + 1);
    assert.ok(after.items.some((i: { id: string }) => i.id === byCli.id), 'the item the other process created');
    assert.equal(after.items.find((i: { id: string }) => i.id === edited).title, 'Renamed in an editor');
    rmSync(join(root, '.backlog', 'items', `${byCli.id}.md`));
    const removed = await call(client, 'backlog_search', { query: '' });
    assert.equal(removed.total, before.total, 'a deleted file is gone too');
  });

  it('imports a test report into bug items', async () => {
    mkdirSync(join(root, 'reports'), { recursive: true });
    writeFileSync(
      join(root, 'reports', 'junit.xml'),
      `<?xml version="1.0"?><testsuites><testsuite name="cart" tests="2" failures="1"><testcase classname="cart" name="adds an item"/><testcase classname="cart" name="totals the prices"><failure message="expected 30 got 29">AssertionError: expected 30 got 29</failure></testcase></testsuite></testsuites>`,
    );
    const before = itemFiles(root).length;
    const r = await call(client, 'backlog_import_tests', { report: 'reports/junit.xml' });
    assert.equal(r.created.length, 1);
    assert.equal(itemFiles(root).length, before + 1);
    assert.match(itemText(root, r.created[0].id), /totals the prices/);
    const again = await call(client, 'backlog_import_tests', { report: 'reports/junit.xml' });
    assert.equal(again.created.length, 0, 'a known failure is updated, not filed twice');
    assert.equal(itemFiles(root).length, before + 1);
  });

  it('answers bad input with error results and writes nothing', async () => {
    const files = itemFiles(root);
    const texts = files.map((f) => readFileSync(join(root, '.backlog', 'items', f), 'utf8'));
    const id = files.find((_f, i) => texts[i].includes('- [x]'))!.replace(/\.md$/, '');
    assert.match(await callError(client, 'backlog_show', { id: '../../etc/passwd' }), /item id/);
    assert.match(await callError(client, 'backlog_show', { id: 'BL-NOPE1' }), /No item BL-NOPE1/);
    assert.match(await callError(client, 'backlog_create', { title: 'x', colour: 'red' }), /colour|Unrecognized/i);
    assert.match(await callError(client, 'backlog_create', { title: 'x'.repeat(10_000) }), /title/);
    assert.match(await callError(client, 'backlog_create', { title: 'Fine', status: 'Nonsense' }), /Unknown status "Nonsense"/);
    assert.match(await callError(client, 'backlog_update', { id, check: [99] }), /No acceptance criterion #99/);
    assert.match(await callError(client, 'backlog_update', { id, status: 'Done', check: [99] }), /No acceptance criterion/, 'a failing body edit also keeps the field change out');
    assert.match(await callError(client, 'backlog_update', { id }), /Nothing to change/);
    assert.match(await callError(client, 'backlog_move', { id, position: 'top', before: id }), /only one of/);
    assert.match(await callError(client, 'backlog_import_tests', { report: '../../../etc/passwd' }), /outside the workspace/);
    assert.match(await callError(client, 'backlog_import_tests', { report: '/etc/hostname' }), /outside the workspace/);
    assert.match(await callError(client, 'backlog_capture_todos', { path: '..' }), /outside the workspace/);
    assert.match(await callError(client, 'backlog_search', { query: 'x', root: '/' }), /outside the workspace/);
    assert.deepEqual(itemFiles(root), files, 'no file added or removed');
    assert.deepEqual(files.map((f) => readFileSync(join(root, '.backlog', 'items', f), 'utf8')), texts, 'no file changed');
    // Still serving after all that.
    assert.ok((await call(client, 'backlog_search', { query: '' })).total >= 2);
  });

  it('sets parent and blockedBy with the CLI\'s checks, and returns them with blocked and the roll-up', async () => {
    const epic = (await call(client, 'backlog_create', { title: 'Checkout epic', type: 'epic' })).created.id as string;
    const first = (await call(client, 'backlog_create', { title: 'Card form', parent: epic, points: 2 })).created;
    assert.equal(first.parent, epic);
    const second = (await call(client, 'backlog_create', { title: 'Receipt', parent: epic.toLowerCase(), blockedBy: [first.id] })).created;
    assert.deepEqual([second.parent, second.blockedBy, second.blocked], [epic, [first.id], true]);
    assert.match(itemText(root, second.id), new RegExp(`^parent: ${epic}\nblockedBy: \\[${first.id}\\]$`, 'm'));
    const shown = (await call(client, 'backlog_show', { id: epic, body: false })).item;
    assert.deepEqual(shown.children.map((c: { id: string }) => c.id), [first.id, second.id]);
    assert.deepEqual(shown.rollup, { done: 0, total: 2, pointsDone: 0, pointsTotal: 2 });
    assert.deepEqual((await call(client, 'backlog_show', { id: second.id, body: false })).item.waitingFor, [{ id: first.id, status: 'Backlog' }]);
    const before = itemText(root, first.id);
    assert.match(await callError(client, 'backlog_update', { id: first.id, blockedBy: [second.id] }), /dependency cycle/);
    assert.match(await callError(client, 'backlog_update', { id: epic, parent: first.id }), /parent cycle/);
    assert.match(await callError(client, 'backlog_update', { id: first.id, parent: 'BL-NOSUCH' }), /No item BL-NOSUCH/);
    assert.equal(itemText(root, first.id), before, 'nothing written');
    const cleared = (await call(client, 'backlog_update', { id: second.id, blockedBy: null })).updated;
    assert.equal(cleared.blockedBy, undefined);
  });

  it('strips control characters from text it writes', async () => {
    const r = await call(client, 'backlog_create', { title: 'Evil\u001b[31m title', description: 'line\u0000one\u202Eend' });
    const text = itemText(root, r.created.id);
    assert.doesNotMatch(text, /[\u0000\u001b\u202E]/);
    assert.match(text, /^title: "?Evil\[31m title"?$/m);
  });

  it('serves items, the config and the workflow guide as resources and a prompt', async () => {
    writeFileSync(join(root, '.backlog', 'AGENTS.md'), 'Always link the pull request in a note.\n');
    const { resources } = await client.listResources();
    assert.ok(resources.some((r) => r.uri === 'backlog://config'));
    const item = resources.find((r) => r.uri.startsWith('backlog://item/'))!;
    const read = await client.readResource({ uri: item.uri });
    assert.equal((read.contents[0] as { text: string }).text, itemText(root, item.uri.slice('backlog://item/'.length)));
    const config = await client.readResource({ uri: 'backlog://config' });
    assert.match((config.contents[0] as { text: string }).text, /idPrefix: BL/);
    const prompt = await client.getPrompt({ name: 'backlog_workflow' });
    const guide = (prompt.messages[0].content as { text: string }).text;
    assert.match(guide, /backlog_next/);
    assert.match(guide, /Always link the pull request in a note\./, 'the team guide is included');
  });
});

describe('MCP server roots', function () {
  this.timeout(60_000);

  it('follows the client\'s roots per request: writes land in the worktree the agent is in now', async () => {
    const first = await newBacklog('ONE');
    const second = await newBacklog('TWO');
    let current = [first];
    const client = await connect({ cwd: tmpdir(), roots: () => current });
    try {
      const a = await call(client, 'backlog_create', { title: 'In the first checkout' });
      assert.match(a.created.id, /^ONE-/);
      current = [second];
      await client.sendRootsListChanged();
      const b = await call(client, 'backlog_create', { title: 'In the second checkout' });
      assert.match(b.created.id, /^TWO-/);
      assert.equal(itemFiles(first).length, 1);
      assert.equal(itemFiles(second).length, 1);

      current = [first, second];
      assert.match(await callError(client, 'backlog_search', { query: '' }), /2 backlogs; pass root/);
      const inSecond = await call(client, 'backlog_search', { query: '', root: second });
      assert.equal(inSecond.items[0].id, b.created.id);
    } finally {
      await client.close();
    }
  });

  it('serves --root when given', async () => {
    const root = await newBacklog('FIX');
    const client = await connect({ cwd: tmpdir(), args: ['--root', root] });
    try {
      const a = await call(client, 'backlog_create', { title: 'Fixed root' });
      assert.match(a.created.id, /^FIX-/);
      assert.equal(itemFiles(root).length, 1);
    } finally {
      await client.close();
    }
  });
});
