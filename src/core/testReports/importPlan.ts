import type { ItemChanges, NewItem } from '../backlog';
import type { BacklogConfig } from '../config';
import type { CodeLink, Item } from '../item';
import { failureBody, failureLinks, failureTitle, frontMatterMessage, readTestRecord, retitled, testRecordToYaml, TEST_KEY, type TestRecord } from './failureItem';
import { failureSignature } from './failureText';
import type { TestIdentity } from './testIdentity';
import { DEFAULT_TEST_REPORTS } from './testReportsConfig';
import type { TestLocation } from './testLocation';
import type { TestFailure } from './testResult';

/** One test failing in one run. */
export interface FailedObservation {
  readonly outcome: 'failed';
  readonly identity: TestIdentity;
  /** When the run happened (ISO, UTC): the report's timestamp, else the file's modification time. */
  readonly runAt: string;
  /** The report it came from, as shown to people (workspace-relative when possible). */
  readonly report: string;
  readonly failure: TestFailure;
  /**
   * Where the test and the failing line are. May be left out for an observation that cannot
   * change its item (a known test whose record already saw a run this new).
   */
  readonly location?: TestLocation;
}

/** One test passing in one run; only the identity matters. */
export interface PassedObservation {
  readonly outcome: 'passed';
  readonly id: string;
  readonly runAt: string;
}

export type TestObservation = FailedObservation | PassedObservation;

export interface TestImportPolicy {
  /** Move items whose test passes again to the first done-category status. */
  readonly closePassing?: boolean;
}

export type PlannedChange =
  | {
      readonly kind: 'create';
      readonly identity: TestIdentity;
      /** The new item, its `test:` record included (in `extra`), so creating it is one write. */
      readonly item: NewItem;
      readonly record: TestRecord;
      readonly unresolved: readonly string[];
    }
  | {
      readonly kind: 'update';
      /** `failed-again`: a known failing test failed in a newer run; `regressed`: it had passed. */
      readonly reason: 'failed-again' | 'regressed' | 'passing-again';
      readonly item: Item;
      readonly changes: ItemChanges;
      readonly record: TestRecord;
      readonly unresolved: readonly string[];
    };

export interface ImportPlan {
  readonly changes: readonly PlannedChange[];
  /** Tests with an item whose state this import does not change (e.g. the same report again). */
  readonly unchanged: number;
}

/**
 * Decides what an import does to the backlog, without doing it. One item per test identity;
 * observations are applied in run order, and only a run newer than what the item last saw
 * changes it, so re-importing a report (or an older one) changes nothing:
 * - a failing test with no item gets a new bug item;
 * - a newer failure of a known test bumps its count, last-seen time and message;
 * - a newer passing run marks it passing again (and, with `closePassing`, moves it to done);
 * - a failure after passing again reopens an item that was moved to done.
 * Items are never deleted.
 */
