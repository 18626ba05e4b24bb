import type { BurndownPoint, ReviewItem, SprintReview } from '../core/planning/review';
import { text } from '../common/html';
import { reportPageHtml } from '../common/reportPage';
import { REPORT_PAGE_STYLE } from './reportPageStyle';
import { fmt } from '../core/planning/scoring';

// The sprint review page is rendered on the host as static HTML with no script at all: every
// piece of text from the backlog (titles, goals, names) goes through `text()` and can only ever
// be text. The CSP (reportPageHtml) allows nothing but one nonce'd style block; colours come from
// the editor theme through --vscode-* variables, so the page follows light, dark and high-contrast themes.

export interface ReviewPageOptions {
  readonly nonce: string;
  /** Where the history came from, said under the chart. */
  readonly historySource: string;
  /** A link (a command URI) that opens an item's page; ids stay plain text without it. */
  readonly itemLink?: (id: string) => string;
  /** A link (a command URI) that starts or closes this sprint; no actions without it. */
  readonly sprintAction?: (action: 'start' | 'close') => string;
  /** Today as `YYYY-MM-DD`, marked on the burndown while the sprint runs. */
  readonly today?: string;
}

const WIDTH = 640;
const HEIGHT = 260;
const PAD = { left: 44, right: 16, top: 16, bottom: 44 };

/** The burndown as an SVG: ideal line, actual remaining, scope; days to come are left blank. */
export function burndownSvg(points: readonly BurndownPoint[], today?: string): string {
  if (points.length < 2) return '<p class="muted">No burndown: the sprint has no dates yet.</p>';
  const top = Math.max(1, ...points.map((p) => Math.max(p.ideal, p.remaining ?? 0, p.scope ?? 0)));
  const w = WIDTH - PAD.left - PAD.right;
  const h = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (w * i) / (points.length - 1);
  const y = (v: number) => PAD.top + h - (h * v) / top;
  const line = (values: readonly (number | null)[]) => {
    const parts: string[] = [];
    values.forEach((v, i) => {
      if (v === null) return;
      // Steps, not slopes: remaining work changes when something is done, not gradually.
      if (parts.length === 0) parts.push(`M${x(i).toFixed(1)},${y(v).toFixed(1)}`);
      else parts.push(`H${x(i).toFixed(1)}`, `V${y(v).toFixed(1)}`);
    });
    return parts.join(' ');
  };
  const ideal = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.ideal).toFixed(1)}`).join(' ');
  const ticks = niceTicks(top);
  const labelEvery = Math.max(1, Math.ceil(points.length / 8));
  const out: string[] = [];
  out.push(`<svg class="burndown" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="burndown-title burndown-desc">`);
  out.push(`<title id="burndown-title">Burndown</title>`);
  const last = [...points].reverse().find((p) => p.remaining !== null);
  out.push(`<desc id="burndown-desc">${text(`Remaining ${last ? fmt(last.remaining!) : '?'} of ${fmt(points[0].ideal)} committed points`)}</desc>`);
  for (const t of ticks) {
    out.push(`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}"/>`);
    out.push(`<text class="axis" x="${PAD.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${text(fmt(t))}</text>`);
  }
  points.forEach((p, i) => {
    if (i % labelEvery !== 0 && i !== points.length - 1) return;
    const label = p.label === 'start' ? 'start' : p.label.slice(5);
    out.push(`<text class="axis" x="${x(i).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${text(label)}</text>`);
  });
  const todayAt = today === undefined ? -1 : points.findIndex((p) => p.label === today);
  if (todayAt >= 0) {
    const tx = x(todayAt).toFixed(1);
    out.push(`<line class="today" x1="${tx}" x2="${tx}" y1="${PAD.top}" y2="${HEIGHT - PAD.bottom}"/><text class="today-label" x="${tx}" y="${PAD.top - 4}" text-anchor="middle">today</text>`);
  }
  out.push(`<path class="ideal" d="${ideal}"/>`);
  out.push(`<path class="scope" d="${line(points.map((p) => p.scope))}"/>`);
  out.push(`<path class="remaining" d="${line(points.map((p) => p.remaining))}"/>`);
  points.forEach((p, i) => {
    if (p.remaining !== null) out.push(`<circle class="remaining-dot" cx="${x(i).toFixed(1)}" cy="${y(p.remaining).toFixed(1)}" r="2.5"><title>${text(`${p.label}: ${fmt(p.remaining)} remaining, scope ${fmt(p.scope ?? 0)}`)}</title></circle>`);
  });
  const legendY = HEIGHT - 10;
  out.push(`<g class="legend"><line class="ideal" x1="${PAD.left}" x2="${PAD.left + 20}" y1="${legendY - 4}" y2="${legendY - 4}"/><text x="${PAD.left + 26}" y="${legendY}">ideal</text>`);
  out.push(`<line class="remaining" x1="${PAD.left + 80}" x2="${PAD.left + 100}" y1="${legendY - 4}" y2="${legendY - 4}"/><text x="${PAD.left + 106}" y="${legendY}">remaining</text>`);
  out.push(`<line class="scope" x1="${PAD.left + 190}" x2="${PAD.left + 210}" y1="${legendY - 4}" y2="${legendY - 4}"/><text x="${PAD.left + 216}" y="${legendY}">scope</text></g>`);
  out.push('</svg>');
  return out.join('');
}

