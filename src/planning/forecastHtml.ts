import { addDays } from '../core/planning/calendar';
import { REPORT_PAGE_STYLE } from './reportPageStyle';
import type { Forecast } from '../core/planning/forecast';
import { percentText, remainingText, targetText } from '../core/planning/forecastText';
import { fmt } from '../core/planning/scoring';
import { text } from '../common/html';
import { reportPageHtml } from '../common/reportPage';

// The forecast page, rendered on the host as static HTML with no script, like the sprint review:
// every piece of text from the backlog (names, queries, titles) goes through `text()`, the CSP
// (reportPageHtml) allows one nonce'd style block and nothing else, and colours come only from
// --vscode-* variables.

export interface ForecastPageOptions {
  readonly nonce: string;
  /** What the forecast is about, e.g. `Milestone r1 "Release 1"`. */
  readonly heading: string;
  /** Where the history came from, said under the chart. */
  readonly historySource: string;
  /** The milestone's goal, when there is one. */
  readonly goal?: string;
}

const WIDTH = 680;
const HEIGHT = 280;
const PAD = { left: 48, right: 20, top: 24, bottom: 48 };
const DAY = 86_400_000;

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;

/** The cumulative chance of being done by each date, with the target and the 50/85/95 % dates marked. */
export function forecastChart(f: Forecast): string {
  if (f.curve.length === 0 || f.p50 === null) return '';
  const first = dayNumber(f.today);
  const lastDate = [f.curve[f.curve.length - 1].date, f.target ?? f.today].sort().pop()!;
  const last = Math.max(first + 7, dayNumber(lastDate) + 3);
  const w = WIDTH - PAD.left - PAD.right;
  const h = HEIGHT - PAD.top - PAD.bottom;
  const x = (date: string) => PAD.left + (w * (dayNumber(date) - first)) / (last - first);
  const y = (p: number) => PAD.top + h - h * p;
  const out: string[] = [];
  out.push(`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="chart-title chart-desc">`);
  out.push('<title id="chart-title">Chance of being done by each date</title>');
  out.push(`<desc id="chart-desc">${text(`50 % by ${f.p50}, 85 % by ${f.p85 ?? 'later'}, 95 % by ${f.p95 ?? 'later'}${f.target ? `; target ${f.target}` : ''}`)}</desc>`);
  for (const p of [0, 0.25, 0.5, 0.75, 1]) {
    out.push(`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(p).toFixed(1)}" y2="${y(p).toFixed(1)}"/>`);
    out.push(`<text class="axis" x="${PAD.left - 6}" y="${(y(p) + 4).toFixed(1)}" text-anchor="end">${Math.round(p * 100)} %</text>`);
  }
  // Date labels: about six, on whole weeks from today.
  const spanWeeks = Math.max(1, Math.ceil((last - first) / 7 / 6));
  for (let d = 0; first + d <= last; d += 7 * spanWeeks) {
    const date = addDays(f.today, d);
    out.push(`<text class="axis" x="${x(date).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${text(date.slice(5))}</text>`);
  }
  // Steps: the chance rises on the days simulated futures finish.
  const parts = [`M${x(f.today).toFixed(1)},${y(0).toFixed(1)}`];
  for (const p of f.curve) parts.push(`H${x(p.date).toFixed(1)}`, `V${y(p.probability).toFixed(1)}`);
  parts.push(`H${(WIDTH - PAD.right).toFixed(1)}`);
  out.push(`<path class="curve" d="${parts.join(' ')}"/>`);
  const marker = (date: string | null, label: string, cls: string, row: number) => {
    if (date === null) return;
    const mx = x(date).toFixed(1);
    out.push(`<line class="${cls}" x1="${mx}" x2="${mx}" y1="${PAD.top}" y2="${y(0).toFixed(1)}"/>`);
    // Close dates would print their labels over each other: each sits on its own row.
    out.push(`<text class="${cls}-label" x="${(Number(mx) + 3).toFixed(1)}" y="${PAD.top + 10 + row * 13}" text-anchor="start">${text(`${label} %`)}</text>`);
  };
  marker(f.p50, '50', 'pct', 0);
  marker(f.p85, '85', 'pct', 1);
  marker(f.p95, '95', 'pct', 2);
  if (f.target) {
    const tx = x(f.target).toFixed(1);
    out.push(`<line class="target" x1="${tx}" x2="${tx}" y1="${PAD.top}" y2="${y(0).toFixed(1)}"/>`);
    out.push(`<text class="target-label" x="${tx}" y="${HEIGHT - 8}" text-anchor="middle">${text(`target ${f.target}`)}</text>`);
  }
  out.push('</svg>');
  return out.join('');
}

