import { filterChoices, sprintChoices, type BoardFilter, type SprintScope, type SwimlaneField } from '../../src/core/board/boardView';
import type { BoardApp } from './boardApp';
import { el, icon, select } from '../shared/dom';

const ANY = '\u0000any';
const NONE = '';

/**
 * The filter bar: folder (multi-root), text, type, label, assignee, priority, sprint scope and
 * swimlanes. Rebuilt on every render from the app's view; the text box keeps focus and caret.
 */
export function renderToolbar(app: BoardApp): void {
  const snapshot = app.snapshot;
  const bar = app.toolbar;
  const active = document.activeElement;
  const textHadFocus = active instanceof HTMLInputElement && active.dataset.filter === 'text';
  const caret = textHadFocus ? active.selectionStart : null;
  const parts: Node[] = [];
  if (!snapshot || snapshot.root === undefined) {
    bar.replaceChildren();
    delete bar.dataset.key;
    return;
  }
  const { view } = app;
  const filter = view.filter;
  const { labels, assignees } = filterChoices(snapshot.cards);
  const sprints = sprintChoices(snapshot.sprints, snapshot.cards);
  // Rebuilding would close an open drop-down when a change on disk arrives: only when needed.
  const key = JSON.stringify([snapshot.folders, snapshot.root, snapshot.types, snapshot.priorities, labels, assignees, sprints, view]);
  if (bar.dataset.key === key) return;
  bar.dataset.key = key;
  const setFilter = (patch: Partial<BoardFilter>) => app.setView({ ...view, filter: { ...filter, ...patch } });

  if (snapshot.folders.length > 1) {
    const folder = select({ 'aria-label': 'Workspace folder', title: 'Workspace folder' }, snapshot.folders.map((f) => ({ value: f.root, label: f.name })), snapshot.root);
    folder.addEventListener('change', () => app.selectFolder(folder.value));
    parts.push(labelled('root-folder', icon('root-folder'), folder));
  }

  const text = el('input', { type: 'search', class: 'filter-text', placeholder: 'Filter cards', 'aria-label': 'Filter cards by text', value: filter.text });
  text.dataset.filter = 'text';
  text.value = filter.text;
  let timer: ReturnType<typeof setTimeout> | undefined;
  text.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => setFilter({ text: text.value }), 120);
  });
  parts.push(labelled('search', icon('search'), text));

  const one = (values: readonly string[]) => (values.length === 1 ? values[0] : ANY);
  const pick = (name: string, current: readonly string[], options: { value: string; label: string }[], apply: (v: string[]) => void) => {
    const s = select({ 'aria-label': `Filter by ${name}`, title: `Filter by ${name}`, class: current.length ? 'filtering' : '' }, [{ value: ANY, label: `${cap(name)}: any` }, ...options], one(current));
    s.addEventListener('change', () => apply(s.value === ANY ? [] : [s.value]));
    return s;
  };
  parts.push(pick('type', filter.types, snapshot.types.map((t) => ({ value: t, label: t })), (v) => setFilter({ types: v })));
  parts.push(pick('label', filter.labels, labels.map((l) => ({ value: l, label: l })), (v) => setFilter({ labels: v })));
  parts.push(
    pick('assignee', filter.assignees, [...assignees.map((a) => ({ value: a, label: a })), { value: NONE, label: 'Unassigned' }], (v) => setFilter({ assignees: v })),
  );
  parts.push(
    pick('priority', filter.priorities, [...snapshot.priorities.map((p) => ({ value: p, label: p })), { value: NONE, label: 'No priority' }], (v) => setFilter({ priorities: v })),
  );
  const filtering = filter.text || filter.types.length || filter.labels.length || filter.assignees.length || filter.priorities.length;
  if (filtering) {
    const clear = el('button', { class: 'icon-button', title: 'Clear filters', 'aria-label': 'Clear filters' }, icon('clear-all'));
    clear.addEventListener('click', () => app.clearFilters());
    parts.push(clear);
  }

  parts.push(el('span', { class: 'toolbar-spacer' }));

  const scopeValue = view.scope.kind === 'sprint' ? `sprint:${view.scope.name}` : view.scope.kind;
  const scope = select(
    { 'aria-label': 'Sprint', title: 'Which items the board shows' },
    [
      { value: 'all', label: 'All items' },
      { value: 'backlog', label: 'Product backlog (no sprint)' },
      ...sprints.map((s) => ({ value: `sprint:${s.id}`, label: `${s.name}${s.state === 'active' ? ' (active)' : s.state === 'closed' ? ' (closed)' : ''}` })),
    ],
    scopeValue,
  );
  scope.addEventListener('change', () => {
    const v = scope.value;
    const next: SprintScope = v === 'backlog' ? { kind: 'backlog' } : v.startsWith('sprint:') ? { kind: 'sprint', name: v.slice(7) } : { kind: 'all' };
    app.setView({ ...view, scope: next });
  });
  parts.push(labelled('milestone', icon('milestone'), scope));

  const lanes = select(
    { 'aria-label': 'Swimlanes', title: 'Swimlanes' },
    [
      { value: 'none', label: 'No swimlanes' },
      { value: 'type', label: 'Swimlanes: type' },
      { value: 'assignee', label: 'Swimlanes: assignee' },
      { value: 'priority', label: 'Swimlanes: priority' },
    ],
    view.swimlanes,
  );
  lanes.addEventListener('change', () => app.setView({ ...view, swimlanes: lanes.value as SwimlaneField }));
  parts.push(labelled('list-flat', icon('list-flat'), lanes));

  bar.replaceChildren(...parts);
  if (textHadFocus) {
    text.focus();
    if (caret !== null) text.setSelectionRange(caret, caret);
  }
}

function labelled(name: string, ...children: Node[]): HTMLElement {
  return el('span', { class: `toolbar-group group-${name}` }, ...children);
}

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}
