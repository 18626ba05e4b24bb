import type { BacklogConfig } from './config';
import { newItemId, type RandomInt } from './ids';
import type { Item } from './item';
import { baseName, joinPath } from './paths';
import type { Problem } from './problem';
import { isValidRank } from './rank';
import { findCycles } from './planning/cycles';

/** Warnings for values that config.yaml does not declare, pointing at the offending line. */
export function validateItem(item: Item, config: BacklogConfig): Problem[] {
  const problems: Problem[] = [];
  const warn = (key: string, code: string, message: string) =>
    problems.push({ file: item.file, line: item.lines[key] ?? 1, column: 1, severity: 'warning', code, message });
  if (!item.status) warn('status', 'missing-status', `Item has no status; it is shown under "No status"`);
  else if (!config.statuses.some((s) => s.name === item.status)) {
    warn('status', 'unknown-status', `Status "${item.status}" is not in config.yaml (${config.statuses.map((s) => s.name).join(', ')})`);
  }
  if (item.type && !config.types.includes(item.type)) warn('type', 'unknown-type', `Type "${item.type}" is not in config.yaml (${config.types.join(', ')})`);
  if (item.priority && !config.priorities.includes(item.priority)) {
    warn('priority', 'unknown-priority', `Priority "${item.priority}" is not in config.yaml (${config.priorities.join(', ')})`);
  }
  if (item.rank !== undefined && !isValidRank(item.rank)) warn('rank', 'invalid-rank', `Rank "${item.rank}" is not a valid fractional index; move the item to give it a new one`);
  return problems;
}

/**
 * What is wrong with how items point at each other: an item that is its own parent or blocker,
 * a parent or blocker that is in neither the backlog nor its archive, and cycles (each reported
 * once, in full, on the file of its first item). Cycles and self-references are errors (nothing
 * in them can ever be finished first); an unknown id is a warning (it may arrive with a merge).
 */
export function relationProblems(items: readonly Item[], byId: ReadonlyMap<string, Item>, archivedIds: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  const at = (item: Item, key: string, severity: Problem['severity'], code: string, message: string) =>
    problems.push({ file: item.file, line: item.lines[key] ?? 1, column: 1, severity, code, message });
  const known = (id: string) => byId.has(id) || archivedIds.has(id);
  for (const item of items) {
    if (item.parent === item.id) at(item, 'parent', 'error', 'parent-self', `${item.id} names itself as its parent`);
    else if (item.parent !== undefined && !known(item.parent)) at(item, 'parent', 'warning', 'parent-unknown', `Parent ${item.parent} is not in the backlog or its archive`);
    for (const id of item.blockedBy) {
      if (id === item.id) at(item, 'blockedBy', 'error', 'blocked-by-self', `${item.id} lists itself in blockedBy`);
      else if (!known(id)) at(item, 'blockedBy', 'warning', 'blocked-by-unknown', `Blocker ${id} is not in the backlog or its archive`);
    }
  }
  const ids = [...byId.keys()];
  const parentOf = (id: string) => {
    const parent = byId.get(id)?.parent;
    return parent !== undefined && parent !== id && byId.has(parent) ? [parent] : [];
  };
  for (const cycle of findCycles(ids, parentOf)) {
    const first = byId.get(cycle[0])!;
    at(first, 'parent', 'error', 'parent-cycle', `Parent cycle: ${[...cycle, cycle[0]].join(' → ')} (each is its own ancestor)`);
  }
  const blockersOf = (id: string) => (byId.get(id)?.blockedBy ?? []).filter((b) => b !== id && byId.has(b));
  for (const cycle of findCycles(ids, blockersOf)) {
    const first = byId.get(cycle[0])!;
    at(first, 'blockedBy', 'error', 'blocked-by-cycle', `Dependency cycle: ${[...cycle, cycle[0]].join(' → ')} (each waits for the next; none can start)`);
  }
  return problems;
}

/** Groups of items that share an id, each group in file-name order. */
export function findDuplicateIds(items: readonly Item[]): Item[][] {
  const byId = new Map<string, Item[]>();
  for (const item of items) {
    const list = byId.get(item.id);
    if (list) list.push(item);
    else byId.set(item.id, [item]);
  }
  return [...byId.values()].filter((g) => g.length > 1).map((g) => [...g].sort((a, b) => (a.file < b.file ? -1 : 1)));
}

export function duplicateIdProblems(groups: readonly Item[][]): Problem[] {
  const problems: Problem[] = [];
  for (const group of groups) {
    for (const item of group) {
      const others = group.filter((o) => o !== item).map((o) => baseName(o.file)).join(', ');
      problems.push({
        file: item.file, line: item.lines.id ?? 1, column: 1, severity: 'error', code: 'duplicate-id',
        message: `Id ${item.id} is also used by ${others}; run "Backlog: Check" with repair (or \`repo-backlog check --fix\`) to give one a new id`,
      });
    }
  }
  return problems;
}

/** One file to give a new id: its front matter id changes and it is renamed to match. */
export interface IdRepair {
  readonly item: Item;
  readonly newId: string;
  readonly newFile: string;
}

/**
 * Chooses which duplicates keep their id: the one whose file name matches it, else the oldest
 * created, else the first by path. Every other one gets a fresh id.
 */
export function planIdRepairs(groups: readonly Item[][], allIds: ReadonlySet<string>, config: BacklogConfig, itemsDir: string, random?: RandomInt): IdRepair[] {
  const taken = new Set(allIds);
  const repairs: IdRepair[] = [];
  for (const group of groups) {
    const keeper =
      group.find((i) => baseName(i.file) === `${i.id}.md`) ??
      [...group].sort((a, b) => (a.created ?? '\uffff').localeCompare(b.created ?? '\uffff') || (a.file < b.file ? -1 : 1))[0];
    for (const item of group) {
      if (item === keeper) continue;
      const prefix = /^([A-Z][A-Z0-9]*)-/.exec(item.id)?.[1] ?? config.idPrefix;
      const newId = newItemId(prefix, taken, random);
      taken.add(newId);
      repairs.push({ item, newId, newFile: joinPath(itemsDir, `${newId}.md`) });
    }
  }
  return repairs;
}
