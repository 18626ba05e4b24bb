import type * as vscode from 'vscode';
import { registerBacklogMcpServers } from './agents/backlogMcpServers';
import { registerBoard } from './board/registerBoard';
import { registerTestFailures } from './failures/registerTestFailures';
import type { ReportImport } from './failures/testReportImporter';
import { registerDeleteItem } from './items/deleteItem';
import { registerEditItem } from './items/editItem';
import { registerMoveItem } from './items/moveItem';
import { registerNewItem } from './items/newItem';
import { registerOpenItem } from './items/openItem';
import { registerItemPage } from './itemPage/registerItemPage';
import { registerForecast } from './planning/forecastCommands';
import { registerPlanning } from './planning/registerPlanning';
import { BacklogFolders } from './store/backlogFolders';
import { registerBacklogCommands } from './store/initBacklog';
import { registerMergeDriverSetup } from './store/mergeDriverSetup';
import { ProblemDiagnostics } from './store/problemDiagnostics';
import { registerTodos } from './todos/registerTodos';
import { ViewId } from './commands';
import { ItemTreeView } from './tree/itemTreeView';
import { ProblemsSection } from './tree/problemsSection';
import { SectionView } from './tree/sectionView';
import type { TreeSection } from './tree/treeNodes';

/** What the extension hands to tests and to other extensions. */
export interface RepoBacklogApi {
  readonly folders: BacklogFolders;
  /** Fires after each import of test report files (by the report watcher or Import Test Report…). */
  readonly onDidImportTestReports: vscode.Event<ReportImport>;
  /** `performance.now()` when activation started, the backlog was loaded, and the tree first rendered items. */
  readonly timings: { readonly activationStart: number; readonly loadedAt?: number; readonly treeReadyAt?: number };
}

/** Composition root: builds the store, the views and the commands, and wires them together. */
export async function activate(context: vscode.ExtensionContext): Promise<RepoBacklogApi> {
  const timings: { activationStart: number; loadedAt?: number; treeReadyAt?: number } = { activationStart: performance.now() };
  const folders = new BacklogFolders();
  const treeView = new ItemTreeView(folders, context.workspaceState);
  const selection = { selectedItems: () => treeView.selectedItems() };
  context.subscriptions.push(
    folders,
    treeView,
    new ProblemDiagnostics(folders),
    ...registerBacklogCommands(folders, context.extensionPath),
    ...registerMergeDriverSetup(folders, context.extensionPath),
    ...registerNewItem(folders, (root, id) => treeView.reveal(root, id)),
    ...registerOpenItem(folders, selection, (root, id) => treeView.reveal(root, id)),
    ...registerEditItem(folders, selection),
    ...registerMoveItem(folders, selection),
    ...registerDeleteItem(folders, selection),
    ...registerBoard(context, folders),
    ...registerItemPage(context, folders),
    ...registerPlanning(folders),
    ...registerForecast(folders),
    ...registerBacklogMcpServers(folders, context.extensionPath),
  );
  // The TODO inbox, failing tests and problems each get a view of their own in the container.
  const viewOf = (viewId: string, options?: ConstructorParameters<typeof SectionView>[3]) => (section: TreeSection) => new SectionView(viewId, folders, section, options);
  const problems = new ProblemsSection(folders);
  context.subscriptions.push(problems, viewOf(ViewId.Problems, { badge: (n) => `${n} problem${n === 1 ? '' : 's'} in .backlog/` })(problems));
  const testFailures = registerTestFailures(folders, viewOf(ViewId.FailingTests));
  context.subscriptions.push(...testFailures.disposables);
  // The TODO scan starts once the tree has drawn: never on activation's critical path.
  context.subscriptions.push(...registerTodos(folders, viewOf(ViewId.Todos), treeView.tree.onDidRenderItems));
  const untilTreeReady = treeView.tree.onDidRenderItems(() => {
    timings.treeReadyAt ??= performance.now();
    untilTreeReady.dispose();
  });
  context.subscriptions.push(untilTreeReady);
  await folders.whenReady();
  timings.loadedAt = performance.now();
  return { folders, onDidImportTestReports: testFailures.onDidImport, timings };
}

export function deactivate(): void {}
