// A snapshot of in-memory items, for tests of what is computed from one (no files involved).
import { DEFAULT_CONFIG, type BacklogConfig } from '../../../src/core/config';
import type { Item } from '../../../src/core/item';
import { ItemRelations } from '../../../src/core/planning/relations';
import type { Sprint } from '../../../src/core/planning/sprintFile';
import type { BacklogSnapshot } from '../../../src/core/store/snapshot';

/** `items` (in the order given, as rank order) as a snapshot with no problems. */
export function snapshotOf(items: Item[], options: { config?: BacklogConfig; sprints?: Sprint[] } = {}): BacklogSnapshot {
  const config = options.config ?? DEFAULT_CONFIG;
  const byId = new Map<string, Item>();
  for (const item of items) if (!byId.has(item.id)) byId.set(item.id, item);
  return { kind: 'backlog', root: '/r', config, items, problems: [], byId, sprints: options.sprints ?? [], relations: new ItemRelations(items, byId, config) };
}
