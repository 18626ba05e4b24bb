import type { BoardCard } from '../../src/core/board/boardCard';
import { filterChoices } from '../../src/core/board/boardView';
import type { BoardUpdate, CardChanges } from '../../src/protocol/boardMessages';
import type { BoardApp } from './boardApp';
import { el, icon, select } from '../shared/dom';

type Detail = Extract<BoardUpdate, { type: 'detail' }>;

/**
 * The pane beside the board: edits one item's fields in place (each change is one write through
 * the host), shows its description as plain text, or holds the "new item" form of a column.
 */
export class DetailPane {
  readonly node = el('aside', { class: 'detail', 'aria-label': 'Item details', hidden: true });
  /** The item shown, if any. */
  id: string | undefined;
  private composing: string | undefined;
  private body: Detail | undefined;
  /** `id@hash` of the description last asked for, so each version is fetched once. */
  private requested = '';
  private shownKey = '';

  constructor(private readonly app: BoardApp) {
    this.node.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !(e.target instanceof HTMLSelectElement)) {
        e.preventDefault();
        this.close(true);
      }
    });
  }

  open(id: string, focusTitle: boolean): void {
    this.composing = undefined;
    if (this.id !== id) this.body = undefined;
    this.id = id;
    this.shownKey = '';
    this.refresh();
    this.app.markSelected(id);
    this.app.saveState();
    if (focusTitle) this.node.querySelector<HTMLInputElement>('input[name="title"]')?.focus();
  }

  compose(status: string): void {
    this.id = undefined;
    this.composing = status;
    this.shownKey = '';
    this.refresh();
    this.node.querySelector<HTMLInputElement>('input[name="new-title"]')?.focus();
  }

  close(returnFocus: boolean): void {
    const id = this.id;
    this.id = undefined;
    this.composing = undefined;
    this.body = undefined;
    this.node.hidden = true;
    this.node.replaceChildren();
    this.shownKey = '';
    this.requested = '';
    this.app.markSelected(undefined);
    this.app.saveState();
    if (returnFocus && id) this.app.focusCard(id);
  }

  showBody(detail: Detail): void {
    if (detail.id !== this.id) return;
    this.body = detail;
    const target = this.node.querySelector('.detail-body');
    if (target) target.replaceChildren(...this.bodyNodes());
  }

  /** Redraws from the app's current cards; fields being edited keep what the user typed. */
  refresh(): void {
    if (this.composing !== undefined) return this.renderComposer(this.composing);
    if (this.id === undefined) return;
    const card = this.app.card(this.id);
    const snapshot = this.app.snapshot;
    if (!card || !snapshot) {
      if (snapshot) this.close(false);
      return;
    }
    const key = JSON.stringify(card) + snapshot.statuses.length + snapshot.types.join() + snapshot.priorities.join();
    if (key === this.shownKey) return;
    this.shownKey = key;
    if (this.body?.hash !== card.hash && this.requested !== `${card.id}@${card.hash}`) {
      this.requested = `${card.id}@${card.hash}`;
      this.app.loadDetail(card.id);
    }
    const active = document.activeElement;
    const editing = active instanceof HTMLElement && this.node.contains(active) ? active.getAttribute('name') : null;
    const typed = editing && active instanceof HTMLInputElement ? active.value : undefined;
    this.renderItem(card);
    if (editing) {
      const again = this.node.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${editing}"]`);
      if (again) {
        if (typed !== undefined && again instanceof HTMLInputElement) again.value = typed;
        again.focus();
      }
    }
  }

  private renderItem(card: BoardCard): void {
    const snapshot = this.app.snapshot!;
    const send = (changes: CardChanges) => this.app.requestUpdate(card.id, changes);
    const field = (label: string, control: HTMLElement) => el('label', { class: 'field' }, el('span', { class: 'field-label' }, label), control);

    const title = el('input', { name: 'title', type: 'text', 'aria-label': 'Title' });
    title.value = card.title;
    title.addEventListener('change', () => {
      const v = title.value.replace(/\s+/g, ' ').trim();
      if (!v) title.value = card.title;
      else if (v !== card.title) send({ title: v });
    });
    title.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') title.value = card.title;
    });

    const status = select({ name: 'status' }, this.withCurrent(snapshot.statuses.map((s) => s.name), card.status), card.status);
    status.addEventListener('change', () => send({ status: status.value }));
    const type = select({ name: 'type' }, this.withCurrent(snapshot.types, card.type), card.type);
    type.addEventListener('change', () => send({ type: type.value }));
    const priority = select({ name: 'priority' }, [...this.withCurrent(snapshot.priorities, card.priority), { value: '', label: 'No priority' }], card.priority ?? '');
    priority.addEventListener('change', () => send({ priority: priority.value || null }));

    const points = el('input', { name: 'points', type: 'number', min: 0, step: 'any', inputmode: 'decimal', placeholder: 'Not estimated' });
    points.value = card.points === undefined ? '' : String(card.points);
    points.addEventListener('change', () => {
      const raw = points.value.trim();
      const n = Number(raw);
      if (raw === '') send({ points: null });
      else if (Number.isFinite(n) && n >= 0) send({ points: n });
      else points.value = card.points === undefined ? '' : String(card.points);
    });

    const labels = el('input', { name: 'labels', type: 'text', placeholder: 'comma, separated' });
    labels.value = card.labels.join(', ');
    labels.addEventListener('change', () => {
      const next = [...new Set(labels.value.split(',').map((l) => l.trim()).filter(Boolean))];
      if (next.join('\n') !== card.labels.join('\n')) send({ labels: next });
    });

    const people = el('datalist', { id: 'board-assignees' });
    for (const a of filterChoices(snapshot.cards).assignees) people.append(el('option', { value: a }));
    const assignee = el('input', { name: 'assignee', type: 'text', list: 'board-assignees', placeholder: 'Unassigned' });
    assignee.value = card.assignee ?? '';
    assignee.addEventListener('change', () => {
      const v = assignee.value.trim();
      if (v !== (card.assignee ?? '')) send({ assignee: v || null });
    });

    const open = el('button', { class: 'button', title: 'Open the item file beside the board' }, icon('go-to-file'), ' Open file');
    open.addEventListener('click', () => this.app.openFile(card.id));
    const close = el('button', { class: 'icon-button', title: 'Close (Escape)', 'aria-label': 'Close details' }, icon('close'));
    close.addEventListener('click', () => this.close(true));

    const sprint = card.sprint ? snapshot.sprints.find((s) => s.id === card.sprint)?.name ?? card.sprint : 'Product backlog';
    const facts = el('dl', { class: 'facts' }, el('dt', {}, 'Sprint'), el('dd', {}, sprint));
    if (card.checklist.total) facts.append(el('dt', {}, 'Criteria'), el('dd', {}, `${card.checklist.done} of ${card.checklist.total} done`));
    const links = card.links.todo + card.links.test + card.links.code;
    if (links) facts.append(el('dt', {}, 'Code links'), el('dd', {}, `${card.links.todo} TODO · ${card.links.test} test · ${card.links.code} other`));
    if (card.test) {
      facts.append(el('dt', {}, 'Test state'), el('dd', { class: `test-state test-${card.test.state}` }, icon(card.test.state === 'failing' ? 'error' : 'pass'), ` ${card.test.text}`));
      for (const f of card.test.facts) facts.append(el('dt', {}, f.label), el('dd', {}, f.value));
    }

    this.node.replaceChildren(
      el('div', { class: 'detail-head' }, el('span', { class: 'detail-id' }, card.id), el('span', { class: 'spacer' }), open, close),
      field('Title', title),
      el('div', { class: 'field-row' }, field('Status', status), field('Type', type)),
      el('div', { class: 'field-row' }, field('Priority', priority), field('Points', points)),
      field('Labels', labels),
      field('Assignee', assignee),
      people,
      facts,
      el('div', { class: 'detail-body', 'aria-label': 'Description' }, ...this.bodyNodes()),
    );
    this.node.hidden = false;
  }

  private bodyNodes(): Node[] {
    if (!this.body) return [el('p', { class: 'muted' }, 'Loading description…')];
    const text = this.body.body.trim();
    // Shown as plain text: Markdown from a cloned repository is never turned into HTML here.
    return [el('div', { class: 'field-label' }, this.body.fileName), text ? el('pre', { class: 'body-text' }, text) : el('p', { class: 'muted' }, 'No description.')];
  }

  private renderComposer(status: string): void {
    const key = `compose:${status}`;
    if (this.shownKey === key) return;
    this.shownKey = key;
    const title = el('input', { name: 'new-title', type: 'text', placeholder: 'What needs to be done?', 'aria-label': `Title of the new item in ${status}` });
    const create = el('button', { class: 'button primary', type: 'submit' }, 'Create');
    const cancel = el('button', { class: 'button secondary', type: 'button' }, 'Cancel');
    const form = el('form', { class: 'composer' }, el('label', { class: 'field' }, el('span', { class: 'field-label' }, `New item in ${status}`), title), el('div', { class: 'buttons' }, create, cancel));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const v = title.value.replace(/\s+/g, ' ').trim();
      if (!v) return title.focus();
      this.app.requestCreate(status, v, undefined);
      this.close(false);
    });
    cancel.addEventListener('click', () => this.close(false));
    const close = el('button', { class: 'icon-button', type: 'button', title: 'Close (Escape)', 'aria-label': 'Close' }, icon('close'));
    close.addEventListener('click', () => this.close(false));
    this.node.replaceChildren(el('div', { class: 'detail-head' }, el('span', { class: 'detail-id' }, 'New item'), el('span', { class: 'spacer' }), close), form);
    this.node.hidden = false;
  }

  /** Config values, plus the item's own value if config does not list it (so it still shows). */
  private withCurrent(values: readonly string[], current: string | undefined): { value: string; label: string }[] {
    const out = values.map((v) => ({ value: v, label: v }));
    if (current !== undefined && current !== '' && !values.includes(current)) out.unshift({ value: current, label: `${current} (not in config)` });
    return out;
  }
}
