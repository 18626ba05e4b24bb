import type { Backlog, NewItem } from '../backlog';
import type { Item } from '../item';
import { readTestRecord } from './failureItem';
import { summarizeMessage } from './failureText';
import { planTestImport, type FailedObservation } from './importPlan';
import { DEFAULT_REPORT_LIMITS, capText } from './limits';
import { identifyTest } from './testIdentity';
import { locateTest, type ReadWorkspaceText } from './testLocation';
import type { TestResult } from './testResult';
import type { WorkspacePaths } from './workspacePaths';

/** A failed test as an editor's test runner shows it (VS Code's Test Explorer), whatever ran it. */
export interface CapturedTest {
  /** Labels from the outermost group (often the file) down to the test itself. */
  readonly labels: readonly string[];
  /** The test's file, workspace-relative when inside the workspace, else as the runner gave it. */
  readonly file?: string;
  /** 1-based line of the test's definition. */
  readonly line?: number;
}

/** A place a runner points at: a file (workspace-relative or absolute) and a 1-based line. */
export interface CapturedPlace {
  readonly path: string;
  readonly line?: number;
}

/** One failure message of that test. */
export interface CapturedMessage {
  readonly text: string;
  readonly expected?: string;
  readonly actual?: string;
  /** Where the runner says the failure is (usually the failing assertion). */
  readonly location?: CapturedPlace;
  /** Stack frames, innermost first. */
  readonly stack?: readonly (CapturedPlace & { readonly label: string })[];
}

/** Where captures say they come from, in items and messages. */
export const TEST_EXPLORER_REPORT = 'Test Explorer';

/**
 * The test and message as a report result, so captures share identity, location and item text
 * with report imports. The runner's own failure location becomes the first stack frame.
 */
export function capturedTestResult(test: CapturedTest, message: CapturedMessage): TestResult {
  const labels = test.labels.map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean);
  const name = labels[labels.length - 1] ?? 'unnamed test';
  const parents = labels.slice(0, -1);
  const frames: string[] = [];
  if (message.location) frames.push(`    at ${name} (${place(message.location)})`);
  for (const f of message.stack ?? []) {
    if (f.path) frames.push(`    at ${f.label.replace(/\s+/g, ' ').trim() || '<anonymous>'} (${place(f)})`);
  }
  const text = message.text.replace(/\r\n?/g, '\n').trim();
  const comparison = message.expected !== undefined || message.actual !== undefined ? [`Expected: ${message.expected ?? ''}`, `Received: ${message.actual ?? ''}`] : [];
  const details = capText([text, ...comparison, ...frames].filter(Boolean).join('\n'), DEFAULT_REPORT_LIMITS.maxDetailsChars);
  return {
    suite: parents.join(' › '),
    classname: '',
    name,
    ...(test.file ? { file: test.file } : {}),
    ...(test.line ? { line: test.line } : {}),
    outcome: 'failed',
    failure: {
      kind: 'failure',
      message: capText(summarizeMessage(text) || 'failed (the runner gave no message)', DEFAULT_REPORT_LIMITS.maxMessageChars),
      details,
    },
    reportLine: 1,
  };
}

function place(p: CapturedPlace): string {
  return p.line ? `${p.path}:${p.line}` : p.path;
}

export interface CaptureOptions {
  readonly paths: WorkspacePaths;
  readonly readText?: ReadWorkspaceText;
  readonly now?: () => Date;
  /**
   * Shown the new item before it is written (the editor lets the user change title, type and
   * priority); resolves to the item to create, or undefined to create nothing.
   */
  readonly review?: (item: NewItem) => Promise<NewItem | undefined>;
}

export type CaptureOutcome =
  /** `created`: a new item; `reopened`: its test had passed again and now fails; `existing`: already tracked as failing. */
  | { readonly item: Item; readonly outcome: 'created' | 'reopened' | 'existing' }
  /** The review declined the new item: nothing was written. */
  | { readonly item?: undefined; readonly outcome: 'cancelled' };

/**
 * Turns one failed test from the editor into a backlog item through the same planning as report
 * imports (one failed observation, run time now). A test that already has a failing item is not
 * counted again (a click is not a new run): the existing item is returned.
 */
export async function captureFailedTest(backlog: Backlog, test: CapturedTest, message: CapturedMessage, options: CaptureOptions): Promise<CaptureOutcome> {
  const result = capturedTestResult(test, message);
  const identity = identifyTest(result, options.paths);
  const existing = findTracked(backlog.snapshot.items, identity.id, identity.name, identity.file);
  if (existing && readTestRecord(existing)?.state === 'failing') return { item: existing, outcome: 'existing' };

  const runAt = (options.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const location = await locateTest(result, options.paths, options.readText);
  const observation: FailedObservation = { outcome: 'failed', identity, runAt, report: TEST_EXPLORER_REPORT, failure: result.failure!, location };
  // An item found by name and file (imported from a report whose runner names suites differently)
  // is planned under its own test id, so it is updated rather than duplicated.
  const recordId = existing ? readTestRecord(existing)!.id : identity.id;
  const planned = planTestImport([{ ...observation, identity: { ...identity, id: recordId } }], backlog.snapshot.items, backlog.snapshot.config);
  const change = planned.changes[0];
  if (!change) return { item: existing!, outcome: 'existing' };
  if (change.kind === 'create') {
    const item = options.review ? await options.review(change.item) : change.item;
    return item ? { item: await backlog.create(item), outcome: 'created' } : { outcome: 'cancelled' };
  }
  return { item: await backlog.update(change.item, change.changes), outcome: 'reopened' };
}

/** The item tracking this test: by test id, else by the test's name in the same file. */
function findTracked(items: readonly Item[], id: string, name: string, file: string | undefined): Item | undefined {
  let byName: Item | undefined;
  for (const item of items) {
    const record = readTestRecord(item);
    if (!record) continue;
    if (record.id === id) return item;
    if (file && !byName && record.file === file && record.name === name) byName = item;
  }
  return byName;
}
