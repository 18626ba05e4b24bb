import { join } from 'node:path';
import * as vscode from 'vscode';
import { CommandId } from '../commands';
import { failingTestEntries } from '../core/testReports/failingTests';
import type { BacklogFolders } from '../store/backlogFolders';
import type { TreeSection } from '../tree/treeNodes';
import { registerCaptureFailedTest } from './captureFailedTest';
import { FailingTestsSection } from './failingTestsSection';
import { failingTestRef, registerFailingTestRowCommands } from './failingTestRowCommands';
import { registerImportTestReport } from './importReportCommand';
import { ReportWatcher } from './reportWatcher';
import { TestReportImporter, type ReportImport } from './testReportImporter';

/**
 * Failing tests → backlog items in the editor: report files imported when test runs write them,
 * Import Test Report…, Create Backlog Item from Failure in the Test Explorer, and a "Failing
 * tests" section in the Items tree.
 */
export function registerTestFailures(
  folders: BacklogFolders,
  addSection: (section: TreeSection) => vscode.Disposable,
): { readonly disposables: vscode.Disposable[]; readonly onDidImport: vscode.Event<ReportImport> } {
  const importer = new TestReportImporter();
  const section = new FailingTestsSection(folders);
  const disposables = [
    importer,
    new ReportWatcher(folders, importer),
    section,
    addSection(section),
    registerImportTestReport(folders, importer),
    registerCaptureFailedTest(folders, importer),
    registerOpenFailingLine(folders),
    ...registerFailingTestRowCommands(folders),
  ];
  return { disposables, onDidImport: importer.onDidImport };
}

/** Opens where an item's test failed (its failing-line link, else the test's definition). */
function registerOpenFailingLine(folders: BacklogFolders): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.OpenFailingLine, async (arg?: unknown) => {
    const ref = failingTestRef(arg);
    const folder = ref && folders.all().find((f) => f.backlog.root === ref.root);
    const item = ref && folder?.backlog.snapshot.byId.get(ref.id);
    if (!folder || !item) return;
    const entry = failingTestEntries([item], folder.backlog.snapshot.config)[0];
    const link = entry?.failingLine;
    if (!link) {
      void vscode.window.showInformationMessage(`Backlog: ${item.id} has no link to the failing line.`);
      return;
    }
    const line = Math.max(0, (link.line ?? 1) - 1);
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(join(folder.backlog.root, link.path)), { selection: new vscode.Range(line, 0, line, 0) });
    } catch {
      void vscode.window.showWarningMessage(`Backlog: ${link.path} could not be opened; the file may have moved since the failure.`);
    }
  });
}
