import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RepoBacklogApi } from '../../src/extension';
import type { Item } from '../../src/core/item';
import { scanningOffEverywhere } from '../../src/todos/scanningSwitch';
import { activeExtension } from './harness/extension';
import { acceptingReview, waitFor } from './harness/wait';
import { backlogPath, workspaceRoot } from './harness/workspace';

const COMMENT = 'count only the items the current filter shows';

async function backlog() {
  const api = (await activeExtension<RepoBacklogApi>()).exports;
  const folder = api.folders.withBacklog()[0];
  assert.ok(folder, 'the fixture folder has a backlog');
  return folder.backlog;
}

/** The quick fix the extension offers on a line, once the TODO scan has seen the file. */
async function createItemAction(doc: vscode.TextDocument, line: number): Promise<vscode.CodeAction> {
  return waitFor(
    async () => {
      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(line, 0, line, 0), vscode.CodeActionKind.QuickFix.value);
      return actions?.find((a): a is vscode.CodeAction => 'kind' in a && a.title.startsWith('Create backlog item'));
    },
    60_000,
    `the "Create backlog item" quick fix on line ${line + 1} of ${doc.uri.fsPath}`,
    200,
  );
}

async function runAction(action: vscode.CodeAction): Promise<Item[]> {
  assert.ok(action.command, 'the quick fix runs a command');
  // One comment is captured after a review of its title, type and priority; Enter on "Create Item" accepts.
  return (await acceptingReview(vscode.commands.executeCommand<Item[]>(action.command.command, ...(action.command.arguments ?? [])))) ?? [];
}

function lineOf(doc: vscode.TextDocument, needle: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(needle)) return i;
  throw new Error(`"${needle}" is not in ${doc.uri.fsPath}`);
}

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
    .join('\n')
    // appendText escapes Markdown and keeps runs of spaces as &nbsp;: undo both to read the text.
    .replace(/&nbsp;/g, ' ')
    .replace(/\\(.)/g, '$1');
}

