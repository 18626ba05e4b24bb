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
      if (e.code === 'read-only') {
        void showReadOnly(e.message);
      } else if (e.code === 'changed-on-disk') {
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

/** A refused write in an untrusted workspace: a warning with the way out, not an error. */
async function showReadOnly(message: string): Promise<void> {
  const manage = 'Manage Workspace Trust';
  if ((await vscode.window.showWarningMessage(`Backlog: ${message}`, manage)) === manage) await vscode.commands.executeCommand('workbench.trust.manage');
}

/** Refuses (with a message) when any of the items has unsaved edits in an editor; see `itemsWithUnsavedEdits`. */
export function refuseIfDirty(items: readonly ItemFile[]): boolean {
  const dirty = itemsWithUnsavedEdits(items);
  if (dirty.length === 0) return false;
  void vscode.window.showWarningMessage(`Backlog: ${unsavedEditsMessage(dirty)}`);
  return true;
}
