import * as vscode from 'vscode';
import type { BacklogConfig } from '../core/config';
import { inertText } from '../core/inertText';
import { DEFAULT_PLANNING } from '../core/planning/planningConfig';
import { likelyDuplicatesOf, type LikelyDuplicate } from '../core/planning/duplicates';
import type { NewItem } from '../core/backlog';
import type { Item } from '../core/item';
import { openItemPage } from './openItem';

/** The fields a capture lets the user change before the item is written. */
export type CaptureDraft = Pick<NewItem, 'title' | 'type' | 'priority'>;

/** The existing items a draft title likely duplicates (the config's grooming threshold). */
export function duplicatesOf(titles: readonly string[], items: readonly Item[], config: Pick<BacklogConfig, 'planning'>): LikelyDuplicate[][] {
  return likelyDuplicatesOf(titles, items, (config.planning ?? DEFAULT_PLANNING).duplicateSimilarity);
}

/** "Likely duplicate of SHOP-7K3QM: title (72%)", for a preview row's detail. */
export function duplicateNote(duplicates: readonly LikelyDuplicate[]): string | undefined {
  const d = duplicates[0];
  if (!d) return undefined;
  const more = duplicates.length > 1 ? ` and ${duplicates.length - 1} more` : '';
  return `$(warning) Likely duplicate of ${d.id}: ${inertText(d.title)} (${Math.round(d.similarity * 100)}% alike)${more}`;
}

type Row = vscode.QuickPickItem & { readonly action: 'create' | 'title' | 'type' | 'priority' | 'duplicate'; readonly duplicate?: LikelyDuplicate };

/**
 * Shows what a capture is about to create (title, type, priority) and any likely duplicates
 * before anything is written. Enter on "Create" accepts; picking a field changes it; a duplicate
 * opens beside, the review staying open. Resolves to the draft as accepted, or undefined.
 */
export async function reviewCapture(options: {
  readonly title: string;
  readonly source: string;
  readonly draft: CaptureDraft;
  readonly config: BacklogConfig;
  readonly items: readonly Item[];
}): Promise<CaptureDraft | undefined> {
  let draft = options.draft;
  const byId = new Map(options.items.map((i) => [i.id, i]));
  for (;;) {
    const duplicates = duplicatesOf([draft.title], options.items, options.config)[0];
    const picked = await pickRow(options.title, rows(draft, options.source, duplicates), (d) => {
      const item = byId.get(d.id);
      if (item) void openItemPage(item.file, true, vscode.ViewColumn.Beside);
    });
    if (!picked) return undefined;
    if (picked === 'create') return draft;
    if (picked === 'title') {
      const title = await vscode.window.showInputBox({ title: options.title, prompt: 'Title of the new item', value: draft.title, validateInput: (v) => (v.trim() ? undefined : 'A title is required') });
      if (title !== undefined) draft = { ...draft, title: title.trim() };
    } else if (picked === 'type') {
      const type = await vscode.window.showQuickPick(
        options.config.types.map((t) => ({ label: t, description: t === draft.type ? 'current' : undefined })),
        { title: options.title, placeHolder: 'Type of the new item' },
      );
      if (type) draft = { ...draft, type: type.label };
    } else if (picked === 'priority') {
      const none = 'No priority';
      const priority = await vscode.window.showQuickPick(
        [none, ...options.config.priorities].map((p) => ({ label: p, description: p === (draft.priority ?? none) ? 'current' : undefined })),
        { title: options.title, placeHolder: 'Priority of the new item' },
      );
      if (priority) draft = { ...draft, priority: priority.label === none ? undefined : priority.label };
    }
  }
}

function rows(draft: CaptureDraft, source: string, duplicates: readonly LikelyDuplicate[]): Row[] {
  const out: Row[] = [
    { label: '$(check) Create Item', description: inertText(source), detail: duplicateNote(duplicates), action: 'create' },
    { label: '$(edit) Title', description: inertText(draft.title), action: 'title' },
    { label: '$(symbol-enum) Type', description: inertText(draft.type ?? ''), action: 'type' },
    { label: '$(arrow-swap) Priority', description: draft.priority ? inertText(draft.priority) : 'none', action: 'priority' },
  ];
  if (duplicates.length > 0) {
    out.push({ label: 'Likely duplicates (pick one to open it beside)', kind: vscode.QuickPickItemKind.Separator, action: 'duplicate' });
    for (const d of duplicates.slice(0, 5)) {
      out.push({ label: `$(warning) ${d.id}`, description: inertText(d.title), detail: `${Math.round(d.similarity * 100)}% alike`, action: 'duplicate', duplicate: d });
    }
  }
  return out;
}

/** One pick; a duplicate row opens the item and keeps the pick open. */
function pickRow(title: string, items: Row[], openDuplicate: (d: LikelyDuplicate) => void): Promise<Row['action'] | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<Row>();
    pick.title = title;
    pick.placeholder = 'Enter creates the item; pick Title, Type or Priority to change it first';
    pick.items = items;
    pick.ignoreFocusOut = true;
    let done = false;
    const finish = (value: Row['action'] | undefined) => {
      if (done) return;
      done = true;
      resolve(value);
      pick.hide();
    };
    pick.onDidAccept(() => {
      const row = pick.selectedItems[0] ?? pick.activeItems[0];
      if (!row) return;
      if (row.action === 'duplicate' && row.duplicate) openDuplicate(row.duplicate);
      else finish(row.action);
    });
    pick.onDidHide(() => {
      finish(undefined);
      pick.dispose();
    });
    pick.show();
  });
}
