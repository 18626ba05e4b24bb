import { BacklogError, type Backlog } from '../backlog';
import type { Item } from '../item';
import { planTestImport, type PlannedChange, type TestObservation } from './importPlan';
import { readTestRecord, type TestRecord } from './failureItem';
import type { ReportLimits } from './limits';
import { readTestReport, type ReportChunks } from './readReport';
import { identityIdOf, identityKey, testIdentifier } from './testIdentity';
import { locateTest, type ReadWorkspaceText } from './testLocation';
import { ReportError, type ReportSummary, type TestResult } from './testResult';
import type { WorkspacePaths } from './workspacePaths';

/** A report to import. */
export interface ReportInput {
  /** How the report is named in messages and items (workspace-relative when inside it). */
  readonly name: string;
  readonly open: () => ReportChunks;
  /** The run time when the report carries no timestamps: the file's modification time. */
  readonly modifiedAt?: Date;
}

export interface TestImportOptions {
  readonly paths: WorkspacePaths;
  /** Reads workspace files to find a test's line by its name; optional. */
  readonly readText?: ReadWorkspaceText;
  readonly closePassing?: boolean;
  /** Plan only; write nothing. */
  readonly dryRun?: boolean;
  readonly limits?: Partial<ReportLimits>;
  readonly now?: () => Date;
}

export interface ReportOutcome {
  readonly report: string;
  readonly summary?: ReportSummary;
  /** The run time used for this report's results. */
  readonly runAt?: string;
  readonly error?: ReportError;
}

/** One item the import created or changed (or would, in a dry run). */
export interface ImportedItem {
  /** Absent in a dry run for items not created yet. */
  readonly id?: string;
  readonly title: string;
  readonly test: string;
  readonly failures: number;
  readonly unresolved: readonly string[];
}

export interface TestImportResult {
  readonly reports: readonly ReportOutcome[];
  readonly created: readonly ImportedItem[];
  /** Known failing tests that failed again in a newer run (including regressions). */
  readonly updated: readonly ImportedItem[];
  readonly passingAgain: readonly ImportedItem[];
  readonly unchanged: number;
  /** Changes that could not be written (e.g. the item changed on disk meanwhile). */
  readonly failedWrites: readonly { readonly item: string; readonly message: string }[];
}

/**
 * Reads reports, plans and applies the changes through the backlog store (one atomic write per
 * changed item file). A report that cannot be used is reported and contributes nothing; the
 * other reports are still imported.
 */
export function importTestReports(backlog: Backlog, inputs: readonly ReportInput[], options: TestImportOptions): Promise<TestImportResult> {
  // Reading, matching and writing all happen under the backlog's write lock, starting from the
  // items on disk now: two imports of one report at once create each item once.
  return options.dryRun ? importReports(backlog, inputs, options) : backlog.batch(() => importReports(backlog, inputs, options));
}

