import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Backlog, BacklogError } from '../../src/core/backlog';
import { writableWhen } from '../../src/core/readOnlyFiles';
import { nodeFiles } from '../../src/node/nodeFiles';

// The harness editor runs with workspace trust switched off (scripts/editor/codeServer.mjs), so
// an untrusted workspace cannot be opened there; the gate is tested here with a trust flag the
// test flips, exactly as `BacklogFolders` wires it to `vscode.workspace.isTrusted`.

const REFUSAL = 'not trusted: read-only';

function isReadOnly(e: unknown): boolean {
  return e instanceof BacklogError && e.code === 'read-only' && e.message === REFUSAL;
}

/** Every file and folder under `.backlog/` with its content, to tell that nothing was written. */
function backlogTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        out[`${rel}${e.name}/`] = '';
        walk(path, `${rel}${e.name}/`);
      } else out[`${rel}${e.name}`] = readFileSync(path, 'utf8');
    }
  };
  walk(join(root, '.backlog'), '');
  return out;
}

function itemFiles(root: string): string[] {
  return readdirSync(join(root, '.backlog', 'items')).filter((n) => n.endsWith('.md')).sort();
}

describe('untrusted workspaces: the store is read-only', () => {
  it('loads and shows the backlog, refuses every write without touching a file, and writes once trusted', async () => {
    const root = mkdtempSync(join(tmpdir(), 'backlog-trust-'));
    const setup = new Backlog(root, nodeFiles, { cache: false });
    await setup.init();
    const first = await setup.create({ title: 'Written while trusted' });
    const second = await setup.create({ title: 'Second' });
    const before = readFileSync(first.file, 'utf8');
    const tree = backlogTree(root);

    let trusted = false;
    const backlog = new Backlog(root, writableWhen(nodeFiles, () => trusted, REFUSAL));
    const snapshot = await backlog.load();
    assert.deepEqual(snapshot.items.map((i) => i.title), ['Written while trusted', 'Second']);

    await assert.rejects(backlog.create({ title: 'Not allowed' }), isReadOnly);
    await assert.rejects(backlog.update(first, { title: 'Renamed' }), isReadOnly);
    await assert.rejects(backlog.move(first, { to: 'bottom' }), isReadOnly);
    await assert.rejects(backlog.delete(first), isReadOnly);
    await assert.rejects(backlog.archive(first), isReadOnly);
    assert.deepEqual(itemFiles(root), [`${first.id}.md`, `${second.id}.md`].sort());
    assert.equal(readFileSync(first.file, 'utf8'), before);
    assert.deepEqual(backlogTree(root), tree, 'nothing in .backlog/ written: no item, parse cache, lock or write counter');

    trusted = true;
    const created = await backlog.create({ title: 'Allowed now' });
    assert.deepEqual(itemFiles(root), [`${first.id}.md`, `${second.id}.md`, `${created.id}.md`].sort());
  });
});

describe('untrusted workspaces: the manifest', () => {
  const manifest = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as {
    capabilities: { untrustedWorkspaces: { supported: unknown; restrictedConfigurations?: string[] } };
    contributes: { commands: { command: string; enablement?: string }[]; configuration: { properties: Record<string, unknown> } };
  };

  it('is limited, and restricts every setting that makes the extension write or run things', () => {
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    const restricted = new Set(trust.restrictedConfigurations);
    for (const key of ['repoBacklog.todos.markerFormat', 'repoBacklog.testReports.include', 'repoBacklog.testReports.autoImport', 'repoBacklog.testReports.closePassing', 'repoBacklog.git.mergeDriver']) {
      assert.ok(restricted.has(key), `${key} is not restricted`);
    }
    for (const key of restricted) assert.ok(key in manifest.contributes.configuration.properties, `${key} is not a setting`);
  });

  it('disables every command that writes until the workspace is trusted', () => {
    const writes = /\.(init|newItem|newChildItem|rename|set[A-Z]\w*|move\w+|delete|createSprint|createMilestone|planSprint|startSprint|closeSprint|rankByScore|archiveDone|createItem|captureAll|relink|resolveItem|dismiss|importTestReport|captureFailedTest)$/;
    const writing = manifest.contributes.commands.filter((c) => writes.test(c.command));
    assert.ok(writing.length >= 20, `only ${writing.length} writing commands found`);
    for (const c of writing) assert.equal(c.enablement, 'isWorkspaceTrusted', c.command);
    for (const c of manifest.contributes.commands.filter((x) => !writes.test(x.command))) assert.notEqual(c.enablement, 'isWorkspaceTrusted', `${c.command} only reads`);
  });
});
