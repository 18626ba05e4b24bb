import * as vscode from 'vscode';
import { samePath } from '../core/paths';

/** What the guard needs of an item, or of a dragged one: its id and file. */
export interface ItemFile {
  readonly id: string;
  readonly file: string;
}

/** What the guard needs of an open document; `vscode.TextDocument` fits. */
export interface OpenDocument {
  readonly isDirty: boolean;
  readonly uri: { readonly scheme: string; readonly fsPath: string };
}

/**
 * The items whose file is open in an editor with unsaved changes: a write from a view now would
 * be overwritten on save, or make the save conflict. Every view that writes (commands, tree drag
 * and drop, board) asks this one function. Paths are compared with `samePath`, since on Windows
 * the store's paths and VS Code's `fsPath` differ in separators and drive-letter case.
 */
export function itemsWithUnsavedEdits<T extends ItemFile>(items: readonly T[], documents: readonly OpenDocument[] = vscode.workspace.textDocuments): T[] {
  const dirty = documents.filter((d) => d.isDirty && d.uri.scheme === 'file').map((d) => d.uri.fsPath);
  if (dirty.length === 0) return [];
  return items.filter((item) => dirty.some((path) => samePath(path, item.file)));
}

/** The one way the refusal is worded, in a message box or in the board. */
export function unsavedEditsMessage(items: readonly ItemFile[]): string {
  return `${items.map((i) => i.id).join(', ')} ${items.length === 1 ? 'has' : 'have'} unsaved changes in an editor. Save or revert first; nothing was written.`;
}
