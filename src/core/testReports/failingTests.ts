import type { BacklogConfig } from '../config';
import type { CodeLink, Item } from '../item';
import { readTestRecord, type TestRecord } from './failureItem';

/** One row of the "Failing tests" list: an item that tracks a test, and what its test did last. */
export interface FailingTestEntry {
  readonly item: Item;
  readonly record: TestRecord;
  /** The failing line, else the test's definition. */
  readonly failingLine?: CodeLink;
}

/**
 * Items whose test fails, most recent failure first, then those whose test passes again but
 * that nobody has closed yet (an item whose test passes and that is done has no place here).
 */
export function failingTestEntries(items: readonly Item[], config: BacklogConfig): FailingTestEntry[] {
  const done = new Set(config.statuses.filter((s) => s.category === 'done').map((s) => s.name));
  const failing: FailingTestEntry[] = [];
  const passing: FailingTestEntry[] = [];
  for (const item of items) {
    const record = readTestRecord(item);
    if (!record) continue;
    const entry: FailingTestEntry = { item, record, ...lineOf(item.links) };
    if (record.state === 'failing') failing.push(entry);
    else if (!done.has(item.status)) passing.push(entry);
  }
  const newestFirst = (a: FailingTestEntry, b: FailingTestEntry) => (a.record.lastSeen < b.record.lastSeen ? 1 : a.record.lastSeen > b.record.lastSeen ? -1 : 0);
  return [...failing.sort(newestFirst), ...passing.sort(newestFirst)];
}

function lineOf(links: readonly CodeLink[]): { failingLine?: CodeLink } {
  const link = links.find((l) => l.kind === 'code') ?? links.find((l) => l.kind === 'test');
  return link ? { failingLine: link } : {};
}