export function planTestImport(observations: readonly TestObservation[], items: readonly Item[], config: BacklogConfig, policy: TestImportPolicy = {}): ImportPlan {
  const known = new Map<string, { item: Item; record: TestRecord }>();
  for (const item of items) {
    const record = readTestRecord(item);
    if (record && !known.has(record.id)) known.set(record.id, { item, record });
  }
  // Where new items land and their priority: a team decides in config.yaml, never silently the bottom.
  const placement = config.testReports ?? DEFAULT_TEST_REPORTS;
  const failing = new Set<string>();
  for (const o of observations) if (o.outcome === 'failed') failing.add(o.identity.id);
  const groups = new Map<string, TestObservation[]>();
  for (const o of observations) {
    const id = o.outcome === 'failed' ? o.identity.id : o.id;
    // Most tests pass and have no item: their passes matter to nothing (and are most of a report).
    if (o.outcome === 'passed' && !known.has(id) && !failing.has(id)) continue;
    const g = groups.get(id);
    if (g) g.push(o);
    else groups.set(id, [o]);
  }

  const doneStatus = config.statuses.find((s) => s.category === 'done')?.name;
  const category = (status: string) => config.statuses.find((s) => s.name === status)?.category;
  const changes: PlannedChange[] = [];
  let unchanged = 0;

  for (const [id, group] of groups) {
    // Run order; within one run a failure outweighs a pass (a retry that passed is still flaky).
    group.sort((a, b) => (a.runAt < b.runAt ? -1 : a.runAt > b.runAt ? 1 : a.outcome === b.outcome ? 0 : a.outcome === 'failed' ? -1 : 1));
    const existing = known.get(id);
    if (!existing && !group.some((o) => o.outcome === 'failed')) continue;

    let record = existing?.record;
    let identity: TestIdentity | undefined;
    let latest: FailedObservation | undefined;
    let regressed = false;
    for (const o of group) {
      if (o.outcome === 'failed') {
        if (!record) {
          record = newRecord(o);
          latest = o;
          identity = o.identity;
        } else if (o.runAt > record.lastSeen && (!record.passedAt || o.runAt > record.passedAt)) {
          if (record.state === 'passing') regressed = true;
          const { passedAt: _passed, ...rest } = record;
          record = {
            ...rest,
            state: 'failing',
            failures: record.failures + 1,
            lastSeen: o.runAt,
            signature: failureSignature(o.failure.type, o.failure.message),
            message: frontMatterMessage(o.failure),
            report: o.report,
          };
          latest = o;
        }
      } else if (record && record.state === 'failing' && o.runAt > record.lastSeen) {
        record = { ...record, state: 'passing', passedAt: o.runAt };
      }
    }
    if (!record) continue;

    if (!existing) {
      const first = group.find((o): o is FailedObservation => o.outcome === 'failed')!;
      const status = record.state === 'passing' && policy.closePassing && doneStatus ? doneStatus : undefined;
      changes.push({
        kind: 'create',
        identity: identity ?? first.identity,
        item: {
          title: failureTitle(first.identity, record.state),
          type: config.types.find((t) => t.toLowerCase() === 'bug') ?? config.defaultType,
          ...(status ? { status } : {}),
          ...(placement.priority ? { priority: placement.priority } : {}),
          position: placement.placement,
          links: first.location ? failureLinks(first.location) : [],
          body: failureBody(first.identity, first.failure, first.report, first.runAt),
          extra: { [TEST_KEY]: testRecordToYaml(record) },
        },
        record,
        unresolved: (latest ?? first).location?.unresolved ?? [],
      });
      continue;
    }

    if (sameRecord(record, existing.record)) {
      unchanged++;
      continue;
    }
    const item = existing.item;
    const itemChanges: Record<string, unknown> = { [TEST_KEY]: testRecordToYaml(record) };
    const passingAgain = record.state === 'passing' && existing.record.state === 'failing';
    if (passingAgain && policy.closePassing && doneStatus && category(item.status) !== 'done') itemChanges.status = doneStatus;
    if (regressed && record.state === 'failing' && category(item.status) === 'done') itemChanges.status = config.defaultStatus;
    // The title says what the test is now ("Passing again: …", and back to "Failing test: …").
    if (record.state !== existing.record.state) {
      const title = retitled(item.title, record.state);
      if (title) itemChanges.title = title;
    }
    if (latest?.location) {
      const links = refreshedLinks(item.links, failureLinks(latest.location));
      if (links) itemChanges.links = links;
    }
    changes.push({
      kind: 'update',
      reason: passingAgain ? 'passing-again' : regressed ? 'regressed' : 'failed-again',
      item,
      changes: itemChanges,
      record,
      unresolved: latest?.location?.unresolved ?? [],
    });
  }
  return { changes, unchanged };
}

function newRecord(o: FailedObservation): TestRecord {
  const { identity } = o;
  return {
    id: identity.id,
    name: identity.name,
    ...(identity.suite ? { suite: identity.suite } : {}),
    ...(identity.classname ? { classname: identity.classname } : {}),
    ...(identity.file ? { file: identity.file } : {}),
    state: 'failing',
    failures: 1,
    firstSeen: o.runAt,
    lastSeen: o.runAt,
    signature: failureSignature(o.failure.type, o.failure.message),
    message: frontMatterMessage(o.failure),
    report: o.report,
  };
}

function sameRecord(a: TestRecord, b: TestRecord): boolean {
  return JSON.stringify(testRecordToYaml(a)) === JSON.stringify(testRecordToYaml(b));
}

/**
 * The item's links with the test and failing-line links replaced by freshly resolved ones, or
 * undefined when nothing would change (or nothing could be resolved: old links are kept).
 */
function refreshedLinks(current: readonly CodeLink[], fresh: readonly CodeLink[]): CodeLink[] | undefined {
  if (fresh.length === 0) return undefined;
  const kinds = new Set(fresh.map((l) => l.kind));
  const next = [...current.filter((l) => !kinds.has(l.kind)), ...fresh];
  const key = (ls: readonly CodeLink[]) => JSON.stringify(ls.map((l) => [l.kind ?? '', l.path, l.line ?? 0, l.anchor ?? '']));
  return key(next) === key(current) ? undefined : next;
}
