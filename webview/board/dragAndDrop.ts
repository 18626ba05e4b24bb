import { planDrop } from '../../src/core/board/boardMove';
import type { BoardApp } from './boardApp';
import { el } from '../shared/dom';

const CARD_MIME = 'application/x-repo-backlog-card';

/**
 * HTML5 drag and drop of cards between and within cells. The drop position is the index among
 * the cell's other visible cards, which is exactly what `Backlog.move` takes with `within`.
 */
export function installDragAndDrop(app: BoardApp): void {
  const board = app.board;
  const indicator = el('div', { class: 'drop-indicator', 'aria-hidden': 'true' });
  let dragging: string | undefined;
  let target: { cell: HTMLElement; index: number } | undefined;

  const clear = () => {
    indicator.remove();
    target = undefined;
    board.querySelectorAll('.cell.drop-target').forEach((c) => c.classList.remove('drop-target'));
  };

  board.addEventListener('dragstart', (e) => {
    const card = (e.target as HTMLElement).closest<HTMLElement>('.card');
    if (!card?.dataset.id || !e.dataTransfer) return;
    dragging = card.dataset.id;
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData(CARD_MIME, dragging);
    e.dataTransfer.setData('text/plain', dragging);
    // Styled on the next frame so the drag image is the card as it looks at rest.
    requestAnimationFrame(() => card.classList.add('dragging'));
  });

  /** The cell under the pointer and the position among its other cards, if it takes drops. */
  const targetAt = (e: DragEvent): { cell: HTMLElement; index: number; before: HTMLElement | undefined } | undefined => {
    const over = e.target as HTMLElement;
    const header = over.closest<HTMLElement>('.column-header');
    if (header) {
      // The (sticky) column header: the top of the column's first cell.
      const cell = board.querySelector<HTMLElement>(`.cell[data-column="${header.dataset.column}"]`);
      if (!cell || cell.classList.contains('no-drop')) return undefined;
      const first = [...cell.querySelectorAll<HTMLElement>('.card')].find((c) => c.dataset.id !== dragging);
      return { cell, index: 0, before: first };
    }
    const cell = over.closest<HTMLElement>('.cell');
    if (!cell || cell.classList.contains('no-drop')) return undefined;
    const others = [...cell.querySelectorAll<HTMLElement>('.card')].filter((c) => c.dataset.id !== dragging);
    for (let i = 0; i < others.length; i++) {
      const r = others[i].getBoundingClientRect();
      if (e.clientY < r.top + r.height / 2) return { cell, index: i, before: others[i] };
    }
    return { cell, index: others.length, before: undefined };
  };

  board.addEventListener('dragover', (e) => {
    if (!dragging) return;
    const at = targetAt(e);
    if (!at) {
      clear();
      return;
    }
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
    if (target?.cell === at.cell && target.index === at.index) return;
    clear();
    target = { cell: at.cell, index: at.index };
    at.cell.classList.add('drop-target');
    if (at.before) at.cell.insertBefore(indicator, at.before);
    else at.cell.append(indicator);
  });

  board.addEventListener('dragleave', (e) => {
    // Only when the pointer really left the board: drag events between its children (and
    // Chromium's dragleave without a relatedTarget) must not drop the indicator.
    const r = board.getBoundingClientRect();
    if (e.clientX <= r.left || e.clientX >= r.right || e.clientY <= r.top || e.clientY >= r.bottom) clear();
  });

  board.addEventListener('drop', (e) => {
    if (!dragging || !app.layout) return;
    // Computed from the drop itself, not from the last dragover: the page may have been redrawn
    // (a change on disk) during the drag.
    const at = targetAt(e);
    const id = dragging;
    clear();
    dragging = undefined;
    app.cardNode(id)?.classList.remove('dragging');
    if (!at) return;
    e.preventDefault();
    const move = planDrop(app.layout, id, { column: Number(at.cell.dataset.column), lane: Number(at.cell.dataset.lane), index: at.index });
    if (move) app.requestMove(move);
  });

  board.addEventListener('dragend', () => {
    if (dragging) app.cardNode(dragging)?.classList.remove('dragging');
    dragging = undefined;
    clear();
  });
}
