import * as vscode from 'vscode';
import { BacklogError } from '../core/backlog';
import type { Item } from '../core/item';
import { captureFailedTest, type CapturedMessage, type CapturedPlace, type CapturedTest } from '../core/testReports/capturedFailure';
import { pickBacklogFolder } from '../items/itemTargets';
import { openItemPage } from '../items/openItem';
import { reviewCapture } from '../items/captureReview';
import type { BacklogFolder, BacklogFolders } from '../store/backlogFolders';
import { CommandId } from '../commands';
import type { TestReportImporter } from './testReportImporter';

/**
 * Create Backlog Item from Failure, on a test in the Test Explorer (`testing/item/context`: the
 * TestItem) or on a failure message in the test results and peek (`testing/message/context`:
 * `{ test, message }`). Works for tests of any extension: VS Code hands us a TestItem either way.
 * Resolves to the item (for callers such as tests), or undefined when nothing was done.
 */
export function registerCaptureFailedTest(folders: BacklogFolders, importer: TestReportImporter): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.CaptureFailedTest, async (arg?: unknown): Promise<Item | undefined> => {
    const { test, message } = testAndMessage(arg);
    if (!test) {
      void vscode.window.showInformationMessage('Backlog: right-click a failed test in the Test Explorer, or its failure message in the test results, to create an item from it.');
      return undefined;
    }
    // A file or suite shows as failed when a test in it failed, so the menu offers it too (no
    // context key tells groups from tests), but an item for the group would name no test.
    if (!message && test.children.size > 0) {
      void vscode.window.showInformationMessage(`Backlog: "${test.label}" is a group of ${test.children.size} tests; right-click the failed test in it to create an item for that test.`);
      return undefined;
    }
    const target = (test.uri && folders.forUri(test.uri)) || (await pickBacklogFolder(folders));
    if (!target) return undefined;
    if (target.backlog.snapshot.kind !== 'backlog') {
      void vscode.window.showWarningMessage(`Backlog: ${target.folder.name} has no backlog yet; run "Backlog: Initialize Backlog in Workspace" first.`);
      return undefined;
    }
    const files = importer.filesOf(target.folder);
    try {
      const { item, outcome } = await captureFailedTest(target.backlog, capturedTest(test, target), capturedMessage(message, target), {
        paths: await files.paths(),
        readText: files.readText,
        review: async (draft) => {
          const snapshot = target.backlog.snapshot;
          const edited = await reviewCapture({
            title: 'Create Backlog Item from Failure',
            source: test.label,
            draft: { title: draft.title, type: draft.type, priority: draft.priority },
            config: snapshot.config,
            items: snapshot.items,
          });
          return edited && { ...draft, ...edited };
        },
      });
      if (!item) return undefined;
      const verb = outcome === 'created' ? 'Created' : outcome === 'reopened' ? 'Failing again:' : 'Already tracked as';
      void vscode.window.showInformationMessage(`Backlog: ${verb} ${item.id} — ${item.title}`, 'Open').then((choice) => {
        if (choice) void openItemPage(item.file, false);
      });
      return item;
    } catch (e) {
      if (!(e instanceof BacklogError)) throw e;
      void vscode.window.showErrorMessage(`Backlog: ${e.message}`);
      return undefined;
    }
  });
}

function isTestItem(value: unknown): value is vscode.TestItem {
  return typeof value === 'object' && value !== null && typeof (value as vscode.TestItem).id === 'string' && typeof (value as vscode.TestItem).label === 'string';
}

function testAndMessage(arg: unknown): { test?: vscode.TestItem; message?: vscode.TestMessage } {
  if (isTestItem(arg)) return { test: arg };
  if (typeof arg === 'object' && arg !== null && 'message' in arg) {
    const { test, message } = arg as { test?: unknown; message?: vscode.TestMessage };
    return { ...(isTestItem(test) ? { test } : {}), ...(message ? { message } : {}) };
  }
  return {};
}

function capturedTest(test: vscode.TestItem, target: BacklogFolder): CapturedTest {
  const labels: string[] = [];
  for (let t: vscode.TestItem | undefined = test; t; t = t.parent) labels.unshift(t.label);
  return {
    labels,
    ...(test.uri ? { file: placePath(test.uri, target) } : {}),
    ...(test.range ? { line: test.range.start.line + 1 } : {}),
  };
}

function capturedMessage(message: vscode.TestMessage | undefined, target: BacklogFolder): CapturedMessage {
  if (!message) return { text: 'failed (captured from the Test Explorer without a failure message)' };
  const text = typeof message.message === 'string' ? message.message : message.message.value;
  const stack: (CapturedPlace & { label: string })[] = [];
  for (const frame of message.stackTrace ?? []) {
    if (frame.uri) stack.push({ label: frame.label, path: placePath(frame.uri, target), ...(frame.position ? { line: frame.position.line + 1 } : {}) });
  }
  return {
    text,
    ...(message.expectedOutput !== undefined ? { expected: message.expectedOutput } : {}),
    ...(message.actualOutput !== undefined ? { actual: message.actualOutput } : {}),
    ...(message.location ? { location: { path: placePath(message.location.uri, target), line: message.location.range.start.line + 1 } } : {}),
    ...(stack.length ? { stack } : {}),
  };
}

/** Workspace-relative inside the backlog's folder; otherwise the path as is (resolved like a report path). */
function placePath(uri: vscode.Uri, target: BacklogFolder): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return folder && folder.uri.toString() === target.folder.uri.toString() ? vscode.workspace.asRelativePath(uri, false) : uri.fsPath;
}
