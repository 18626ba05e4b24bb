import type { BoardUpdate } from '../../src/protocol/boardMessages';
import { BoardApp } from './boardApp';
import { host } from './vscodeApi';

// Everything the board shows comes from the extension host: the first snapshot may come in the
// page (a JSON data block, see src/board/boardHtml.ts), the rest as messages.
const root = document.getElementById('board-app');
if (root) {
  const app = new BoardApp(root);
  window.addEventListener('message', (event: MessageEvent<BoardUpdate>) => {
    const data = event.data;
    if (typeof data === 'object' && data !== null && typeof data.type === 'string') app.receive(data);
  });
  // The page's own first snapshot is painted once: the same HTML is loaded again when a hidden
  // board is shown, and by then that snapshot may be stale (the host sends a fresh one).
  const initial = initialSnapshot();
  if (initial && app.firstPage !== initial.page) {
    app.receive(initial.update);
    app.firstPage = initial.page;
    app.saveState();
    host.postMessage({ type: 'ready', seq: initial.update.seq, state: reported(app) });
  } else {
    host.postMessage({ type: 'ready', state: reported(app) });
  }
}

/** The restored view state, sent with `ready` (the host matches its filter before painting). */
function reported(app: BoardApp) {
  const state = app.viewState();
  app.markReported(state);
  return state;
}

function initialSnapshot(): { page: string; update: Extract<BoardUpdate, { type: 'snapshot' }> } | undefined {
  const text = document.getElementById('board-initial')?.textContent;
  if (!text) return undefined;
  try {
    const data = JSON.parse(text) as { page?: unknown; update?: BoardUpdate };
    const update = data.update;
    if (typeof data.page !== 'string' || update?.type !== 'snapshot' || !Number.isSafeInteger(update.seq)) return undefined;
    return { page: data.page, update };
  } catch {
    return undefined; // the host sends a snapshot after `ready` anyway
  }
}
