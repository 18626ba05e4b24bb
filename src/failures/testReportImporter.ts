import { createReadStream, promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { importTestReports, type ReportInput, type TestImportResult } from '../core/testReports/importReports';
import type { ReportError } from '../core/testReports/testResult';
import type { BacklogFolder } from '../store/backlogFolders';
import { WorkspaceFiles } from './workspaceFiles';

/** What one import of report files did, per report file. */
export interface ReportImport {
  /** The report files this import was asked to read. */
  readonly reports: readonly vscode.Uri[];
  readonly result: TestImportResult;
  /** Reports that could not be used, by file. */
  readonly errors: readonly { readonly uri: vscode.Uri; readonly error: ReportError }[];
}

/**
 * Imports report files into a folder's backlog, one import at a time per folder (two imports
 * planned from the same snapshot would both create the item for a new failure), and shows
 * unusable reports as diagnostics on the report file.
 */
export class TestReportImporter extends Disposable {
  private readonly diagnostics = this._register(vscode.languages.createDiagnosticCollection('backlog-test-reports'));
  private readonly workspaceFiles = new Map<string, WorkspaceFiles>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly imported = this._register(new vscode.EventEmitter<ReportImport>());
  /** Fires after every import, whether it changed anything or not (also for tests to wait on). */
  readonly onDidImport = this.imported.event;

  /** The cached file list of a folder (shared with the Test Explorer capture). */
  filesOf(folder: vscode.WorkspaceFolder): WorkspaceFiles {
    const key = folder.uri.toString();
    let files = this.workspaceFiles.get(key);
    if (!files) this.workspaceFiles.set(key, (files = new WorkspaceFiles(folder)));
    return files;
  }

  /**
   * Reads `reports` and applies them to the folder's backlog. Errors of reports that are still
   * being written (`incomplete`) are left to the caller unless `reportIncomplete` is set.
   */
  import(target: BacklogFolder, reports: readonly vscode.Uri[], options: { closePassing: boolean; reportIncomplete: boolean }): Promise<ReportImport> {
    const key = target.folder.uri.toString();
    const run = (this.queues.get(key) ?? Promise.resolve()).then(async () => {
      const done = await this.run(target, reports, options);
      this.imported.fire(done);
      return done;
    });
    this.queues.set(key, run.catch(() => undefined));
    return run;
  }

  /** Shows a report's problem on the report file, at its line. */
  showError(uri: vscode.Uri, error: ReportError): void {
    const line = Math.max(0, (error.line ?? 1) - 1);
    const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), `Test report not imported: ${error.reason}`, vscode.DiagnosticSeverity.Error);
    d.source = 'backlog';
    this.diagnostics.set(uri, [d]);
  }

  clear(uri: vscode.Uri): void {
    this.diagnostics.delete(uri);
  }

  /**
   * Shows a report's warnings (totals that disagree with its cases, text that was cut) on the
   * report file, at their lines; a report read without warnings is cleared.
   */
  private showWarnings(uri: vscode.Uri, report: string, warnings: readonly string[]): void {
    if (warnings.length === 0) {
      this.clear(uri);
      return;
    }
    this.diagnostics.set(
      uri,
      warnings.map((w) => {
        // Warnings read "<report>:<line>: <text>" (or "<report>: <text>").
        const rest = w.startsWith(report + ':') ? w.slice(report.length + 1) : w;
        const m = /^(\d+): ([\s\S]*)$/.exec(rest);
        const line = m ? Math.max(0, Number(m[1]) - 1) : 0;
        const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), `Test report: ${(m ? m[2] : rest).trim()}`, vscode.DiagnosticSeverity.Warning);
        d.source = 'backlog';
        return d;
      }),
    );
  }

  private async run(target: BacklogFolder, reports: readonly vscode.Uri[], options: { closePassing: boolean; reportIncomplete: boolean }): Promise<ReportImport> {
    const files = this.filesOf(target.folder);
    const byName = new Map<string, vscode.Uri>();
    const inputs: ReportInput[] = [];
    for (const uri of reports) {
      const name = vscode.workspace.getWorkspaceFolder(uri) ? vscode.workspace.asRelativePath(uri, false) : uri.fsPath;
      byName.set(name, uri);
      const stat = await fs.stat(uri.fsPath).catch(() => undefined);
      // Deleted since the change event (a runner replacing its report): nothing to say about it.
      if (!stat && !options.reportIncomplete) {
        this.clear(uri);
        continue;
      }
      inputs.push({ name, open: () => createReadStream(uri.fsPath, { highWaterMark: 1 << 20 }), ...(stat ? { modifiedAt: stat.mtime } : {}) });
    }
    const result = await importTestReports(target.backlog, inputs, { paths: await files.paths(), readText: files.readText, closePassing: options.closePassing });
    const errors: { uri: vscode.Uri; error: ReportError }[] = [];
    for (const r of result.reports) {
      const uri = byName.get(r.report);
      if (!uri) continue;
      if (r.error) {
        errors.push({ uri, error: r.error });
        if (!r.error.incomplete || options.reportIncomplete) this.showError(uri, r.error);
      } else this.showWarnings(uri, r.report, r.summary?.warnings ?? []);
    }
    return { reports, result, errors };
  }
}

/** "2 new, 1 updated, 1 passing again" — what an import changed, for a status line or message. */
export function describeImport(result: TestImportResult): string {
  const parts = [
    result.created.length ? `${result.created.length} new` : '',
    result.updated.length ? `${result.updated.length} updated` : '',
    result.passingAgain.length ? `${result.passingAgain.length} passing again` : '',
    result.failedWrites.length ? `${result.failedWrites.length} not written` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no changes';
}
