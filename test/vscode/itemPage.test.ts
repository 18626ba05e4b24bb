import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { RepoBacklogApi } from '../../src/extension';
import type { Item } from '../../src/core/item';
import type { ItemPage, ItemPageTiming } from '../../src/itemPage/itemPage';
import type { ItemPageUpdate } from '../../src/protocol/itemPageMessages';
import { activeExtension } from './harness/extension';
import { screenshotBothThemes } from './harness/screenshots';
import { waitFor } from './harness/wait';

/** What a reused page may take from the open to the painted item (the goal). */
const REUSE_GOAL_MS = 300;

const BODY = [
  '',
  'Pages render **Markdown**: <img src=x onerror="document.title=\'pwned\'"> [bad](javascript:alert(1))',
  '',
  '## Acceptance criteria',
  '',
  '- [x] Render the description',
  '- [ ] Tick a criterion from the page',
  '- [ ] Keep every other line',
  '',
].join('\n');

function activeTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.activeTabGroup.activeTab;
}

/**
 * How long VS Code takes to show a webview whose script does nothing but say it ran: the floor
 * under any webview page, so the item page's own cost is the difference.
 */
async function emptyWebviewMs(): Promise<number> {
  const start = Date.now();
  const panel = vscode.window.createWebviewPanel('repoBacklog.test.empty', 'Empty', vscode.ViewColumn.Active, { enableScripts: true });
  try {
    const ran = new Promise<number>((resolve) => panel.webview.onDidReceiveMessage(() => resolve(Date.now() - start)));
    const nonce = 'n' + String(start);
    panel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'"></head>`
      + `<body><script nonce="${nonce}">acquireVsCodeApi().postMessage('ran')</script></body></html>`;
    return await ran;
  } finally {
    panel.dispose();
  }
}

/** The tabs of item pages opened from our views (the preview page and the pages kept open). */
function itemPanelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('repoBacklog.itemPanel'));
}

/**
 * Opens an item the way the tree, Go to Item and the board do, and waits until a page has painted
 * it. `shown` is the page expected to show it (its renders are watched from before the open).
 */
async function openFromViews(target: Item, shown?: ItemPage, options?: { preview?: boolean }): Promise<{ page: ItemPage; ms: number; postedMs?: number }> {
  const renders: ItemPageTiming[] = [];
  const models = new Map<number, string>();
  let postedAt: number | undefined;
  const watch = (p: ItemPage) => [p.onDidRender((t) => renders.push(t)), p.onDidPost((u) => {
    if (u.type !== 'model') return;
    models.set(u.seq, u.model.fields.id);
    if (u.model.fields.id === target.id) postedAt ??= Date.now();
  })];
  const subs = shown ? watch(shown) : [];
  const start = Date.now();
  const page = await vscode.commands.executeCommand<ItemPage>('repoBacklog.itemPage.open', vscode.Uri.file(target.file), options);
  try {
    // A new page paints its first model from its HTML, long after this (a webview takes ~0.5 s).
    if (page !== shown) subs.push(...watch(page));
    const painted = await waitFor(() => renders.find((t) => (page === shown ? models.get(t.seq) === target.id : true)), 15_000, `${target.id} to be painted`);
    return { page, ms: painted.paintedAt - start, ...(postedAt === undefined ? {} : { postedMs: postedAt - start }) };
  } finally {
    for (const s of subs) s.dispose();
  }
}

