import type { BoardUpdate } from '../../src/protocol/boardMessages';
import { BoardApp } from './boardApp';
import { host } from './vscodeApi';

// The page is static; everything the board shows arrives as messages from the extension host.
const root = document.getElementById('board-app');
if (root) {
  const app = new BoardApp(root);
  window.addEventListener('message', (event: MessageEvent<BoardUpdate>) => {
    const data = event.data;
    if (typeof data === 'object' && data !== null && typeof data.type === 'string') app.receive(data);
  });
  host.postMessage({ type: 'ready' });
}
