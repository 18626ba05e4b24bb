import { BacklogError, type Backlog, type BacklogSnapshot } from '../backlog';
import { statusCategory, type BacklogConfig } from '../config';
import type { Item } from '../item';
import { addDays, localDate } from './calendar';
import { compareSprints, findSprint, type Sprint } from './sprintFile';

/** True when the item's status is in the `done` category. */
export function isDone(item: Pick<Item, 'status'>, config: BacklogConfig): boolean {
  return statusCategory(config, item.status) === 'done';
}

/** The sprint called `ref` (id, or display name without case), or a clear error. */
export function requireSprint(snapshot: BacklogSnapshot, ref: string | undefined): Sprint {
  if (!ref) throw new BacklogError('Which sprint? Pass its id (the file name in .backlog/sprints/)', 'invalid-value');
  const sprint = findSprint(snapshot.sprints, ref);
  if (!sprint) {
    const known = snapshot.sprints.map((s) => s.id);
    throw new BacklogError(`No sprint ${ref}${known.length ? ` (sprints: ${known.join(', ')})` : '; create one with "sprint create NAME"'}`, 'missing-item');
  }
  return sprint;
}

/** The sprint in progress, if any. */
export function activeSprint(snapshot: BacklogSnapshot): Sprint | undefined {
  return snapshot.sprints.find((s) => s.state === 'active');
}

/** The items planned into `sprint`, in rank order. */
export function sprintItems(snapshot: BacklogSnapshot, sprint: Sprint): Item[] {
  return snapshot.items.filter((i) => i.sprint !== undefined && findSprint(snapshot.sprints, i.sprint) === sprint);
}

/** Open items in no sprint, in rank order: what a sprint is planned from. */
export function productBacklog(snapshot: BacklogSnapshot): Item[] {
  return snapshot.items.filter((i) => !i.sprint && !isDone(i, snapshot.config));
}

/** Points a sprint holds against its capacity. Unestimated items count 0 and are counted apart. */
export interface SprintLoad {
  readonly committed: number;
  readonly done: number;
  readonly items: number;
  readonly unestimated: number;
  readonly capacity: number | undefined;
  /** Committed minus capacity when positive. */
  readonly over: number;
}

export function sprintLoad(items: readonly Item[], sprint: Sprint, config: BacklogConfig): SprintLoad {
  let committed = 0;
  let done = 0;
  let unestimated = 0;
  for (const i of items) {
    if (i.points === undefined) unestimated++;
    committed += i.points ?? 0;
    if (isDone(i, config)) done += i.points ?? 0;
  }
  const over = sprint.capacity === undefined ? 0 : Math.max(0, committed - sprint.capacity);
  return { committed, done, items: items.length, unestimated, capacity: sprint.capacity, over };
}

/** What to change in a sprint's plan. */
export interface PlanRequest {
  /** Items to add, in this order (ids). */
  readonly add?: readonly string[];
  /** Items to take out, back to the product backlog. */
  readonly remove?: readonly string[];
  /** Then keep adding from the top of the product backlog while the next item fits the capacity. */
  readonly fill?: boolean;
}

export interface PlanStep {
  readonly item: Item;
  readonly action: 'add' | 'remove';
  /** Committed points after this step. */
  readonly committed: number;
  /** The step leaves the sprint over capacity. */
  readonly overCapacity: boolean;
  /** E.g. "moved from sprint-11". */
  readonly note?: string;
}

/** A previewable plan: nothing is written until `applySprintPlan`. */
export interface SprintPlan {
  readonly sprint: Sprint;
  readonly steps: readonly PlanStep[];
  readonly before: SprintLoad;
  readonly after: SprintLoad;
  /** Over capacity, unestimated items, skipped items, why filling stopped, blockers left out. */
  readonly warnings: readonly string[];
  /** Items in the sprint after the plan that wait for an unfinished item outside it. */
  readonly blockedOutside: readonly { readonly item: Item; readonly blocker: Item }[];
}

/**
 * Plans adding and removing items. Explicit additions are always planned (over capacity is
 * warned, never refused: the team decides); filling takes the product backlog from the top and
 * stops at the first item that does not fit or has no estimate, so the sprint never skips past
 * more important work to squeeze in small items.
 */
