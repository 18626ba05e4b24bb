import * as vscode from 'vscode';
import type { BacklogFolders } from '../store/backlogFolders';
import type { TreeSection } from '../tree/treeNodes';
import { registerTodoCommands } from './captureCommands';
import { registerDismissCommands } from './dismissCommands';
import { registerScanningSwitch } from './scanningSwitch';
import { HAS_UNTRACKED_TODOS } from './todoCommands';
import { registerTodoEditorFeatures } from './todoEditorFeatures';
import { untrackedByFile, UntrackedTodosSection } from './untrackedTodosSection';
import { WorkspaceTodos } from './workspaceTodos';

/** If the tree never draws (the view is hidden), the scan still starts after this long. */
const START_AT_THE_LATEST_MS = 3000;

/**
 * The TODO feature: the workspace scan, the "Untracked TODOs" tree section, capture commands,
 * and the editor's CodeLens, quick fix, id links and hovers. The scan starts once `treeReady`
 * first fires (or a few seconds after activation), never on activation's critical path.
 */
export function registerTodos(folders: BacklogFolders, addSection: (section: TreeSection) => vscode.Disposable, treeReady?: vscode.Event<void>): vscode.Disposable[] {
  const workspace = new WorkspaceTodos(folders);
  const disposables: vscode.Disposable[] = [workspace];
  const start = () => {
    clearTimeout(timer);
    waiting?.dispose();
    // A macrotask later, so the tree's own rendering finishes first.
    setTimeout(() => workspace.start(), 0);
  };
  const waiting = treeReady?.(start);
  const timer = setTimeout(start, START_AT_THE_LATEST_MS);
  disposables.push({ dispose: () => clearTimeout(timer) }, ...(waiting ? [waiting] : []));
  const section = new UntrackedTodosSection(workspace);
  disposables.push(section, addSection(section));
  let hadUntracked: boolean | undefined;
  disposables.push(
    workspace.onDidChange(() => {
      const has = workspace.all().some((t) => t.state === 'ready' && untrackedByFile(t).length > 0);
      if (has !== hadUntracked) void vscode.commands.executeCommand('setContext', HAS_UNTRACKED_TODOS, (hadUntracked = has));
    }),
  );
  disposables.push(...registerScanningSwitch(folders), ...registerTodoCommands(workspace, folders), ...registerDismissCommands(workspace, folders), ...registerTodoEditorFeatures(workspace, folders));
  return disposables;
}
