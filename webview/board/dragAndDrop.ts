import { planDrop } from '../../src/core/board/boardMove';
import type { BoardApp } from './boardApp';
import { el } from './dom';

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

  board.addEventListener('dragover', (e) => {
    if (!dragging) return;
    const cell = (e.target as HTMLElement).closest<HTMLElement>('.cell');
    if (!cell || cell.classList.contains('no-drop')) {
      clear();
      return;
    }
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
    const others = [...cell.querySelectorAll<HTMLElement>('.card')].filter((c) => c.dataset.id !== dragging);
    let index = others.length;
    for (let i = 0; i < others.length; i++) {
      const r = others[i].getBoundingClientRect();
      if (e.clientY < r.top + r.height / 2) {
        index = i;
        break;
      }
    }
    if (target?.cell === cell && target.index === index) return;
    clear();
    target = { cell, index };
    cell.classList.add('drop-target');
    const before = others[index];
    if (before) cell.insertBefore(indicator, before);
    else cell.append(indicator);
  });

  board.addEventListener('dragleave', (e) => {
    // Leaving the board entirely (not just moving between its children).
    if (!e.relatedTarget || !board.contains(e.relatedTarget as Node)) clear();
  });

  board.addEventListener('drop', (e) => {
    if (!dragging || !target || !app.layout) return;
    e.preventDefault();
    const move = planDrop(app.layout, dragging, {
      column: Number(target.cell.dataset.column),
      lane: Number(target.cell.dataset.lane),
      index: target.index,
    });
    const id = dragging;
    clear();
    dragging = undefined;
    app.cardNode(id)?.classList.remove('dragging');
    if (move) app.requestMove(move);
  });

  board.addEventListener('dragend', () => {
    if (dragging) app.cardNode(dragging)?.classList.remove('dragging');
    dragging = undefined;
    clear();
  });
}
