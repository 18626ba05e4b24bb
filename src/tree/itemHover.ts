// The hover of an item row, as Markdown source. No `vscode` here, so the unit tests read exactly
// what the hover renders. Every piece of item text goes through `escapeMarkdown`; only the
// labels and layout written here are Markdown.
import type { BacklogConfig } from '../core/config';
import { checklistProgress, type Item } from '../core/item';
import { escapeMarkdown } from '../core/markdownText';
import type { Sprint } from '../core/planning/sprintFile';
import type { TestStateBadge } from '../core/testReports/testStateBadge';
import { priorityIcon } from './priorityIcons';
import { progressGlyph } from './treeModel';
import type { Rollup } from '../core/planning/relations';

export interface HoverContext {
  readonly config: BacklogConfig;
  readonly sprints: readonly Sprint[];
  readonly test?: TestStateBadge;
  /** Blockers that are not done yet. */
  readonly blockers?: readonly Item[];
  /** Progress of everything under this item, when it has children. */
  readonly rollup?: Rollup;
  /** Today, for relative dates; tests pass a fixed day. */
  readonly now?: Date;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A date or timestamp from an item file as a reader says it: "today", "yesterday", "3 days ago"
 * within a week, else "2 Dec 2026". Anything unparsable is shown as written.
 */
export function readableDate(value: string, now: Date = new Date()): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return value;
  const days = Math.round((Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) - Date.UTC(year, month - 1, day)) / 86_400_000);
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days > 1 && days < 7) return `${days} days ago`;
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** The hover's Markdown: title, test state, the fields that are set, and the description's first paragraph. */
export function itemHoverMarkdown(item: Item, context: HoverContext): string {
  const { config, test } = context;
  const lines: string[] = [`**${escapeMarkdown(item.title.trim())}**`, ''];
  if (test) {
    lines.push(test.state === 'failing' ? '$(error) **Test failing**  ' : '$(pass) **Test passing again**  ');
    for (const fact of test.facts) lines.push(`${escapeMarkdown(fact.label)}: ${escapeMarkdown(fact.value)}  `);
    lines.push('', '---', '');
  }
  if (context.blockers && context.blockers.length > 0) {
    lines.push('$(stop-circle) **Blocked by**  ');
    for (const b of context.blockers) lines.push(`${escapeMarkdown(b.id)} ${escapeMarkdown(b.title.trim())} (${escapeMarkdown(b.status)})  `);
    lines.push('');
  }
  const { rollup } = context;
  if (rollup) {
    const points = rollup.pointsTotal > 0 ? `, ${rollup.pointsDone} of ${rollup.pointsTotal} points` : '';
    lines.push(`Progress: ${progressGlyph(rollup.done, rollup.total)} ${rollup.done} of ${rollup.total} items done${points}  `, '');
  }
  const progress = checklistProgress(item.body);
  const priority = priorityIcon(config, item.priority);
  const sprint = item.sprint ? (context.sprints.find((s) => s.id === item.sprint)?.name ?? item.sprint) : undefined;
  const rows: [string, string | undefined, string?][] = [
    ['Id', item.id],
    ['Type', item.type],
    ['Status', item.status],
    ['Priority', item.priority, priority ? `$(${priority.icon}) ` : ''],
    ['Points', item.points?.toString()],
    ['Labels', item.labels.join(', ') || undefined],
    ['Assignee', item.assignee],
    ['Sprint', sprint],
    ['Acceptance criteria', progress.total ? `${progress.done} of ${progress.total} done` : undefined],
    ['Code links', item.links.length ? item.links.map((l) => `${l.path}${l.line ? ':' + l.line : ''}`).join(', ') : undefined],
    ['Created', item.created && readableDate(item.created, context.now)],
    ['Updated', item.updated && readableDate(item.updated, context.now)],
  ];
  for (const [name, value, icon] of rows) if (value) lines.push(`${name}: ${icon ?? ''}${escapeMarkdown(value)}  `);
  const summary = firstParagraph(item.body);
  if (summary) lines.push('', '---', '', escapeMarkdown(summary));
  return lines.join('\n');
}

/** The description's first paragraph, without headings and checklist lines, at most 300 characters. */
function firstParagraph(body: string): string {
  const text =
    body
      .split(/\r?\n/)
      .filter((l) => !/^\s*#/.test(l) && !/^\s*[-*+]\s+\[[ xX]\]/.test(l))
      .join('\n')
      .trim()
      .split(/\n\s*\n/)[0] ?? '';
  return text.length > 300 ? text.slice(0, 299) + '…' : text;
}
