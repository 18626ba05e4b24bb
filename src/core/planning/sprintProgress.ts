import type { BacklogSnapshot } from '../backlog';
import { localDate } from './calendar';
import { activeSprint, sprintItems, sprintLoad, type SprintLoad } from './sprints';
import type { Sprint } from './sprintFile';

/** The active sprint at a glance, for the status bar. */
export interface SprintProgress {
  readonly sprint: Sprint;
  readonly load: SprintLoad;
  /** Done points over committed points, 0–1 (0 when nothing is committed). */
  readonly fraction: number;
  /** Whole days left including today; negative once the end date has passed; undefined without an end. */
  readonly daysLeft: number | undefined;
  /** One short line, e.g. `Sprint 12: 8/21 pts · 4 days left`. */
  readonly text: string;
}

export function activeSprintProgress(snapshot: BacklogSnapshot, now: number, utcOffsetMinutes = 0): SprintProgress | undefined {
  const sprint = activeSprint(snapshot);
  if (!sprint) return undefined;
  const load = sprintLoad(sprintItems(snapshot, sprint), sprint, snapshot.config);
  const today = localDate(now, utcOffsetMinutes);
  const daysLeft = sprint.end === undefined ? undefined : Math.round((Date.parse(`${sprint.end}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000) + 1;
  const when = daysLeft === undefined ? '' : daysLeft > 1 ? ` · ${daysLeft} days left` : daysLeft === 1 ? ' · last day' : ` · ended ${-daysLeft + 1} day${daysLeft === 0 ? '' : 's'} ago`;
  return {
    sprint,
    load,
    fraction: load.committed === 0 ? 0 : load.done / load.committed,
    daysLeft,
    text: `${sprint.name}: ${round(load.done)}/${round(load.committed)} pts${when}`,
  };
}

function round(n: number): string {
  return String(Math.round(n * 10) / 10);
}
