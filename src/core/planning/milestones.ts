import type { Item } from '../item';
import { BacklogError } from '../store/backlogError';
import type { Hierarchy } from './forecastScope';
import { findMilestone, type Milestone } from './milestoneFile';

// Which items a milestone holds: those that name it, and everything under them.

/** The milestone `ref` names (id, or display name without case); a clear error when there is none. */
export function requireMilestone(milestones: readonly Milestone[], ref: string): Milestone {
  const milestone = findMilestone(milestones, ref);
  if (milestone) return milestone;
  const known = milestones.map((m) => m.id);
  throw new BacklogError(`No milestone ${ref}${known.length ? ` (milestones: ${known.join(', ')})` : '; create one with "milestone create NAME"'}`, 'missing-item');
}

/**
 * The milestone an item belongs to: its own `milestone`, else its nearest ancestor's. An epic
 * planned for a release takes its stories with it without each one saying so.
 */
export function effectiveMilestone(item: Item, hierarchy: Hierarchy): string | undefined {
  if (item.milestone) return item.milestone;
  for (const a of hierarchy.ancestors(item)) if (a.milestone) return a.milestone;
  return undefined;
}

/** Every item in the milestone, directly or through a parent, in backlog order. */
export function milestoneItems(items: readonly Item[], milestone: Milestone, hierarchy: Hierarchy): Item[] {
  return items.filter((i) => {
    const m = effectiveMilestone(i, hierarchy);
    return m !== undefined && findMilestone([milestone], m) !== undefined;
  });
}

