import * as vscode from 'vscode';
import { CommandId, ContextKey } from '../commands';
import type { BacklogFolders } from './backlogFolders';
import { runItemOperation } from '../items/itemOperation';
import { addMergeDriver } from './mergeDriverSetup';

/** Initialize Backlog, Refresh, Show Problems, and the context keys the welcome view uses. */
export function registerBacklogCommands(folders: BacklogFolders, extensionPath: string): vscode.Disposable[] {
  const updateContext = () => {
    const kinds = folders.all().map((f) => f.backlog.snapshot.kind);
    void vscode.commands.executeCommand('setContext', ContextKey.HasBacklog, kinds.includes('backlog'));
    void vscode.commands.executeCommand('setContext', ContextKey.HasBacklogMd, kinds.includes('backlog-md'));
  };
  updateContext();
  return [
    folders.onDidChange(updateContext),
    vscode.commands.registerCommand(CommandId.Init, async () => {
      const candidates = folders.all().filter((f) => f.backlog.snapshot.kind === 'missing');
      if (candidates.length === 0) {
        const reason = folders.all().length === 0 ? 'Open a folder first.' : 'Every workspace folder already has a .backlog/ folder.';
        void vscode.window.showInformationMessage(`Backlog: nothing to initialize. ${reason}`);
        return;
      }
      const folder =
        candidates.length === 1
          ? candidates[0]
          : (await vscode.window.showQuickPick(candidates.map((f) => ({ label: f.folder.name, description: f.folder.uri.fsPath, f })), { placeHolder: 'Create .backlog/ in which folder?' }))?.f;
      if (!folder) return;
      const snapshot = await runItemOperation(folders, 'Initialize', () => folder.backlog.init());
      if (snapshot) {
        // Item files then merge field by field in git instead of line by line.
        const merged = await addMergeDriver(folder, extensionPath).catch(() => false);
        void vscode.window.showInformationMessage(
          `Backlog: created .backlog/ in ${folder.folder.name} (ids look like ${snapshot.config.idPrefix}-7K3QM). Commit it${merged ? ' and .gitattributes' : ''} to share the backlog.`,
        );
      }
    }),
    vscode.commands.registerCommand(CommandId.Refresh, () => folders.reloadAll()),
    vscode.commands.registerCommand(CommandId.ShowProblems, () => vscode.commands.executeCommand('workbench.actions.view.problems')),
  ];
}
