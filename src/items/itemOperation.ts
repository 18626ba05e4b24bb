import * as vscode from 'vscode';
import { BacklogError } from '../core/backlog';
import type { BacklogFolders } from '../store/backlogFolders';
import { itemsWithUnsavedEdits, unsavedEditsMessage, type ItemFile } from './unsavedEditors';

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

/** Refuses (with a message) when any of the items has unsaved edits in an editor; see `itemsWithUnsavedEdits`. */
export function refuseIfDirty(items: readonly ItemFile[]): boolean {
  const dirty = itemsWithUnsavedEdits(items);
  if (dirty.length === 0) return false;
  void vscode.window.showWarningMessage(`Backlog: ${unsavedEditsMessage(dirty)}`);
  return true;
}
