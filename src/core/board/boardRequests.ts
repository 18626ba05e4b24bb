// Run-time validation of what the board webview sends (see core/webviewRequests for the rules
// that every webview's messages share).
import type { BoardRequest, BoardViewState } from '../../protocol/boardMessages';
import { count, InvalidRequest, itemFieldChanges, MAX_TEXT, milliseconds, nullableText, parseRequest, record, text, unknownType, type ParsedRequest } from '../webviewRequests';
import type { LaneChange } from './boardMove';
import { sanitizeView } from './boardView';

const MAX_ID = 100;
const MAX_PATH = 4096;
const MAX_LIST = 200_000;
/** The fields the detail pane edits in place. */
const EDITABLE = ['title', 'status', 'type', 'priority', 'points', 'labels', 'assignee', 'sprint'] as const;

export function parseBoardRequest(value: unknown): ParsedRequest<BoardRequest> {
  return parseRequest(value, parse);
}

function parse(value: unknown): BoardRequest {
  const m = record(value, 'message');
  switch (m.type) {
    case 'ready':
      return {
        type: 'ready',
        ...(m.seq === undefined ? {} : { seq: count(m.seq, 'seq') }),
        ...(m.state === undefined ? {} : { state: viewState(m.state) }),
      };
    case 'viewState':
      return { type: 'viewState', state: viewState(m.state) };
    case 'rendered':
      return {
        type: 'rendered',
        seq: count(m.seq, 'seq'),
        phase: m.phase === 'complete' ? 'complete' : 'visible',
        cards: count(m.cards, 'cards'),
        total: count(m.total, 'total'),
        renderMs: milliseconds(m.renderMs, 'renderMs'),
        startedAt: milliseconds(m.startedAt, 'startedAt'),
        receivedAt: milliseconds(m.receivedAt, 'receivedAt'),
        paintedAt: milliseconds(m.paintedAt, 'paintedAt'),
      };
    case 'initialize':
      return { type: 'initialize' };
    case 'selectFolder':
      return { type: 'selectFolder', root: text(m.root, 'root', MAX_PATH) };
    case 'move': {
      const within = m.within;
      if (!Array.isArray(within) || within.length > MAX_LIST) throw new InvalidRequest('within must be a list of item ids');
      const move = {
        type: 'move' as const,
        root: text(m.root, 'root', MAX_PATH),
        id: id(m.id),
        hash: text(m.hash, 'hash', MAX_ID),
        status: text(m.status, 'status', MAX_TEXT),
        index: count(m.index, 'index'),
        within: within.map(id),
      };
      return m.changes === undefined ? move : { ...move, changes: laneChange(m.changes) };
    }
    case 'update': {
      const ref = record(m.ref, 'ref');
      return {
        type: 'update',
        ref: { root: text(ref.root, 'root', MAX_PATH), id: id(ref.id), hash: text(ref.hash, 'hash', MAX_ID) },
        changes: itemFieldChanges(m.changes, EDITABLE, 'the board'),
      };
    }
    case 'create': {
      return {
        type: 'create',
        root: text(m.root, 'root', MAX_PATH),
        status: text(m.status, 'status', MAX_TEXT),
        title: text(m.title, 'title', MAX_TEXT),
        ...(m.lane === undefined ? {} : { lane: laneChange(m.lane) }),
        ...(m.sprint === undefined ? {} : { sprint: text(m.sprint, 'sprint', MAX_TEXT) }),
        ...(m.parent === undefined ? {} : { parent: id(m.parent) }),
      };
    }
    case 'open':
      return { type: 'open', root: text(m.root, 'root', MAX_PATH), id: id(m.id) };
    case 'loadDetail':
      return { type: 'loadDetail', root: text(m.root, 'root', MAX_PATH), id: id(m.id) };
    default:
      throw unknownType(m.type);
  }
}

/** The page's view state; the view itself is read leniently (it may come from an older board). */
function viewState(value: unknown): BoardViewState {
  const s = record(value, 'view state');
  const view = sanitizeView(s.view);
  if (view.query.length > MAX_TEXT) throw new InvalidRequest('the query is too long');
  return {
    view,
    ...(s.detailId === undefined ? {} : { detailId: id(s.detailId) }),
    scrollTop: count(s.scrollTop, 'scrollTop'),
    scrollLeft: count(s.scrollLeft, 'scrollLeft'),
  };
}

function id(value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(value)) throw new InvalidRequest('item ids are letters, digits, "-", "_" or "."');
  return value;
}

function laneChange(value: unknown): LaneChange {
  const c = record(value, 'lane change');
  const keys = Object.keys(c);
  if (keys.length !== 1) throw new InvalidRequest('a lane change sets exactly one field');
  if ('type' in c) return { type: text(c.type, 'type', MAX_TEXT) };
  if ('assignee' in c) return { assignee: nullableText(c.assignee, 'assignee') };
  if ('priority' in c) return { priority: nullableText(c.priority, 'priority') };
  throw new InvalidRequest(`a lane change cannot set "${keys[0].slice(0, 40)}"`);
}
