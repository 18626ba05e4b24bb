import * as vscode from 'vscode';
import { BacklogError } from '../core/backlog';

/**
 * What a refused write says in a workspace the user has not trusted. A cloned repository decides
 * what its `.backlog/`, reports and settings hold; until the user trusts it, the extension only
 * shows them (see "Untrusted workspaces" in the README).
 */
export const UNTRUSTED_REFUSAL =
  'This workspace is not trusted, so its backlog is read-only: nothing was written. Trust the workspace to edit items, capture TODOs or import test reports.';

/** True when the extension may write or run things for this workspace. */
export function workspaceTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

/** Throws the `read-only` refusal unless the workspace is trusted (for writes that bypass the store). */
export function requireTrust(): void {
  if (!workspaceTrusted()) throw new BacklogError(UNTRUSTED_REFUSAL, 'read-only');
}
