// The fields a webview (the board's detail pane, the item page) edits in place. Type-only, like
// every protocol file: both sides import it, neither ships code from it.

/** Fields edited in place. `null` removes an optional field. */
export interface ItemFieldChanges {
  readonly title?: string;
  readonly status?: string;
  readonly type?: string;
  readonly priority?: string | null;
  readonly points?: number | null;
  readonly labels?: readonly string[];
  readonly assignee?: string | null;
  readonly sprint?: string | null;
}
