/** The report formats we read. `junit` covers every JUnit-XML dialect (jest, pytest, Surefire…). */
export type ReportFormat = 'junit' | 'nunit' | 'trx' | 'tap';

export type TestOutcome = 'passed' | 'failed' | 'skipped';

/** Why a test failed, as far as the report tells. Texts are already capped in size. */
export interface TestFailure {
  /** `failure` for an assertion, `error` for an unexpected exception (JUnit's distinction). */
  readonly kind: 'failure' | 'error';
  /** Exception or assertion type, e.g. `java.lang.AssertionError`. */
  readonly type?: string;
  /** The one-paragraph message: the `message` attribute, or the first line of the details. */
  readonly message: string;
  /** The full text the runner wrote: usually the message followed by the stack trace. */
  readonly details: string;
}

/**
 * One test case as one report saw it. Several attempts of the same test in one report (retries,
 * or a runner that lists a test twice) are merged by the reader into one result.
 */
export interface TestResult {
  /** The innermost suite (JUnit `testsuite@name`, NUnit fixture, TAP subtest), may be empty. */
  readonly suite: string;
  /** JUnit `classname`, NUnit/TRX class name; may be empty. */
  readonly classname: string;
  readonly name: string;
  /** The test's source file exactly as the report wrote it (absolute CI path, relative…). */
  readonly file?: string;
  /** 1-based line of the test's definition in `file`, when the report says. */
  readonly line?: number;
  readonly outcome: TestOutcome;
  readonly failure?: TestFailure;
  /** 1-based line in the report where this test case starts (for messages pointing at it). */
  readonly reportLine: number;
  /**
   * 1-based position of the case among its siblings (within its suite where the format has
   * suites): what tells apart test cases that carry no name at all.
   */
  readonly position?: number;
}

/** What a whole report held, besides its results. */
export interface ReportSummary {
  readonly format: ReportFormat;
  /** Human name of the dialect when recognisable, e.g. "jest-junit", "pytest", "TRX". */
  readonly dialect: string;
  readonly tests: number;
  readonly failed: number;
  readonly skipped: number;
  /**
   * When the run happened, from the report's own timestamps (ISO, UTC), or undefined when it
   * carries none that is plausible; the caller falls back to the file's modification time.
   */
  readonly runAt?: string;
  /** Non-fatal oddities (e.g. a huge message that was cut), with report lines. */
  readonly warnings: readonly string[];
}

/** A report that cannot be used: not a test report, malformed, truncated, too big, unsafe. */
export class ReportError extends Error {
  constructor(
    /** The report's path as given by the caller. */
    readonly report: string,
    /** 1-based line where the problem is, when known. */
    readonly line: number | undefined,
    readonly reason: string,
    /**
     * The file stops before the report does (empty, or cut off mid-document): typically a report
     * still being written. A watcher waits for its next change instead of calling it broken.
     */
    readonly incomplete = false,
  ) {
    super(line === undefined ? `${report}: ${reason}` : `${report}:${line}: ${reason}`);
    this.name = 'ReportError';
  }
}
