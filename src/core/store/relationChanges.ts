// The one check of a new `parent` or `blockedBy` before it is written, shared by every writer
// (CLI, MCP tools, views): the ids must name items in the backlog, an item cannot point at
// itself, and no change may close a loop. Values come from people and agents alike, so each
// refusal says exactly what is wrong and nothing is written.
import type { Item } from '../item';
import { BacklogError } from './backlogError';

/** What the check reads: the store's current items by id. */
export interface RelationLookup {
  readonly byId: ReadonlyMap<string, Item>;
}

/**
 * Refuses cleaned `fields` (as `validateChanges` / `newItemFields` return them) whose parent or
 * blockers would be unknown, the item itself, or a cycle. `id` is undefined for a new item
 * (nothing points at it yet, so it cannot close a loop).
 */
export function checkRelationChanges(current: RelationLookup, id: string | undefined, fields: Readonly<Record<string, unknown>>): void {
  const { byId } = current;
  const parent = fields.parent;
  if (typeof parent === 'string') {
    if (parent === id) throw new BacklogError(`${id} cannot be its own parent`, 'invalid-value');
    if (!byId.has(parent)) throw new BacklogError(`No item ${parent} to be the parent`, 'missing-item');
    if (id !== undefined) {
      // Walking up from the new parent must not reach the item: that would make it its own ancestor.
      const path = [parent];
      const seen = new Set(path);
      for (let p = byId.get(parent)?.parent; p !== undefined && !seen.has(p); p = byId.get(p)?.parent) {
        path.push(p);
        seen.add(p);
        if (p === id) throw new BacklogError(`${parent} cannot be the parent of ${id}: ${[id, ...path].join(' → ')} would be a parent cycle (${parent} is under ${id})`, 'invalid-value');
      }
    }
  }
  const blockedBy = fields.blockedBy;
  if (Array.isArray(blockedBy)) {
    for (const blocker of blockedBy as string[]) {
      if (blocker === id) throw new BacklogError(`${id} cannot be blocked by itself`, 'invalid-value');
      if (!byId.has(blocker)) throw new BacklogError(`No item ${blocker} to be blocked by`, 'missing-item');
    }
    if (id !== undefined) {
      const loop = blockerPath(byId, blockedBy as string[], id);
      if (loop) throw new BacklogError(`${id} cannot be blocked by ${loop[0]}: ${[id, ...loop].join(' → ')} would be a dependency cycle (${loop[0]} already waits for ${id})`, 'invalid-value');
    }
  }
}

/** A chain of blockers from one of `from` down to `target`, if there is one (breadth-first: the shortest). */
function blockerPath(byId: ReadonlyMap<string, Item>, from: readonly string[], target: string): string[] | undefined {
  const cameFrom = new Map<string, string | undefined>();
  const queue: string[] = [];
  for (const id of from) {
    if (!cameFrom.has(id)) {
      cameFrom.set(id, undefined);
      queue.push(id);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    if (id === target) {
      const path: string[] = [];
      for (let at: string | undefined = id; at !== undefined; at = cameFrom.get(at)) path.unshift(at);
      return path;
    }
    for (const next of byId.get(id)?.blockedBy ?? []) {
      if (cameFrom.has(next)) continue;
      cameFrom.set(next, id);
      queue.push(next);
    }
  }
  return undefined;
}
