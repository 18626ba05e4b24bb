import type { ItemPageUpdate } from '../../src/protocol/itemPageMessages';
import { ItemPageApp } from './itemPageApp';
import { host } from './vscodeApi';

// Everything the page shows comes from the extension host: the first model in the page (a JSON
// data block, see src/itemPage/itemPageHtml.ts), the rest as messages.
const root = document.getElementById('item-app');
if (root) {
  const app = new ItemPageApp(root);
  window.addEventListener('message', (event: MessageEvent<ItemPageUpdate>) => {
    const data = event.data;
    if (typeof data === 'object' && data !== null && typeof data.type === 'string') {
      app.receive(data);
      if (data.type === 'model') remember(data);
    }
  });
  const initial = initialModel();
  const state = host.getState() ?? {};
  // A hidden page is reloaded from the same HTML: its built-in model may be stale by then.
  if (initial && state.firstPage !== initial.page) {
    app.receive(initial.update);
    host.setState({ ...state, firstPage: initial.page });
    if (initial.update.type === 'model') remember(initial.update);
    host.postMessage({ type: 'ready', seq: initial.update.seq });
  } else {
    host.postMessage({ type: 'ready' });
  }
}

/** The item shown, so a page VS Code restores after a reload shows it again (registerItemPage). */
function remember(update: Extract<ItemPageUpdate, { type: 'model' }>): void {
  const state = host.getState() ?? {};
  if (state.item !== update.model.fields.id) host.setState({ ...state, item: update.model.fields.id });
}

function initialModel(): { page: string; update: Extract<ItemPageUpdate, { type: 'model' | 'unreadable' }> } | undefined {
  const text = document.getElementById('item-initial')?.textContent;
  if (!text) return undefined;
  try {
    const data = JSON.parse(text) as { page?: unknown; update?: ItemPageUpdate };
    const update = data.update;
    if (typeof data.page !== 'string' || (update?.type !== 'model' && update?.type !== 'unreadable') || !Number.isSafeInteger(update.seq)) return undefined;
    return { page: data.page, update };
  } catch {
    return undefined; // the host sends the model after `ready` anyway
  }
}