describe('TODO comments in a real editor', function () {
  // The first test waits for activation and the first scan; the machines these run on are slow.
  this.timeout(120_000);
  const boardFile = () => join(workspaceRoot(), 'src', 'board.ts');
  let original: string;
  let created: Item | undefined;
  const extraFiles: string[] = [];

  let autoSave: string | undefined;

  before(async () => {
    original = readFileSync(boardFile(), 'utf8');
    // The web workbench (code-server) saves after a delay by default; these tests check what the
    // extension itself saves, so the editor must not save on its own.
    const files = vscode.workspace.getConfiguration('files');
    autoSave = files.inspect<string>('autoSave')?.globalValue;
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const b = await backlog();
    for (const item of b.snapshot.items.filter((i) => i.links.some((l) => l.kind === 'todo'))) await b.delete(item.id);
    writeFileSync(boardFile(), original);
    for (const f of extraFiles) rmSync(f, { force: true });
  });

  it('the quick fix on a TODO line creates a debt item linked to the code and writes its id into the comment', async () => {
    const b = await backlog();
    const doc = await vscode.workspace.openTextDocument(boardFile());
    await vscode.window.showTextDocument(doc);
    const line = lineOf(doc, COMMENT);
    const items = await runAction(await createItemAction(doc, line));
    assert.equal(items.length, 1, 'one item is created');
    created = b.snapshot.byId.get(items[0].id);
    assert.ok(created, 'the item is in the store');
    assert.equal(created.title, 'Count only the items the current filter shows');
    assert.equal(created.type, 'debt');
    assert.deepEqual(created.links, [{ path: 'src/board.ts', line: line + 1, kind: 'todo', anchor: `TODO: ${COMMENT}` }]);
    assert.match(created.body, /return items\.filter/, 'the body quotes the surrounding code');
    assert.equal(doc.lineAt(line).text, `  // TODO(${created.id}): ${COMMENT}`);
    assert.equal(doc.isDirty, false, 'the document was clean before, so it is saved');
    assert.equal(readFileSync(boardFile(), 'utf8'), doc.getText());
    // The same comment is tracked now: no second quick fix on it.
    await waitFor(async () => {
      const again = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(line, 0, line, 0));
      return !again?.some((a) => a.title.startsWith('Create backlog item'));
    }, 10_000, 'the quick fix to go away once the comment names the item');
  });

  it('the id in the comment has a hover with the item’s title, status and priority, and links to the item file', async () => {
    assert.ok(created, 'needs the item from the previous test');
    const doc = await vscode.workspace.openTextDocument(boardFile());
    const line = lineOf(doc, created.id);
    const at = new vscode.Position(line, doc.lineAt(line).text.indexOf(created.id) + 2);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at));
    assert.ok(text.includes(`${created.id}: ${created.title}`), `hover shows the title, got: ${text}`);
    assert.ok(text.includes(`Status: ${created.status}`), `hover shows the status, got: ${text}`);
    assert.ok(text.includes('Priority: '), `hover shows the priority, got: ${text}`);
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    const link = links?.find((l) => l.range.contains(at));
    assert.ok(link?.target, 'the id is a document link');
    assert.equal(link.target.fsPath, created.file);
    // And back: in the item file, the link's path opens the code at the comment's line.
    const itemDoc = await vscode.workspace.openTextDocument(created.file);
    const codeLinks = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', itemDoc.uri);
    const toCode = codeLinks?.find((l) => l.target?.fsPath === boardFile());
    assert.ok(toCode?.target, `the item file links to the code, got ${JSON.stringify(codeLinks?.map((l) => l.target?.toString()))}`);
    assert.equal(toCode.target.fragment, `L${line + 1}`);
    assert.equal(itemDoc.getText(toCode.range), 'src/board.ts');
  });

  it('the link follows the comment when lines are inserted above it (re-anchored once saved)', async () => {
    assert.ok(created, 'needs the item from the previous test');
    const b = await backlog();
    const doc = await vscode.workspace.openTextDocument(boardFile());
    const before = lineOf(doc, created.id) + 1;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), '// one\n// two\n// three\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    // Unsaved lines are not the file's lines: the item keeps pointing at the saved line. The link
    // provider scans the buffer, and that scan is where a moved link would be repaired; a repair
    // is a store operation, and store operations run in order, so once a refresh queued after the
    // scan has finished, any repair would have been written.
    const itemText = readFileSync(created.file, 'utf8');
    await waitFor(async () => {
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
      return links.some((l) => l.range.start.line === before + 2);
    }, 10_000, 'the unsaved buffer to be scanned (the id link on its new line)');
    await b.refresh([created.file]);
    assert.equal(b.snapshot.byId.get(created.id)?.links[0].line, before, 'not rewritten from an unsaved buffer');
    assert.equal(readFileSync(created.file, 'utf8'), itemText, 'the item file is untouched');
    await doc.save();
    const moved = await waitFor(() => {
      const item = b.snapshot.byId.get(created!.id);
      return item?.links[0].line === before + 3 ? item : undefined;
    }, 10_000, `the link to move from line ${before} to ${before + 3}`);
    assert.equal(moved.links[0].anchor, `TODO: ${COMMENT}`, 'the anchor is unchanged');
    assert.match(readFileSync(moved.file, 'utf8'), new RegExp(`line: ${before + 3}\\b`));

    // Deleting the comment (and saving) marks the link lost; bringing it back clears the mark.
    const line = lineOf(doc, created.id);
    const remove = new vscode.WorkspaceEdit();
    remove.delete(doc.uri, doc.lineAt(line).rangeIncludingLineBreak);
    assert.ok(await vscode.workspace.applyEdit(remove));
    await doc.save();
    await waitFor(() => b.snapshot.byId.get(created!.id)?.links[0].state === 'lost', 10_000, 'the link to be marked lost');
    await vscode.commands.executeCommand('undo');
    await doc.save();
    const back = await waitFor(() => {
      const item = b.snapshot.byId.get(created!.id);
      return item && item.links[0].state === undefined ? item : undefined;
    }, 10_000, 'the lost mark to be cleared once the comment is back');
    assert.equal(back.links[0].line, before + 3);
  });

  it('captures a FIXME in an unsaved buffer as a bug, writes the id without saving, and ignores tags inside strings', async () => {
    const b = await backlog();
    const file = join(workspaceRoot(), 'src', 'legacy.py');
    extraFiles.push(file);
    writeFileSync(file, 'def total(xs):\n    label = "TODO: not a comment"\n    return sum(xs)\n');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(2, 0), '    # FIXME(@ann): overflows on huge lists\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(doc.isDirty);
    const strings = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(1, 0, 1, 0));
    assert.ok(!strings?.some((a) => a.title.startsWith('Create backlog item')), 'no quick fix for TODO inside a string');
    const [item] = await runAction(await createItemAction(doc, 2));
    assert.ok(item);
    assert.equal(item.type, 'bug');
    assert.equal(item.assignee, 'ann');
    assert.equal(doc.lineAt(2).text, `    # FIXME(${item.id}, @ann): overflows on huge lists`);
    assert.ok(doc.isDirty, 'a buffer with unsaved edits stays unsaved');
    const onDisk = readFileSync(file, 'utf8');
    assert.ok(!onDisk.includes('FIXME'), `nothing was written to disk behind the user’s back, but the file reads: ${JSON.stringify(onDisk)}`);
    assert.ok(b.snapshot.byId.has(item.id));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('captures every untracked comment after a preview, in one batch, and leaves a comment naming an item alone', async () => {
    const b = await backlog();
    const existing = b.snapshot.items[0];
    const file = join(workspaceRoot(), 'src', 'batch.ts');
    extraFiles.push(file);
    writeFileSync(file, ['// TODO: first batch thing', 'export const a = 1;', '/* HACK: second batch thing */', `// TODO(${existing.id}): already tracked`, ''].join('\n'));
    const countBefore = b.snapshot.items.length;
    // Wait for the watcher to bring the new file in: its quick fix appears.
    const doc = await vscode.workspace.openTextDocument(file);
    await createItemAction(doc, 0);
    const running = vscode.commands.executeCommand<Item[]>('repoBacklog.todos.captureAll');
    // The preview lists every comment, all ticked; Enter accepts.
    await new Promise((r) => setTimeout(r, 1000));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const items = (await running) ?? [];
    assert.deepEqual(items.map((i) => i.title).sort(), ['First batch thing', 'Second batch thing']);
    assert.equal(b.snapshot.items.length, countBefore + 2);
    const text = readFileSync(file, 'utf8');
    for (const item of items) assert.ok(text.includes(`(${item.id}): `), `${item.id} is written into its comment`);
    assert.ok(text.includes(`// TODO(${existing.id}): already tracked`));
    assert.equal(items.find((i) => i.title === 'Second batch thing')?.links[0].line, 3);
  });

  it('dismissing a comment from the inbox is written to .backlog/dismissed-todos.txt and undone by deleting its line', async () => {
    const file = join(workspaceRoot(), 'src', 'notes.ts');
    const list = backlogPath('dismissed-todos.txt');
    extraFiles.push(file, list);
    writeFileSync(file, '// TODO: just a note for readers\nexport const n = 1;\n');
    const doc = await vscode.workspace.openTextDocument(file);
    await createItemAction(doc, 0);
    const count = await vscode.commands.executeCommand<number>('repoBacklog.todos.dismiss', { uri: doc.uri.toString(), line: 1 });
    assert.equal(count, 1);
    assert.match(readFileSync(list, 'utf8'), /^src\/notes\.ts\tTODO: just a note for readers$/m);
    const offered = async () => {
      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 0, 0, 0), vscode.CodeActionKind.QuickFix.value);
      return !!actions?.some((a) => a.title.startsWith('Create backlog item'));
    };
    await waitFor(async () => !(await offered()), 10_000, 'the dismissed comment to leave the inbox (no quick fix)');
    // Someone deletes the line (by hand, or a merge): the comment is back.
    writeFileSync(list, readFileSync(list, 'utf8').replace(/^src\/notes\.ts\t.*\n/m, ''));
    await waitFor(offered, 20_000, 'the comment to come back once its line is gone');
  });
});

