import { fmt } from './scoring';
import type { Forecast } from './forecast';

// The forecast in words, the same in the CLI and the forecast page.

/** "34 points in 9 open items" / "9 open items". */
export function remainingText(f: Forecast): string {
  const items = `${f.remainingItems} open item${f.remainingItems === 1 ? '' : 's'}`;
  return f.unit === 'points' ? `${fmt(f.remaining)} point${f.remaining === 1 ? '' : 's'} in ${items}` : items;
}

/** A chance as a whole percentage: 0.974 → "97 %". */
export function percentText(p: number): string {
  return `${Math.round(p * 100)} %`;
}

/** How the target compares: the chance of being done by then, and a verdict. */
export function targetText(f: Forecast): string | undefined {
  if (f.target === null) return undefined;
  if (f.onTrackProbability === null) return `Target ${f.target}: no forecast to compare with`;
  const p = f.onTrackProbability;
  const verdict = p >= 0.85 ? 'on track' : p >= 0.5 ? 'at risk' : 'unlikely';
  return `Target ${f.target}: ${percentText(p)} chance of being done by then (${verdict})`;
}

/** The summary lines: remaining work, history used, the three dates, the target. */
export function forecastLines(f: Forecast): string[] {
  const lines = [`Remaining: ${remainingText(f)} (${f.unitReason})`];
  const weeks = f.weeksOfHistory;
  lines.push(`Throughput (${f.unit} per week, last ${weeks} week${weeks === 1 ? '' : 's'}): ${weeks > 0 ? f.weeklyThroughput.map(fmt).join(' ') : 'none'}`);
  if (f.noForecast !== undefined) {
    lines.push(`No forecast: ${f.noForecast}.`);
  } else if (f.remaining <= 0) {
    lines.push('Nothing left to do.');
  } else {
    const date = (d: string | null) => d ?? 'not within 10 years';
    lines.push(`  50 %  ${date(f.p50)}`, `  85 %  ${date(f.p85)}`, `  95 %  ${date(f.p95)}`);
  }
  const target = targetText(f);
  if (target) lines.push(target);
  return lines;
}
