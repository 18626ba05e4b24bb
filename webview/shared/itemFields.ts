// The fields of one item as editable controls: used by the item page and by the board's detail
// pane, so both edit an item the same way. Each committed change is sent as one request; the
// host writes it and sends the item back.
import type { ItemFieldChanges, ItemFieldChoices, ItemFieldValues } from '../../src/protocol/itemPageMessages';
import { el, select } from './dom';

export interface ItemFieldControls {
  /** The title input (the page shows it as a heading, the pane as a field). */
  readonly title: HTMLInputElement;
  /** Status, type, priority, points, assignee, labels and (where editable) sprint, as labelled fields. */
  readonly properties: HTMLElement;
}

/** Builds the controls; `listId` keeps datalist ids unique within the page. */
export function itemFieldControls(values: ItemFieldValues, choices: ItemFieldChoices, send: (changes: ItemFieldChanges) => void, listId: string): ItemFieldControls {
  const field = (label: string, control: HTMLElement) => el('label', { class: 'field' }, el('span', { class: 'field-label' }, label), control);

  const title = el('input', { name: 'title', type: 'text', 'aria-label': 'Title', class: 'title-input' });
  title.value = values.title;
  title.addEventListener('change', () => {
    const v = title.value.replace(/\s+/g, ' ').trim();
    if (!v) title.value = values.title;
    else if (v !== values.title) send({ title: v });
  });
  title.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') title.value = values.title;
    if (e.key === 'Enter') title.blur();
  });

  const status = select({ name: 'status' }, withCurrent(choices.statuses, values.status), values.status);
  status.addEventListener('change', () => send({ status: status.value }));
  const type = select({ name: 'type' }, withCurrent(choices.types, values.type), values.type);
  type.addEventListener('change', () => send({ type: type.value }));
  const priority = select({ name: 'priority' }, [...withCurrent(choices.priorities, values.priority), { value: '', label: 'No priority' }], values.priority ?? '');
  priority.addEventListener('change', () => send({ priority: priority.value || null }));

  const points = el('input', { name: 'points', type: 'number', min: 0, step: 'any', inputmode: 'decimal', placeholder: 'None' });
  points.value = values.points === undefined ? '' : String(values.points);
  points.addEventListener('change', () => {
    const raw = points.value.trim();
    const n = Number(raw);
    if (raw === '') send({ points: null });
    else if (Number.isFinite(n) && n >= 0) send({ points: n });
    else points.value = values.points === undefined ? '' : String(values.points);
  });

  const people = el('datalist', { id: `${listId}-assignees` });
  for (const a of choices.assignees) people.append(el('option', { value: a }));
  const assignee = el('input', { name: 'assignee', type: 'text', list: `${listId}-assignees`, placeholder: 'Unassigned' });
  assignee.value = values.assignee ?? '';
  assignee.addEventListener('change', () => {
    const v = assignee.value.trim();
    if (v !== (values.assignee ?? '')) send({ assignee: v || null });
  });

  const labels = el('input', { name: 'labels', type: 'text', placeholder: 'comma, separated', title: choices.labels.length ? `In use: ${choices.labels.join(', ')}` : undefined });
  labels.value = values.labels.join(', ');
  labels.addEventListener('change', () => {
    const next = [...new Set(labels.value.split(',').map((l) => l.trim()).filter(Boolean))];
    if (next.join('\n') !== values.labels.join('\n')) send({ labels: next });
  });

  const properties = el('div', { class: 'properties' },
    el('div', { class: 'field-row' }, field('Status', status), field('Type', type)),
    el('div', { class: 'field-row' }, field('Priority', priority), field('Points', points)),
    field('Assignee', assignee),
    people,
    field('Labels', labels),
  );
  if (choices.sprints) {
    const known = choices.sprints.map((s) => ({ value: s.id, label: s.name }));
    if (values.sprint && !choices.sprints.some((s) => s.id === values.sprint)) known.unshift({ value: values.sprint, label: `${values.sprint} (no sprint file)` });
    const sprint = select({ name: 'sprint' }, [{ value: '', label: 'Product backlog' }, ...known], values.sprint ?? '');
    sprint.addEventListener('change', () => send({ sprint: sprint.value || null }));
    properties.append(field('Sprint', sprint));
  }
  return { title, properties };
}

/** Config values, plus the item's own value if config does not list it (so it still shows). */
function withCurrent(values: readonly string[], current: string | undefined): { value: string; label: string }[] {
  const out = values.map((v) => ({ value: v, label: v }));
  if (current !== undefined && current !== '' && !values.includes(current)) out.unshift({ value: current, label: `${current} (not in config)` });
  return out;
}

/**
 * Redraws `container` with `build()` while keeping the control being edited: its focus and what
 * the user has typed but not committed yet survive a model that arrives meanwhile.
 */
export function keepingFocus(container: HTMLElement, build: () => void): void {
  const active = document.activeElement;
  const name = active instanceof HTMLElement && container.contains(active) ? active.getAttribute('name') : null;
  const typed = name && active instanceof HTMLInputElement ? active.value : undefined;
  build();
  if (!name) return;
  const again = container.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`);
  if (!again) return;
  if (typed !== undefined && again instanceof HTMLInputElement) again.value = typed;
  again.focus();
}
