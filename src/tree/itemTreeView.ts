import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { CommandId, InternalCommandId, ViewId } from '../commands';
import type { BacklogFolders } from '../store/backlogFolders';
import { BacklogTree } from './backlogTree';
import { ItemDragAndDrop } from './dragAndDrop';
import type { HiddenBy } from './treeModel';
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
    // With a query as argument (a command link, a test) the filter is set without asking.
    this._register(vscode.commands.registerCommand(CommandId.Filter, (query?: unknown) => (typeof query === 'string' ? this.tree.setFilter(query) : this.editFilter())));
    this._register(vscode.commands.registerCommand(CommandId.ClearFilter, () => this.tree.setFilter('')));
    this._register(vscode.commands.registerCommand(CommandId.ShowDone, () => viewState.setShowDone(true)));
    this._register(vscode.commands.registerCommand(CommandId.HideDone, () => viewState.setShowDone(false)));
  }

  /** Selected nodes, for commands run from a keybinding. */
  selectedItems(): readonly BacklogNode[] {
    return this.view.selection;
  }

  /**
   * Selects an item in the tree. When the filter or hidden done items keep it out, says so and
   * offers to show it: like the Explorer, which never drops the user's excludes to reveal a file,
   * the view's filter is the user's to clear.
   */
  async reveal(root: string, id: string): Promise<void> {
    const hidden = this.tree.hiddenBy(root, id);
    if (hidden.length > 0 && !(await this.offerToShow(id, hidden))) return;
    // The tree re-renders after the store publishes (or the filter changes); give it a moment to produce the node.
    for (let attempt = 0; attempt < 40; attempt++) {
      const node = this.tree.itemNode(root, id);
      if (node) {
        await this.view.reveal(node, { select: true, focus: false, expand: true });
        return;
      }
      this.tree.ensureShown(root, id);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** True when the user chose to clear what hides the item (and it is cleared). */
  private async offerToShow(id: string, hidden: readonly HiddenBy[]): Promise<boolean> {
    const filter = hidden.includes('filter');
    const done = hidden.includes('done');
    const why = filter && done ? 'the filter and hidden done items keep it out' : filter ? 'the filter keeps it out' : 'it is done and done items are hidden';
    const action = filter && done ? 'Clear Filter and Show Done' : filter ? 'Clear Filter' : 'Show Done Items';
    // `id` is a checked item id (letters, digits, a dash): nothing in it renders as a link.
    const choice = await vscode.window.showInformationMessage(`Backlog: ${id} is not in the Items view: ${why}.`, action);
    if (choice !== action) return false;
    if (filter) await this.tree.setFilter('');
    if (done) await this.tree.state.setShowDone(true);
    return true;
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
