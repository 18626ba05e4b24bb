import { BacklogError } from '../store/backlogError';
import type { BacklogConfig } from '../config';
import { normalizeItemId } from '../ids';
import type { Item } from '../item';
import { matchesQuery, parseQuery } from '../query';
import { localDate } from './calendar';
import { forecast, remainingWork, doneStatuses, type Forecast } from './forecast';
import { WEEK_MS, weeklyThroughput } from './forecastThroughput';
import { ItemTimeline, type HistoryEvent } from './history';
import type { Milestone } from './milestoneFile';
import { milestoneItems, requireMilestone } from './milestones';
import type { ItemRelations } from './relations';

// What a forecast is about: a milestone (its items, joined directly or through a parent), an
// epic or any parent (its descendants), a single item, or the items a query matches.

/** The parts of the item hierarchy a scope needs: planning/relations.ts's `ItemRelations` has them. */
export interface Hierarchy {
  /** Parent, grandparent, …, nearest first. */
  ancestors(item: Item): readonly Item[];
  /** Items whose `parent` is `id`, in rank order. */
  children(id: string): readonly Item[];
}

/** Children, their children, … of `id` (each once, even in a parent cycle), parents before their children. */
export function descendants(hierarchy: Hierarchy, id: string): Item[] {
  const out: Item[] = [];
  const seen = new Set<string>([id]);
  const visit = (parent: string) => {
    for (const child of hierarchy.children(parent)) {
      if (seen.has(child.id)) continue;
      seen.add(child.id);
      out.push(child);
      visit(child.id);
    }
  };
  visit(id);
  return out;
}

export type ForecastScope =
  | { readonly kind: 'milestone'; readonly id: string }
  | { readonly kind: 'item'; readonly id: string }
  | { readonly kind: 'query'; readonly query: string };

/** What a scope resolved to against one snapshot: its items (open and done) and its target. */
export interface ScopedWork {
  readonly kind: ForecastScope['kind'];
  /** The milestone or item id, or the query text. */
  readonly id: string;
  /** What a person calls it: the milestone's name, the item's title, the query. */
  readonly name: string;
  /** Everything in the scope, in backlog order. */
  readonly items: readonly Item[];
  /**
   * The items whose completion is the work: the scope's items less the parents of other items in
   * it (an epic is done when its stories are; counting it too would count the work twice).
   */
  readonly work: readonly Item[];
  readonly target?: string;
  readonly milestone?: Milestone;
}

/** What scopes are resolved against (a snapshot has all of it). */
export interface ScopeSource {
  readonly items: readonly Item[];
  readonly byId: ReadonlyMap<string, Item>;
  readonly milestones: readonly Milestone[];
  readonly config: BacklogConfig;
  /** For a query scope such as `is:blocked`. */
  readonly relations: ItemRelations;
}

/** Resolves a scope; a milestone or item that does not exist is a clear error. */
export function resolveScope(source: ScopeSource, scope: ForecastScope, hierarchy: Hierarchy): ScopedWork {
  const scoped = scopeItems(source, scope, hierarchy);
  const ids = new Set(scoped.items.map((i) => i.id));
  const work = scoped.items.filter((i) => !hierarchy.children(i.id).some((c) => ids.has(c.id)));
  return { ...scoped, work };
}

function scopeItems(source: ScopeSource, scope: ForecastScope, hierarchy: Hierarchy): Omit<ScopedWork, 'work'> {
  switch (scope.kind) {
    case 'milestone': {
      const milestone = requireMilestone(source.milestones, scope.id);
      return { kind: 'milestone', id: milestone.id, name: milestone.name, items: milestoneItems(source.items, milestone, hierarchy), target: milestone.target, milestone };
    }
    case 'item': {
      const item = source.byId.get(normalizeItemId(scope.id));
      if (!item) throw new BacklogError(`No item ${scope.id}`, 'missing-item');
      const below = descendants(hierarchy, item.id);
      // A parent's own file is the container, not work: its descendants are what gets done.
      return { kind: 'item', id: item.id, name: item.title, items: below.length > 0 ? below : [item] };
    }
    case 'query': {
      const text = scope.query.trim();
      if (!text) throw new BacklogError('--query needs a filter, e.g. --query "label:checkout is:open"', 'invalid-value');
      const query = parseQuery(text);
      return { kind: 'query', id: text, name: text, items: source.items.filter((i) => matchesQuery(i, query, source)) };
    }
  }
}

/** How a forecast is asked for. */
export interface ForecastRequest {
  readonly now: number;
  readonly utcOffsetMinutes: number;
  readonly weeks: number;
  readonly runs?: number;
  readonly seed?: number;
  /** Overrides the milestone's target date. */
  readonly target?: string;
  /** The history reaches back at least this far, whatever its first event (see `weeklyThroughput`). */
  readonly historyFrom?: number;
}

/** The forecast of a resolved scope from the backlog's history events. */
export function forecastWork(work: ScopedWork, config: BacklogConfig, events: Iterable<HistoryEvent>, request: ForecastRequest): Forecast {
  const throughput = weeklyThroughput(new ItemTimeline(events), doneStatuses(config), request.now, request.weeks, request.historyFrom);
  return forecast(remainingWork(work.work, config).work, throughput, {
    today: localDate(request.now, request.utcOffsetMinutes), target: request.target ?? work.target, runs: request.runs, seed: request.seed,
  });
}

/** The moment history must reach back to for `weeks` of throughput. */
export function historySince(now: number, weeks: number): number {
  return now - weeks * WEEK_MS;
}
