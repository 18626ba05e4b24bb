import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandId, ContextKey, InternalCommandId, ViewId } from '../../src/commands';

// package.json is read as data: what VS Code sees is what is checked.
interface Contributed {
  readonly command: string;
  readonly title: string;
  readonly icon?: string;
}
interface MenuEntry {
  readonly command?: string;
  readonly when?: string;
}
interface Keybinding {
  readonly command: string;
  readonly key: string;
  readonly mac?: string;
  readonly when?: string;
}
const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { commands: Contributed[]; menus: Record<string, MenuEntry[]>; keybindings: Keybinding[]; views: Record<string, { id: string }[]>; viewsWelcome: { view: string; contents: string; when?: string }[] };
};
const { commands, menus, keybindings } = manifest.contributes;
const registry = new Set<string>(Object.values(CommandId));
const ownViews = new Set(Object.values(manifest.contributes.views).flatMap((views) => views.map((v) => v.id)));

/**
 * Keys VS Code itself binds in every list and tree (its `list.*` commands, `when: listFocus`).
 * An extension binding one of them on its view silently takes the built-in away.
 */
const BUILT_IN_LIST_KEYS = new Set([
  'ctrl+alt+f', // list.find
  'cmd+alt+f',
  'ctrl+a', // list.selectAll
  'cmd+a',
  'escape', // list.clear
  'enter', // list.select
  'space', // list.toggleExpand
  'up',
  'down',
  'left',
  'right',
  'home',
  'end',
  'pageup',
  'pagedown',
  'shift+up', // list.expandSelection…
  'shift+down',
  'ctrl+up', // list.scrollUp / Down
  'ctrl+down',
  'ctrl+left', // list.collapseAll
  'cmd+left',
  'cmd+up',
  'cmd+down',
  'ctrl+shift+enter', // list.toggleSelection
]);

/**
 * Commands that share a codicon glyph on purpose, because they mean the same thing. Any other
 * shared glyph is a defect: an icon must tell the reader what the button does.
 */
const SAME_MEANING: readonly (readonly string[])[] = [
  // "Create a backlog item", from scratch, from a TODO comment, from a test failure.
  [CommandId.NewItem, CommandId.TodoCreateItem, CommandId.CaptureFailedTest],
  // "Read again from disk": the item files, the TODO comments.
  [CommandId.Refresh, CommandId.TodoRescan],
];

/** The codicon glyph a `$(name)` shows: several names are aliases of one glyph (`add`, `plus`, `repo-create`). */
function glyphs(): Map<string, string> {
  const mapping = JSON.parse(readFileSync(join(root, 'node_modules', '@vscode', 'codicons', 'src', 'template', 'mapping.json'), 'utf8')) as Record<string, string[]>;
  const out = new Map<string, string>();
  for (const [code, names] of Object.entries(mapping)) for (const name of names) out.set(name, code);
  return out;
}

