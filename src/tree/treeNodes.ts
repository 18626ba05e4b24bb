import type * as vscode from 'vscode';
import type { Item } from '../core/item';
import type { Problem } from '../core/problem';
import type { BacklogFolder } from '../store/backlogFolders';
import type { TreeGroup } from './treeModel';

/** A node contributed by another feature (TODO inbox, failing tests…) under a folder. */
export interface SectionNode {
  readonly treeItem: vscode.TreeItem;
  children?(): readonly SectionNode[];
}

/** A section of the tree owned by another feature; it fires `onDidChange` when its nodes change. */
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
  | { readonly kind: 'problems'; readonly key: string; readonly folder: BacklogFolder; readonly problems: readonly Problem[]; readonly parent?: BacklogNode }
  | { readonly kind: 'problem'; readonly key: string; readonly problem: Problem; readonly parent: BacklogNode }
  | { readonly kind: 'section'; readonly key: string; readonly node: SectionNode; readonly parent?: BacklogNode }
  /** "Show more…" at the end of a long group: the tree hands VS Code one page of items at a time. */
  | { readonly kind: 'more'; readonly key: string; readonly groupKey: string; readonly shown: number; readonly total: number; readonly parent: BacklogNode };
