import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RepoBacklogApi } from '../../src/extension';
import { itemTooltip, itemTreeItem } from '../../src/tree/itemTreeItems';
import { activeExtension } from './harness/extension';
import { sleep, waitFor, withTimeout } from './harness/wait';
import { backlogPath, workspaceRoot } from './harness/workspace';

async function api(): Promise<RepoBacklogApi> {
  return (await activeExtension<RepoBacklogApi>()).exports;
}

function folder(a: RepoBacklogApi) {
  const f = a.folders.withBacklog()[0];
  assert.ok(f, 'the fixture folder has a backlog');
  return f;
}

function itemFiles(): Record<string, string> {
  const dir = backlogPath('items');
  return Object.fromEntries(readdirSync(dir).filter((n) => n.endsWith('.md')).map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
}

/** Hover Markdown unescaped back to the text a reader sees (icons escaped as `\$(`). */
function shownText(markdown: string): string {
  return markdown.replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-!~>$.|<:&])/g, '$1').replace(/\\\$\(/g, '$(');
}

describe('the store and item commands in a real editor', () => {
  it('loads the fixture backlog and follows files written by someone else (the watcher)', async () => {
    const a = await api();
    const f = folder(a);
    assert.ok(f.backlog.snapshot.items.length >= 4, 'fixture items are loaded');
    const id = 'FX-W4TCH';
    const file = backlogPath('items', `${id}.md`);
    writeFileSync(file, `---\nid: ${id}\ntitle: Written by hand\ntype: chore\nstatus: Ready\n---\n`);
    try {
      await waitFor(() => f.backlog.snapshot.byId.get(id), 10_000, 'the watcher to load a new item file');
      writeFileSync(file, `---\nid: ${id}\ntitle: Renamed by hand\ntype: chore\nstatus: Ready\n---\n`);
      await waitFor(() => f.backlog.snapshot.byId.get(id)?.title === 'Renamed by hand', 10_000, 'the watcher to reload a changed item file');
    } finally {
      rmSync(file, { force: true });
    }
    await waitFor(() => !f.backlog.snapshot.byId.has(id), 10_000, 'the watcher to drop a deleted item file');
  });

  it('Move to Top rewrites exactly one file: the moved item’s rank', async () => {
    const a = await api();
    const f = folder(a);
    const last = f.backlog.snapshot.items[f.backlog.snapshot.items.length - 1];
    const before = itemFiles();
    await vscode.commands.executeCommand('repoBacklog.moveToTop', { root: f.backlog.root, id: last.id });
    await waitFor(() => f.backlog.snapshot.items[0].id === last.id, 10_000, 'the item to be first');
    const after = itemFiles();
    const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
    assert.deepEqual(changed, [`${last.id}.md`]);
    const diff = after[`${last.id}.md`].split('\n').filter((l, i) => l !== before[`${last.id}.md`].split('\n')[i]);
    assert.ok(diff.every((l) => /^(rank|updated): /.test(l)), `only rank and updated change, got: ${diff.join(' | ')}`);
  });

  it('Move Down passes the next item in the same group only', async () => {
    const a = await api();
    const f = folder(a);
    const created = [];
    for (const title of ['grp one', 'grp two', 'grp three']) created.push(await f.backlog.create({ title, status: 'Ready' }));
    try {
      await vscode.commands.executeCommand('repoBacklog.moveDown', { root: f.backlog.root, id: created[0].id });
      const ready = () => f.backlog.snapshot.items.filter((i) => i.title.startsWith('grp ')).map((i) => i.title);
      await waitFor(() => ready()[0] === 'grp two', 10_000, 'the move');
      assert.deepEqual(ready(), ['grp two', 'grp one', 'grp three']);
    } finally {
      for (const c of created) await f.backlog.delete(c.id);
    }
  });

  it('refuses to write an item that has unsaved edits in an editor, and writes nothing', async () => {
    const a = await api();
    const f = folder(a);
    const item = await f.backlog.create({ title: 'Dirty in the editor', status: 'Ready' });
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(item.file));
      const editor = await vscode.window.showTextDocument(doc);
      await editor.edit((e) => e.insert(new vscode.Position(doc.lineCount, 0), '\nunsaved words\n'));
      assert.ok(doc.isDirty);
      const before = readFileSync(item.file, 'utf8');
      await vscode.commands.executeCommand('repoBacklog.moveToTop', { root: f.backlog.root, id: item.id });
      assert.equal(readFileSync(item.file, 'utf8'), before, 'the file on disk is untouched');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      await f.backlog.delete(item.id);
    }
  });

  it('reports a malformed item file in the Problems panel at its line, and never rewrites it', async () => {
    const a = await api();
    const f = folder(a);
    const file = backlogPath('items', 'FX-BROKN.md');
    const text = '---\nid: FX-BROKN\ntitle: ok\nstatus: [unclosed\n---\nbody\n';
    writeFileSync(file, text);
    try {
      const uri = vscode.Uri.file(file);
      const diagnostics = await waitFor(() => {
        const d = vscode.languages.getDiagnostics(uri);
        return d.length > 0 ? d : undefined;
      }, 10_000, 'a diagnostic for the malformed file');
      assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
      assert.equal(diagnostics[0].source, 'backlog');
      assert.ok(diagnostics[0].range.start.line >= 3, `points into the front matter, got line ${diagnostics[0].range.start.line + 1}`);
      assert.ok(f.backlog.snapshot.items.length > 0, 'the rest of the backlog still loads');
      assert.equal(readFileSync(file, 'utf8'), text);
    } finally {
      rmSync(file, { force: true });
    }
    await waitFor(() => vscode.languages.getDiagnostics(vscode.Uri.file(file)).length === 0, 10_000, 'the diagnostic to go away');
  });

  it('sets a status through the quick pick, as a user would', async () => {
    const a = await api();
    const f = folder(a);
    const item = await f.backlog.create({ title: 'Pick my status', status: 'Backlog' });
    try {
      const done = vscode.commands.executeCommand('repoBacklog.setStatus', { root: f.backlog.root, id: item.id });
      // The list is the configured statuses in order: Backlog, Ready, … — pick the second one.
      await new Promise((r) => setTimeout(r, 500));
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await done;
      await waitFor(() => f.backlog.snapshot.byId.get(item.id)?.status === 'Ready', 10_000, 'the status to change');
      assert.match(readFileSync(item.file, 'utf8'), /^status: Ready$/m);
    } finally {
      await f.backlog.delete(item.id);
    }
  });

  it('shows a tracked failing test on the item row: test icon and colour, count, and a hover with the facts', async () => {
    const a = await api();
    const f = folder(a);
    const id = 'FX-TEST4';
    const file = backlogPath('items', `${id}.md`);
    writeFileSync(
      file,
      `---\nid: ${id}\ntitle: "Failing test: adds tax"\ntype: bug\nstatus: Ready\ntest:\n  id: t4\n  name: adds tax\n  state: failing\n  failures: 3\n` +
        `  firstSeen: 2026-11-20T08:00:00Z\n  lastSeen: 2026-11-24T09:12:04Z\n  message: "**bold** [link](command:workbench.action.terminal.new) $(zap)"\n  report: reports/junit.xml\n---\n`,
    );
    try {
      const item = await waitFor(() => f.backlog.snapshot.byId.get(id), 10_000, 'the failing-test item to load');
      const row = itemTreeItem(item, f.backlog.root, f.backlog.snapshot.config, id, []);
      assert.ok(row.iconPath instanceof vscode.ThemeIcon);
      assert.equal(row.iconPath.id, 'error');
      assert.equal(row.iconPath.color?.id, 'testing.iconFailed');
      assert.equal(row.description, `${id} · failing ×3`);
      assert.match(row.accessibilityInformation?.label ?? '', /test failing, failed in 3 runs/);

      const tip = itemTooltip(item, f.backlog.snapshot).value;
      assert.match(tip, /\$\(error\) \*\*Test failing\*\*/);
      // The report's text is escaped: no bold, no command link, no icon from it.
      assert.ok(!tip.includes('**bold**') && !tip.includes('](command:') && !tip.includes('$(zap)'), tip);
      const text = shownText(tip);
      assert.match(text, /^\*\*Failing test: adds tax\*\*/);
      assert.match(text, /Failing since: 2026-11-20 08:00 UTC/);
      assert.match(text, /Last failed: 2026-11-24 09:12 UTC/);
      assert.match(text, /Message: \*\*bold\*\* \[link\]\(command:workbench\.action\.terminal\.new\) \$\(zap\)/);

      writeFileSync(file, readFileSync(file, 'utf8').replace('state: failing', 'state: passing\n  passedAt: 2026-11-25T10:00:00Z'));
      const passing = await waitFor(() => (f.backlog.snapshot.byId.get(id)?.extra.test as { state?: string } | undefined)?.state === 'passing' && f.backlog.snapshot.byId.get(id), 10_000, 'the item to reload');
      const again = itemTreeItem(passing, f.backlog.root, f.backlog.snapshot.config, id, []);
      assert.equal((again.iconPath as vscode.ThemeIcon).id, 'pass');
      assert.equal((again.iconPath as vscode.ThemeIcon).color?.id, 'testing.iconPassed');
      assert.equal(again.description, `${id} · passing again`);
      assert.match(shownText(itemTooltip(passing, f.backlog.snapshot).value), /Passing again since: 2026-11-25 10:00 UTC/);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('uses the workspace folder as the backlog root', async () => {
    const a = await api();
    assert.equal(folder(a).backlog.root, workspaceRoot());
  });
});

describe('Go to Item reveals an item the Items view hides', () => {
  it('offers to clear the filter and show done items (a notification with a button), then selects the item', async () => {
    const a = await api();
    const f = folder(a);
    const item = await f.backlog.create({ title: 'Kept out of the tree', status: 'Done' });
    try {
      // The Items view is open in the sidebar, as for someone who uses the tree.
      await vscode.commands.executeCommand('repoBacklog.items.focus');
      // The filter and hidden done items both keep it out: clearing one alone would not bring it back.
      await vscode.commands.executeCommand('repoBacklog.filter', 'title:"no such title"');
      await vscode.commands.executeCommand('repoBacklog.hideDoneItems');
      // The button is the notification's primary action: no other notification may be first in line.
      await vscode.commands.executeCommand('notifications.clearAll');
      let settled = false;
      const going = Promise.resolve(vscode.commands.executeCommand('repoBacklog.goToItem', item.id)).finally(() => (settled = true));
      // Enter on the item's row (the query is its id), then the notification's button, until Go to Item is done.
      while (!settled) {
        await sleep(300);
        if (settled) break;
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        await vscode.commands.executeCommand('notification.acceptPrimaryAction');
      }
      await withTimeout(going, 10_000, 'Go to Item');

      // The tree's selection is the item: Copy Id with no argument copies what is selected.
      await vscode.env.clipboard.writeText('nothing selected');
      const copying = vscode.commands.executeCommand('repoBacklog.copyId');
      try {
        await withTimeout(Promise.resolve(copying), 5_000, 'Copy Id to use the selection (it asks for an item when nothing is selected)');
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      }
      assert.equal(await vscode.env.clipboard.readText(), item.id);
    } finally {
      await vscode.commands.executeCommand('repoBacklog.clearFilter');
      await vscode.commands.executeCommand('repoBacklog.showDoneItems');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await f.backlog.delete(item.id);
    }
  });
});
