import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { inertTreeItem } from '../common/inertView';
import type { BacklogFolder, BacklogFolders } from '../store/backlogFolders';
import type { SectionNode, TreeSection } from './treeNodes';

/** A row of a section view: a folder (with several folders open) or a node of the section. */
export type SectionViewNode =
  | { readonly kind: 'folder'; readonly key: string; readonly folder: BacklogFolder }
  /** Same shape as a section row of the Items tree, so commands read `.node` either way. */
  | { readonly kind: 'section'; readonly key: string; readonly node: SectionNode; readonly parent?: SectionViewNode };

export interface SectionViewOptions {
  /** Show the number of top-level rows as a badge on the Backlog activity bar icon (e.g. problems). */
  readonly badge?: (count: number) => string;
}

/**
 * A feature's section (the TODO inbox, failing tests, problems) as a view of its own in the Backlog
 * container, so users can collapse, hide or resize it apart from the items and the Items tree no
 * longer shifts when a scan lands. The view's name replaces the section's heading row: the
 * heading's children become the top rows and its description (e.g. "13 in 4 files") the view's.
 * With nothing to show the view is empty, and VS Code shows the view's welcome text.
 */
export class SectionView extends Disposable implements vscode.TreeDataProvider<SectionViewNode> {
  private readonly changed = this._register(new vscode.EventEmitter<SectionViewNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<SectionViewNode>;

  constructor(
    viewId: string,
    private readonly folders: BacklogFolders,
    private readonly section: TreeSection,
    private readonly options: SectionViewOptions = {},
  ) {
    super();
    this.view = this._register(vscode.window.createTreeView(viewId, { treeDataProvider: this, showCollapseAll: true, canSelectMany: false }));
    const refresh = () => {
      this.changed.fire(undefined);
      this.updateTitle();
    };
    this._register(section.onDidChange(refresh));
    this._register(folders.onDidChange(refresh));
    this.updateTitle();
  }

  getTreeItem(node: SectionViewNode): vscode.TreeItem {
    if (node.kind === 'section') return inertTreeItem(node.node.treeItem);
    const t = new vscode.TreeItem(node.folder.folder.name, vscode.TreeItemCollapsibleState.Expanded);
    t.id = node.key;
    t.iconPath = new vscode.ThemeIcon('root-folder');
    t.description = this.rows(node.folder).summary;
    return inertTreeItem(t);
  }

  getChildren(node?: SectionViewNode): SectionViewNode[] {
    if (!node) {
      const folders = this.folders.withBacklog();
      if (folders.length === 1) return this.folderRows(folders[0], undefined);
      return folders.filter((f) => this.rows(f).nodes.length > 0).map((folder) => ({ kind: 'folder', key: `folder:${folder.folder.uri.toString()}`, folder }));
    }
    if (node.kind === 'folder') return this.folderRows(node.folder, node);
    return (node.node.children?.() ?? []).map((child, i) => ({ kind: 'section', key: `${node.key}/${child.treeItem.id ?? i}`, node: child, parent: node }));
  }

  getParent(node: SectionViewNode): SectionViewNode | undefined {
    return node.kind === 'section' ? node.parent : undefined;
  }

  private folderRows(folder: BacklogFolder, parent: SectionViewNode | undefined): SectionViewNode[] {
    const base = `folder:${folder.folder.uri.toString()}`;
    return this.rows(folder).nodes.map((child, i) => ({ kind: 'section', key: `${base}/${child.treeItem.id ?? i}`, node: child, parent }));
  }

  /** The section's nodes for a folder with its heading opened up, and that heading's summary. */
  private rows(folder: BacklogFolder): { nodes: readonly SectionNode[]; summary: string | undefined } {
    const nodes = this.section.nodes(folder);
    const heading = nodes.find((n) => n.isHeading);
    const summary = typeof heading?.treeItem.description === 'string' ? heading.treeItem.description : undefined;
    // A heading without children (e.g. "scanning…") stays a row: it is the only thing to say.
    const rows = nodes.flatMap((n) => {
      const children = n.isHeading ? (n.children?.() ?? []) : [];
      return children.length > 0 ? children : [n];
    });
    return { nodes: rows, summary };
  }

  private updateTitle(): void {
    const folders = this.folders.withBacklog();
    const single = folders.length === 1 ? this.rows(folders[0]) : undefined;
    this.view.description = single?.summary;
    if (this.options.badge) {
      const count = folders.reduce((n, f) => n + this.rows(f).nodes.length, 0);
      this.view.badge = count > 0 ? { value: count, tooltip: this.options.badge(count) } : undefined;
    }
  }
}
