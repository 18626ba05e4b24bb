// Run-time validation of what the item page sends (see core/webviewRequests for the rules that
// every webview's messages share).
import type { ItemPageRequest } from '../../protocol/itemPageMessages';
import { isItemId } from '../ids';
import { count, InvalidRequest, itemFieldChanges, MAX_TEXT, milliseconds, parseRequest, record, text, unknownType, type ParsedRequest } from '../webviewRequests';

export { toItemChanges } from '../webviewRequests';

const MAX_HASH = 100;
const MAX_HREF = 4096;
const MAX_ID = 40;
/** A bound on what a move may carry: far more children than any item has. */
const MAX_CHILDREN = 10_000;
/** A description larger than this is edited in the text editor, not through a message. */
export const MAX_BODY = 1_000_000;
/** The fields the page edits in place. */
const EDITABLE = ['title', 'status', 'type', 'priority', 'points', 'labels', 'assignee', 'sprint'] as const;

export type ParsedItemPageRequest = ParsedRequest<ItemPageRequest>;

export function parseItemPageRequest(value: unknown): ParsedItemPageRequest {
  return parseRequest(value, parse);
}

function parse(value: unknown): ItemPageRequest {
  const m = record(value, 'message');
  switch (m.type) {
    case 'ready':
      return m.seq === undefined ? { type: 'ready' } : { type: 'ready', seq: count(m.seq, 'seq') };
    case 'rendered':
      return { type: 'rendered', seq: count(m.seq, 'seq'), startedAt: milliseconds(m.startedAt, 'startedAt'), paintedAt: milliseconds(m.paintedAt, 'paintedAt') };
    case 'update':
      return { type: 'update', hash: text(m.hash, 'hash', MAX_HASH), changes: itemFieldChanges(m.changes, EDITABLE, 'the item page') };
    case 'check':
      if (typeof m.checked !== 'boolean') throw new InvalidRequest('checked must be true or false');
      return { type: 'check', hash: text(m.hash, 'hash', MAX_HASH), line: count(m.line, 'line'), text: text(m.text, 'text', MAX_TEXT), checked: m.checked };
    case 'editBody':
      if (typeof m.body !== 'string' || m.body.length > MAX_BODY) throw new InvalidRequest(`body must be a string of at most ${MAX_BODY} characters`);
      return { type: 'editBody', hash: text(m.hash, 'hash', MAX_HASH), body: m.body };
    case 'openLink':
      return { type: 'openLink', href: text(m.href, 'href', MAX_HREF) };
    case 'openCodeLink':
      return { type: 'openCodeLink', index: count(m.index, 'index') };
    case 'openItem':
      return { type: 'openItem', id: itemId(m.id, 'id') };
    case 'addChild':
      return { type: 'addChild' };
    case 'addExistingChild':
      return { type: 'addExistingChild' };
    case 'removeChild':
      return { type: 'removeChild', id: itemId(m.id, 'id'), hash: text(m.hash, 'hash', MAX_HASH) };
    case 'moveChild': {
      const id = itemId(m.id, 'id');
      if (!Array.isArray(m.order) || m.order.length > MAX_CHILDREN) throw new InvalidRequest(`order must be a list of at most ${MAX_CHILDREN} item ids`);
      const order = m.order.map((o) => itemId(o, 'order'));
      if (!order.includes(id)) throw new InvalidRequest('order must include the child that moves');
      const index = count(m.index, 'index');
      if (index >= order.length) throw new InvalidRequest('index must be a position among the other children');
      return { type: 'moveChild', id, hash: text(m.hash, 'hash', MAX_HASH), index, order };
    }
    case 'openText':
      return { type: 'openText' };
    case 'editing':
      return { type: 'editing' };
    case 'loadHistory':
      return { type: 'loadHistory' };
    default:
      throw unknownType(m.type);
  }
}

function itemId(value: unknown, what: string): string {
  const id = text(value, what, MAX_ID);
  if (!isItemId(id)) throw new InvalidRequest(`${what} must be an item id`);
  return id;
}
