import * as vscode from 'vscode';
import { BacklogError } from '../core/backlog';
import type { Item } from '../core/item';
import type { BacklogFolders } from '../store/backlogFolders';

/**
 * Runs a store operation for a command and turns refusals into clear messages. A change on
 * disk since the view was drawn is refused by the store; the views already show the new state
 * (the watcher reloaded it), so the user can look and try again.
 */
export async function runItemOperation<T>(folders: BacklogFolders, what: string, operation: () => Promise<T>): Promise<T | undefined> {
  try {
    return await operation();
  } catch (e) {
    if (e instanceof BacklogError) {
      if (e.code === 'changed-on-disk') {
        await folders.reloadAll();
        void vscode.window.showWarningMessage(`Backlog: ${e.message}. The view now shows the file as it is on disk; nothing was written.`);
      } else {
        void vscode.window.showErrorMessage(`Backlog: ${e.message}`);
      }
      return undefined;
    }
    void vscode.window.showErrorMessage(`Backlog: ${what} failed: ${(e as Error).message}`);
    return undefined;
  }
}

/**
 * Unsaved edits to an item's file in an editor would be silently overwritten by a write from a
 * view (or would conflict on save); refuse instead and say how to proceed.
 */
export function refuseIfDirty(items: readonly Item[]): boolean {
  const dirty = items.filter((item) => vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.scheme === 'file' && d.uri.fsPath === item.file));
  if (dirty.length === 0) return false;
  void vscode.window.showWarningMessage(
    `Backlog: ${dirty.map((i) => i.id).join(', ')} ${dirty.length === 1 ? 'has' : 'have'} unsaved changes in the editor. Save or revert first, then try again.`,
  );
  return true;
}
