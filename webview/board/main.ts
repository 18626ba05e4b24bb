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
  const initial = initialSnapshot();
  if (initial) app.receive(initial);
  host.postMessage(initial ? { type: 'ready', seq: initial.seq } : { type: 'ready' });
}

function initialSnapshot(): Extract<BoardUpdate, { type: 'snapshot' }> | undefined {
  const text = document.getElementById('board-initial')?.textContent;
  if (!text) return undefined;
  try {
    const data = JSON.parse(text) as BoardUpdate;
    return data.type === 'snapshot' && Number.isSafeInteger(data.seq) ? data : undefined;
  } catch {
    return undefined; // the host sends a snapshot after `ready` anyway
  }
}
