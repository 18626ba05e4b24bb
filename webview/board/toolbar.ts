import { filterChoices, isFiltering, sprintChoices, type SprintScope, type SwimlaneField } from '../../src/core/board/boardView';
import { queryTermValues, setQueryTerm, type QueryKey } from '../../src/core/query';
import type { BoardApp } from './boardApp';
import { el, icon, select } from '../shared/dom';

const ANY = '\u0000any';
const NONE = '';

/**
 * The filter bar: folder (multi-root), the query, type, label, assignee, priority, sprint scope
 * and swimlanes. The menus write `field:value` terms into the query, so the text box always
 * shows the whole filter in the one query language. Rebuilt on every render from the app's view;
 * the text box keeps focus and caret.
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
  const query = view.query;
  const { labels, assignees } = filterChoices(snapshot.cards);
  const sprints = sprintChoices(snapshot.sprints, snapshot.cards);
  // Rebuilding would close an open drop-down when a change on disk arrives: only when needed.
  const key = JSON.stringify([snapshot.folders, snapshot.root, snapshot.types, snapshot.priorities, labels, assignees, sprints, view]);
  if (bar.dataset.key === key) return;
  bar.dataset.key = key;
  const setTerm = (key: QueryKey, values: string[]) => app.setView({ ...view, query: setQueryTerm(query, key, values) });

  if (snapshot.folders.length > 1) {
    const folder = select({ 'aria-label': 'Workspace folder', title: 'Workspace folder' }, snapshot.folders.map((f) => ({ value: f.root, label: f.name })), snapshot.root);
    folder.addEventListener('change', () => app.selectFolder(folder.value));
    parts.push(labelled('root-folder', icon('root-folder'), folder));
  }

  const text = el('input', {
    type: 'search',
    class: 'filter-text',
    placeholder: 'Filter: words or type:bug…',
    title: 'Words match the id, title, labels, assignee and description; field:value terms, "-" to exclude, quotes for spaces (see the README, Query syntax)',
    'aria-label': 'Filter cards (query)',
    value: query,
  });
  text.dataset.filter = 'text';
  text.value = query;
  let timer: ReturnType<typeof setTimeout> | undefined;
  text.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => app.setView({ ...view, query: text.value }), 120);
  });
  parts.push(labelled('search', icon('search'), text));

  // A menu shows the query's term for its field when that term names one of its values.
  const pick = (key: QueryKey, name: string, options: { value: string; label: string }[]) => {
    const current = queryTermValues(query, key);
    const chosen = current.length === 1 ? options.find((o) => (o.value === NONE ? 'none' : o.value.toLowerCase()) === current[0].toLowerCase())?.value : undefined;
    const s = select({ 'aria-label': `Filter by ${name}`, title: `Filter by ${name} (writes ${key}:… into the filter)`, class: current.length ? 'filtering' : '' }, [{ value: ANY, label: `${cap(name)}: any` }, ...options], chosen ?? ANY);
    s.addEventListener('change', () => setTerm(key, s.value === ANY ? [] : [s.value === NONE ? 'none' : s.value]));
    return s;
  };
  parts.push(pick('type', 'type', snapshot.types.map((t) => ({ value: t, label: t }))));
  parts.push(pick('label', 'label', labels.map((l) => ({ value: l, label: l }))));
  parts.push(pick('assignee', 'assignee', [...assignees.map((a) => ({ value: a, label: a })), { value: NONE, label: 'Unassigned' }]));
  parts.push(pick('priority', 'priority', [...snapshot.priorities.map((p) => ({ value: p, label: p })), { value: NONE, label: 'No priority' }]));
  if (isFiltering(view)) {
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
      { value: 'epic', label: 'Swimlanes: epic' },
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
