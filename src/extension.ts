import * as vscode from 'vscode';
import { registerBoard } from './board/registerBoard';
import { registerDeleteItem } from './items/deleteItem';
import { registerEditItem } from './items/editItem';
import { registerMoveItem } from './items/moveItem';
import { registerNewItem } from './items/newItem';
import { registerOpenItem } from './items/openItem';
import { BacklogFolders } from './store/backlogFolders';
import { registerBacklogCommands } from './store/initBacklog';
import { ProblemDiagnostics } from './store/problemDiagnostics';
import { ItemTreeView } from './tree/itemTreeView';
import type { TreeSection } from './tree/treeNodes';

/** What the extension hands to tests and to other extensions. */
export interface RepoBacklogApi {
  readonly folders: BacklogFolders;
  /** Adds a section (e.g. a TODO inbox) to the Items tree. */
  addTreeSection(section: TreeSection): vscode.Disposable;
  /** Milliseconds from activation to the backlog loaded and to the tree's first rendering of it. */
  readonly timings: { readonly loadedMs?: number; readonly treeReadyMs?: number };
}

/** Composition root: builds the store, the views and the commands, and wires them together. */
export async function activate(context: vscode.ExtensionContext): Promise<RepoBacklogApi> {
  const started = performance.now();
  const timings: { loadedMs?: number; treeReadyMs?: number } = {};
  const folders = new BacklogFolders();
  const treeView = new ItemTreeView(folders, context.workspaceState);
  const selection = { selectedItems: () => treeView.selectedItems() };
  context.subscriptions.push(
    folders,
    treeView,
    new ProblemDiagnostics(folders),
    ...registerBacklogCommands(folders),
    ...registerNewItem(folders, (root, id) => treeView.reveal(root, id)),
    ...registerOpenItem(folders, selection),
    ...registerEditItem(folders, selection),
    ...registerMoveItem(folders, selection),
    ...registerDeleteItem(folders, selection),
    ...registerBoard(context, folders),
  );
  const untilTreeReady = treeView.tree.onDidRenderItems(() => {
    timings.treeReadyMs ??= performance.now() - started;
    untilTreeReady.dispose();
  });
  context.subscriptions.push(untilTreeReady);
  await folders.whenReady();
  timings.loadedMs = performance.now() - started;
  return { folders, addTreeSection: (section) => treeView.tree.addSection(section), timings };
}

export function deactivate(): void {}
