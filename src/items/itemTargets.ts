import * as vscode from 'vscode';
import type { Item } from '../core/item';
import { isItemArg } from '../commands';
import type { BacklogFolder, BacklogFolders } from '../store/backlogFolders';
import { inertPick } from '../common/inertView';

export interface ItemTarget {
  readonly folder: BacklogFolder;
  readonly item: Item;
}

/** Where commands look for "the selected items" when they get no arguments (a keybinding). */
export interface SelectionSource {
  selectedItems(): readonly unknown[];
}

/**
 * The items a command acts on: the clicked node plus the rest of a multi-selection (VS Code
 * passes both), else the tree's selection, else one picked from a list.
 */
export async function resolveTargets(
  folders: BacklogFolders,
  selection: SelectionSource,
  arg: unknown,
  all: unknown,
  placeHolder: string,
): Promise<ItemTarget[]> {
  const candidates: unknown[] = Array.isArray(all) && all.length > 0 ? all : arg !== undefined ? [arg] : [...selection.selectedItems()];
  const targets: ItemTarget[] = [];
  for (const c of candidates) {
    if (!isItemArg(c)) continue;
    const folder = folders.all().find((f) => f.backlog.root === c.root);
    const item = folder?.backlog.snapshot.byId.get(c.id);
    if (folder && item && !targets.some((t) => t.item === item)) targets.push({ folder, item });
  }
  if (targets.length > 0 || candidates.some(isItemArg)) return targets;
  const picked = await pickItem(folders, placeHolder);
  return picked ? [picked] : [];
}

/** A searchable list of every item in the workspace. */
export async function pickItem(folders: BacklogFolders, placeHolder: string): Promise<ItemTarget | undefined> {
  const multi = folders.withBacklog().length > 1;
  const entries = folders.withBacklog().flatMap((folder) =>
    folder.backlog.snapshot.items.map((item) => ({
      label: item.title,
      description: `${item.id} · ${item.status}${multi ? ' · ' + folder.folder.name : ''}`,
      target: { folder, item },
    })),
  );
  if (entries.length === 0) {
    void vscode.window.showInformationMessage('Backlog: there are no items yet. Create one with "Backlog: New Item".');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(entries.map(inertPick), { placeHolder, matchOnDescription: true });
  return pick?.target;
}

/** The folder to create in: the only one with a backlog, or the one the user picks. */
export async function pickBacklogFolder(folders: BacklogFolders, hint?: unknown): Promise<BacklogFolder | undefined> {
  if (isItemArg(hint)) {
    const f = folders.all().find((x) => x.backlog.root === hint.root);
    if (f) return f;
  }
  if (typeof hint === 'object' && hint !== null && 'folder' in hint) {
    const f = (hint as { folder: BacklogFolder }).folder;
    if (f?.backlog) return f;
  }
  const candidates = folders.withBacklog();
  if (candidates.length <= 1) return candidates[0];
  const pick = await vscode.window.showQuickPick(
    candidates.map((f) => ({ label: f.folder.name, description: f.folder.uri.fsPath, f })),
    { placeHolder: 'Which workspace folder’s backlog?' },
  );
  return pick?.f;
}
