import * as vscode from 'vscode';
import type { ItemQuery } from '../core/query';
import { parseQuery } from '../core/query';
import { Disposable } from '../common/lifecycle';
import { ContextKey, InternalCommandId } from '../commands';
import type { BacklogFolder, BacklogFolders } from '../store/backlogFolders';
import { groupTreeItem, itemTooltip, itemTreeItem } from './itemTreeItems';
import { buildParentTree, buildTreeModel, whatHides, type HiddenBy, type ParentTree } from './treeModel';
import type { Item } from '../core/item';
import type { BacklogNode } from './treeNodes';
import type { TreeGrouping, TreeViewState } from './treeViewState';
import { inertMarkdown, inertTreeItem } from '../common/inertView';

/**
 * Items a group shows before a "Show more…" row. VS Code resolves every child of an expanded node
 * at once, so a 10,000-item backlog would otherwise make the tree wait for thousands of rows
 * nobody scrolls to.
 */
export const GROUP_PAGE_SIZE = 200;

/**
 * The Items view: each folder's items grouped (by status by default) in rank order. The TODO
 * inbox, failing tests and problems are views of their own (see SectionView).
 */
export class BacklogTree extends Disposable implements vscode.TreeDataProvider<BacklogNode> {
  private readonly changed = this._register(new vscode.EventEmitter<BacklogNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly rendered = this._register(new vscode.EventEmitter<void>());
  /** Fires after the tree handed VS Code the items of a group (used to time "tree ready"). */
  readonly onDidRenderItems = this.rendered.event;
  private query: ItemQuery | undefined;
  /** Nodes by key from the last render, so `reveal` and `getParent` can find them. */
  private readonly nodes = new Map<string, BacklogNode>();
  /** Per folder root, the nesting of the last Group by Parent render. */
  private readonly parentTrees = new Map<string, ParentTree>();
  /** How many items each long group shows, by group key (grows with "Show more…"). */
  private readonly shownPerGroup = new Map<string, number>();

  constructor(
    private readonly folders: BacklogFolders,
    readonly state: TreeViewState,
  ) {
    super();
    this.query = state.filter ? parseQuery(state.filter) : undefined;
    this._register(folders.onDidChange(() => this.changed.fire(undefined)));
    this._register(
      state.onDidChange(() => {
        this.query = state.filter ? parseQuery(state.filter) : undefined;
        void this.updateContext();
        this.changed.fire(undefined);
      }),
    );
    void this.updateContext();
  }

  get groupBy(): TreeGrouping {
    return this.state.groupBy;
  }

  get hideDone(): boolean {
    return !this.state.showDone;
  }

  get filter(): string {
    return this.state.filter;
  }

  setFilter(text: string): Promise<void> {
    return this.state.setFilter(text);
  }

  /** How many items pass the current filter, across folders. */
  visibleItemCount(): number {
    let n = 0;
    for (const f of this.folders.withBacklog()) {
      for (const g of buildTreeModel(f.backlog.snapshot, { groupBy: 'none', query: this.query, hideDone: this.hideDone })) n += g.items.length;
    }
    return n;
  }

  /** The "Show more…" row: one more page of the group. */
  showMore(groupKey: string): void {
    this.shownPerGroup.set(groupKey, (this.shownPerGroup.get(groupKey) ?? GROUP_PAGE_SIZE) + GROUP_PAGE_SIZE);
    this.changed.fire(this.nodes.get(groupKey));
  }

  /** Makes sure a long group shows this item (e.g. a new item at the bottom), so it can be revealed. */
  ensureShown(root: string, id: string): boolean {
    for (const node of this.nodes.values()) {
      if (node.kind !== 'group' || node.folder.backlog.root !== root) continue;
      const at = node.group.items.findIndex((i) => i.id === id);
      if (at === -1) continue;
      const limit = this.shownPerGroup.get(node.key) ?? GROUP_PAGE_SIZE;
      if (at < limit) return false;
      this.shownPerGroup.set(node.key, Math.ceil((at + 1) / GROUP_PAGE_SIZE) * GROUP_PAGE_SIZE);
      this.changed.fire(node);
      return true;
    }
    return false;
  }

  /** Why the tree does not show this item (empty: it does, or the item is not loaded yet). */
  hiddenBy(root: string, id: string): HiddenBy[] {
    const snapshot = this.folders.withBacklog().find((f) => f.backlog.root === root)?.backlog.snapshot;
    const item = snapshot?.byId.get(id);
    if (!snapshot || !item) return [];
    return whatHides(snapshot, item, { query: this.query, hideDone: this.hideDone, nested: this.groupBy === 'parent' });
  }

  /**
   * The node showing this item (for `TreeView.reveal`). VS Code asks only for the children of
   * expanded rows, so an item in a collapsed group (Done is collapsed by default) or under a
   * collapsed parent has no node yet: it is made from the rendered row above it, with the key
   * VS Code will find it by when it expands that row to reveal it.
   */
  itemNode(root: string, id: string): BacklogNode | undefined {
    const find = () => {
      for (const node of this.nodes.values()) if (node.kind === 'item' && node.root === root && node.id === id) return node;
      return undefined;
    };
    const rendered = find();
    if (rendered) return rendered;
    const snapshot = this.folders.withBacklog().find((f) => f.backlog.root === root)?.backlog.snapshot;
    const item = snapshot?.byId.get(id);
    if (!snapshot || !item) return undefined;
    const ancestors = new Set(snapshot.relations.ancestors(item).map((a) => a.id));
    const holds = (n: BacklogNode) => (n.kind === 'group' && n.folder.backlog.root === root && n.group.items.some((i) => i.id === id)) || (n.kind === 'item' && n.root === root && ancestors.has(n.id));
    // Top-down (the map keeps render order): the group holding it, or each parent above it in turn.
    const opened = new Set<string>();
    for (;;) {
      const next = [...this.nodes.values()].find((n) => !opened.has(n.key) && holds(n));
      if (!next) return undefined;
      opened.add(next.key);
      this.getChildren(next);
      const made = find();
      if (made) return made;
    }
  }

  /** Every row, of every section, is made inert here: one place for the whole tree. */
  getTreeItem(node: BacklogNode): vscode.TreeItem {
    return inertTreeItem(this.treeItem(node));
  }

  private treeItem(node: BacklogNode): vscode.TreeItem {
    switch (node.kind) {
      case 'folder': {
        const t = new vscode.TreeItem(node.folder.folder.name, vscode.TreeItemCollapsibleState.Expanded);
        t.id = node.key;
        t.iconPath = new vscode.ThemeIcon('root-folder');
        const s = node.folder.backlog.snapshot;
        t.description = s.kind === 'backlog' ? `${s.items.length} items` : s.kind === 'backlog-md' ? 'Backlog.md project (not ours, left untouched)' : 'no backlog';
        t.contextValue = `folder folder:${s.kind}`;
        return t;
      }
      case 'group':
        return groupTreeItem(node.group, node.folder.backlog.snapshot, node.key, this.query !== undefined);
      case 'item': {
        const snapshot = node.folder.backlog.snapshot;
        const nested = this.parentTrees.get(node.root);
        return itemTreeItem(node.item, node.root, snapshot.config, node.key, this.query?.words ?? [], {
          blocked: snapshot.relations.isBlocked(node.item),
          // In Group by Parent a parent holds its children and shows their roll-up on its row.
          ...(nested ? { rollup: snapshot.relations.rollup(node.item.id), hasChildren: this.childItems(node).length > 0 } : {}),
        });
      }
      case 'more': {
        const next = Math.min(GROUP_PAGE_SIZE, node.total - node.shown);
        const t = new vscode.TreeItem(`Show ${next} more…`, vscode.TreeItemCollapsibleState.None);
        t.id = node.key;
        t.description = `${node.shown} of ${node.total} shown`;
        t.iconPath = new vscode.ThemeIcon('ellipsis');
        t.contextValue = 'more';
        t.command = { command: InternalCommandId.ShowMore, title: 'Show More', arguments: [node.groupKey] };
        return t;
      }
    }
  }

  resolveTreeItem(treeItem: vscode.TreeItem, node: BacklogNode): vscode.TreeItem {
    if (node.kind === 'item') treeItem.tooltip = inertMarkdown(itemTooltip(node.item, node.folder.backlog.snapshot));
    return treeItem;
  }

  getChildren(node?: BacklogNode): BacklogNode[] {
    if (!node) {
      this.nodes.clear();
      const folders = this.folders.all().filter((f) => f.backlog.snapshot.kind !== 'missing');
      if (folders.length === 1) return this.folderChildren(folders[0], undefined);
      return folders.map((folder) => this.remember({ kind: 'folder', key: `folder:${folder.folder.uri.toString()}`, folder }));
    }
    switch (node.kind) {
      case 'folder':
        return this.folderChildren(node.folder, node);
      case 'group': {
        const all = node.group.items;
        const limit = this.shownPerGroup.get(node.key) ?? GROUP_PAGE_SIZE;
        const children: BacklogNode[] = all.slice(0, limit).map((item) =>
          this.remember({ kind: 'item', key: `${node.key}/${item.id}`, folder: node.folder, root: node.folder.backlog.root, id: item.id, item, group: node.group, parent: node }),
        );
        if (all.length > limit) children.push(this.remember({ kind: 'more', key: `${node.key}/more`, groupKey: node.key, shown: limit, total: all.length, parent: node }));
        // A macrotask later, VS Code has also resolved every item's TreeItem for this batch.
        if (children.length > 0) setTimeout(() => this.rendered.fire(), 0);
        return children;
      }
      case 'item': {
        const children = this.childItems(node).map((item) =>
          this.remember({ kind: 'item', key: `${node.key}/${item.id}`, folder: node.folder, root: node.root, id: item.id, item, parent: node }),
        );
        if (children.length > 0) setTimeout(() => this.rendered.fire(), 0);
        return children;
      }
      default:
        return [];
    }
  }

  /** In Group by Parent, the children shown under an item row (none of its own ancestors, in a cycle). */
  private childItems(node: Extract<BacklogNode, { kind: 'item' }>): readonly Item[] {
    const nested = this.parentTrees.get(node.root);
    if (!nested) return [];
    const above = new Set<string>();
    for (let n: BacklogNode | undefined = node; n?.kind === 'item'; n = n.parent) above.add(n.id);
    return nested.children(node.id).filter((c) => !above.has(c.id));
  }

  getParent(node: BacklogNode): BacklogNode | undefined {
    return 'parent' in node ? node.parent : undefined;
  }

  private folderChildren(folder: BacklogFolder, parent: BacklogNode | undefined): BacklogNode[] {
    const snapshot = folder.backlog.snapshot;
    if (snapshot.kind !== 'backlog') return [];
    const base = `folder:${folder.folder.uri.toString()}`;
    const out: BacklogNode[] = [];
    const groupBy = this.groupBy;
    if (groupBy === 'parent') {
      const nested = buildParentTree(snapshot, { query: this.query, hideDone: this.hideDone });
      this.parentTrees.set(snapshot.root, nested);
      for (const item of nested.roots) out.push(this.remember({ kind: 'item', key: `${base}/${item.id}`, folder, root: snapshot.root, id: item.id, item, parent }));
      if (out.length > 0) setTimeout(() => this.rendered.fire(), 0);
      return out;
    }
    this.parentTrees.delete(snapshot.root);
    const model = buildTreeModel(snapshot, { groupBy, query: this.query, hideDone: this.hideDone, hideEmptyFilteredGroups: true });
    if (groupBy === 'none') {
      for (const item of model[0]?.items ?? []) out.push(this.remember({ kind: 'item', key: `${base}/${item.id}`, folder, root: snapshot.root, id: item.id, item, parent }));
    } else {
      for (const group of model) {
        out.push(this.remember({ kind: 'group', key: `${base}/${group.group.by}:${group.group.value ?? ''}`, folder, group, parent }));
      }
    }
    return out;
  }

  private remember<T extends BacklogNode>(node: T): T {
    this.nodes.set(node.key, node);
    return node;
  }

  private async updateContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', ContextKey.Filtered, this.state.filter !== '');
    await vscode.commands.executeCommand('setContext', ContextKey.HideDone, this.hideDone);
  }
}
