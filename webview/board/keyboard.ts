import { planKeyboardMove, type KeyboardMove } from '../../src/core/board/boardMove';
import type { BoardLayout } from '../../src/core/board/boardLayout';
import type { BoardApp } from './boardApp';

/**
 * Keyboard use of the board. One card is in the tab order at a time (roving tabindex); arrows
 * move the focus between cards and columns, Alt+arrows move the card itself (the keyboard
 * equivalent of every drag), Enter opens the details, F2 edits the title, Ctrl+Enter opens the file.
 */
export function installKeyboard(app: BoardApp): void {
  app.board.addEventListener('keydown', (e) => {
    const card = (e.target as HTMLElement).closest<HTMLElement>('.card');
    const id = card?.dataset.id;
    const layout = app.layout;
    if (!id || !layout || e.target !== card) return;
    const move = moveKey(e);
    if (move) {
      e.preventDefault();
      const planned = planKeyboardMove(layout, id, move);
      if (planned) app.requestMove(planned);
      return;
    }
    if (e.altKey || e.shiftKey) return;
    const next = focusTarget(layout, id, e.key, (x) => app.cardNode(x)?.isConnected === true);
    if (next !== undefined) {
      e.preventDefault();
      if (next !== id) app.focusCard(next);
      return;
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      app.openFile(id);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      app.detail.open(id, false);
    } else if (e.key === 'F2') {
      e.preventDefault();
      app.detail.open(id, true);
    } else if (e.key === 'Escape' && app.detail.id) {
      e.preventDefault();
      app.detail.close(true);
    }
  });
}

function moveKey(e: KeyboardEvent): KeyboardMove | undefined {
  if (!e.altKey || e.ctrlKey || e.metaKey) return undefined;
  switch (e.key) {
    case 'ArrowUp': return 'up';
    case 'ArrowDown': return 'down';
    case 'ArrowLeft': return 'left';
    case 'ArrowRight': return 'right';
    case 'Home': return 'top';
    case 'End': return 'bottom';
    default: return undefined;
  }
}

/** The card to focus for a navigation key, or undefined when the key is not navigation. */
function focusTarget(layout: BoardLayout, id: string, key: string, isDrawn: (id: string) => boolean): string | undefined {
  const at = layout.positions.get(id);
  if (!at) return undefined;
  // A column read top to bottom across the lanes that are drawn (not collapsed).
  const columnCards = (column: number) => layout.lanes.flatMap((lane) => lane.cells[column].map((c) => c.id)).filter(isDrawn);
  const here = columnCards(at.column);
  const i = here.indexOf(id);
  switch (key) {
    case 'ArrowUp': return here[Math.max(0, i - 1)];
    case 'ArrowDown': return here[Math.min(here.length - 1, i + 1)];
    case 'Home': return here[0];
    case 'End': return here[here.length - 1];
    case 'PageUp': return here[Math.max(0, i - 10)];
    case 'PageDown': return here[Math.min(here.length - 1, i + 10)];
    case 'ArrowLeft':
    case 'ArrowRight': {
      const step = key === 'ArrowLeft' ? -1 : 1;
      for (let c = at.column + step; c >= 0 && c < layout.columns.length; c += step) {
        const cards = columnCards(c);
        if (cards.length) return cards[Math.min(i, cards.length - 1)];
      }
      return id;
    }
    default: return undefined;
  }
}