describe('the item page in a real editor', function () {
  this.timeout(60_000);
  let api: RepoBacklogApi;
  let item: Item;
  let others: Item[];
  let page: ItemPage;
  /** Three children with an item of no parent between the first two in the backlog order. */
  let children: Item[];
  let outsider: Item;
  const posted: ItemPageUpdate[] = [];

  /** Every item file's text, by name: a write shows as a changed or missing entry. */
  const itemFiles = () => {
    const dir = dirname(item.file);
    return new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  };
  const changedFiles = (before: Map<string, string>) => {
    const after = itemFiles();
    return [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f));
  };
  const childIds = () => page.current!.folder.backlog.snapshot.relations.children(item.id).map((c) => c.id);
  const shownChildren = () => page.current!.folder.backlog.snapshot.relations.children(item.id);

  before(async () => {
    api = (await activeExtension<RepoBacklogApi>()).exports;
    const folder = api.folders.withBacklog()[0];
    item = await folder.backlog.create({ title: 'Item page under test', status: 'Ready', body: BODY });
    const first = await folder.backlog.create({ title: 'First child of the page', parent: item.id });
    outsider = await folder.backlog.create({ title: 'Not a child, ranked between' });
    const second = await folder.backlog.create({ title: 'Second child of the page', parent: item.id });
    const third = await folder.backlog.create({ title: 'Third child of the page', parent: item.id });
    children = [first, second, third];
    others = [];
    for (const title of ['First item from the tree', 'Second item from the tree', 'Third item from the tree', 'Fourth item from the tree']) {
      others.push(await folder.backlog.create({ title, status: 'Ready', body: `\n${title}: its own description.\n` }));
    }
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const backlog = api.folders.withBacklog()[0].backlog;
    for (const i of [item, outsider, ...children, ...others]) await backlog.delete(i.id).catch(() => undefined);
  });

  it('opens an item file as the item page wherever VS Code opens it, and paints it', async () => {
    const uri = vscode.Uri.file(item.file);
    // The first webview of a session also pays for the webview host's own start; measure it apart.
    const emptyFirst = await emptyWebviewMs();
    const start = Date.now();
    // `vscode.open` is what the Explorer, search results and links use: the page is the default editor.
    await vscode.commands.executeCommand('vscode.open', uri);
    page = await vscode.commands.executeCommand<ItemPage>('repoBacklog.itemPage.open', uri);
    page.onDidPost((u) => posted.push(u));
    const painted = await new Promise<ItemPageTiming>((resolve) => {
      const sub = page.onDidRender((t) => {
        sub.dispose();
        resolve(t);
      });
    });
    const input = activeTab()?.input;
    assert.ok(input instanceof vscode.TabInputCustom, `a custom editor is active, got ${String(activeTab()?.label)}`);
    assert.equal(input.viewType, 'repoBacklog.itemPage');
    assert.equal(input.uri.fsPath, uri.fsPath);
    const ms = painted.paintedAt - start;
    const line = `open to painted ${ms} ms: page resolved at ${painted.openedAt - start} ms, page load started at ${painted.startedAt - start} ms`;
    console.log(`[item page] ${line}; an empty webview on this machine: ${emptyFirst} ms first, ${await emptyWebviewMs()} ms after`);
    // The 300 ms goal is measured on an idle machine (see the report); this bound catches a page
    // that waits for something it should not (history, the TODO scan) on a loaded CI machine.
    assert.ok(ms < 10_000, line);
  });

  it('ticks a criterion by writing exactly its one line (and the `updated` stamp)', async () => {
    const before = readFileSync(item.file, 'utf8');
    const current = page.current!.item;
    const line = current.body.split('\n').indexOf('- [ ] Tick a criterion from the page');
    assert.ok(line > 0);
    await page.handle({ type: 'check', hash: current.hash, line, text: '- [ ] Tick a criterion from the page', checked: true });
    const after = await waitFor(() => {
      const text = readFileSync(item.file, 'utf8');
      return text !== before ? text : undefined;
    }, 10_000, 'the file to change');
    const a = before.split('\n');
    const b = after.split('\n');
    assert.equal(a.length, b.length);
    const changed = b.filter((l, i) => l !== a[i]);
    assert.deepEqual(changed.filter((l) => !l.startsWith('updated: ')), ['- [x] Tick a criterion from the page']);
    assert.ok(changed.length <= 2, `only the criterion and \`updated\` change: ${changed.join(' | ')}`);
    assert.equal(page.document?.isDirty, false, 'the page saved what it wrote');
    await waitFor(() => page.current?.item.hash !== current.hash, 10_000, 'the store to read the change');
  });

  it('refuses a stale tick and hostile messages, writing nothing', async () => {
    const before = readFileSync(item.file, 'utf8');
    const current = page.current!.item;
    const line = current.body.split('\n').indexOf('- [ ] Keep every other line');
    posted.length = 0;
    await page.handle({ type: 'check', hash: 'stale', line, text: '- [ ] Keep every other line', checked: true });
    await page.handle({ type: 'check', hash: current.hash, line, text: '- [ ] Something else', checked: true });
    await page.handle({ type: 'check', hash: current.hash, line: 0, text: '- [ ] Keep every other line', checked: true });
    await page.handle({ type: 'update', hash: current.hash, changes: { id: 'FX-OTHER' } });
    await page.handle({ type: 'write', path: item.file, text: 'x' });
    const notices = posted.filter((u) => u.type === 'notice');
    assert.equal(notices.length, 3, `one notice per refused edit: ${JSON.stringify(notices)}`);
    assert.equal(readFileSync(item.file, 'utf8'), before);
  });

  it('refuses child changes the page showed stale, and hostile ones, writing nothing', async () => {
    const files = itemFiles();
    const [first, second] = shownChildren();
    const order = childIds();
    posted.length = 0;
    // Refused with a notice: a stale child version, a stale child order, an item that is not a child.
    await page.handle({ type: 'removeChild', id: first.id, hash: 'stale' });
    await page.handle({ type: 'moveChild', id: second.id, hash: second.hash, index: 0, order: [...order].reverse() });
    await page.handle({ type: 'removeChild', id: outsider.id, hash: page.current!.folder.backlog.snapshot.byId.get(outsider.id)!.hash });
    // Dropped as invalid: no item id, an index outside the list, a rank smuggled in, an unknown type.
    await page.handle({ type: 'removeChild', id: '../../etc/passwd', hash: first.hash });
    await page.handle({ type: 'moveChild', id: second.id, hash: second.hash, index: order.length, order });
    await page.handle({ type: 'update', hash: first.hash, changes: { parent: null } });
    await page.handle({ type: 'setParent', id: first.id, parent: outsider.id });
    const notices = posted.filter((u): u is Extract<ItemPageUpdate, { type: 'notice' }> => u.type === 'notice');
    assert.deepEqual(notices.map((n) => n.message.match(/changed on disk|changed since|not a child/)?.[0]), ['changed on disk', 'changed since', 'not a child'], JSON.stringify(notices));
    assert.deepEqual(changedFiles(files), []);
    assert.deepEqual(childIds(), order);
  });

  it('moves a child among its siblings: one file written, and the page shows the new order', async () => {
    const [first, second, third] = children.map((c) => c.id);
    assert.deepEqual(childIds(), [first, second, third]);
    const files = itemFiles();
    const moving = shownChildren()[2];
    posted.length = 0;
    // Third up one step: it lands right before second, so the item of no parent stays after first.
    await page.handle({ type: 'moveChild', id: third, hash: moving.hash, index: 1, order: [first, second, third] });
    await waitFor(() => childIds().join() === [first, third, second].join(), 10_000, 'the children to be reordered');
    assert.deepEqual(changedFiles(files), [`${third}.md`]);
    const ranked = page.current!.folder.backlog.snapshot.items.map((i) => i.id);
    assert.ok(ranked.indexOf(first) < ranked.indexOf(outsider.id) && ranked.indexOf(outsider.id) < ranked.indexOf(third), 'the item of no parent keeps its place between the first two children');
    await waitFor(() => posted.some((u) => u.type === 'model' && u.model.relations.children.map((c) => c.id).join() === [first, third, second].join()), 10_000, 'a new model with the new order');
  });

  it('removes a child: its `parent` is cleared, only its file is written, and it stays in the backlog', async () => {
    const [first, third, second] = shownChildren();
    const files = itemFiles();
    await page.handle({ type: 'removeChild', id: first.id, hash: first.hash });
    await waitFor(() => !childIds().includes(first.id), 10_000, 'the child to leave the list');
    assert.deepEqual(changedFiles(files), [`${first.id}.md`]);
    const text = readFileSync(first.file, 'utf8');
    assert.doesNotMatch(text, /^parent:/m);
    assert.match(text, /^title: First child of the page$/m);
    assert.deepEqual(childIds(), [third.id, second.id]);
  });

  it('puts an existing item under this one, picked from a quick pick: one file written', async () => {
    const backlog = page.current!.folder.backlog;
    // At the top of the backlog, so it is the first entry the quick pick offers.
    const adopted = await backlog.create({ title: 'Adopted from the quick pick', position: 'top' });
    children.push(adopted);
    await waitFor(() => page.current!.folder.backlog.snapshot.byId.has(adopted.id), 10_000, 'the store to list the new item');
    const files = itemFiles();
    let settled = false;
    const handled = page.handle({ type: 'addExistingChild' }).finally(() => {
      settled = true;
    });
    // Accept the first entry once the quick pick is open (until then the command does nothing).
    await waitFor(async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled;
    }, 10_000, 'the quick pick to be answered');
    await handled;
    await waitFor(() => childIds().includes(adopted.id), 10_000, 'the picked item to become a child');
    assert.deepEqual(changedFiles(files), [`${adopted.id}.md`]);
    assert.match(readFileSync(adopted.file, 'utf8'), new RegExp(`^parent: ${item.id}$`, 'm'));
    // Back out of the list, so the tests after see the children they expect.
    const shown = shownChildren().find((c) => c.id === adopted.id)!;
    await page.handle({ type: 'removeChild', id: adopted.id, hash: shown.hash });
    await waitFor(() => !childIds().includes(adopted.id), 10_000, 'the adopted child to leave');
  });

  it('changes a field through the store: one file, its line and `updated`', async () => {
    const before = readFileSync(item.file, 'utf8');
    const current = page.current!.item;
    await page.handle({ type: 'update', hash: current.hash, changes: { status: 'In Progress' } });
    await waitFor(() => page.current?.item.status === 'In Progress', 10_000, 'the status to change');
    const a = before.split('\n');
    const b = readFileSync(item.file, 'utf8').split('\n');
    // `updated` is stamped to the second: the tick just before may already have written this one.
    assert.deepEqual(b.filter((l, i) => l !== a[i]).map((l) => l.split(':')[0]).filter((k) => k !== 'updated'), ['status']);
    assert.ok(b.some((l) => l.startsWith('updated: ')), 'the item keeps its updated stamp');
    await waitFor(() => posted.some((u) => u.type === 'model' && u.model.fields.status === 'In Progress'), 10_000, 'a new model for the page');
  });

  it('replaces the description in place, keeping the front matter byte for byte but its `updated` stamp', async () => {
    const before = readFileSync(item.file, 'utf8');
    const current = page.current!.item;
    const frontMatter = before.slice(0, before.length - current.body.length);
    await page.handle({ type: 'editBody', hash: current.hash, body: '\nRewritten from the page.\n\n- [ ] A new criterion\n' });
    await waitFor(() => page.current?.item.body === '\nRewritten from the page.\n\n- [ ] A new criterion\n', 10_000, 'the store to read the new body');
    // Only the body and the `updated` stamp change (the stamp moves when the edit lands a second later).
    const unstamped = (text: string) => text.replace(/^updated: .*$/m, 'updated: <stamp>');
    assert.equal(unstamped(readFileSync(item.file, 'utf8')), unstamped(frontMatter) + '\nRewritten from the page.\n\n- [ ] A new criterion\n');
    // A second edit from the same, now stale, page version is refused.
    posted.length = 0;
    await page.handle({ type: 'editBody', hash: current.hash, body: 'lost' });
    assert.equal(posted.filter((u) => u.type === 'notice').length, 1);
    assert.doesNotMatch(readFileSync(item.file, 'utf8'), /lost/);
  });

  it('lists the item\'s history lazily, on request', async () => {
    posted.length = 0;
    await page.handle({ type: 'loadHistory' });
    const history = posted.find((u): u is Extract<ItemPageUpdate, { type: 'history' }> => u.type === 'history');
    assert.ok(history, 'a history answer');
    // The fixture copy may or may not be a git work tree: either commits or the reason for none.
    assert.ok(history.entries.length > 0 || /git|commit/.test(history.note ?? ''), JSON.stringify(history));
  });

  it('is shown, painted, in the dark and light themes', async () => {
    page.panel.reveal(undefined, false);
    for (const shot of await screenshotBothThemes('item-page-host')) {
      assert.ok(shot.webviewTexts.some((t) => t.includes('Rewritten from the page')), `${shot.file}: the page is painted, its description (as the test before left it) rendered`);
      assert.ok(shot.webviewTexts.some((t) => t.includes('Third child of the page') && t.includes('Second child of the page') && !t.includes('First child of the page')), `${shot.file}: the children as they are now`);
    }
  });

  it('opens items from the backlog\'s views in one preview page: the next item paints in it within 300 ms', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const [a, b] = others;
    const first = await openFromViews(a);
    // The same page, pointed at each item in turn (five times, so one busy moment of a shared
    // machine is not the figure: the median is).
    const again: number[] = [];
    const posted: number[] = [];
    for (const target of [b, a, b, a, b]) {
      const next = await openFromViews(target, first.page);
      assert.equal(next.page, first.page, `${target.id} is shown in the preview page, not in a new webview`);
      assert.equal(next.page.current?.item.id, target.id);
      again.push(next.ms);
      posted.push(next.postedMs ?? -1);
    }
    const median = [...again].sort((x, y) => x - y)[2];
    console.log(`[item page] opened from our views: first item ${first.ms} ms (a new webview), next items ${again.join(', ')} ms (the preview page reused; median ${median} ms; model posted at ${posted.join(', ')} ms)`);
    assert.equal(itemPanelTabs().length, 1, 'one item page tab');
    await waitFor(() => itemPanelTabs()[0]?.label === `${b.id}: ${b.title}`, 10_000, `the tab to be retitled ${b.id}: ${b.title}, got ${itemPanelTabs()[0]?.label}`);
    assert.ok(median < REUSE_GOAL_MS, `the next item paints in ${median} ms (median of ${again.join(', ')}), goal ${REUSE_GOAL_MS} ms`);
    for (const shot of await screenshotBothThemes('item-page-preview')) {
      assert.ok(shot.webviewTexts.some((t) => t.includes(`${b.title}: its own description.`)), `${shot.file}: the reused page shows ${b.id}`);
      assert.ok(!shot.webviewTexts.some((t) => t.includes(`${a.title}: its own description.`)), `${shot.file}: nothing of ${a.id} is left on it`);
    }
  });

  it('keeps a page the user edits, keeps open or double-clicks; the next open takes a new preview page', async () => {
    const [a, b, c, d] = others;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const edited = (await openFromViews(b)).page;
    // Opening the description editor leaves a draft in the page: it stays, like a typed-in preview editor.
    await edited.handle({ type: 'editing' });
    const kept = (await openFromViews(c, edited)).page;
    assert.notEqual(kept, edited, 'the edited page keeps its item');
    assert.equal(edited.current?.item.id, b.id);
    await vscode.commands.executeCommand('repoBacklog.itemPage.keepOpen');
    const preview = (await openFromViews(a, kept)).page;
    assert.notEqual(preview, kept, 'a page kept open keeps its item');
    assert.equal(kept.current?.item.id, c.id);
    assert.equal(itemPanelTabs().length, 3);
    // An item already open is shown where it is.
    assert.equal(await vscode.commands.executeCommand<ItemPage>('repoBacklog.itemPage.open', vscode.Uri.file(b.file)), edited);
    await waitFor(() => edited.panel.active, 10_000, 'the page of b to be shown');
    // A double-click (two opens of the preview's item at once) keeps the preview page.
    await vscode.commands.executeCommand('repoBacklog.itemPage.open', vscode.Uri.file(a.file));
    await vscode.commands.executeCommand('repoBacklog.itemPage.open', vscode.Uri.file(a.file));
    const last = (await openFromViews(item, preview)).page;
    assert.notEqual(last, preview, 'the double-clicked page keeps its item');
    assert.equal(preview.current?.item.id, a.id);
    // Go to Item opens to keep: the preview page shows the item and stays.
    assert.equal((await openFromViews(d, last, { preview: false })).page, last, 'the preview page shows d');
    const newest = (await openFromViews(item, last)).page;
    assert.notEqual(newest, last, 'opened to keep, the page keeps d');
    assert.equal(last.current?.item.id, d.id);
    assert.equal(itemPanelTabs().length, 5);
  });
});