describe('the manifest (package.json contributes)', () => {
  it('contributes exactly the commands of the registry in src/commands.ts, and none of its internal ones', () => {
    const contributed = commands.map((c) => c.command);
    assert.equal(new Set(contributed).size, contributed.length, 'a command is contributed twice');
    assert.deepEqual(contributed.filter((id) => !registry.has(id)), [], 'contributed in package.json but missing from CommandId');
    assert.deepEqual([...registry].filter((id) => !contributed.includes(id)), [], 'in CommandId but not contributed in package.json');
    assert.deepEqual(Object.values(InternalCommandId).filter((id) => contributed.includes(id)), [], 'internal commands must not be contributed');
  });

  it('has no two registry entries with the same id', () => {
    const all = [...Object.values(CommandId), ...Object.values(InternalCommandId)];
    assert.equal(new Set(all).size, all.length);
  });

  it('menus and keybindings only name commands that exist', () => {
    const unknown: string[] = [];
    for (const [menu, entries] of Object.entries(menus)) {
      for (const e of entries) if (e.command && !registry.has(e.command)) unknown.push(`${menu}: ${e.command}`);
    }
    for (const k of keybindings) if (!registry.has(k.command)) unknown.push(`keybinding ${k.key}: ${k.command}`);
    assert.deepEqual(unknown, []);
  });

  it('declares the views of the ViewId registry, and menus and welcome texts name only those', () => {
    assert.deepEqual([...ownViews].sort(), Object.values(ViewId).sort());
    const named = [
      ...Object.values(menus).flatMap((entries) => entries.flatMap((e) => [...(e.when ?? '').matchAll(/\bview == ([\w.]+)/g)].map((m) => m[1]))),
      ...manifest.contributes.viewsWelcome.map((w) => w.view),
    ];
    assert.deepEqual(named.filter((id) => id.startsWith('repoBacklog.') && !ownViews.has(id)), []);
  });

  it('says in the Untracked TODOs view when scanning is off, with a link that turns it on, instead of "no comments"', () => {
    const welcome = manifest.contributes.viewsWelcome.filter((w) => w.view === ViewId.Todos);
    const off = welcome.filter((w) => w.when === ContextKey.TodoScanningOff);
    assert.equal(off.length, 1);
    assert.match(off[0].contents, /scanning is turned off/);
    assert.ok(off[0].contents.includes(`](command:${CommandId.TodoTurnOnScanning})`), off[0].contents);
    // Every other welcome of the view is hidden while scanning is off.
    assert.deepEqual(welcome.filter((w) => w !== off[0]).map((w) => w.when), welcome.filter((w) => w !== off[0]).map(() => `!${ContextKey.TodoScanningOff}`));
  });

  it('uses each icon glyph for one meaning only', () => {
    const glyphOf = glyphs();
    const byGlyph = new Map<string, string[]>();
    for (const c of commands) {
      if (!c.icon) continue;
      const name = /^\$\(([a-z0-9-]+)\)$/.exec(c.icon)?.[1];
      assert.ok(name && glyphOf.has(name), `${c.command}: ${c.icon} is not a codicon`);
      const glyph = glyphOf.get(name)!;
      byGlyph.set(glyph, [...(byGlyph.get(glyph) ?? []), c.command]);
    }
    const clashes = [...byGlyph.values()]
      .filter((ids) => ids.length > 1)
      .filter((ids) => !SAME_MEANING.some((group) => ids.every((id) => group.includes(id))))
      .map((ids) => ids.map((id) => `${id} ${commands.find((c) => c.command === id)!.icon}`).join(' / '));
    assert.deepEqual(clashes, [], 'different commands show the same icon');
  });

  it('binds no key VS Code already uses in lists and trees, and none while typing in the view', () => {
    for (const k of keybindings) {
      for (const key of [k.key, k.mac].filter((x): x is string => x !== undefined)) {
        assert.ok(!BUILT_IN_LIST_KEYS.has(key.toLowerCase()), `${k.command}: ${key} overrides a built-in list key`);
      }
      const onOwnView = [...ownViews].some((view) => k.when?.includes(`focusedView == ${view}`));
      if (onOwnView) assert.match(k.when ?? '', /(^|&&\s*)!inputFocus\b/, `${k.command} (${k.key}) fires while typing in the view's find box: add !inputFocus`);
    }
  });

  it('hides commands that act on a selected tree item from the Command Palette', () => {
    // A command offered on item rows but in no view title is about "this item": from the
    // palette it would act on whatever the tree last selected.
    const onRows = new Set((menus['view/item/context'] ?? []).map((e) => e.command));
    const onTitles = new Set((menus['view/title'] ?? []).map((e) => e.command));
    // Works on the comment under the cursor too, so the palette offers it while an editor is open.
    const alsoInEditor = new Set<string>([CommandId.TodoCreateItem]);
    const hidden = new Set((menus.commandPalette ?? []).filter((e) => e.when === 'false').map((e) => e.command));
    const rowOnly = [...onRows].filter((id): id is string => !!id && !onTitles.has(id) && !alsoInEditor.has(id));
    assert.ok(rowOnly.length > 5, 'expected the item row commands');
    assert.deepEqual(rowOnly.filter((id) => !hidden.has(id)), [], 'shown in the Command Palette but they need a selected item');
  });

  it('names what each item command acts on', () => {
    for (const id of [CommandId.Rename, CommandId.SetAssignee, CommandId.SetPriority, CommandId.SetStatus, CommandId.SetType, CommandId.SetLabels, CommandId.Delete, CommandId.MoveUp]) {
      assert.match(commands.find((c) => c.command === id)!.title, /\bItem\b/, id);
    }
  });

  it('offers show and hide done items as a pair swapped by one context key, with distinct icons', () => {
    const show = commands.find((c) => c.command === CommandId.ShowDone)!;
    const hide = commands.find((c) => c.command === CommandId.HideDone)!;
    assert.equal(show.title, 'Show Done Items');
    assert.equal(hide.title, 'Hide Done Items');
    assert.notEqual(show.icon, hide.icon);
    const title = menus['view/title'];
    const whenOf = (id: string) => title.filter((e) => e.command === id).map((e) => e.when ?? '');
    assert.deepEqual(whenOf(CommandId.ShowDone).map((w) => /(?<!!)repoBacklog\.hideDone\b/.test(w)), [true]);
    assert.deepEqual(whenOf(CommandId.HideDone).map((w) => /!repoBacklog\.hideDone\b/.test(w)), [true]);
  });
});
