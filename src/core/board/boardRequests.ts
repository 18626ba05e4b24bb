// Run-time validation of what the board webview sends. The webview renders untrusted item text,
// so the host treats its messages like any other untrusted input: exact shapes, bounded sizes,
// and fresh objects so that nothing unexpected rides along into the store.
import type { BoardRequest, CardChanges } from '../../protocol/boardMessages';
import type { LaneChange } from './boardMove';

const MAX_ID = 100;
const MAX_TEXT = 2000;
const MAX_PATH = 4096;
const MAX_LIST = 200_000;
const MAX_LABELS = 100;

export type ParsedRequest = { readonly ok: true; readonly request: BoardRequest } | { readonly ok: false; readonly error: string };

class Invalid extends Error {}

export function parseBoardRequest(value: unknown): ParsedRequest {
  try {
    return { ok: true, request: parse(value) };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: e.message };
    throw e;
  }
}

function parse(value: unknown): BoardRequest {
  const m = record(value, 'message');
  switch (m.type) {
    case 'ready':
      return m.seq === undefined ? { type: 'ready' } : { type: 'ready', seq: count(m.seq, 'seq') };
    case 'rendered':
      return {
        type: 'rendered',
        seq: count(m.seq, 'seq'),
        phase: m.phase === 'complete' ? 'complete' : 'visible',
        cards: count(m.cards, 'cards'),
        total: count(m.total, 'total'),
        renderMs: duration(m.renderMs, 'renderMs'),
        startedAt: duration(m.startedAt, 'startedAt'),
        receivedAt: duration(m.receivedAt, 'receivedAt'),
        paintedAt: duration(m.paintedAt, 'paintedAt'),
      };
    case 'initialize':
      return { type: 'initialize' };
    case 'selectFolder':
      return { type: 'selectFolder', root: text(m.root, 'root', MAX_PATH) };
    case 'move': {
      const within = m.within;
      if (!Array.isArray(within) || within.length > MAX_LIST) throw new Invalid('within must be a list of item ids');
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
        changes: cardChanges(m.changes),
      };
    }
    case 'create': {
      const create = { type: 'create' as const, root: text(m.root, 'root', MAX_PATH), status: text(m.status, 'status', MAX_TEXT), title: text(m.title, 'title', MAX_TEXT) };
      return m.lane === undefined ? create : { ...create, lane: laneChange(m.lane) };
    }
    case 'open':
      return { type: 'open', root: text(m.root, 'root', MAX_PATH), id: id(m.id) };
    case 'loadDetail':
      return { type: 'loadDetail', root: text(m.root, 'root', MAX_PATH), id: id(m.id) };
    default:
      throw new Invalid(`unknown message type ${JSON.stringify(String(m.type)).slice(0, 60)}`);
  }
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Invalid(`${what} must be an object`);
  return value as Record<string, unknown>;
}

function text(value: unknown, what: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) throw new Invalid(`${what} must be a non-empty string of at most ${max} characters`);
  return value;
}

function id(value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(value)) throw new Invalid('item ids are letters, digits, "-", "_" or "."');
  return value;
}

function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new Invalid(`${what} must be a whole number of at least 0`);
  return value;
}

function duration(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Invalid(`${what} must be a duration in milliseconds`);
  return value;
}

function nullableText(value: unknown, what: string): string | null {
  return value === null ? null : text(value, what, MAX_TEXT);
}

function laneChange(value: unknown): LaneChange {
  const c = record(value, 'lane change');
  const keys = Object.keys(c);
  if (keys.length !== 1) throw new Invalid('a lane change sets exactly one field');
  if ('type' in c) return { type: text(c.type, 'type', MAX_TEXT) };
  if ('assignee' in c) return { assignee: nullableText(c.assignee, 'assignee') };
  if ('priority' in c) return { priority: nullableText(c.priority, 'priority') };
  throw new Invalid(`a lane change cannot set "${keys[0].slice(0, 40)}"`);
}

function cardChanges(value: unknown): CardChanges {
  const c = record(value, 'changes');
  const out: { -readonly [K in keyof CardChanges]: CardChanges[K] } = {};
  for (const key of Object.keys(c)) {
    const v = c[key];
    switch (key) {
      case 'title':
        out.title = text(v, 'title', MAX_TEXT);
        break;
      case 'status':
        out.status = text(v, 'status', MAX_TEXT);
        break;
      case 'type':
        out.type = text(v, 'type', MAX_TEXT);
        break;
      case 'priority':
        out.priority = nullableText(v, 'priority');
        break;
      case 'assignee':
        out.assignee = nullableText(v, 'assignee');
        break;
      case 'points':
        if (v !== null && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) throw new Invalid('points must be a number of at least 0, or null');
        out.points = v;
        break;
      case 'labels':
        if (!Array.isArray(v) || v.length > MAX_LABELS) throw new Invalid(`labels must be a list of at most ${MAX_LABELS} names`);
        out.labels = v.map((l) => text(l, 'label', MAX_TEXT));
        break;
      default:
        throw new Invalid(`the board cannot change "${key.slice(0, 40)}"`);
    }
  }
  if (Object.keys(out).length === 0) throw new Invalid('changes must set at least one field');
  return out;
}
