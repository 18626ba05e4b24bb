// Which codicon and theme colour show an item's priority. No `vscode` here: the unit tests check
// that each level gets its own shape and that every colour reads on the default light and dark
// sidebars (WCAG AA).
import type { BacklogConfig } from '../core/config';

export interface PriorityIcon {
  /** Codicon name. */
  readonly icon: string;
  /** Theme colour id; none means the theme's icon colour. */
  readonly color?: string;
}

/**
 * Shapes from most to least urgent. The shape alone tells the level (colour is a second cue, not
 * the only one): a flame, an arrow up, a dash, an arrow down.
 */
const LADDER: readonly PriorityIcon[] = [
  { icon: 'flame', color: 'list.errorForeground' },
  { icon: 'arrow-up', color: 'list.warningForeground' },
  { icon: 'dash' },
  { icon: 'arrow-down' },
];
/** "won't" is not a low priority but a decision not to do it. */
const WONT: PriorityIcon = { icon: 'circle-slash' };
const WONT_NAME = /^won'?t(\s+do)?$/i;

/** Theme colours the priority icons use (for the contrast test). */
export const PRIORITY_COLORS: readonly string[] = LADDER.flatMap((p) => (p.color ? [p.color] : []));

/**
 * The icon of a priority, by its place in `config.priorities` (highest first). Up to four levels
 * (plus "won't") each get their own shape; longer lists spread over the four shapes.
 * Undefined for no priority or one config does not declare.
 */
export function priorityIcon(config: BacklogConfig, priority: string | undefined): PriorityIcon | undefined {
  if (!priority) return undefined;
  if (WONT_NAME.test(priority)) return WONT;
  const levels = config.priorities.filter((p) => !WONT_NAME.test(p));
  const at = levels.indexOf(priority);
  if (at === -1) return undefined;
  if (levels.length <= 1) return LADDER[0];
  // The first level is always the flame and the last always the arrow down.
  const step = Math.round((at * (LADDER.length - 1)) / (levels.length - 1));
  return levels.length === 2 ? LADDER[at === 0 ? 0 : LADDER.length - 1] : LADDER[Math.min(step, LADDER.length - 1)];
}
