import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { CommandId, InternalCommandId, ViewId } from '../commands';
import type { BacklogFolders } from '../store/backlogFolders';
import { BacklogTree } from './backlogTree';
import { ItemDragAndDrop } from './dragAndDrop';
import type { BacklogNode } from './treeNodes';
import { TreeViewState, type TreeGrouping } from './treeViewState';

const GROUPINGS: { value: TreeGrouping; label: string }[] = [
  { value: 'status', label: 'Status' },
  { value: 'type', label: 'Type' },
  { value: 'priority', label: 'Priority' },
  { value: 'sprint', label: 'Sprint' },
  { value: 'parent', label: 'Parent (epics hold their children, with progress)' },
  { value: 'none', label: 'None (one ranked list)' },
];

/** The Items view: the tree, its drag and drop, its title-bar commands and its filter. */
export class ItemTreeView extends Disposable {
  readonly tree: BacklogTree;
  readonly view: vscode.TreeView<BacklogNode>;

  constructor(folders: BacklogFolders, state: vscode.Memento) {
    super();
    // Before view state moved to the Memento it was a `repoBacklog.tree.*` setting: read it once.
    const legacy = vscode.workspace.getConfiguration('repoBacklog.tree');
    const viewState = new TreeViewState(state, { groupBy: legacy.get('groupBy'), showDone: legacy.get('showDone') });
    this.tree = this._register(new BacklogTree(folders, viewState));
    this.view = this._register(
      vscode.window.createTreeView(ViewId.Items, {
        treeDataProvider: this.tree,
        dragAndDropController: new ItemDragAndDrop(folders),
        canSelectMany: true,
        showCollapseAll: true,
      }),
    );
    this._register(this.tree.onDidChangeTreeData(() => this.updateTitle()));
    this.updateTitle();
    this._register(vscode.commands.registerCommand(CommandId.GroupBy, () => this.chooseGrouping()));
    this._register(vscode.commands.registerCommand(InternalCommandId.ShowMore, (groupKey: unknown) => typeof groupKey === 'string' && this.tree.showMore(groupKey)));
    this._register(vscode.commands.registerCommand(CommandId.Filter, () => this.editFilter()));
    this._register(vscode.commands.registerCommand(CommandId.ClearFilter, () => this.tree.setFilter('')));
    this._register(vscode.commands.registerCommand(CommandId.ShowDone, () => viewState.setShowDone(true)));
    this._register(vscode.commands.registerCommand(CommandId.HideDone, () => viewState.setShowDone(false)));
  }

  /** Selected nodes, for commands run from a keybinding. */
  selectedItems(): readonly BacklogNode[] {
    return this.view.selection;
  }

  async reveal(root: string, id: string): Promise<void> {
    // The tree re-renders after the store publishes; give it a moment to produce the node.
    for (let attempt = 0; attempt < 10; attempt++) {
      const node = this.tree.itemNode(root, id);
      if (node) {
        await this.view.reveal(node, { select: true, focus: false, expand: true });
        return;
      }
      this.tree.ensureShown(root, id);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private updateTitle(): void {
    const filter = this.tree.filter;
    this.view.description = filter ? `filter: ${filter}` : undefined;
    // The title's description is cut short at the default width: the message above the rows says it in full.
    const shown = filter ? this.tree.visibleItemCount() : 0;
    this.view.message = !filter ? undefined : shown === 0 ? `No items match "${filter}".` : `Filtered by "${filter}": ${shown} item${shown === 1 ? '' : 's'}.`;
  }

  private async chooseGrouping(): Promise<void> {
    const current = this.tree.groupBy;
    const pick = await vscode.window.showQuickPick(
      GROUPINGS.map((g) => ({ ...g, description: g.value === current ? 'current' : undefined })),
      { placeHolder: 'Group backlog items by' },
    );
    if (pick) await this.tree.state.setGroupBy(pick.value);
  }

  private async editFilter(): Promise<void> {
    const text = await vscode.window.showInputBox({
      title: 'Filter Backlog Items',
      value: this.tree.filter,
      placeHolder: 'words, type:bug, label:ui, priority:must, assignee:ana, sprint:"Sprint 3", is:open, -status:Done',
      prompt: 'Words match titles, ids, labels and assignees; key:value narrows; a leading - excludes.',
    });
    if (text !== undefined) await this.tree.setFilter(text);
  }
}
