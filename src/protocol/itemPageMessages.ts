// Messages between the item page (a custom editor over `.backlog/items/*.md`) and the extension
// host. Type-only. The host owns the item: it sends the whole page model on every change, and
// validates every request at run time (src/core/itemPage/itemPageRequests.ts), because the page
// renders untrusted item text.
import type { TestStateBadge } from '../core/testReports/testStateBadge';
import type { ItemFieldChanges } from './itemFieldChanges';

export type { ItemFieldChanges } from './itemFieldChanges';

/** The values a field may take, from config.yaml and the other items of the backlog. */
export interface ItemFieldChoices {
  readonly statuses: readonly string[];
  readonly types: readonly string[];
  readonly priorities: readonly string[];
  /** Sprint ids and names; undefined where sprints cannot be edited. */
  readonly sprints?: readonly { readonly id: string; readonly name: string }[];
  readonly assignees: readonly string[];
  readonly labels: readonly string[];
}

/** The editable fields of one item, as the shared field editor shows them. */
export interface ItemFieldValues {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly type: string;
  readonly priority?: string;
  readonly points?: number;
  readonly labels: readonly string[];
  readonly assignee?: string;
  readonly sprint?: string;
}

/** A link from the item into the code, by its position in the item's `links` list. */
export interface ItemPageCodeLink {
  readonly index: number;
  readonly path: string;
  readonly line?: number;
  readonly kind?: 'todo' | 'test' | 'code';
  readonly state?: 'current' | 'moved' | 'lost';
}

/** Another item the page names (parent, child, blocker), with enough to show it. */
export interface ItemPageRef {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  /** In a done status. */
  readonly done: boolean;
}

/** A child in the children list: with its file's version, which a remove or a move carries. */
export interface ItemPageChild extends ItemPageRef {
  readonly hash: string;
}

/** Where the item sits: its parent and children, what it waits for and what waits for it. */
export interface ItemPageRelations {
  readonly parent?: ItemPageRef;
  /** A `parent` id that names no item in the backlog. */
  readonly unknownParent?: string;
  /** Children in rank order. */
  readonly children: readonly ItemPageChild[];
  /** Progress over everything under the item, when it has children. */
  readonly rollup?: { readonly done: number; readonly total: number; readonly pointsDone: number; readonly pointsTotal: number };
  readonly blockedBy: readonly ItemPageRef[];
  /** `blockedBy` ids that name no item in the backlog (they do not block). */
  readonly unknownBlockers: readonly string[];
  readonly blocks: readonly ItemPageRef[];
}

/** Everything the item page shows, sent whole on every change. */
export interface ItemPageModel {
  /** The version of the file the page shows: edits carry it, and are refused if the file changed. */
  readonly hash: string;
  readonly fields: ItemFieldValues;
  readonly choices: ItemFieldChoices;
  readonly fileName: string;
  readonly created?: string;
  readonly updated?: string;
  /** The description as sanitised HTML (src/core/itemPage/description.ts). */
  readonly descriptionHtml: string;
  /** The description as Markdown, for editing it in place. */
  readonly body: string;
  readonly checklist: { readonly done: number; readonly total: number };
  readonly codeLinks: readonly ItemPageCodeLink[];
  readonly test?: TestStateBadge;
  readonly relations: ItemPageRelations;
  /** The file has unsaved changes in a text editor: edits from the page are refused until saved. */
  readonly unsaved: boolean;
}

/** One commit that changed the item, and what it changed. */
export interface ItemHistoryEntry {
  readonly at: number;
  readonly author: string;
  readonly subject: string;
  readonly changes: readonly { readonly field: string; readonly from?: string; readonly to?: string }[];
}

/** Webview → host. */
export type ItemPageRequest =
  /** The script listens; `seq` is the model the page was built with, if any. */
  | { readonly type: 'ready'; readonly seq?: number }
  /** A model has been painted (times in epoch ms, like the board's `rendered`). */
  | { readonly type: 'rendered'; readonly seq: number; readonly startedAt: number; readonly paintedAt: number }
  | { readonly type: 'update'; readonly hash: string; readonly changes: ItemFieldChanges }
  /** Tick or untick the criterion on `line` of the body, whose text the page saw as `text`. */
  | { readonly type: 'check'; readonly hash: string; readonly line: number; readonly text: string; readonly checked: boolean }
  /** Replace the whole description (the in-place editor). */
  | { readonly type: 'editBody'; readonly hash: string; readonly body: string }
  /** A link in the description was clicked. */
  | { readonly type: 'openLink'; readonly href: string }
  | { readonly type: 'openCodeLink'; readonly index: number }
  /** Open another item's page (a parent, child, blocker). */
  | { readonly type: 'openItem'; readonly id: string }
  /** Ask for a title and create a child of this item. */
  | { readonly type: 'addChild' }
  /** Pick an item of the backlog and make it a child of this one. */
  | { readonly type: 'addExistingChild' }
  /** Take a child out of this item: its `parent` is cleared, the child stays in the backlog. `hash` is the child's, as shown. */
  | { readonly type: 'removeChild'; readonly id: string; readonly hash: string }
  /**
   * Move a child to `index` among the other children (the list without it); `order` is the
   * children as the page showed them, and `hash` the child's version as shown.
   */
  | { readonly type: 'moveChild'; readonly id: string; readonly hash: string; readonly index: number; readonly order: readonly string[] }
  /** Open the raw file in the text editor beside the page. */
  | { readonly type: 'openText' }
  /** The user opened the description editor: a draft lives in the page, so a preview page is kept open. */
  | { readonly type: 'editing' }
  | { readonly type: 'loadHistory' };

export type ItemPageNoticeLevel = 'info' | 'warning' | 'error';

/** Host → webview. */
export type ItemPageUpdate =
  | { readonly type: 'model'; readonly seq: number; readonly model: ItemPageModel }
  /** The file is not (or no longer) a readable item. */
  | { readonly type: 'unreadable'; readonly seq: number; readonly fileName: string; readonly message: string }
  | { readonly type: 'notice'; readonly level: ItemPageNoticeLevel; readonly message: string }
  | { readonly type: 'history'; readonly entries: readonly ItemHistoryEntry[]; readonly note?: string };
