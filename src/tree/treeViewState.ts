// How the Items view is shown (grouping, done items, filter) is the user's view state, not the
// team's: it lives in the extension's workspace Memento, never in the repository's
// `.vscode/settings.json` where it would show up in `git status` and be committed for everyone.
// No `vscode` import, so the unit tests run it against an in-memory Memento.
import type { GroupBy } from '../core/query';

/** How the Items view groups items: by a field, or by parent (epics hold their children, nested). */
export type TreeGrouping = GroupBy | 'parent';

export const TREE_GROUPINGS: readonly TreeGrouping[] = ['status', 'type', 'priority', 'sprint', 'parent', 'none'];

/** The part of `vscode.Memento` this needs. */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/** The values an earlier version wrote as `repoBacklog.tree.*` settings, if the user had set them. */
export interface LegacyTreeSettings {
  readonly groupBy?: unknown;
  readonly showDone?: unknown;
}

const GROUP_BY_KEY = 'repoBacklog.tree.groupBy';
const SHOW_DONE_KEY = 'repoBacklog.tree.showDone';
const FILTER_KEY = 'repoBacklog.tree.filter';

/** The Items view's grouping, done-items visibility and filter text, remembered per workspace. */
export class TreeViewState {
  private readonly listeners = new Set<() => void>();

  /**
   * `legacy` is read once: a user who chose a grouping when it was a setting keeps it, and from
   * then on the Memento holds the choice (the setting is never written again).
   */
  constructor(
    private readonly store: StateStore,
    legacy: LegacyTreeSettings = {},
  ) {
    if (store.get(GROUP_BY_KEY) === undefined && isGrouping(legacy.groupBy)) void store.update(GROUP_BY_KEY, legacy.groupBy);
    if (store.get(SHOW_DONE_KEY) === undefined && typeof legacy.showDone === 'boolean') void store.update(SHOW_DONE_KEY, legacy.showDone);
  }

  get groupBy(): TreeGrouping {
    const value = this.store.get<unknown>(GROUP_BY_KEY);
    return isGrouping(value) ? value : 'status';
  }

  get showDone(): boolean {
    return this.store.get<boolean>(SHOW_DONE_KEY) ?? true;
  }

  get filter(): string {
    return this.store.get<string>(FILTER_KEY) ?? '';
  }

  setGroupBy(value: TreeGrouping): Promise<void> {
    return this.set(GROUP_BY_KEY, value);
  }

  setShowDone(value: boolean): Promise<void> {
    return this.set(SHOW_DONE_KEY, value);
  }

  setFilter(text: string): Promise<void> {
    return this.set(FILTER_KEY, text.trim() || undefined);
  }

  /** Calls `listener` after each change, until the result is disposed. */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private async set(key: string, value: unknown): Promise<void> {
    await this.store.update(key, value);
    for (const listener of [...this.listeners]) listener();
  }
}

function isGrouping(value: unknown): value is TreeGrouping {
  return typeof value === 'string' && (TREE_GROUPINGS as readonly string[]).includes(value);
}