export function planSprint(snapshot: BacklogSnapshot, sprint: Sprint, request: PlanRequest): SprintPlan {
  if (sprint.state === 'closed') throw new BacklogError(`Sprint ${sprint.id} is closed; plan the next one`, 'invalid-value');
  const { config } = snapshot;
  const current = sprintItems(snapshot, sprint);
  const members = new Map(current.map((i) => [i.id, i]));
  const steps: PlanStep[] = [];
  const warnings: string[] = [];
  let committed = current.reduce((sum, i) => sum + (i.points ?? 0), 0);
  const capacity = sprint.capacity;
  const over = () => capacity !== undefined && committed > capacity;
  const lookup = (id: string): Item => {
    const item = snapshot.byId.get(id) ?? snapshot.byId.get(id.toUpperCase());
    if (!item) throw new BacklogError(`No item ${id}`, 'missing-item');
    return item;
  };

  for (const id of request.remove ?? []) {
    const item = lookup(id);
    if (!members.has(item.id)) {
      warnings.push(`${item.id} is not in ${sprint.id}; nothing to remove`);
      continue;
    }
    members.delete(item.id);
    committed -= item.points ?? 0;
    steps.push({ item, action: 'remove', committed, overCapacity: over() });
  }
  const add = (item: Item, note?: string) => {
    members.set(item.id, item);
    committed += item.points ?? 0;
    steps.push({ item, action: 'add', committed, overCapacity: over(), ...(note ? { note } : {}) });
  };
  for (const id of request.add ?? []) {
    const item = lookup(id);
    if (members.has(item.id)) {
      warnings.push(`${item.id} is already in ${sprint.id}`);
      continue;
    }
    if (isDone(item, config)) {
      warnings.push(`${item.id} is already ${item.status}; not added`);
      continue;
    }
    const from = item.sprint ? findSprint(snapshot.sprints, item.sprint)?.id ?? item.sprint : undefined;
    add(item, from ? `moved from ${from}` : undefined);
  }
  if (request.fill) {
    if (capacity === undefined) throw new BacklogError(`Sprint ${sprint.id} has no capacity to fill up to; set one first (capacity: points)`, 'invalid-value');
    for (const item of productBacklog(snapshot)) {
      if (members.has(item.id)) continue;
      if (item.points === undefined) {
        warnings.push(`Stopped at ${item.id} "${item.title}": it has no estimate (estimate it, or add it by id)`);
        break;
      }
      if (committed + item.points > capacity) {
        warnings.push(`Stopped at ${item.id} "${item.title}": its ${item.points} points would take the sprint to ${committed + item.points} of ${capacity}`);
        break;
      }
      add(item);
    }
  }
  const after = [...members.values()];
  const afterLoad = sprintLoad(after, sprint, config);
  if (afterLoad.over > 0) warnings.unshift(`Over capacity: ${afterLoad.committed} points committed, capacity ${capacity} (${afterLoad.over} over)`);
  if (afterLoad.unestimated > 0) warnings.push(`${afterLoad.unestimated} item${afterLoad.unestimated > 1 ? 's have' : ' has'} no estimate and count as 0 points`);
  // Planned before what it waits for: the sprint cannot finish it unless the blocker is done first.
  const blockedOutside: { item: Item; blocker: Item }[] = [];
  for (const item of after) {
    for (const blocker of snapshot.relations.openBlockers(item)) {
      if (members.has(blocker.id)) continue;
      blockedOutside.push({ item, blocker });
      warnings.push(`${item.id} is blocked by ${blocker.id} "${blocker.title}" (${blocker.status}), which is not in ${sprint.id}`);
    }
  }
  return { sprint, steps, before: sprintLoad(current, sprint, config), after: afterLoad, warnings, blockedOutside };
}

/** Writes the plan: one item file per step. */
export async function applySprintPlan(backlog: Backlog, plan: SprintPlan): Promise<Item[]> {
  const written: Item[] = [];
  for (const step of plan.steps) {
    written.push(await backlog.update(step.item, { sprint: step.action === 'add' ? plan.sprint.id : undefined }));
  }
  return written;
}

