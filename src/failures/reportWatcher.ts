import { promises as fs } from 'node:fs';
import { join, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { BacklogFolders } from '../store/backlogFolders';
import { describeImport, type TestReportImporter } from './testReportImporter';
import { SETTINGS_SECTION, testReportSettings } from './testReportSettings';
import { workspaceTrusted } from '../store/workspaceTrust';

/** Runners write a report in several chunks; wait this long after the last change. */
const SETTLE_MS = 500;
/** A report still unfinished after this long without a change is truncated, not being written. */
const INCOMPLETE_GRACE_MS = 5_000;
/** Reports that belong to dependencies or to us, never to the workspace's own test runs. */
const IGNORED = /[\\/](?:node_modules|\.git|\.backlog)(?:[\\/]|$)/;
/** How many entries of a newly created folder are looked at for reports. */
const MAX_NEW_FOLDER_ENTRIES = 2_000;

/**
 * Imports report files matching `repoBacklog.testReports.include` whenever a test run writes
 * them, in every workspace folder with a backlog. Reports already on disk at start-up are left
 * alone: only a new run says something about today.
 */
export class ReportWatcher extends Disposable {
  private watchers: vscode.Disposable[] = [];
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly folders: BacklogFolders, private readonly importer: TestReportImporter) {
    super();
    this._register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(SETTINGS_SECTION) && this.watch()));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.watch()));
    this._register({
      dispose: () => {
        for (const w of this.watchers) w.dispose();
        for (const t of this.timers.values()) clearTimeout(t);
      },
    });
    // Auto import writes items from files a test run (or a clone) put there: trusted workspaces only.
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.watch()));
    this.watch();
  }

  private watch(): void {
    for (const w of this.watchers.splice(0)) w.dispose();
    if (!workspaceTrusted()) return;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const settings = testReportSettings(folder);
      if (!settings.autoImport) continue;
      for (const glob of settings.include) {
        const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, glob));
        watcher.onDidCreate((uri) => this.schedule(uri, SETTLE_MS, false));
        watcher.onDidChange((uri) => this.schedule(uri, SETTLE_MS, false));
        watcher.onDidDelete((uri) => {
          this.cancel(uri);
          this.importer.clear(uri);
        });
        this.watchers.push(watcher);
      }
      // A runner that creates its output folder (jest-junit's `reports/`) writes the report right
      // after: the watcher may announce only the folder, so new folders are searched for reports.
      const matches = picomatch(settings.include as string[], { dot: true });
      const folders = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'), false, true, true);
      folders.onDidCreate((uri) => void this.searchNewFolder(folder, uri, matches));
      this.watchers.push(folders);
    }
  }

  private async searchNewFolder(folder: vscode.WorkspaceFolder, uri: vscode.Uri, matches: (path: string) => boolean): Promise<void> {
    if (IGNORED.test(uri.fsPath)) return;
    const stat = await fs.stat(uri.fsPath).catch(() => undefined);
    if (!stat?.isDirectory()) return;
    const queue = [uri.fsPath];
    let seen = 0;
    while (queue.length > 0 && seen < MAX_NEW_FOLDER_ENTRIES) {
      const dir = queue.shift()!;
      const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        if (++seen > MAX_NEW_FOLDER_ENTRIES) break;
        const full = join(dir, e.name);
        if (e.isDirectory()) queue.push(full);
        else if (e.isFile() && matches(relative(folder.uri.fsPath, full).split(sep).join('/'))) this.schedule(vscode.Uri.file(full), SETTLE_MS, false);
      }
    }
  }

  private schedule(uri: vscode.Uri, delay: number, finalTry: boolean): void {
    if (IGNORED.test(uri.fsPath)) return;
    this.cancel(uri);
    this.timers.set(
      uri.toString(),
      setTimeout(() => {
        this.timers.delete(uri.toString());
        void this.importChanged(uri, finalTry);
      }, delay),
    );
  }

  private cancel(uri: vscode.Uri): void {
    clearTimeout(this.timers.get(uri.toString()));
    this.timers.delete(uri.toString());
  }

  private async importChanged(uri: vscode.Uri, finalTry: boolean): Promise<void> {
    const target = this.folders.forUri(uri);
    if (!target || target.backlog.snapshot.kind !== 'backlog') return;
    const settings = testReportSettings(target.folder);
    if (!settings.autoImport || !workspaceTrusted()) return;
    try {
      const { result, errors } = await this.importer.import(target, [uri], { closePassing: settings.closePassing, reportIncomplete: finalTry });
      // Half-written: the runner's next write brings a change event; if none comes, look once more.
      if (!finalTry && errors.some((e) => e.error.incomplete)) this.schedule(uri, INCOMPLETE_GRACE_MS, true);
      const changed = result.created.length + result.updated.length + result.passingAgain.length + result.failedWrites.length;
      if (changed > 0) vscode.window.setStatusBarMessage(`$(beaker) Backlog: ${vscode.workspace.asRelativePath(uri, false)}: ${describeImport(result)}`, 8_000);
    } catch (e) {
      void vscode.window.showErrorMessage(`Backlog: could not import ${vscode.workspace.asRelativePath(uri, false)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
