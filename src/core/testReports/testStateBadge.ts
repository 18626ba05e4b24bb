// What a backlog row or board card shows of the test its item tracks. Pure: the tree, the board
// host and the unit tests all get the same words from here.
import type { Item } from '../item';
import { readTestRecord, type TestRecord, type TestState } from './failureItem';

/** One labelled line of a tooltip or detail list. Values come from item files: show them as text. */
export interface TestStateFact {
  readonly label: string;
  readonly value: string;
}

/** A tracked test's state, worded for a row, a card and a tooltip. */
export interface TestStateBadge {
  readonly state: TestState;
  /** Short, next to the item: `failing`, `failing ×3`, `passing again`. */
  readonly text: string;
  /** The same for a screen reader: `test failing, failed in 3 runs`. */
  readonly label: string;
  /** Since when, how often, the latest message and where it came from, in reading order. */
  readonly facts: readonly TestStateFact[];
}

/** Longest failure message a tooltip shows; the item body and front matter keep more. */
export const BADGE_MESSAGE_LENGTH = 200;
const BADGE_VALUE_LENGTH = 120;

/** The badge of an item that tracks a test, else undefined. */
export function itemTestStateBadge(item: Item): TestStateBadge | undefined {
  const record = readTestRecord(item);
  return record ? testStateBadge(record) : undefined;
}

export function testStateBadge(record: TestRecord): TestStateBadge {
  const failing = record.state === 'failing';
  const runs = `${record.failures} run${record.failures === 1 ? '' : 's'}`;
  const facts: TestStateFact[] = [];
  const add = (label: string, value: string | undefined, max = BADGE_VALUE_LENGTH) => {
    const text = value === undefined ? '' : oneLine(value, max);
    if (text) facts.push({ label, value: text });
  };
  if (failing) {
    add('Failing since', readableTime(record.firstSeen));
    if (record.lastSeen !== record.firstSeen) add('Last failed', readableTime(record.lastSeen));
  } else {
    add('Passing again since', readableTime(record.passedAt ?? ''));
    add('Last failed', readableTime(record.lastSeen));
  }
  // A hand-edited record may say 0; "failed in 0 runs" would be nonsense next to "failing".
  if (record.failures > 0) add('Failed in', runs);
  add(failing ? 'Message' : 'Last message', record.message, BADGE_MESSAGE_LENGTH);
  add('Test', record.file ? `${oneLine(record.name, BADGE_VALUE_LENGTH)} (${record.file})` : record.name, BADGE_VALUE_LENGTH * 2);
  add('Report', record.report);
  return {
    state: record.state,
    text: failing ? (record.failures > 1 ? `failing ×${record.failures}` : 'failing') : 'passing again',
    label: failing ? `test failing${record.failures > 0 ? `, failed in ${runs}` : ''}` : 'test passing again',
    facts,
  };
}

/**
 * `2026-11-24T09:12:04Z` → `2026-11-24 09:12 UTC`. Reports without a zone (JUnit timestamps are
 * the CI machine's local time) keep none; anything that is not such a time is shown as written.
 */
export function readableTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(iso.trim());
  if (!m) return oneLine(iso, 40) || 'unknown';
  const zone = m[3] === undefined ? '' : m[3].toUpperCase() === 'Z' ? ' UTC' : ` ${m[3]}`;
  return `${m[1]} ${m[2]}${zone}`;
}

/**
 * One line of at most `max` characters. Control and bidirectional-override characters become
 * spaces: a report must not be able to reorder or hide what the tooltip says.
 */
function oneLine(text: string, max: number): string {
  const one = text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim();
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}
