import { statusCategory, type BacklogConfig } from '../config';
import { dayEnd, dayStart, daysFrom, localDate } from './calendar';
import type { ItemTimeline, PlanningState } from './history';
import { findSprint, type Sprint } from './sprintFile';

/** An item as the review shows it: its state at the end of the review window. */
export interface ReviewItem {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  /** Undefined when unestimated (counted as 0). */
  readonly points: number | undefined;
  readonly done: boolean;
}

/** An item entering or leaving the sprint after it started, or re-estimated while in it. */
export interface ScopeChange {
  readonly at: number;
  /** The day it happened (team's calendar). */
  readonly date: string;
  readonly id: string;
  readonly title: string;
  readonly change: 'added' | 'removed' | 're-estimated';
  /** Points added to (positive) or taken from (negative) the scope. */
  readonly delta: number;
}

/** One point of the burndown: the sprint start, then the end of each day. */
export interface BurndownPoint {
  /** `start`, or the day `YYYY-MM-DD` this point closes. */
  readonly label: string;
  readonly at: number;
  /** Committed points falling in a straight line to 0 at the end of the last day. */
  readonly ideal: number;
  /** Not-done points in the sprint at that moment; null for days still to come. */
  readonly remaining: number | null;
  /** All points in the sprint then (goes up and down with scope changes); null for days to come. */
  readonly scope: number | null;
  readonly remainingItems: number | null;
}

/** Everything a sprint review shows. */
export interface SprintReview {
  readonly sprint: Sprint;
  /** The moments the review compares: when the sprint started and its end (or now). */
  readonly from: number;
  readonly to: number;
  /** False while the sprint is still running (or not started): `to` is now. */
  readonly complete: boolean;
  /** Scope at start. */
  readonly committed: readonly ReviewItem[];
  /** In the sprint at the end but not at the start, and the other way round. */
  readonly added: readonly ReviewItem[];
  readonly removed: readonly ReviewItem[];
  /** The scope at the end, split. */
  readonly done: readonly ReviewItem[];
  readonly notDone: readonly ReviewItem[];
  readonly points: {
    readonly capacity: number | undefined;
    readonly committed: number;
    readonly added: number;
    readonly removed: number;
    readonly scope: number;
    readonly done: number;
    readonly remaining: number;
  };
  readonly burndown: readonly BurndownPoint[];
  /** Every scope change in time order, including items that came and went again. */
  readonly scopeChanges: readonly ScopeChange[];
}

export interface ReviewInput {
  readonly sprint: Sprint;
  /** All sprints, to resolve items' `sprint` values (id or name). */
  readonly sprints: readonly Sprint[];
  /** Item history including the current files (see `currentEvents`). */
  readonly timeline: ItemTimeline;
  readonly config: BacklogConfig;
  readonly now: number;
  readonly utcOffsetMinutes?: number;
  /** Current titles (history carries titles only from git). */
  readonly titles?: ReadonlyMap<string, string>;
}

/**
 * Builds a sprint review from item history. "At start" is when `sprint start` ran (or the start
 * day's beginning); the end is when `sprint close` ran, the end of the last day, or now. Items a
 * close carried over still count as unfinished scope of this sprint.
 */
