import type { TestResult } from './testResult';

/**
 * A suite or run element of a report: the counts it declares (`tests="6" failures="1"`) and what
 * was really listed inside it. A report whose declared failures have no test case (a suite that
 * crashed before its cases were written, a runner that drops them) would otherwise import as
 * "0 failed" without a word.
 */
export class CountedScope {
  /** Test cases found inside, nested scopes included. */
  tests = 0;
  /** Cases found directly in this scope: what numbers unnamed cases apart. */
  directCases = 0;
  private innerFailed = 0;
  /**
   * The failing tests found directly in this scope. Tests, not cases: jest-junit lists a suite
   * that failed to run twice (an <error> and a <failure>) under one name and counts it once.
   */
  private readonly failedTests = new Set<string>();

  constructor(
    /** The suite's name as the report gives it (may be empty). */
    readonly name: string,
    /** 1-based report line of the element. */
    readonly line: number,
    readonly declaredTests: number | undefined,
    readonly declaredFailed: number | undefined,
    /** The suite's source file, when the report names one. */
    readonly file?: string,
  ) {}

  count(result: TestResult): void {
    this.tests++;
    if (result.outcome === 'failed') this.failedTests.add(`${result.classname}\0${result.name || `#${result.position ?? this.tests}`}\0${result.file ?? ''}`);
  }

  /** Failing tests found inside, nested scopes included. */
  get failed(): number {
    return this.innerFailed + this.failedTests.size;
  }

  /** Adds what an inner scope found, once it is complete. */
  addInner(inner: CountedScope): void {
    this.tests += inner.tests;
    this.innerFailed += inner.failed;
  }
}

/** Reads a count attribute: a non-negative integer, else undefined (absent or garbage). */
export function countAttr(...raw: (string | undefined)[]): number | undefined {
  let sum: number | undefined;
  for (const r of raw) {
    if (r === undefined || r.trim() === '') continue;
    const n = Number(r);
    if (!Number.isInteger(n) || n < 0) continue;
    sum = (sum ?? 0) + n;
  }
  return sum;
}

/** The name a missing failure's item is known by: stable across runs, so it matches itself. */
export const UNLISTED_FAILURE_NAME = '(failure declared without a test case)';

/**
 * Compares what a scope declares with what it holds. Returns the warnings to show, and the
 * result that stands for failures it declares but lists no case for (one per scope however many
 * are missing: the report says nothing that would tell them apart).
 */
export function settleScope(report: string, scope: CountedScope, what: string): { warnings: string[]; unlisted?: TestResult } {
  const warnings: string[] = [];
  const where = `${report}:${scope.line}: ${what}${scope.name ? ` "${scope.name}"` : ''}`;
  const declaredFailed = scope.declaredFailed;
  let unlisted: TestResult | undefined;
  if (declaredFailed !== undefined && declaredFailed > scope.failed) {
    const missing = declaredFailed - scope.failed;
    warnings.push(
      `${where} declares ${plural(declaredFailed, 'failed test')} but lists ${scope.failed === 0 ? 'no failing test case' : plural(scope.failed, 'failing test case')}; one item stands for the ${plural(missing, 'missing failure')}`,
    );
    const message = `The report declares ${plural(declaredFailed, 'failed test')} in this ${what} but lists ${scope.failed === 0 ? 'none of them' : `only ${scope.failed}`} as a test case.`;
    unlisted = {
      suite: scope.name,
      // The suite is all there is to name it by: as its class, it leads the item's title.
      classname: scope.name,
      name: UNLISTED_FAILURE_NAME,
      ...(scope.file ? { file: scope.file } : {}),
      outcome: 'failed',
      failure: { kind: 'error', message, details: message },
      reportLine: scope.line,
    };
  } else if (declaredFailed !== undefined && declaredFailed < scope.failed) {
    warnings.push(`${where} declares ${plural(declaredFailed, 'failed test')} but lists ${plural(scope.failed, 'failing test case')}; every listed failure is imported`);
  }
  if (scope.declaredTests !== undefined && scope.declaredTests > 0 && scope.tests === 0) {
    warnings.push(`${where} declares ${plural(scope.declaredTests, 'test')} but lists no test case`);
  }
  return { warnings, ...(unlisted ? { unlisted } : {}) };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
