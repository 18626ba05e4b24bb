import * as vscode from 'vscode';
import { pickBacklogFolder } from '../items/itemTargets';
import type { BacklogFolder, BacklogFolders } from '../store/backlogFolders';
import { inertPick } from '../common/inertView';
import { openItemPage } from '../items/openItem';
import { CommandId } from '../commands';
import { describeImport, type TestReportImporter } from './testReportImporter';
import { testReportSettings } from './testReportSettings';

/** Import Test Report…: reads report files the user picks into a backlog. */
export function registerImportTestReport(folders: BacklogFolders, importer: TestReportImporter): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.ImportTestReport, async (arg?: unknown) => {
    const picked = arg instanceof vscode.Uri ? [arg] : await pickReports(folders);
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
    const made = result.created.flatMap((c) => (c.id ? [c.id] : []));
    if (warnings.length === 0) {
      void showCreated(target, made, vscode.window.showInformationMessage, summary);
      return;
    }
    // Totals that disagree with the cases mean something may be missing: say so, not just "n failed".
    // Notifications render [text](link) as a link; report text must not make one.
    const shown = warnings.slice(0, 3).join(' ').replace(/\]\(/g, '] (');
    const more = warnings.length > 3 ? ` … and ${warnings.length - 3} more (see Problems).` : ' (see Problems)';
    void showCreated(target, made, vscode.window.showWarningMessage, `${summary} ${warnings.length} warning${warnings.length === 1 ? '' : 's'}: ${shown}${more}`);
  });
}

/** The message, with a button to the items the import made (the item page for one, a list for more). */
async function showCreated(target: BacklogFolder, ids: readonly string[], show: (message: string, ...buttons: string[]) => Thenable<string | undefined>, message: string): Promise<void> {
  const button = ids.length === 1 ? `Open ${ids[0]}` : ids.length > 1 ? `Show ${ids.length} New Items` : undefined;
  const choice = await (button ? show(message, button) : show(message));
  if (!choice) return;
  const items = ids.flatMap((id) => target.backlog.snapshot.byId.get(id) ?? []);
  if (items.length === 1) {
    await openItemPage(items[0].file, false);
    return;
  }
  const pick = await vscode.window.showQuickPick(
    items.map((item) => inertPick({ label: item.title, description: `${item.id}${item.priority ? ' · ' + item.priority : ''}`, item })),
    { title: 'Items made by the import', placeHolder: 'Open which item?', matchOnDescription: true },
  );
  if (pick) await openItemPage(pick.item.file, false);
}

/**
 * The report files the workspace holds (the auto-import globs), newest first, ticked; "Browse…"
 * opens a file dialog for a report elsewhere.
 */
async function pickReports(folders: BacklogFolders): Promise<readonly vscode.Uri[] | undefined> {
  const found: { uri: vscode.Uri; mtime: number }[] = [];
  for (const f of folders.withBacklog()) {
    const include = testReportSettings(f.folder).include;
    for (const glob of include) {
      for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(f.folder, glob), '**/node_modules/**', 200)) {
        if (found.some((x) => x.uri.toString() === uri.toString())) continue;
        const stat = await vscode.workspace.fs.stat(uri).then((s) => s, () => undefined);
        if (stat) found.push({ uri, mtime: stat.mtime });
      }
    }
  }
  found.sort((a, b) => b.mtime - a.mtime);
  const browse = { label: '$(folder-opened) Browse…', description: 'a report file elsewhere', uri: undefined as vscode.Uri | undefined, alwaysShow: true };
  let picks: (typeof browse)[] | undefined;
  if (found.length > 0) {
    picks = await vscode.window.showQuickPick(
      [
        ...found.map((r, i) => inertPick({ picked: i === 0, label: vscode.workspace.asRelativePath(r.uri, folders.withBacklog().length > 1), description: new Date(r.mtime).toLocaleString(), uri: r.uri, alwaysShow: false })),
        browse,
      ],
      { canPickMany: true, title: 'Import Test Report', placeHolder: 'Tick the reports to import (newest first), or Browse…', matchOnDescription: true },
    );
    if (!picks || picks.length === 0) return undefined;
    const chosen = picks.flatMap((p) => (p.uri ? [p.uri] : []));
    if (!picks.includes(browse)) return chosen;
    const more = await browseReports(folders);
    return more ? [...chosen, ...more] : chosen.length ? chosen : undefined;
  }
  return browseReports(folders);
}

function browseReports(folders: BacklogFolders): Thenable<vscode.Uri[] | undefined> {
  return vscode.window.showOpenDialog({
    canSelectMany: true,
    openLabel: 'Import',
    title: 'Import Test Report',
    defaultUri: folders.withBacklog()[0]?.folder.uri,
    filters: { 'Test reports (JUnit XML, NUnit, xUnit.net, TRX, TAP)': ['xml', 'trx', 'tap'], 'All files': ['*'] },
  });
}
