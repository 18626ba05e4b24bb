import type * as vscode from 'vscode';
import type { Item } from '../core/item';
import type { BacklogFolder } from '../store/backlogFolders';
import type { TreeGroup } from './treeModel';

/** A row of a feature's section (TODO inbox, failing tests, problems), shown in its own view. */
export interface SectionNode {
  readonly treeItem: vscode.TreeItem;
  children?(): readonly SectionNode[];
  /** The section's heading: its view has the same name, so it shows the children in its place. */
  readonly isHeading?: boolean;
}

/** What a feature shows in its own view (see SectionView); it fires `onDidChange` when its nodes change. */
export interface TreeSection {
  readonly onDidChange: vscode.Event<void>;
  /** Top-level nodes for this folder (usually one collapsible heading, or none when empty). */
  nodes(folder: BacklogFolder): readonly SectionNode[];
}

export type BacklogNode =
  | { readonly kind: 'folder'; readonly key: string; readonly folder: BacklogFolder }
  | { readonly kind: 'group'; readonly key: string; readonly folder: BacklogFolder; readonly group: TreeGroup; readonly parent?: BacklogNode }
  | {
      readonly kind: 'item';
      readonly key: string;
      readonly folder: BacklogFolder;
      /** `root` and `id` make an item node usable as an `ItemArg` by every item command. */
      readonly root: string;
      readonly id: string;
      readonly item: Item;
      readonly group?: TreeGroup;
      readonly parent?: BacklogNode;
    }
  /** "Show more…" at the end of a long group: the tree hands VS Code one page of items at a time. */
  | { readonly kind: 'more'; readonly key: string; readonly groupKey: string; readonly shown: number; readonly total: number; readonly parent: BacklogNode };
