import type { BoardCard } from '../../src/core/board/boardCard';
import { filterChoices, sprintChoices } from '../../src/core/board/boardView';
import type { BoardUpdate } from '../../src/protocol/boardMessages';
import { descriptionView } from '../shared/description';
import { el, icon } from '../shared/dom';
import { itemFieldControls } from '../shared/itemFields';
import type { BoardApp } from './boardApp';

type Detail = Extract<BoardUpdate, { type: 'detail' }>;

/**
 * The pane beside the board: edits one item's fields in place (each change is one write through
 * the host; the controls and the rendered description are the item page's, see webview/shared),
 * or holds the "new item" form of a column.
 */
export class DetailPane {
  readonly node = el('aside', { class: 'detail', 'aria-label': 'Item details', hidden: true });
  /** The item shown, if any. */
  id: string | undefined;
  private composing: string | undefined;
  /** The item a "New child" form creates under. */
  private composingParent: { readonly id: string; readonly title: string } | undefined;
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

  compose(status: string, parent?: { readonly id: string; readonly title: string }): void {
    this.id = undefined;
    this.composing = status;
    this.composingParent = parent;
    this.shownKey = '';
    this.refresh();
    this.node.querySelector<HTMLInputElement>('input[name="new-title"]')?.focus();
  }

  close(returnFocus: boolean): void {
    const id = this.id;
    this.id = undefined;
    this.composing = undefined;
    this.composingParent = undefined;
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
    // The same controls as the item page (webview/shared), sprint included: planning happens here.
    const choices = {
      statuses: snapshot.statuses.map((s) => s.name),
      types: snapshot.types,
      priorities: snapshot.priorities,
      sprints: sprintChoices(snapshot.sprints, snapshot.cards).map((s) => ({ id: s.id, name: s.name })),
      assignees: filterChoices(snapshot.cards).assignees,
      labels: [],
    };
    const controls = itemFieldControls(card, choices, (changes) => this.app.requestUpdate(card.id, changes), 'board');
    const field = (label: string, control: HTMLElement) => el('label', { class: 'field' }, el('span', { class: 'field-label' }, label), control);

    const child = el('button', { class: 'button secondary', title: `New item with ${card.id} as its parent` }, icon('add'), ' New child');
    child.addEventListener('click', () => this.compose(snapshot.statuses[0]?.name ?? card.status, { id: card.id, title: card.title }));
    const open = el('button', { class: 'button', title: 'Open the item page beside the board (double-click a card does the same)' }, icon('go-to-file'), ' Open');
    open.addEventListener('click', () => this.app.openFile(card.id));
    const close = el('button', { class: 'icon-button', title: 'Close (Escape)', 'aria-label': 'Close details' }, icon('close'));
    close.addEventListener('click', () => this.close(true));

    const facts = el('dl', { class: 'facts' });
    // Other items are buttons that show them here; their text is set as text, like every item string.
    const itemButton = (item: { id: string; title: string }, extra = '') => {
      const b = el('button', { class: 'link-button', title: `Show ${item.id}` }, `${item.id} ${item.title}${extra}`);
      b.addEventListener('click', () => (this.app.card(item.id) ? this.open(item.id, false) : this.app.openFile(item.id)));
      return b;
    };
    if (card.parent) facts.append(el('dt', {}, 'Parent'), el('dd', {}, itemButton(card.parent)));
    if (card.blockers) {
      facts.append(el('dt', {}, 'Blocked by'), el('dd', { class: 'blockers' }, ...card.blockers.map((b) => el('div', {}, itemButton(b, ` (${b.status})`)))));
    }
    if (card.checklist.total) facts.append(el('dt', {}, 'Criteria'), el('dd', {}, `${card.checklist.done} of ${card.checklist.total} done`));
    const links = card.links.todo + card.links.test + card.links.code;
    if (links) facts.append(el('dt', {}, 'Code links'), el('dd', {}, `${card.links.todo} TODO · ${card.links.test} test · ${card.links.code} other`));
    if (card.test) {
      facts.append(el('dt', {}, 'Test state'), el('dd', { class: `test-state test-${card.test.state}` }, icon(card.test.state === 'failing' ? 'error' : 'pass'), ` ${card.test.text}`));
      for (const f of card.test.facts) facts.append(el('dt', {}, f.label), el('dd', {}, f.value));
    }

    this.node.replaceChildren(
      el('div', { class: 'detail-head' }, el('span', { class: 'detail-id' }, card.id), el('span', { class: 'spacer' }), child, open, close),
      field('Title', controls.title),
      controls.properties,
      facts,
      el('div', { class: 'detail-body', 'aria-label': 'Description' }, ...this.bodyNodes()),
    );
    this.node.hidden = false;
  }

  private bodyNodes(): Node[] {
    if (!this.body) return [el('p', { class: 'muted' }, 'Loading description…')];
    // Rendered like the item page (sanitised on the host); criteria are ticked on the item page.
    return [el('div', { class: 'field-label' }, this.body.fileName), descriptionView(this.body.html, {})];
  }

  private renderComposer(status: string): void {
    const key = `compose:${status}:${this.app.scopeSprint() ?? ''}:${this.composingParent?.id ?? ''}`;
    if (this.shownKey === key) return;
    this.shownKey = key;
    const sprintId = this.app.scopeSprint();
    const sprint = sprintId ? this.app.snapshot?.sprints.find((s) => s.id === sprintId)?.name ?? sprintId : undefined;
    const parent = this.composingParent;
    const where = `${sprint ? `${status}, ${sprint}` : status}${parent ? `, child of ${parent.id}` : ''}`;
    const title = el('input', { name: 'new-title', type: 'text', placeholder: 'What needs to be done?', 'aria-label': `Title of the new item in ${where}` });
    const create = el('button', { class: 'button primary', type: 'submit' }, 'Create');
    const cancel = el('button', { class: 'button secondary', type: 'button' }, 'Cancel');
    const form = el('form', { class: 'composer' }, el('label', { class: 'field' }, el('span', { class: 'field-label' }, `New item in ${where}`), title), el('div', { class: 'buttons' }, create, cancel));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const v = title.value.replace(/\s+/g, ' ').trim();
      if (!v) return title.focus();
      this.app.requestCreate(status, v, undefined, parent?.id);
      this.close(false);
    });
    cancel.addEventListener('click', () => this.close(false));
    const close = el('button', { class: 'icon-button', type: 'button', title: 'Close (Escape)', 'aria-label': 'Close' }, icon('close'));
    close.addEventListener('click', () => this.close(false));
    this.node.replaceChildren(el('div', { class: 'detail-head' }, el('span', { class: 'detail-id' }, 'New item'), el('span', { class: 'spacer' }), close), form);
    this.node.hidden = false;
  }
}
