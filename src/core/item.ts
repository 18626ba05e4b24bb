/** A link from an item to a place in the code: a TODO comment, a failing test, or any line. */
export interface CodeLink {
  /** Workspace-relative path with '/' separators. */
  readonly path: string;
  /** 1-based line, when known. */
  readonly line?: number;
  /** What kind of place this is. */
  readonly kind?: 'todo' | 'test' | 'code';
  /** Text used to find the place again after the code moves (e.g. the comment text). */
  readonly anchor?: string;
  /** Whether the place was found at the last check: `lost` means its code is gone (grooming lists it). */
  readonly state?: 'current' | 'moved' | 'lost';
}

/** The editable fields of an item, as stored in its front matter. */
export interface ItemFields {
  readonly title: string;
  readonly type: string;
  readonly status: string;
  readonly rank?: string;
  readonly priority?: string;
  readonly points?: number;
  readonly labels: readonly string[];
  readonly assignee?: string;
  readonly sprint?: string;
  /** The item this one belongs to (an epic, a story): the child points up, so adding children never touches the parent's file. */
  readonly parent?: string;
  /** The milestone (release) this item is planned for. */
  readonly milestone?: string;
  /** Items that must be done before this one can be; empty when none. */
  readonly blockedBy: readonly string[];
  readonly created?: string;
  readonly updated?: string;
  readonly links: readonly CodeLink[];
}

/** One backlog item, parsed from `.backlog/items/<id>.md`. */
export interface Item extends ItemFields {
  readonly id: string;
  /** Absolute path of the item's file. */
  readonly file: string;
  /** The Markdown body after the front matter. */
  readonly body: string;
  /** Fingerprint of the file text this item was parsed from (to detect changes on disk). */
  readonly hash: string;
  /** Front-matter keys this tool does not know, kept as parsed. */
  readonly extra: Readonly<Record<string, unknown>>;
  /** 1-based file line of each front-matter key, for pointing diagnostics at it. */
  readonly lines: Readonly<Record<string, number>>;
}

/** Keys in the order new files are written with. */
export const FIELD_ORDER = [
  'id', 'title', 'type', 'status', 'priority', 'points', 'labels', 'assignee', 'sprint', 'parent', 'milestone', 'blockedBy', 'rank', 'created', 'updated', 'links',
] as const;

export const KNOWN_FIELDS: ReadonlySet<string> = new Set(FIELD_ORDER);

/** Counts Markdown task-list checkboxes in the body: acceptance criteria and how many are met. */
export function checklistProgress(body: string): { done: number; total: number } {
  let done = 0;
  let total = 0;
  for (const m of body.matchAll(/^[ \t]*[-*+][ \t]+\[([ xX])\][ \t]+\S/gm)) {
    total++;
    if (m[1] !== ' ') done++;
  }
  return { done, total };
}
