/**
 * Every command the extension contributes, in one place so package.json, menus and code agree.
 * The implementations live with their feature (see the `register*` functions they are passed to).
 */
export const enum CommandId {
  /** {@link registerInitBacklog} */
  Init = 'repoBacklog.init',
  /** {@link registerNewItem} */
  NewItem = 'repoBacklog.newItem',
  OpenItem = 'repoBacklog.openItem',
  GoToItem = 'repoBacklog.goToItem',
  CopyId = 'repoBacklog.copyId',
  Rename = 'repoBacklog.rename',
  SetStatus = 'repoBacklog.setStatus',
  SetType = 'repoBacklog.setType',
  SetPriority = 'repoBacklog.setPriority',
  SetPoints = 'repoBacklog.setPoints',
  SetAssignee = 'repoBacklog.setAssignee',
  SetLabels = 'repoBacklog.setLabels',
  MoveUp = 'repoBacklog.moveUp',
  MoveDown = 'repoBacklog.moveDown',
  MoveToTop = 'repoBacklog.moveToTop',
  MoveToBottom = 'repoBacklog.moveToBottom',
  /** {@link registerMoveItem}: one or many items into a sprint, or out of any. */
  MoveToSprint = 'repoBacklog.moveToSprint',
  Delete = 'repoBacklog.delete',
  Refresh = 'repoBacklog.refresh',
  GroupBy = 'repoBacklog.groupBy',
  Filter = 'repoBacklog.filter',
  ClearFilter = 'repoBacklog.clearFilter',
  ToggleDone = 'repoBacklog.toggleDone',
  ShowProblems = 'repoBacklog.showProblems',
  /** Internal: the "Show more…" row of a long group. */
  ShowMore = 'repoBacklog.tree.showMore',
  OpenBoard = 'repoBacklog.openBoard',
}

/** Context keys used in `when` clauses. */
export const enum ContextKey {
  HasBacklog = 'repoBacklog.hasBacklog',
  HasBacklogMd = 'repoBacklog.hasBacklogMd',
  Filtered = 'repoBacklog.filtered',
  HideDone = 'repoBacklog.hideDone',
}

/** An item as commands receive it: from a tree node, the board, or a quick pick. */
export interface ItemArg {
  /** The workspace folder path holding the item's `.backlog/`. */
  readonly root: string;
  readonly id: string;
}

export function isItemArg(value: unknown): value is ItemArg {
  return typeof value === 'object' && value !== null && typeof (value as ItemArg).root === 'string' && typeof (value as ItemArg).id === 'string';
}
