import { childDrop, childStep } from '../../src/core/itemPage/children';
import type { ItemPageChild, ItemPageRequest } from '../../src/protocol/itemPageMessages';
import { el, icon } from '../shared/dom';

const CHILD_MIME = 'application/x-repo-backlog-child';
/** A request sent and no new model yet: a second move now would carry the old order and be refused. */
const PENDING_MS = 5000;

export interface ChildListHost {
  send(request: ItemPageRequest): void;
  /** A link that opens the child's page. */
  itemLink(child: ItemPageChild): HTMLElement;
}

/**
 * The children of an item, in rank order, like a sub-issues list: each row opens the child, moves
 * it up or down (buttons, Alt+Up / Alt+Down, or drag and drop) or takes it out of the item.
 * Every change is a request; the list shows the host's next model.
 */
export class ChildList {
  private pendingUntil = 0;
  /** After a remove, the button keyboard focus moves to once the row is gone (the next row's, else the previous'). */
  private refocus: string | undefined;
  private removing: string | undefined;

  constructor(private readonly host: ChildListHost) {}

  /** The model changed: what was sent has been answered. */
  answered(): void {
    this.pendingUntil = 0;
  }

  render(parentId: string, children: readonly ItemPageChild[]): HTMLElement {
    const order = children.map((c) => c.id);
    const list = el('ul', { class: 'code-links child-list', 'aria-label': `Children of ${parentId}` });
    children.forEach((child, at) => list.append(this.row(parentId, child, order, at)));
    list.addEventListener('keydown', (e) => {
      if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
      const id = (e.target as HTMLElement).closest<HTMLElement>('.child-row')?.dataset.id;
      const child = children.find((c) => c.id === id);
      if (!child) return;
      e.preventDefault();
      this.step(child, order, e.key === 'ArrowUp' ? -1 : 1);
    });
    this.dragAndDrop(list, children, order);
    // The first model after a remove answers it: when the row is gone, focus goes to a neighbour's.
    if (this.removing !== undefined) {
      const refocus = !order.includes(this.removing) && this.refocus ? list.querySelector<HTMLElement>(`[name="${this.refocus}"]`) : null;
      this.removing = this.refocus = undefined;
      // Once the list is in the page: the caller attaches it after this returns.
      if (refocus) queueMicrotask(() => refocus.focus());
    }
    return list;
  }

  private row(parentId: string, child: ItemPageChild, order: readonly string[], at: number): HTMLElement {
    const up = this.action(`child-up-${child.id}`, 'arrow-up', `Move ${child.id} up`, 'Move up (Alt+Up)', at === 0, () => this.step(child, order, -1));
    const down = this.action(`child-down-${child.id}`, 'arrow-down', `Move ${child.id} down`, 'Move down (Alt+Down)', at === order.length - 1, () => this.step(child, order, 1));
    const remove = this.action(`child-remove-${child.id}`, 'close', `Remove ${child.id} from ${parentId}`, 'Remove from this item (the item itself is kept)', false, () => {
      if (!this.claim()) return;
      const neighbour = order[at + 1] ?? order[at - 1];
      this.removing = child.id;
      this.refocus = neighbour === undefined ? undefined : `child-remove-${neighbour}`;
      this.host.send({ type: 'removeChild', id: child.id, hash: child.hash });
    });
    const link = this.host.itemLink(child);
    // Named, so focus stays on it when Alt+Up / Alt+Down redraws the list (see keepingFocus).
    link.setAttribute('name', `child-open-${child.id}`);
    return el('li', { class: 'child-row', draggable: 'true', 'data-id': child.id },
      icon('gripper', 'drag-handle'),
      icon(child.done ? 'pass' : 'circle-large-outline'), ' ',
      link, ' ',
      el('span', { class: 'child-title' }, child.title), ' ',
      el('span', { class: 'muted' }, child.status),
      el('span', { class: 'child-actions' }, up, down, remove));
  }

  /** A row button. At an end of the list it stays focusable (so focus survives the move that put it there) but does nothing. */
  private action(name: string, codicon: string, label: string, title: string, inert: boolean, run: () => void): HTMLButtonElement {
    const button = el('button', { class: 'icon-button', name, title, 'aria-label': label, 'aria-disabled': inert ? 'true' : undefined }, icon(codicon));
    button.addEventListener('click', () => {
      if (!inert) run();
    });
    return button;
  }

  private step(child: ItemPageChild, order: readonly string[], delta: -1 | 1): void {
    const index = childStep(order, child.id, delta);
    if (index !== undefined) this.move(child, order, index);
  }

  private move(child: ItemPageChild, order: readonly string[], index: number): void {
    if (this.claim()) this.host.send({ type: 'moveChild', id: child.id, hash: child.hash, index, order: [...order] });
  }

  /** True if nothing is waiting for an answer; then this request is. */
  private claim(): boolean {
    const now = Date.now();
    if (now < this.pendingUntil) return false;
    this.pendingUntil = now + PENDING_MS;
    return true;
  }

  /** Rows dragged within the list; the drop position is the index among the other rows, what `moveChild` takes. */
  private dragAndDrop(list: HTMLElement, children: readonly ItemPageChild[], order: readonly string[]): void {
    const indicator = el('li', { class: 'drop-indicator', 'aria-hidden': 'true' });
    let dragging: string | undefined;
    let index: number | undefined;
    const clear = () => {
      indicator.remove();
      index = undefined;
    };
    list.addEventListener('dragstart', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('.child-row');
      if (!row?.dataset.id || !e.dataTransfer) return;
      dragging = row.dataset.id;
      e.dataTransfer.effectAllowed = 'move';
      e.dataTransfer.setData(CHILD_MIME, dragging);
      requestAnimationFrame(() => row.classList.add('dragging'));
    });
    list.addEventListener('dragover', (e) => {
      if (!dragging) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
      const others = [...list.querySelectorAll<HTMLElement>('.child-row')].filter((r) => r.dataset.id !== dragging);
      let at = others.length;
      for (let i = 0; i < others.length; i++) {
        const r = others[i].getBoundingClientRect();
        if (e.clientY < r.top + r.height / 2) {
          at = i;
          break;
        }
      }
      if (at === index) return;
      index = at;
      if (at < others.length) list.insertBefore(indicator, others[at]);
      else list.append(indicator);
    });
    list.addEventListener('dragleave', (e) => {
      const r = list.getBoundingClientRect();
      if (e.clientX <= r.left || e.clientX >= r.right || e.clientY <= r.top || e.clientY >= r.bottom) clear();
    });
    list.addEventListener('drop', (e) => {
      e.preventDefault();
      const child = children.find((c) => c.id === dragging);
      const to = child && index !== undefined ? childDrop(order, child.id, index) : undefined;
      clear();
      if (child && to !== undefined) this.move(child, order, to);
    });
    list.addEventListener('dragend', () => {
      dragging = undefined;
      clear();
      list.querySelectorAll('.child-row.dragging').forEach((r) => r.classList.remove('dragging'));
    });
  }
}
