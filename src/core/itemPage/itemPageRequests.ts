// Run-time validation of what the item page sends: exact shapes, bounded sizes, fresh objects.
// The page renders untrusted item text, so its messages are untrusted input like any other.
import type { ItemFieldChanges, ItemPageRequest } from '../../protocol/itemPageMessages';

const MAX_TEXT = 2000;
const MAX_HASH = 100;
const MAX_HREF = 4096;
const MAX_LABELS = 100;
/** A description larger than this is edited in the text editor, not through a message. */
export const MAX_BODY = 1_000_000;

export type ParsedItemPageRequest = { readonly ok: true; readonly request: ItemPageRequest } | { readonly ok: false; readonly error: string };

class Invalid extends Error {}

export function parseItemPageRequest(value: unknown): ParsedItemPageRequest {
  try {
    return { ok: true, request: parse(value) };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: e.message };
    throw e;
  }
}

function parse(value: unknown): ItemPageRequest {
  const m = record(value, 'message');
  switch (m.type) {
    case 'ready':
      return m.seq === undefined ? { type: 'ready' } : { type: 'ready', seq: count(m.seq, 'seq') };
    case 'rendered':
      return { type: 'rendered', seq: count(m.seq, 'seq'), startedAt: time(m.startedAt, 'startedAt'), paintedAt: time(m.paintedAt, 'paintedAt') };
    case 'update':
      return { type: 'update', hash: text(m.hash, 'hash', MAX_HASH), changes: fieldChanges(m.changes) };
    case 'check':
      if (typeof m.checked !== 'boolean') throw new Invalid('checked must be true or false');
      return { type: 'check', hash: text(m.hash, 'hash', MAX_HASH), line: count(m.line, 'line'), text: text(m.text, 'text', MAX_TEXT), checked: m.checked };
    case 'editBody':
      if (typeof m.body !== 'string' || m.body.length > MAX_BODY) throw new Invalid(`body must be a string of at most ${MAX_BODY} characters`);
      return { type: 'editBody', hash: text(m.hash, 'hash', MAX_HASH), body: m.body };
    case 'openLink':
      return { type: 'openLink', href: text(m.href, 'href', MAX_HREF) };
    case 'openCodeLink':
      return { type: 'openCodeLink', index: count(m.index, 'index') };
    case 'openText':
      return { type: 'openText' };
    case 'loadHistory':
      return { type: 'loadHistory' };
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

function nullableText(value: unknown, what: string): string | null {
  return value === null ? null : text(value, what, MAX_TEXT);
}

function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new Invalid(`${what} must be a whole number of at least 0`);
  return value;
}

function time(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Invalid(`${what} must be a time in milliseconds`);
  return value;
}

function fieldChanges(value: unknown): ItemFieldChanges {
  const c = record(value, 'changes');
  const out: { -readonly [K in keyof ItemFieldChanges]: ItemFieldChanges[K] } = {};
  for (const key of Object.keys(c)) {
    const v = c[key];
    switch (key) {
      case 'title':
      case 'status':
      case 'type':
        out[key] = text(v, key, MAX_TEXT);
        break;
      case 'priority':
      case 'assignee':
      case 'sprint':
        out[key] = nullableText(v, key);
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
        throw new Invalid(`the item page cannot change "${key.slice(0, 40)}"`);
    }
  }
  if (Object.keys(out).length === 0) throw new Invalid('changes must set at least one field');
  return out;
}

/** The store's form of a change: `null` (remove) becomes undefined, an empty label list too. */
export function toItemChanges(changes: ItemFieldChanges): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    if (key === 'labels') out.labels = Array.isArray(value) && value.length > 0 ? value : undefined;
    else out[key] = value ?? undefined;
  }
  return out;
}
