import type { ItemTimeline } from './history';

// Throughput is what the team finished per week, read from the history the repository already
// holds: an item counts in the week its state entered a done status (from any other status, or
// when it first appeared already done). Weeks are counted back from `now`, so the last sample is
// the week that ends now and an uncommitted move to Done of an item with history still counts.

export const WEEK_MS = 7 * 86_400_000;

/** What the team finished in one week. */
export interface WeekThroughput {
  /** The week is (start, end], in ms. */
  readonly start: number;
  readonly end: number;
  readonly items: number;
  /** Points of the items finished (an unestimated item adds none). */
  readonly points: number;
}

export interface Throughput {
  /** The full weeks history covers, oldest first: at most the number asked for. */
  readonly weeks: readonly WeekThroughput[];
  /** When the history starts (ms), or undefined when there is none. */
  readonly historyStart?: number;
}

/**
 * Items and points reaching a done status in each of the last `weeks` full weeks before `now`.
 * Only weeks the history wholly covers are sampled: a repository two weeks old has two weeks of
 * throughput, not ten weeks of zeros. The history starts at its first event, or earlier when the
 * caller knows it reaches back further (`knownStart`: the commit a windowed git log started from).
 */
export function weeklyThroughput(timeline: ItemTimeline, doneStatuses: ReadonlySet<string>, now: number, weeks: number, knownStart?: number): Throughput {
  let historyStart: number | undefined = knownStart;
  for (const id of timeline.ids()) {
    const first = timeline.events(id)[0];
    if (first && (historyStart === undefined || first.at < historyStart)) historyStart = first.at;
  }
  const covered = historyStart === undefined ? 0 : Math.max(0, Math.min(weeks, Math.floor((now - historyStart) / WEEK_MS)));
  const items = new Array<number>(covered).fill(0);
  const points = new Array<number>(covered).fill(0);
  for (const id of timeline.ids()) {
    let wasDone = false;
    let seen = false;
    for (const e of timeline.events(id)) {
      const done = e.state !== undefined && doneStatuses.has(e.state.status);
      // An item seen first in the current files (stamped `now`) is one no history read touched:
      // unchanged since before the window, or brand new; either way not a finish to count.
      const finished = done && !wasDone && e.at <= now && (seen || e.at < now);
      seen = true;
      if (finished) {
        const back = Math.floor((now - e.at) / WEEK_MS);
        // `back` counts weeks before now; index 0 is the oldest sampled week.
        if (back < covered) {
          items[covered - 1 - back]++;
          points[covered - 1 - back] += e.state.points ?? 0;
        }
      }
      wasDone = done;
    }
  }
  const out: WeekThroughput[] = [];
  for (let i = 0; i < covered; i++) {
    const end = now - (covered - 1 - i) * WEEK_MS;
    out.push({ start: end - WEEK_MS, end, items: items[i], points: points[i] });
  }
  return { weeks: out, historyStart };
}
