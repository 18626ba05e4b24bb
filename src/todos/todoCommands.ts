import type { SectionNode } from '../tree/treeNodes';

/**
 * The TODO feature's commands (package.json contributes the same ids). Implementations:
 * {@link registerTodoCommands} in captureCommands.ts.
 */
export const enum TodoCommand {
  /** Create an item from one comment (editor, code action, CodeLens, tree row) or a file's comments. */
  CreateItem = 'repoBacklog.todos.createItem',
  /** Create items from every untracked comment, after a preview. */
  CaptureAll = 'repoBacklog.todos.captureAll',
  Rescan = 'repoBacklog.todos.rescan',
  /** Point a lost TODO link at another comment. */
  Relink = 'repoBacklog.todos.relink',
  /** Mark the item of a lost TODO link done. */
  ResolveItem = 'repoBacklog.todos.resolveItem',
  /** Leave comments out of the inbox ({@link registerDismissCommands} in dismissCommands.ts). */
  Dismiss = 'repoBacklog.todos.dismiss',
  /** List dismissed comments; ticked ones go back into the inbox. */
  ShowDismissed = 'repoBacklog.todos.showDismissed',
}

/** Context key: some folder has untracked TODO comments (for the view-title action). */
export const HAS_UNTRACKED_TODOS = 'repoBacklog.hasUntrackedTodos';

/** A comment as editor commands receive it: from a code action or a CodeLens. */
export interface TodoRef {
  /** The document's URI, as a string so it survives serialisation. */
  readonly uri: string;
  /** 1-based line of the comment's tag. */
  readonly line: number;
}

export function isTodoRef(value: unknown): value is TodoRef {
  return typeof value === 'object' && value !== null && typeof (value as TodoRef).uri === 'string' && typeof (value as TodoRef).line === 'number';
}

/** The section node inside a tree node argument (`{ kind: 'section', node }`), if any. */
export function sectionNodeOf(arg: unknown): SectionNode | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as { kind?: unknown; node?: unknown };
  return a.kind === 'section' && typeof a.node === 'object' && a.node !== null ? (a.node as SectionNode) : undefined;
}