/** The table of the three dates: days from today and how each compares with the target. */
function datesTable(f: Forecast): string {
  const rows = ([['50 %', f.p50], ['85 %', f.p85], ['95 %', f.p95]] as const).map(([label, date]) => {
    const days = date === null ? '—' : String(dayNumber(date) - dayNumber(f.today));
    let vs = '';
    if (date !== null && f.target) {
      const diff = dayNumber(date) - dayNumber(f.target);
      vs = diff <= 0 ? `${-diff} days before` : `${diff} days after`;
    }
    return `<tr><td>${text(label)}</td><td class="date">${text(date ?? 'not within 10 years')}</td><td class="num">${text(days)}</td>${f.target ? `<td class="${vs.endsWith('after') ? 'late' : 'early'}">${text(vs)}</td>` : ''}</tr>`;
  });
  return `<table class="dates"><thead><tr><th>Chance</th><th>Done by</th><th class="num">Days from today</th>${f.target ? '<th>Against the target</th>' : ''}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function throughputTable(f: Forecast): string {
  if (f.weeksOfHistory === 0) return '<p class="muted">No week of history yet.</p>';
  const cells = f.weeklyThroughput.map((v) => `<td class="num">${text(fmt(v))}</td>`).join('');
  const heads = f.weeklyThroughput.map((_, i) => `<th class="num">${i - f.weeklyThroughput.length + 1 === 0 ? 'this week' : text(String(i - f.weeklyThroughput.length + 1))}</th>`).join('');
  return `<table class="throughput"><thead><tr><th>Week</th>${heads}</tr></thead><tbody><tr><td>${text(f.unit)} done</td>${cells}</tr></tbody></table>`;
}

/** The whole forecast page. */
export function forecastPage(f: Forecast, options: ForecastPageOptions): string {
  const stat = (label: string, value: string, cls = '') => `<div class="stat ${cls}" data-figure="${text(label)}"><div class="value">${text(value)}</div><div class="label">${text(label)}</div></div>`;
  const onTrack = f.onTrackProbability;
  const trackClass = onTrack === null ? '' : onTrack >= 0.85 ? 'good' : onTrack >= 0.5 ? 'warn' : 'bad';
  const dates = f.noForecast !== undefined
    ? `<section class="no-forecast"><h2>No forecast</h2><p>${text(f.noForecast)}.</p><p class="muted">Dates come from the team's finished work per week in the history of .backlog/; once there is enough, they appear here.</p></section>`
    : f.remaining <= 0
      ? '<section><h2>Nothing left to do</h2><p>Every item in scope is done.</p></section>'
      : `<section><h2>Chance of being done by each date</h2>${forecastChart(f)}${datesTable(f)}</section>`;
  const target = targetText(f);
  const body = `<header>
<h1>${text(`Forecast: ${options.heading}`)}</h1>
${options.goal ? `<p class="goal">${text(options.goal)}</p>` : ''}
<p class="muted">${text(`Remaining: ${remainingText(f)} (${f.unitReason}).`)}</p>
</header>
<section class="stats">
${stat('remaining', `${fmt(f.remaining)} ${f.unit}`)}
${stat('50 %', f.p50 ?? '—')}
${stat('85 %', f.p85 ?? '—')}
${stat('95 %', f.p95 ?? '—')}
${stat('target', f.target ?? '—')}
${stat('chance by target', onTrack === null ? '—' : percentText(onTrack), trackClass)}
</section>
${target ? `<p class="verdict">${text(target)}</p>` : ''}
${dates}
<section><h2>${text(`Throughput, last ${f.weeksOfHistory} week${f.weeksOfHistory === 1 ? '' : 's'}`)}</h2>${throughputTable(f)}</section>
<p class="muted">${text(`${f.runs.toLocaleString('en')} simulated futures (seed ${f.seed}), each drawing past weeks at random until the work is done. History from ${options.historySource}. Today is ${f.today}.`)}</p>`;
  return reportPageHtml({ title: `Forecast: ${options.heading}`, nonce: options.nonce, style: STYLE, body });
}

/** This page's rules, after the shared {@link REPORT_PAGE_STYLE}. */
const STYLE = `${REPORT_PAGE_STYLE}
.verdict { font-weight: 600; }
td.early { color: color-mix(in srgb, var(--vscode-charts-green) 65%, var(--vscode-editor-foreground)); }
.stat.bad .value, td.late { color: var(--vscode-errorForeground); }
.no-forecast { border-left: 3px solid var(--vscode-editorWarning-foreground); padding-left: 12px; }
svg.chart { width: 100%; max-width: 760px; height: auto; }
svg .curve { fill: none; stroke: var(--vscode-charts-blue); stroke-width: 2; }
svg .pct { stroke: var(--vscode-charts-purple); stroke-width: 1; stroke-dasharray: 4 3; }
svg .pct-label { fill: var(--vscode-charts-purple); font-weight: 600; }
svg .target { stroke: color-mix(in srgb, var(--vscode-editorWarning-foreground) 65%, var(--vscode-editor-foreground)); stroke-width: 2; }
svg .target-label { fill: color-mix(in srgb, var(--vscode-editorWarning-foreground) 65%, var(--vscode-editor-foreground)); font-weight: 600; }
table { border-collapse: collapse; margin-top: 8px; }
th, td { padding: 3px 10px; }
td.date { font-family: var(--vscode-editor-font-family); }
`;
