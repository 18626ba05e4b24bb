/**
 * Every command id of the extension, in one place so package.json, menus, keybindings and code
 * agree (test/unit/manifest.test.ts checks package.json against this list, both ways). Each
 * feature registers its own commands; the links say where. A new command is added here first.
 */
export const CommandId = {
  // The backlog as a whole
  /** {@link registerBacklogCommands} */
  Init: 'repoBacklog.init',
  /** {@link registerBacklogCommands} */
  Refresh: 'repoBacklog.refresh',
  /** {@link registerBacklogCommands} */
  ShowProblems: 'repoBacklog.showProblems',
  /** {@link registerBoard} */
  OpenBoard: 'repoBacklog.openBoard',

  // Items
  /** {@link registerNewItem} */
  NewItem: 'repoBacklog.newItem',
  /** {@link registerNewItem}: on an item row, a new item with that item as its parent. */
  NewChildItem: 'repoBacklog.newChildItem',
  /** {@link registerOpenItem} */
  OpenItem: 'repoBacklog.openItem',
  /** {@link registerOpenItem} */
  GoToItem: 'repoBacklog.goToItem',
  /** {@link registerOpenItem} */
  CopyId: 'repoBacklog.copyId',
  /** {@link registerItemPage}: the preview item page stays open; the next open takes a new page. */
  KeepItemPageOpen: 'repoBacklog.itemPage.keepOpen',
  /** {@link registerEditItem} */
  Rename: 'repoBacklog.rename',
  /** {@link registerEditItem} */
  SetStatus: 'repoBacklog.setStatus',
  /** {@link registerEditItem} */
  SetType: 'repoBacklog.setType',
  /** {@link registerEditItem} */
  SetPriority: 'repoBacklog.setPriority',
  /** {@link registerEditItem} */
  SetPoints: 'repoBacklog.setPoints',
  /** {@link registerEditItem} */
  SetAssignee: 'repoBacklog.setAssignee',
  /** {@link registerEditItem} */
  SetLabels: 'repoBacklog.setLabels',
  /** {@link registerMoveItem} */
  MoveUp: 'repoBacklog.moveUp',
  /** {@link registerMoveItem} */
  MoveDown: 'repoBacklog.moveDown',
  /** {@link registerMoveItem} */
  MoveToTop: 'repoBacklog.moveToTop',
  /** {@link registerMoveItem} */
  MoveToBottom: 'repoBacklog.moveToBottom',
  /** {@link registerMoveItem}: one or many items into a sprint, or out of any. */
  MoveToSprint: 'repoBacklog.moveToSprint',
  /** {@link registerDeleteItem} */
  Delete: 'repoBacklog.delete',

  // The Items view
  /** {@link ItemTreeView} */
  GroupBy: 'repoBacklog.groupBy',
  /** {@link ItemTreeView} */
  Filter: 'repoBacklog.filter',
  /** {@link ItemTreeView} */
  ClearFilter: 'repoBacklog.clearFilter',
  /** {@link ItemTreeView}: shown in the view's title while done items are hidden. */
  ShowDone: 'repoBacklog.showDoneItems',
  /** {@link ItemTreeView}: shown in the view's title while done items are shown. */
  HideDone: 'repoBacklog.hideDoneItems',

  // Planning
  /** {@link registerPlanning} */
  CreateSprint: 'repoBacklog.createSprint',
  /** {@link registerPlanning} */
  PlanSprint: 'repoBacklog.planSprint',
  /** {@link registerPlanning} */
  StartSprint: 'repoBacklog.startSprint',
  /** {@link registerPlanning} */
  CloseSprint: 'repoBacklog.closeSprint',
  /** {@link registerPlanning} */
  ShowSprintReview: 'repoBacklog.showSprintReview',
  /** {@link registerPlanning} */
  RankByScore: 'repoBacklog.rankByScore',
  /** {@link registerPlanning} */
  Groom: 'repoBacklog.groom',
  /** {@link registerPlanning} */
  ArchiveDone: 'repoBacklog.archiveDone',
  /** {@link registerForecast} */
  Forecast: 'repoBacklog.forecast',
  /** {@link registerForecast} */
  CreateMilestone: 'repoBacklog.createMilestone',

  // TODO comments ({@link registerTodoCommands})
  /** Create an item from one comment (editor, code action, CodeLens, tree row) or a file's comments. */
  TodoCreateItem: 'repoBacklog.todos.createItem',
  /** Create items from every untracked comment, after a preview. */
  TodoCaptureAll: 'repoBacklog.todos.captureAll',
  TodoRescan: 'repoBacklog.todos.rescan',
  /** Remove the settings that turn TODO scanning off ({@link registerScanningSwitch}). */
  TodoTurnOnScanning: 'repoBacklog.todos.turnOnScanning',
  /** Point a lost TODO link at another comment. */
  TodoRelink: 'repoBacklog.todos.relink',
  /** Mark the item of a lost TODO link done. */
  TodoResolveItem: 'repoBacklog.todos.resolveItem',
  /** Leave comments out of the inbox ({@link registerDismissCommands} in dismissCommands.ts). */
  TodoDismiss: 'repoBacklog.todos.dismiss',
  /** List dismissed comments; ticked ones go back into the inbox. */
  TodoShowDismissed: 'repoBacklog.todos.showDismissed',

  // Failing tests
  /** {@link registerImportTestReport} */
  ImportTestReport: 'repoBacklog.importTestReport',
  /** {@link registerCaptureFailedTest}: Test Explorer context menus. */
  CaptureFailedTest: 'repoBacklog.captureFailedTest',
  /** {@link registerOpenFailingLine}: inline action on a failing-test row. */
  OpenFailingLine: 'repoBacklog.openFailingLine',
  /** {@link registerFailingTestRowCommands}: the context menu of a Failing tests row. */
  FailingTestOpenItem: 'repoBacklog.failingTests.openItem',
  /** {@link registerFailingTestRowCommands} */
  FailingTestOpenTest: 'repoBacklog.failingTests.openTest',
  /** {@link registerFailingTestRowCommands} */
  FailingTestCopyId: 'repoBacklog.failingTests.copyId',
  /** {@link registerFailingTestRowCommands} */
  FailingTestResolveItem: 'repoBacklog.failingTests.resolveItem',
} as const;
export type CommandId = (typeof CommandId)[keyof typeof CommandId];

