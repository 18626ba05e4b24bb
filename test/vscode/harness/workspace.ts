import { join } from 'node:path';
import * as vscode from 'vscode';

/**
 * Absolute path of the opened workspace folder: a temp copy of test/fixtures/workspace, so tests
 * may change files in it. Works for local (desktop) and remote (code-server) workspace URIs.
 */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open; the tests expect the fixture workspace');
  return folder.uri.fsPath;
}

/** Path of the fixture's `.backlog/` folder, or of a file inside it. */
export function backlogPath(...parts: string[]): string {
  return join(workspaceRoot(), '.backlog', ...parts);
}
