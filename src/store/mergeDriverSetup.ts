import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ATTRIBUTES_LINE, driverCommand, gitTopLevel, setUpMergeDriver } from '../node/gitMergeDriver';
import type { BacklogFolder, BacklogFolders } from './backlogFolders';
import { workspaceTrusted } from './workspaceTrust';

/**
 * Keeps this clone's git config pointing at the bundled merge driver for every folder whose
 * `.gitattributes` asks for it (the path changes when the extension updates). Initialize adds the
 * attributes line itself. Setting `repoBacklog.git.mergeDriver` to false turns this off.
 */
export function registerMergeDriverSetup(folders: BacklogFolders, extensionPath: string): vscode.Disposable[] {
  const command = driverCommand(process.execPath, join(extensionPath, 'dist', 'cli.js'), !!process.versions.electron);
  const done = new Set<string>();
  const enabled = () => vscode.workspace.getConfiguration('repoBacklog.git').get<boolean>('mergeDriver', true);
  const configure = async (folder: BacklogFolder, addAttributes: boolean) => {
    const root = folder.backlog.root;
    // Runs git and writes this clone's git config: only for a workspace the user trusts.
    if (!workspaceTrusted() || !enabled() || folder.backlog.snapshot.kind !== 'backlog') return;
    if (!addAttributes) {
      const attributes = await readFile(join(root, '.gitattributes'), 'utf8').catch(() => '');
      if (!attributes.split(/\r?\n/).some((l) => l.trim() === ATTRIBUTES_LINE)) return;
    }
    if (!(await gitTopLevel(root))) return;
    try {
      await setUpMergeDriver(root, command, { attributes: addAttributes });
    } catch (e) {
      void vscode.window.showWarningMessage(`Backlog: could not set up the git merge driver in ${folder.folder.name}: ${(e as Error).message}`);
    }
  };
  const sweep = () => {
    for (const folder of folders.withBacklog()) {
      if (done.has(folder.backlog.root)) continue;
      done.add(folder.backlog.root);
      void configure(folder, false);
    }
  };
  const sweepWhenTrusted = () => workspaceTrusted() && sweep();
  sweepWhenTrusted();
  return [folders.onDidChange(sweepWhenTrusted), vscode.workspace.onDidGrantWorkspaceTrust(sweepWhenTrusted)];
}

/** For Initialize: the attributes line and this clone's config, when the folder is in git. */
export async function addMergeDriver(folder: BacklogFolder, extensionPath: string): Promise<boolean> {
  if (!workspaceTrusted() || !vscode.workspace.getConfiguration('repoBacklog.git').get<boolean>('mergeDriver', true) || !(await gitTopLevel(folder.backlog.root))) return false;
  await setUpMergeDriver(folder.backlog.root, driverCommand(process.execPath, join(extensionPath, 'dist', 'cli.js'), !!process.versions.electron));
  return true;
}
