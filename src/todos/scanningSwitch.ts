// `repoBacklog.todos.enabled` off: the Untracked TODOs view must say so (and offer to turn it
// back on) instead of "no untracked comments", which would read as "your code is clean".
import * as vscode from 'vscode';
import { CommandId, ContextKey } from '../commands';
import type { BacklogFolders } from '../store/backlogFolders';
import { readTodoSettings, TODO_SETTINGS_SECTION } from './todoSettings';

const ENABLED = `${TODO_SETTINGS_SECTION}.enabled`;

/** True when every folder with a backlog has TODO scanning turned off (and there is one). */
export function scanningOffEverywhere(folders: BacklogFolders): boolean {
  const withBacklog = folders.withBacklog();
  return withBacklog.length > 0 && withBacklog.every((f) => !readTodoSettings(f.folder).enabled);
}

/**
 * Turns scanning on by removing each `false` that turns it off (folder, workspace and user
 * settings), so the default (on) applies again and no new value is written anywhere.
 */
export async function turnOnScanning(folders: BacklogFolders): Promise<void> {
  for (const { folder } of folders.withBacklog()) {
    const config = vscode.workspace.getConfiguration(TODO_SETTINGS_SECTION, folder.uri);
    const values = config.inspect<unknown>('enabled');
    if (values?.workspaceFolderValue === false) await config.update('enabled', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    if (values?.workspaceValue === false) await config.update('enabled', undefined, vscode.ConfigurationTarget.Workspace);
    if (values?.globalValue === false) await config.update('enabled', undefined, vscode.ConfigurationTarget.Global);
  }
}

/** Keeps {@link ContextKey.TodoScanningOff} current, and registers Turn On TODO Scanning. */
export function registerScanningSwitch(folders: BacklogFolders): vscode.Disposable[] {
  let off: boolean | undefined;
  const update = () => {
    const now = scanningOffEverywhere(folders);
    if (now !== off) void vscode.commands.executeCommand('setContext', ContextKey.TodoScanningOff, (off = now));
  };
  update();
  return [
    folders.onDidChange(update),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(ENABLED) && update()),
    vscode.workspace.onDidChangeWorkspaceFolders(update),
    vscode.commands.registerCommand(CommandId.TodoTurnOnScanning, () => turnOnScanning(folders)),
  ];
}