export function sprintReview(input: ReviewInput): SprintReview {
  const { sprint, sprints, timeline, config, now } = input;
  const offset = input.utcOffsetMinutes ?? 0;
  const plannedFrom = reviewStart(sprint, now, offset);
  const plannedTo = sprint.closed ? Date.parse(sprint.closed) : sprint.end ? dayEnd(sprint.end, offset) : now;
  const from = Math.min(plannedFrom, now);
  const to = Math.max(from, Math.min(plannedTo, now));
  const complete = sprint.state === 'closed' || plannedTo <= now;
  const carried = new Set(sprint.carriedOver);

  const inSprint = (state: PlanningState | undefined) => state?.sprint !== undefined && findSprint(sprints, state.sprint) === sprint;
  const done = (state: PlanningState | undefined) => state !== undefined && statusCategory(config, state.status) === 'done';
  // A carried-over item left at the close, but it was this sprint's unfinished work.
  const member = (id: string, at: number) => inSprint(timeline.stateAt(id, at)) || (carried.has(id) && at >= to && sprint.state === 'closed');

  const candidates: string[] = [];
  for (const id of timeline.ids()) if (carried.has(id) || timeline.events(id).some((e) => inSprint(e.state))) candidates.push(id);

  const title = (id: string) => input.titles?.get(id) ?? lastTitle(timeline, id) ?? id;
  const reviewItem = (id: string, at: number): ReviewItem => {
    const state = lastStateIn(timeline, id, at, inSprint) ?? timeline.stateAt(id, at);
    return { id, title: title(id), status: state?.status ?? '(deleted)', points: state?.points, done: done(timeline.stateAt(id, at)) };
  };

  const committed: ReviewItem[] = [];
  const added: ReviewItem[] = [];
  const removed: ReviewItem[] = [];
  const doneItems: ReviewItem[] = [];
  const notDone: ReviewItem[] = [];
  const scopeChanges: ScopeChange[] = [];
  for (const id of candidates) {
    const atStart = member(id, from);
    const atEnd = member(id, to);
    if (atStart) committed.push(reviewItem(id, from));
    if (atEnd && !atStart) added.push(reviewItem(id, to));
    if (atStart && !atEnd) removed.push(reviewItem(id, to));
    if (atEnd) (done(timeline.stateAt(id, to)) ? doneItems : notDone).push(reviewItem(id, to));

    let wasIn = atStart;
    let points = atStart ? timeline.stateAt(id, from)?.points ?? 0 : 0;
    for (const e of timeline.events(id)) {
      if (e.at <= from || e.at > to) continue;
      const isIn = inSprint(e.state);
      const p = e.state?.points ?? 0;
      // The close's own carry-over is not a removal.
      if (wasIn && !isIn && carried.has(id) && sprint.state === 'closed' && e.at >= to - 1000) continue;
      const base = { at: e.at, date: localDate(e.at, offset), id, title: title(id) };
      if (isIn && !wasIn) scopeChanges.push({ ...base, change: 'added', delta: p });
      else if (!isIn && wasIn) scopeChanges.push({ ...base, change: 'removed', delta: -points });
      else if (isIn && p !== points) scopeChanges.push({ ...base, change: 're-estimated', delta: p - points });
      wasIn = isIn;
      points = isIn ? p : 0;
    }
  }
  scopeChanges.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));

  const sum = (items: readonly ReviewItem[]) => items.reduce((s, i) => s + (i.points ?? 0), 0);
  const committedPoints = sum(committed);

  // Remaining and scope at one moment, over the candidates.
  const measure = (at: number) => {
    let remaining = 0;
    let scope = 0;
    let remainingItems = 0;
    for (const id of candidates) {
      if (!member(id, at)) continue;
      const state = timeline.stateAt(id, at) ?? lastStateIn(timeline, id, at, inSprint);
      const p = state?.points ?? 0;
      scope += p;
      if (!done(state)) {
        remaining += p;
        remainingItems++;
      }
    }
    return { remaining, scope, remainingItems };
  };

  const firstDay = sprint.start ?? localDate(from, offset);
  const lastDay = sprint.end ?? localDate(Math.max(to, from), offset);
  const days = lastDay >= firstDay ? daysFrom(firstDay, lastDay) : [];
  const burndown: BurndownPoint[] = [];
  const startMeasure = measure(from);
  burndown.push({ label: 'start', at: from, ideal: committedPoints, ...startMeasure });
  days.forEach((day, k) => {
    const end = dayEnd(day, offset);
    const ideal = round(committedPoints * (1 - (k + 1) / days.length));
    if (dayStart(day, offset) > to) {
      burndown.push({ label: day, at: end, ideal, remaining: null, scope: null, remainingItems: null });
      return;
    }
    // Days before the sprint was started show the scope it started with.
    const at = Math.max(from, Math.min(end, to));
    burndown.push({ label: day, at, ideal, ...measure(at) });
  });

  return {
    sprint,
    from,
    to,
    complete,
    committed,
    added,
    removed,
    done: doneItems,
    notDone,
    points: {
      capacity: sprint.capacity,
      committed: committedPoints,
      added: sum(added),
      removed: sum(removed),
      scope: sum(doneItems) + sum(notDone),
      done: sum(doneItems),
      remaining: sum(notDone),
    },
    burndown,
    scopeChanges,
  };
}

/** The moment a review measures "scope at start" (history before it is not needed). */
export function reviewStart(sprint: Sprint, now: number, utcOffsetMinutes = 0): number {
  const from = sprint.started ? Date.parse(sprint.started) : sprint.start ? dayStart(sprint.start, utcOffsetMinutes) : now;
  return Math.min(from, now);
}

/** The item's last state at or before `at` that satisfies `test` (e.g. its last state in the sprint). */
function lastStateIn(timeline: ItemTimeline, id: string, at: number, test: (s: PlanningState | undefined) => boolean): PlanningState | undefined {
  let found: PlanningState | undefined;
  for (const e of timeline.events(id)) {
    if (e.at > at) break;
    if (test(e.state)) found = e.state;
  }
  return found;
}

function lastTitle(timeline: ItemTimeline, id: string): string | undefined {
  const events = timeline.events(id);
  for (let i = events.length - 1; i >= 0; i--) if (events[i].state?.title) return events[i].state!.title;
  return undefined;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
