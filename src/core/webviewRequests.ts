// Run-time validation shared by every webview's messages (the board, the item page). A webview
// renders untrusted item text, so the host treats what it sends like any other untrusted input:
// exact shapes, bounded sizes, and fresh objects so that nothing unexpected rides along into the
// store.
import type { ItemFieldChanges } from '../protocol/itemFieldChanges';

export const MAX_TEXT = 2000;
const MAX_LABELS = 100;

/** A message that does not have the shape its type promises; the message says what is wrong. */
export class InvalidRequest extends Error {}

export type ParsedRequest<R> = { readonly ok: true; readonly request: R } | { readonly ok: false; readonly error: string };

/** Runs `parse`, turning a shape error into `{ ok: false }` (anything else is a bug and throws). */
export function parseRequest<R>(value: unknown, parse: (value: unknown) => R): ParsedRequest<R> {
  try {
    return { ok: true, request: parse(value) };
  } catch (e) {
    if (e instanceof InvalidRequest) return { ok: false, error: e.message };
    throw e;
  }
}

export function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidRequest(`${what} must be an object`);
  return value as Record<string, unknown>;
}

export function text(value: unknown, what: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) throw new InvalidRequest(`${what} must be a non-empty string of at most ${max} characters`);
  return value;
}

export function nullableText(value: unknown, what: string): string | null {
  return value === null ? null : text(value, what, MAX_TEXT);
}

export function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new InvalidRequest(`${what} must be a whole number of at least 0`);
  return value;
}

/** A duration or an epoch time in milliseconds. */
export function milliseconds(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new InvalidRequest(`${what} must be a time in milliseconds`);
  return value;
}

export function unknownType(type: unknown): InvalidRequest {
  return new InvalidRequest(`unknown message type ${JSON.stringify(String(type)).slice(0, 60)}`);
}

/**
 * Field changes a webview asks for, limited to the fields `editable` names (`who` says which view
 * asked, for the message). At least one field must be set.
 */
export function itemFieldChanges<K extends keyof ItemFieldChanges>(value: unknown, editable: readonly K[], who: string): Pick<ItemFieldChanges, K> {
  const c = record(value, 'changes');
  const out: { -readonly [F in keyof ItemFieldChanges]?: ItemFieldChanges[F] } = {};
  for (const key of Object.keys(c)) {
    const v = c[key];
    if (!(editable as readonly string[]).includes(key)) throw new InvalidRequest(`${who} cannot change "${key.slice(0, 40)}"`);
    switch (key as keyof ItemFieldChanges) {
      case 'title':
      case 'status':
      case 'type':
        out[key as 'title'] = text(v, key, MAX_TEXT);
        break;
      case 'priority':
      case 'assignee':
      case 'sprint':
        out[key as 'priority'] = nullableText(v, key);
        break;
      case 'points':
        if (v !== null && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) throw new InvalidRequest('points must be a number of at least 0, or null');
        out.points = v;
        break;
      case 'labels':
        if (!Array.isArray(v) || v.length > MAX_LABELS) throw new InvalidRequest(`labels must be a list of at most ${MAX_LABELS} names`);
        out.labels = v.map((l) => text(l, 'label', MAX_TEXT));
        break;
    }
  }
  if (Object.keys(out).length === 0) throw new InvalidRequest('changes must set at least one field');
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