/**
 * Commands the extension registers for its own rows and tests; they are deliberately not
 * contributed in package.json, so they appear in no menu or palette.
 */
export const InternalCommandId = {
  /** {@link BacklogTree}: the "Show more…" row of a long group. */
  ShowMore: 'repoBacklog.tree.showMore',
  /** {@link registerItemPage}: opens a file as an item page and returns the page (tests use the result). */
  OpenItemPage: 'repoBacklog.itemPage.open',
} as const;
export type InternalCommandId = (typeof InternalCommandId)[keyof typeof InternalCommandId];

/** The views of the Backlog container (package.json `contributes.views.repoBacklog`). */
export const ViewId = {
  /** {@link ItemTreeView} */
  Items: 'repoBacklog.items',
  /** The TODO inbox: {@link UntrackedTodosSection} in a {@link SectionView}. */
  Todos: 'repoBacklog.todos',
  /** {@link FailingTestsSection} in a {@link SectionView}. */
  FailingTests: 'repoBacklog.failingTests',
  /** {@link ProblemsSection} in a {@link SectionView}. */
  Problems: 'repoBacklog.problems',
} as const;

/** Context keys used in `when` clauses. */
export const enum ContextKey {
  HasBacklog = 'repoBacklog.hasBacklog',
  HasBacklogMd = 'repoBacklog.hasBacklogMd',
  Filtered = 'repoBacklog.filtered',
  HideDone = 'repoBacklog.hideDone',
  /** The active editor is the preview item page (the one the next open replaces). */
  ItemPageIsPreview = 'repoBacklog.itemPageIsPreview',
  /** Every folder with a backlog has `repoBacklog.todos.enabled` off ({@link registerScanningSwitch}). */
  TodoScanningOff = 'repoBacklog.todoScanningOff',
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