function niceTicks(top: number): number[] {
  const raw = top / 4;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = 0; v <= top + 1e-9; v += step) ticks.push(Math.round(v * 100) / 100);
  return ticks;
}

function itemRows(items: readonly ReviewItem[], itemLink: ReviewPageOptions['itemLink']): string {
  if (items.length === 0) return '<p class="muted">None.</p>';
  const id = (value: string) => (itemLink ? `<a href="${text(itemLink(value))}" title="${text(`Open ${value}`)}">${text(value)}</a>` : text(value));
  const rows = items.map((i) => `<tr><td class="id">${id(i.id)}</td><td class="num">${i.points === undefined ? '?' : text(fmt(i.points))}</td><td>${text(i.status)}</td><td>${text(i.title)}</td></tr>`);
  // Fixed column widths: the five tables of the page line up under each other.
  return `<table><colgroup><col class="c-id"><col class="c-num"><col class="c-status"><col></colgroup><thead><tr><th>Id</th><th class="num">Points</th><th>Status</th><th>Title</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Start (a planned sprint) and Close (one not closed yet): the same commands as the palette's. */
function sprintActions(state: string, link: ReviewPageOptions['sprintAction']): string {
  if (!link || state === 'closed') return '';
  const button = (action: 'start' | 'close', label: string, cls: string) => `<a class="action ${cls}" href="${text(link(action))}">${text(label)}</a>`;
  return `<p class="actions">${state === 'planned' ? button('start', 'Start Sprint', 'primary') : ''}${button('close', 'Close Sprint…', state === 'planned' ? 'secondary' : 'primary')}</p>`;
}

/** The whole review page. */
export function reviewPage(review: SprintReview, options: ReviewPageOptions): string {
  const { sprint, points } = review;
  const stat = (label: string, value: string, cls = '') => `<div class="stat ${cls}"><div class="value">${text(value)}</div><div class="label">${text(label)}</div></div>`;
  const over = points.capacity !== undefined && points.committed > points.capacity;
  const changes = review.scopeChanges.map(
    (c) => `<li><span class="date">${text(c.date)}</span> <span class="${c.delta >= 0 ? 'up' : 'down'}">${text((c.delta >= 0 ? '+' : '') + fmt(c.delta))}</span> ${text(c.change)} <span class="id">${text(c.id)}</span> ${text(c.title)}</li>`,
  );
  const body = `<header>
<h1>${text(sprint.name)} <span class="state">${text(sprint.state)}</span></h1>
<p class="muted">${text(`${sprint.id} · ${sprint.start ?? '?'} → ${sprint.end ?? '?'}${review.complete ? '' : ' · in progress'}`)}</p>
${sprint.goal ? `<p class="goal">${text(sprint.goal)}</p>` : ''}
${sprintActions(sprint.state, options.sprintAction)}
</header>
<section class="stats">
${stat('committed at start', fmt(points.committed), over ? 'warn' : '')}
${stat('capacity', points.capacity === undefined ? '—' : fmt(points.capacity))}
${stat('added', '+' + fmt(points.added))}
${stat('removed', '−' + fmt(points.removed))}
${stat('done', fmt(points.done), 'good')}
${stat('remaining', fmt(points.remaining))}
</section>
<section>
<h2>Burndown</h2>
${burndownSvg(review.burndown, review.complete ? undefined : options.today)}
<p class="muted">${text(`History from ${options.historySource}.`)}</p>
</section>
${changes.length ? `<section><h2>Scope changes</h2><ul class="changes">${changes.join('')}</ul></section>` : ''}
<section><h2>${text(`Done (${review.done.length})`)}</h2>${itemRows(review.done, options.itemLink)}</section>
<section><h2>${text(`Not done (${review.notDone.length})`)}</h2>${itemRows(review.notDone, options.itemLink)}</section>
<section><h2>${text(`Committed at start (${review.committed.length})`)}</h2>${itemRows(review.committed, options.itemLink)}</section>
<section><h2>${text(`Added during the sprint (${review.added.length})`)}</h2>${itemRows(review.added, options.itemLink)}</section>
<section><h2>${text(`Removed during the sprint (${review.removed.length})`)}</h2>${itemRows(review.removed, options.itemLink)}</section>
${sprint.carriedOver.length ? `<p class="muted">${text(`Carried over to ${sprint.carriedTo ?? 'the backlog'}: ${sprint.carriedOver.join(', ')}`)}</p>` : ''}`;
  return reportPageHtml({ title: `Sprint review: ${sprint.name}`, nonce: options.nonce, style: STYLE, body });
}

/** This page's rules, after the shared {@link REPORT_PAGE_STYLE}. */
const STYLE = `${REPORT_PAGE_STYLE}
.state { font-size: 0.6em; text-transform: uppercase; letter-spacing: 0.05em; padding: 2px 6px; border-radius: 3px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); vertical-align: middle; }
svg.burndown { width: 100%; max-width: 720px; height: auto; }
svg path, svg .legend line { fill: none; stroke-width: 2; }
svg .ideal { stroke: var(--vscode-descriptionForeground); stroke-dasharray: 5 4; }
svg .remaining { stroke: var(--vscode-charts-blue); }
svg .remaining-dot { fill: var(--vscode-charts-blue); }
svg .scope { stroke: color-mix(in srgb, var(--vscode-charts-orange) 65%, var(--vscode-editor-foreground)); stroke-width: 1.5; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
col.c-id { width: 9em; } col.c-num { width: 5em; } col.c-status { width: 9em; }
td { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.num, .stat .value, .changes .up, .changes .down { font-variant-numeric: tabular-nums; }
a { color: var(--vscode-textLink-foreground); text-decoration: none; }
a:hover { text-decoration: underline; }
.actions { display: flex; gap: 8px; margin: 10px 0 0; }
a.action { padding: 4px 12px; border-radius: 2px; text-decoration: none; }
a.action.primary { background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
a.action.primary:hover { background: var(--vscode-button-hoverBackground); }
a.action.secondary { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); }
a.action.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
a.action:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
svg .today { stroke: color-mix(in srgb, var(--vscode-editorWarning-foreground) 65%, var(--vscode-editor-foreground)); stroke-width: 1; stroke-dasharray: 2 2; }
svg .today-label { fill: color-mix(in srgb, var(--vscode-editorWarning-foreground) 65%, var(--vscode-editor-foreground)); }
th, td { padding: 3px 8px; }
.id { font-family: var(--vscode-editor-font-family); white-space: nowrap; }
.changes { list-style: none; padding: 0; }
.changes .up { color: color-mix(in srgb, var(--vscode-charts-orange) 65%, var(--vscode-editor-foreground)); }
.changes .down { color: color-mix(in srgb, var(--vscode-charts-green) 65%, var(--vscode-editor-foreground)); }
.changes .date { color: var(--vscode-descriptionForeground); font-family: var(--vscode-editor-font-family); }
`;
