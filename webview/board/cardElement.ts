import type { BoardCard } from '../../src/core/board/boardCard';
import { el, icon } from '../shared/dom';

/** Codicons for the usual item types; anything else gets a neutral circle. */
const TYPE_ICONS: Record<string, string> = {
  feature: 'lightbulb',
  story: 'book',
  bug: 'bug',
  debt: 'tools',
  chore: 'gear',
  task: 'tasklist',
  epic: 'layers',
  spike: 'beaker',
};

/** Types with their own accent colour in the board CSS. */
const TYPE_CLASSES = new Set(['feature', 'story', 'bug', 'debt', 'chore', 'task', 'epic', 'spike']);

export function typeIcon(type: string): string {
  return TYPE_ICONS[type.toLowerCase()] ?? 'circle-large-outline';
}

/** Priority as a rank among the configured priorities: the first is the highest. */
export function priorityLevel(priority: string | undefined, priorities: readonly string[]): 'highest' | 'high' | 'medium' | 'low' | undefined {
  if (priority === undefined) return undefined;
  const i = priorities.indexOf(priority);
  if (i === -1) return 'medium';
  if (i === 0) return 'highest';
  if (i === priorities.length - 1 && priorities.length > 2) return 'low';
  return i === 1 ? 'high' : 'medium';
}

const PRIORITY_ICONS = { highest: 'arrow-up', high: 'arrow-small-up', medium: 'dash', low: 'arrow-down' } as const;

export function pointsText(points: number): string {
  return `${points} point${points === 1 ? '' : 's'}`;
}

function linksText(card: BoardCard): string {
  const parts: string[] = [];
  if (card.links.todo) parts.push(`${card.links.todo} TODO comment${card.links.todo === 1 ? '' : 's'}`);
  if (card.links.test) parts.push(`${card.links.test} failing test${card.links.test === 1 ? '' : 's'}`);
  if (card.links.code) parts.push(`${card.links.code} code location${card.links.code === 1 ? '' : 's'}`);
  return parts.length ? `linked to ${parts.join(', ')}` : '';
}

/** What a screen reader says for a card (its visible text is spread over several small parts). */
export function cardLabel(card: BoardCard): string {
  const parts = [`${card.id}: ${card.title}`, card.type];
  if (card.priority) parts.push(`priority ${card.priority}`);
  if (card.points !== undefined) parts.push(pointsText(card.points));
  if (card.labels.length) parts.push(`labels ${card.labels.join(', ')}`);
  parts.push(card.assignee ? `assigned to ${card.assignee}` : 'unassigned');
  if (card.checklist.total) parts.push(`${card.checklist.done} of ${card.checklist.total} criteria done`);
  if (card.test) parts.push(card.test.label);
  if (card.parent) parts.push(`child of ${card.parent.id} ${card.parent.title}`);
  if (card.blockers) parts.push(blockedText(card.blockers));
  const links = linksText(card);
  if (links) parts.push(links);
  return parts.join(', ');
}

/** Who blocks a card, for its hover text and screen readers. */
export function blockedText(blockers: NonNullable<BoardCard['blockers']>): string {
  return `blocked by ${blockers.map((b) => `${b.id} ${b.title} (${b.status})`).join(', ')}`;
}

/** The tracked test's state as a hover text: one fact per line (a `title` shows line breaks). */
export function testStateTitle(test: NonNullable<BoardCard['test']>): string {
  const head = test.state === 'failing' ? 'Test failing' : 'Test passing again';
  return [head, ...test.facts.map((f) => `${f.label}: ${f.value}`)].join('\n');
}

function initials(name: string): string {
  const words = name.replace(/^@/, '').split(/[\s._-]+/).filter(Boolean);
  const letters = words.length > 1 ? words[0][0] + words[1][0] : (words[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}

/** One card. Every piece of item text is set as text; the element carries only the id as data. */
export function cardElement(card: BoardCard, priorities: readonly string[]): HTMLElement {
  const typeClass = TYPE_CLASSES.has(card.type.toLowerCase()) ? ` type-${card.type.toLowerCase()}` : '';
  const node = el('div', {
    class: `card${typeClass}`,
    role: 'listitem',
    tabindex: -1,
    draggable: 'true',
    'aria-label': cardLabel(card),
    'aria-roledescription': 'card',
  });
  node.dataset.id = card.id;

  if (card.parent) {
    node.append(el('div', { class: 'card-parent', title: `Child of ${card.parent.id}: ${card.parent.title}` }, icon('type-hierarchy-super'), el('span', { class: 'card-parent-title' }, card.parent.title)));
  }
  node.append(el('div', { class: 'card-title' }, card.title));

  if (card.labels.length) {
    const labels = el('div', { class: 'card-labels' });
    for (const l of card.labels) labels.append(el('span', { class: 'label' }, l));
    node.append(labels);
  }

  const meta = el('div', { class: 'card-meta' });
  const typeBadge = el('span', { class: 'card-type', title: card.type }, icon(typeIcon(card.type)));
  meta.append(typeBadge, el('span', { class: 'card-id' }, card.id));
  if (card.test) {
    // In the Testing view's colours, so a failing test reads the same on the board as in the editor.
    meta.append(el('span', { class: `card-test test-${card.test.state}`, title: testStateTitle(card.test) }, icon(card.test.state === 'failing' ? 'error' : 'pass'), card.test.text));
  }
  if (card.blockers) {
    const hover = ['Blocked by:', ...card.blockers.map((b) => `${b.id} ${b.title} (${b.status})`)].join('\n');
    meta.append(el('span', { class: 'card-blocked', title: hover }, icon('circle-slash'), 'Blocked'));
  }
  const level = priorityLevel(card.priority, priorities);
  if (card.priority && level) {
    meta.append(el('span', { class: `card-priority priority-${level}`, title: `Priority: ${card.priority}` }, icon(PRIORITY_ICONS[level]), card.priority));
  }
  if (card.checklist.total) {
    const complete = card.checklist.done === card.checklist.total;
    meta.append(
      el('span', { class: `card-checklist${complete ? ' complete' : ''}`, title: `Acceptance criteria: ${card.checklist.done} of ${card.checklist.total} done` },
        icon(complete ? 'pass' : 'checklist'), `${card.checklist.done}/${card.checklist.total}`),
    );
  }
  const links = linksText(card);
  if (links) {
    meta.append(el('span', { class: 'card-links', title: links[0].toUpperCase() + links.slice(1) }, icon(card.links.test ? 'beaker' : 'code')));
  }
  meta.append(el('span', { class: 'spacer' }));
  if (card.points !== undefined) meta.append(el('span', { class: 'card-points', title: pointsText(card.points) }, String(card.points)));
  if (card.assignee) meta.append(el('span', { class: 'card-assignee', title: `Assigned to ${card.assignee}` }, initials(card.assignee)));
  node.append(meta);
  return node;
}
