import { promises as fs, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { WorkspacePaths } from '../core/testReports/workspacePaths';

/** Folders whose files are never a test's definition or failing line. */
const EXCLUDE = '**/{node_modules,.git,.hg,.svn,.backlog,.venv,venv,__pycache__,.gradle,.m2,target,obj,bin,dist,out,build}/**';
const MAX_FILES = 200_000;
/** Reports arrive in bursts (a test run); the file list may be reused for that long. */
const FRESH_MS = 60_000;
const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

/**
 * The workspace files of one folder, for mapping the paths reports mention to workspace files.
 * Listed once and reused for a minute; a file created since is still found through a direct
 * existence check.
 */
export class WorkspaceFiles {
  private cached: { at: number; paths: Promise<WorkspacePaths> } | undefined;

  constructor(private readonly folder: vscode.WorkspaceFolder) {}

  paths(): Promise<WorkspacePaths> {
    if (!this.cached || Date.now() - this.cached.at > FRESH_MS) {
      const root = this.folder.uri.fsPath;
      const paths = Promise.resolve(vscode.workspace.findFiles(new vscode.RelativePattern(this.folder, '**/*'), EXCLUDE, MAX_FILES)).then(
        (uris) => new WorkspacePaths(uris.map((u) => vscode.workspace.asRelativePath(u, false)), (rel) => isFile(join(root, rel))),
      );
      const cached = { at: Date.now(), paths };
      this.cached = cached;
      // A failed listing must not stick for a minute.
      paths.catch(() => {
        if (this.cached === cached) this.cached = undefined;
      });
      return paths;
    }
    return this.cached.paths;
  }

  /** A workspace file's text, to find a test's line by its name; undefined when missing or huge. */
  readonly readText = async (relative: string): Promise<string | undefined> => {
    const file = join(this.folder.uri.fsPath, relative);
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile() || stat.size > MAX_SOURCE_BYTES) return undefined;
      return await fs.readFile(file, 'utf8');
    } catch {
      return undefined;
    }
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