async function importReports(backlog: Backlog, inputs: readonly ReportInput[], options: TestImportOptions): Promise<TestImportResult> {
  const now = options.now ?? (() => new Date());
  const reports: ReportOutcome[] = [];
  const observations: TestObservation[] = [];
  const textCache = new Map<string, Promise<string | undefined>>();
  const readText: ReadWorkspaceText | undefined = options.readText
    ? (p) => {
        let t = textCache.get(p);
        if (!t) textCache.set(p, (t = options.readText!(p)));
        return t;
      }
    : undefined;

  const identify = testIdentifier(options.paths);
  const known = knownTests(backlog.snapshot.items);
  /** Per report read: its run time and the keys of the tests that passed in it. */
  const passes: { runAt: string; keys: Set<string> }[] = [];
  const failingIds = new Map<string, string>();
  for (const [index, input] of inputs.entries()) {
    // Collect per report first: a report that fails half-way must contribute nothing.
    const failed = new Map<string, TestResult>();
    const passed = new Set<string>();
    // A pass matters only to a test with an item, or one failing in another report of this
    // import; most of a report is neither, and keeping them all would cost memory for nothing.
    const laterReports = index < inputs.length - 1;
    const passMayMatter = (key: string) =>
      laterReports || known.byKey.has(key) || failingIds.has(key) || (known.unkeyed.size > 0 && unkeyedId(key, known.unkeyed) !== undefined);
    let summary: ReportSummary;
    try {
      summary = await readTestReport(input.open(), {
        report: input.name,
        limits: options.limits,
        now: now(),
        onResult: (result) => {
          if (result.outcome === 'skipped') return;
          const key = identify.key(result);
          if (result.outcome === 'failed') {
            // Several failed attempts of one test in one report: the first one describes it.
            if (!failed.has(key)) failed.set(key, result);
          } else if (passMayMatter(key)) {
            passed.add(key);
          }
        },
      });
    } catch (e) {
      if (!(e instanceof ReportError)) throw e;
      reports.push({ report: input.name, error: e });
      continue;
    }
    const runAt = summary.runAt ?? isoSeconds(input.modifiedAt ?? now());
    reports.push({ report: input.name, summary, runAt });
    for (const [key, result] of failed) {
      passed.delete(key);
      const identity = identify(result);
      failingIds.set(key, identity.id);
      // Locating reads source files: only worth it for a failure that can change its item.
      const record = known.byId.get(identity.id);
      const location = !record || runAt > record.lastSeen ? await locateTest(result, options.paths, readText) : undefined;
      observations.push({ outcome: 'failed', identity, runAt, report: input.name, failure: result.failure!, ...(location ? { location } : {}) });
    }
    passes.push({ runAt, keys: passed });
  }
  // Most passing tests have no item and fail nowhere in this import: they matter to nothing.
  for (const { runAt, keys } of passes) {
    for (const key of keys) {
      const id = known.byKey.get(key) ?? failingIds.get(key) ?? (known.unkeyed.size > 0 ? unkeyedId(key, known.unkeyed) : undefined);
      if (id) observations.push({ outcome: 'passed', id, runAt });
    }
  }

  const plan = planTestImport(observations, backlog.snapshot.items, backlog.snapshot.config, { closePassing: options.closePassing });
  const created: ImportedItem[] = [];
  const updated: ImportedItem[] = [];
  const passingAgain: ImportedItem[] = [];
  const failedWrites: { item: string; message: string }[] = [];
  const entry = (change: PlannedChange, item: Item | undefined): ImportedItem => ({
    ...(item ? { id: item.id } : change.kind === 'update' ? { id: change.item.id } : {}),
    title: item?.title ?? change.item.title,
    test: change.record.name,
    failures: change.record.failures,
    unresolved: change.unresolved,
  });
  const applyAll = async () => {
    for (const change of plan.changes) {
      if (change.kind !== 'update') continue;
      try {
        const item = options.dryRun ? undefined : await backlog.update(change.item, change.changes);
        (change.reason === 'passing-again' ? passingAgain : updated).push(entry(change, item));
      } catch (e) {
        if (!(e instanceof BacklogError)) throw e;
        failedWrites.push({ item: change.item.id, message: e.message });
      }
    }
    // New items are written together (each still one atomic write with its `test:` record).
    const creates = plan.changes.filter((c): c is Extract<PlannedChange, { kind: 'create' }> => c.kind === 'create');
    const results = options.dryRun ? [] : await backlog.createMany(creates.map((c) => c.item));
    creates.forEach((change, i) => {
      const result = results[i];
      if (result instanceof BacklogError) failedWrites.push({ item: change.item.title, message: result.message });
      else created.push(entry(change, result));
    });
  };
  // One snapshot for the whole import: views refresh once, and n creates cost O(n log n).
  if (options.dryRun || plan.changes.length === 0) await applyAll();
  else await backlog.batch(applyAll);
  return { reports, created, updated, passingAgain, unchanged: plan.unchanged, failedWrites };
}

/** The tests the backlog already has items for, by id and by identity key. */
function knownTests(items: readonly Item[]): { byId: Map<string, TestRecord>; byKey: Map<string, string>; unkeyed: Set<string> } {
  const byId = new Map<string, TestRecord>();
  const byKey = new Map<string, string>();
  // Records whose fields no longer hash to their id (edited by hand, or written by an older
  // normalisation): their tests are found by hashing every passing key instead.
  const unkeyed = new Set<string>();
  for (const item of items) {
    const record = readTestRecord(item);
    if (!record || byId.has(record.id)) continue;
    byId.set(record.id, record);
    const parts = { suite: record.suite ?? '', classname: record.classname ?? '', name: record.name, file: record.file };
    if (identityIdOf(parts) === record.id) byKey.set(identityKey(parts), record.id);
    else unkeyed.add(record.id);
  }
  return { byId, byKey, unkeyed };
}

function unkeyedId(key: string, unkeyed: ReadonlySet<string>): string | undefined {
  const [suite, classname, name, file] = key.split('\0');
  const id = identityIdOf({ suite, classname, name, file: file || undefined });
  return unkeyed.has(id) ? id : undefined;
}

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
