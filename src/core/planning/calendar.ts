// Sprint dates are calendar days (`YYYY-MM-DD`) in the team's time zone; history is instants.
// The zone is passed as an offset from UTC in minutes (east positive, e.g. +60 for CET), so the
// core stays pure and tests are the same on every machine.

const DAY = 86_400_000;

/** The calendar day `YYYY-MM-DD` that the instant `ms` falls on at `utcOffsetMinutes`. */
export function localDate(ms: number, utcOffsetMinutes = 0): string {
  return new Date(ms + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** The instant the day `date` begins at `utcOffsetMinutes`. */
export function dayStart(date: string, utcOffsetMinutes = 0): number {
  return Date.parse(`${date}T00:00:00Z`) - utcOffsetMinutes * 60_000;
}

/** The last millisecond of the day `date`. */
export function dayEnd(date: string, utcOffsetMinutes = 0): number {
  return dayStart(date, utcOffsetMinutes) + DAY - 1;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** Every day from `first` to `last`, both included. */
export function daysFrom(first: string, last: string): string[] {
  const out: string[] = [];
  for (let d = first; d <= last && out.length < 3660; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The local offset Node or the editor runs in, for callers outside the pure core. */
export function systemUtcOffsetMinutes(at: Date = new Date()): number {
  return -at.getTimezoneOffset();
}
