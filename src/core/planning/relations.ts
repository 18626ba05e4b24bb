// How items relate to each other: `parent` (an epic and its stories, a story and its tasks) and
// `blockedBy` (what must be done first). Both are stored on the item that points, so the reverse
// directions (children, "blocks") are computed here, once per snapshot, from maps built in one
// pass over the items. Roll-ups are computed on first use and kept, so a view that shows only a
// few parents pays for those only.
import { statusCategory, type BacklogConfig } from '../config';
import type { Item } from '../item';
import { blockers } from './readiness';

/** Progress of everything under a parent (all descendants, not just direct children). */
export interface Rollup {
  /** Descendants in a done status. */
  readonly done: number;
  readonly total: number;
  /** Points of the done descendants; items without an estimate count 0. */
  readonly pointsDone: number;
  readonly pointsTotal: number;
}

const NONE: readonly Item[] = Object.freeze([]);

/** Parent and blocker relations of one snapshot's items. Immutable once built. */
export class ItemRelations {
  private index: { readonly children: Map<string, Item[]>; readonly blocks: Map<string, Item[]> } | undefined;
  private readonly rollups = new Map<string, Rollup>();
  private readonly lookup: { readonly byId: ReadonlyMap<string, Item>; readonly config: BacklogConfig };

  /** `items` in rank order (children come out ranked); `byId` the snapshot's first item per id. */
  constructor(
    private readonly items: readonly Item[],
    private readonly byId: ReadonlyMap<string, Item>,
    private readonly config: BacklogConfig,
  ) {
    this.lookup = { byId, config };
  }

  private built() {
    if (this.index) return this.index;
    const children = new Map<string, Item[]>();
    const blocks = new Map<string, Item[]>();
    for (const item of this.items) {
      if (item.parent !== undefined) push(children, item.parent, item);
      for (const id of item.blockedBy) push(blocks, id, item);
    }
    this.index = { children, blocks };
    return this.index;
  }

  /** Items whose `parent` is `id`, in rank order. */
  children(id: string): readonly Item[] {
    return this.built().children.get(id) ?? NONE;
  }

  /** Whether any item names `id` as its parent. */
  hasChildren(id: string): boolean {
    return this.built().children.has(id);
  }

  /** The item's parent, when it names one that is in the backlog. */
  parentOf(item: Item): Item | undefined {
    return item.parent === undefined ? undefined : this.byId.get(item.parent);
  }

  /** Parent, grandparent, ... nearest first; stops before repeating itself in a (reported) cycle. */
  ancestors(item: Item): Item[] {
    const out: Item[] = [];
    const seen = new Set<string>([item.id]);
    for (let p = this.parentOf(item); p && !seen.has(p.id); p = this.parentOf(p)) {
      out.push(p);
      seen.add(p.id);
    }
    return out;
  }

  /** Items that list `id` in their `blockedBy`, in rank order. */
  blocks(id: string): readonly Item[] {
    return this.built().blocks.get(id) ?? NONE;
  }

  /** The item's blockers that are not done yet (readiness's rule: unknown ids do not block). */
  openBlockers(item: Item): Item[] {
    return item.blockedBy.length === 0 ? [] : blockers(item, this.lookup);
  }

  /** Blocked while any of its blockers is not done. */
  isBlocked(item: Item): boolean {
    return this.openBlockers(item).length > 0;
  }

  /** Progress over all of `id`'s descendants, or undefined when it has no children. */
  rollup(id: string): Rollup | undefined {
    if (!this.hasChildren(id)) return undefined;
    return this.rollupOf(id, new Set());
  }

  private rollupOf(id: string, visiting: Set<string>): Rollup {
    const known = this.rollups.get(id);
    if (known) return known;
    // A parent cycle (reported by check) must not count an item twice or loop forever.
    visiting.add(id);
    let done = 0;
    let total = 0;
    let pointsDone = 0;
    let pointsTotal = 0;
    for (const child of this.children(id)) {
      if (visiting.has(child.id)) continue;
      const points = child.points ?? 0;
      total++;
      pointsTotal += points;
      if (statusCategory(this.config, child.status) === 'done') {
        done++;
        pointsDone += points;
      }
      if (this.hasChildren(child.id)) {
        const below = this.rollupOf(child.id, visiting);
        done += below.done;
        total += below.total;
        pointsDone += below.pointsDone;
        pointsTotal += below.pointsTotal;
      }
    }
    visiting.delete(id);
    const rollup = { done, total, pointsDone, pointsTotal };
    this.rollups.set(id, rollup);
    return rollup;
  }
}

function push(map: Map<string, Item[]>, key: string, item: Item): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}
