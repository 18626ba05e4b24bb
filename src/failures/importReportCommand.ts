import * as vscode from 'vscode';
import { pickBacklogFolder } from '../items/itemTargets';
import type { BacklogFolders } from '../store/backlogFolders';
import { CommandId } from '../commands';
import { describeImport, type TestReportImporter } from './testReportImporter';
import { testReportSettings } from './testReportSettings';

/** Import Test Report…: reads report files the user picks into a backlog. */
export function registerImportTestReport(folders: BacklogFolders, importer: TestReportImporter): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.ImportTestReport, async (arg?: unknown) => {
    const picked =
      arg instanceof vscode.Uri
        ? [arg]
        : await vscode.window.showOpenDialog({
            canSelectMany: true,
            openLabel: 'Import',
            title: 'Import Test Report',
            defaultUri: folders.withBacklog()[0]?.folder.uri,
            filters: { 'Test reports (JUnit XML, NUnit, xUnit.net, TRX, TAP)': ['xml', 'trx', 'tap'], 'All files': ['*'] },
          });
    if (!picked || picked.length === 0) return;
    const target = folders.forUri(picked[0]) ?? (await pickBacklogFolder(folders));
    if (!target) return;
    if (target.backlog.snapshot.kind !== 'backlog') {
      void vscode.window.showWarningMessage(`Backlog: ${target.folder.name} has no backlog yet; run "Backlog: Initialize Backlog in Workspace" first.`);
      return;
    }
    const { result, errors } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Importing ${picked.length === 1 ? vscode.workspace.asRelativePath(picked[0], false) : `${picked.length} test reports`}…` },
      () => importer.import(target, picked, { closePassing: testReportSettings(target.folder).closePassing, reportIncomplete: true }),
    );
    for (const { error } of errors) void vscode.window.showErrorMessage(`Backlog: ${error.message}`);
    const read = result.reports.filter((r) => r.summary);
    if (read.length === 0) return;
    const tests = read.reduce((n, r) => n + r.summary!.tests, 0);
    const failed = read.reduce((n, r) => n + r.summary!.failed, 0);
    const unresolved = [...result.created, ...result.updated].filter((i) => i.unresolved.length > 0).length;
    const summary = `Backlog: ${tests} tests, ${failed} failed — ${describeImport(result)}${unresolved ? ` (${unresolved} with a location that could not be resolved)` : ''}.`;
    const warnings = read.flatMap((r) => r.summary!.warnings);
    if (warnings.length === 0) {
      void vscode.window.showInformationMessage(summary);
      return;
    }
    // Totals that disagree with the cases mean something may be missing: say so, not just "n failed".
    // Notifications render [text](link) as a link; report text must not make one.
    const shown = warnings.slice(0, 3).join(' ').replace(/\]\(/g, '] (');
    const more = warnings.length > 3 ? ` … and ${warnings.length - 3} more (see Problems).` : ' (see Problems)';
    void vscode.window.showWarningMessage(`${summary} ${warnings.length} warning${warnings.length === 1 ? '' : 's'}: ${shown}${more}`);
  });
}
