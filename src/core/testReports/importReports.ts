import { BacklogError, type Backlog } from '../backlog';
import type { Item } from '../item';
import { planTestImport, type FailedObservation, type PlannedChange, type TestObservation } from './importPlan';
import type { ReportLimits } from './limits';
import { readTestReport, type ReportChunks } from './readReport';
import { testIdentifier, type TestIdentity } from './testIdentity';
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
export async function importTestReports(backlog: Backlog, inputs: readonly ReportInput[], options: TestImportOptions): Promise<TestImportResult> {
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
  for (const input of inputs) {
    // Collect per report first: a report that fails half-way must contribute nothing.
    const failed = new Map<string, { result: TestResult; identity: TestIdentity }>();
    const passed = new Set<string>();
    let summary: ReportSummary;
    try {
      summary = await readTestReport(input.open(), {
        report: input.name,
        limits: options.limits,
        now: now(),
        onResult: (result) => {
          if (result.outcome === 'skipped') return;
          const identity = identify(result);
          if (result.outcome === 'failed') {
            // Several failed attempts of one test in one report: the first one describes it.
            if (!failed.has(identity.id)) failed.set(identity.id, { result, identity });
          } else {
            // Kept even for tests with no item yet: a later report in this import may fail them.
            passed.add(identity.id);
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
    for (const [id, { result, identity }] of failed) {
      passed.delete(id);
      const location = await locateTest(result, options.paths, readText);
      const o: FailedObservation = { outcome: 'failed', identity, runAt, report: input.name, failure: result.failure!, location };
      observations.push(o);
    }
    for (const id of passed) observations.push({ outcome: 'passed', id, runAt });
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

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
