import type { CodeLink, Item } from '../item';
import { locateTodoLink, normaliseAnchor, type LinkLocation } from './anchors';
import type { TodoComment } from './scanner';

/** What a scan knows about one linked path: its comments, that the file is gone, or nothing (not scanned yet). */
export type LinkedFile = readonly TodoComment[] | 'missing' | undefined;

/** The state of one TODO link of an item. `outside` links point out of the workspace folder and are never followed. */
export interface TodoLinkCheck {
  readonly item: Item;
  /** Index of the link in `item.links`. */
  readonly index: number;
  readonly link: CodeLink;
  readonly state: LinkLocation['state'] | 'outside';
  readonly location?: LinkLocation;
}

/** An item whose TODO links moved: its whole new `links` list (other links unchanged). */
export interface LinkRepair {
  readonly item: Item;
  readonly links: readonly CodeLink[];
}

/**
 * True for a workspace-relative path that stays inside the folder: not absolute, no drive, no
 * `..` climbing out. Item files are user input; a link to `../../etc/passwd` is refused.
 */
export function isWorkspacePath(path: string): boolean {
  if (path === '' || /^[\\/]/.test(path) || /^[A-Za-z]:/.test(path) || path.includes('\0')) return false;
  let depth = 0;
  for (const part of path.split(/[\\/]+/)) {
    if (part === '..') depth--;
    else if (part !== '.' && part !== '') depth++;
    if (depth < 0) return false;
  }
  return depth > 0;
}

/**
 * Checks every TODO link of `items` whose file is known to `filesAt`, and plans the minimal
 * repairs: a link that moved gets its new line and the comment's current anchor; one whose
 * comment was edited (found by id or by similar text) gets the new anchor. A lost link is
 * marked `state: lost` (grooming lists those), never removed: the comment may come back (an
 * undo, a branch switch), and then the mark is cleared.
 */
export function checkTodoLinks(items: readonly Item[], filesAt: (path: string) => LinkedFile): { checks: TodoLinkCheck[]; repairs: LinkRepair[] } {
  const checks: TodoLinkCheck[] = [];
  const repairs: LinkRepair[] = [];
  for (const item of items) {
    let changed: CodeLink[] | undefined;
    item.links.forEach((link, index) => {
      if (link.kind !== 'todo') return;
      if (!isWorkspacePath(link.path)) {
        checks.push({ item, index, link, state: 'outside' });
        return;
      }
      const file = filesAt(link.path);
      if (file === undefined) return;
      const location = file === 'missing' ? ({ state: 'lost' } as const) : locateTodoLink(link, item.id, file);
      checks.push({ item, index, link, state: location.state, location });
      if (location.state === 'lost' || location.line === undefined) {
        if (link.state === 'lost') return;
        changed ??= [...item.links];
        changed[index] = { ...link, state: 'lost' };
        return;
      }
      const anchor = location.anchor ?? link.anchor;
      const anchorChanged = anchor !== undefined && (link.anchor === undefined || normaliseAnchor(anchor) !== normaliseAnchor(link.anchor));
      if (location.line === link.line && !anchorChanged && link.state !== 'lost') return;
      changed ??= [...item.links];
      const { state: _was, ...rest } = link;
      changed[index] = { ...rest, line: location.line, ...(anchorChanged ? { anchor } : {}) };
    });
    if (changed) repairs.push({ item, links: changed });
  }
  return { checks, repairs };
}