describe('the TODO inbox follows Initialize', function () {
  this.timeout(120_000);
  // A file of its own: the suite above leaves board.ts's editor model in states of its own.
  const inboxFile = () => join(workspaceRoot(), 'src', 'inbox.ts');
  const NOTE = 'follow the backlog from the very first scan';
  const attributes = () => join(workspaceRoot(), '.gitattributes');
  let saved: string;
  let hadAttributes: boolean;
  // Capturing everything below writes ids into every untracked comment: board.ts is put back too.
  const boardFile = () => join(workspaceRoot(), 'src', 'board.ts');
  let board: string;
  let itemCount: number;

  before(async () => {
    // The fixture's backlog is set aside and put back afterwards: this test needs a folder without one.
    itemCount = (await backlog()).snapshot.items.length;
    saved = join(mkdtempSync(join(tmpdir(), 'backlog-inbox-')), '.backlog');
    cpSync(backlogPath(), saved, { recursive: true });
    writeFileSync(inboxFile(), `// TODO: ${NOTE}\nexport const inbox = true;\n`);
    hadAttributes = existsSync(attributes());
    board = readFileSync(boardFile(), 'utf8');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(backlogPath(), { recursive: true, force: true });
    cpSync(saved, backlogPath(), { recursive: true });
    rmSync(saved, { recursive: true, force: true });
    rmSync(inboxFile(), { force: true });
    writeFileSync(boardFile(), board);
    if (!hadAttributes) rmSync(attributes(), { force: true });
    const api = (await activeExtension<RepoBacklogApi>()).exports;
    await waitFor(() => api.folders.withBacklog()[0]?.backlog.snapshot.items.length === itemCount, 20_000, 'the fixture backlog to be back');
  });

  it('drops a folder whose backlog vanished, and lists its TODOs as soon as Initialize creates one (no reload)', async () => {
    const api = (await activeExtension<RepoBacklogApi>()).exports;
    const folder = api.folders.all()[0];
    const doc = await vscode.workspace.openTextDocument(inboxFile());
    const line = lineOf(doc, NOTE);
    await createItemAction(doc, line);

    rmSync(backlogPath(), { recursive: true, force: true });
    await waitFor(() => folder.backlog.snapshot.kind === 'missing', 20_000, 'the store to see the backlog gone');
    // The scan lets go of the folder: no capture is offered where no backlog could hold the item.
    await waitFor(
      async () => {
        const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(line, 0, line, 0), vscode.CodeActionKind.QuickFix.value);
        return !actions?.some((a) => a.title.startsWith('Create backlog item'));
      },
      20_000,
      'the TODO scan to drop the folder without a backlog',
      200,
    );

    await vscode.commands.executeCommand('repoBacklog.init');
    assert.equal(folder.backlog.snapshot.kind, 'backlog', 'Initialize created a backlog');
    await createItemAction(doc, line);
    // The inbox lists the comment: capturing everything in it (after the preview) makes its item.
    const running = vscode.commands.executeCommand<Item[]>('repoBacklog.todos.captureAll');
    await new Promise((r) => setTimeout(r, 1000));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const items = (await running) ?? [];
    assert.ok(
      items.some((i) => i.title.toLowerCase() === NOTE),
      `the new backlog captured "${NOTE}" from the inbox (got ${JSON.stringify(items.map((i) => i.title))})`,
    );
    assert.ok(folder.backlog.snapshot.items.some((i) => i.title.toLowerCase() === NOTE));
  });
});

describe('TODO scanning turned off', () => {
  it('is known to the Untracked TODOs view (its welcome says so), and Turn On TODO Scanning turns it back on', async () => {
    const api = (await activeExtension<RepoBacklogApi>()).exports;
    const folderUri = vscode.Uri.file(workspaceRoot());
    const settings = () => vscode.workspace.getConfiguration('repoBacklog.todos', folderUri);
    assert.equal(scanningOffEverywhere(api.folders), false, 'scanning is on in the fixture');
    await settings().update('enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      // The view's welcome follows this rule (its when clause is the context key it sets).
      assert.equal(scanningOffEverywhere(api.folders), true);
      await vscode.commands.executeCommand('repoBacklog.todos.turnOnScanning');
      assert.equal(settings().inspect('enabled')?.workspaceValue, undefined, 'the false is removed, no value written in its place');
      assert.equal(settings().get('enabled'), true);
      assert.equal(scanningOffEverywhere(api.folders), false);
    } finally {
      await settings().update('enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