/** Timing and time zone for sprint operations; injectable so tests are exact. */
export interface SprintClock {
  readonly now?: () => Date;
  readonly utcOffsetMinutes?: number;
}

/** Starts a planned sprint. Only one sprint can be active; its start date defaults to today. */
export async function startSprint(backlog: Backlog, ref: string, clock: SprintClock = {}): Promise<Sprint> {
  const snapshot = backlog.snapshot;
  const sprint = requireSprint(snapshot, ref);
  if (sprint.state === 'active') throw new BacklogError(`Sprint ${sprint.id} is already active`, 'invalid-value');
  if (sprint.state === 'closed') throw new BacklogError(`Sprint ${sprint.id} is closed; it cannot start again`, 'invalid-value');
  const running = activeSprint(snapshot);
  if (running) throw new BacklogError(`Sprint ${running.id} is still active; close it before starting ${sprint.id}`, 'invalid-value');
  const now = (clock.now ?? (() => new Date()))();
  const today = localDate(now.getTime(), clock.utcOffsetMinutes);
  const changes: Record<string, unknown> = { state: 'active', started: now.toISOString() };
  if (!sprint.start) changes.start = today;
  if (!sprint.end) changes.end = addDays(sprint.start ?? today, 13);
  return backlog.updateSprint(sprint, changes);
}

/** Where `closeSprint` sends unfinished items. */
export type CarryOver = { readonly to: 'next' } | { readonly to: 'backlog' } | { readonly to: 'sprint'; readonly sprint: string };

export interface ClosedSprint {
  readonly sprint: Sprint;
  /** The sprint unfinished items went to; undefined for the product backlog. */
  readonly carriedTo: Sprint | undefined;
  readonly carried: readonly Item[];
  readonly done: readonly Item[];
}

/** The next sprint after `sprint`: the earliest planned one. */
export function nextSprint(snapshot: BacklogSnapshot, sprint: Sprint): Sprint | undefined {
  return [...snapshot.sprints].sort(compareSprints).find((s) => s.id !== sprint.id && s.state === 'planned');
}

/**
 * Closes a sprint: unfinished items move to the next sprint (or the product backlog), one file
 * each; done items keep the sprint as a record. The sprint file is written last, listing what was
 * carried over, so an interrupted close can simply be run again.
 */
export async function closeSprint(backlog: Backlog, ref: string, carry: CarryOver = { to: 'next' }, clock: SprintClock = {}): Promise<ClosedSprint> {
  const snapshot = backlog.snapshot;
  const sprint = requireSprint(snapshot, ref);
  if (sprint.state === 'closed') throw new BacklogError(`Sprint ${sprint.id} is already closed`, 'invalid-value');
  let target: Sprint | undefined;
  if (carry.to === 'next') target = nextSprint(snapshot, sprint);
  else if (carry.to === 'sprint') {
    target = requireSprint(snapshot, carry.sprint);
    if (target.id === sprint.id) throw new BacklogError(`Cannot carry ${sprint.id}'s items over to itself`, 'invalid-value');
    if (target.state === 'closed') throw new BacklogError(`Sprint ${target.id} is closed; carry over to a planned or active sprint`, 'invalid-value');
  }
  const closedAt = (clock.now ?? (() => new Date()))().toISOString();
  const items = sprintItems(snapshot, sprint);
  const unfinished = items.filter((i) => !isDone(i, snapshot.config));
  const carried: Item[] = [];
  for (const item of unfinished) carried.push(await backlog.update(item, { sprint: target?.id }));
  const carriedOver = [...new Set([...sprint.carriedOver, ...unfinished.map((i) => i.id)])];
  const closed = await backlog.updateSprint(sprint.id, {
    state: 'closed',
    closed: closedAt,
    carriedOver: carriedOver.length > 0 ? carriedOver : undefined,
    carriedTo: unfinished.length > 0 ? target?.id ?? 'backlog' : undefined,
  });
  return { sprint: closed, carriedTo: target, carried, done: items.filter((i) => isDone(i, snapshot.config)) };
}
