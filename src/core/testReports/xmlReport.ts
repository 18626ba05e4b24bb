import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { BoundedText, capText, type ReportLimits } from './limits';
import { CountedScope, countAttr, settleScope } from './declaredCounts';
import { summarizeMessage } from './failureText';
import { ReportError, type ReportFormat, type TestFailure, type TestOutcome, type TestResult } from './testResult';

/** Receives the results of a report as the reader finds them. */
export type ResultSink = (result: TestResult) => void;

/** What an XML dialect reader learns about the whole report. */
export interface XmlReportFacts {
  format: ReportFormat;
  dialect: string;
  tests: number;
  failed: number;
  skipped: number;
  /** Latest plausible run timestamp seen, as epoch ms. */
  runAtMs: number | undefined;
  readonly warnings: string[];
}

type Attrs = Readonly<Record<string, string>>;

/** One XML vocabulary (JUnit, NUnit, TRX, xUnit.net): gets element events below the root. */
interface Dialect {
  open(name: string, attrs: Attrs, line: number): void;
  close(name: string): void;
  text(text: string): void;
  end(): void;
}

/**
 * Streams XML test reports through saxes. saxes implements only the five predefined entities and
 * character references and never reads a DTD, so "billion laughs" and external entities fail as
 * undefined entities instead of expanding or touching the disk; we additionally refuse any
 * document that declares entities, to say so clearly.
 */
export class XmlReportReader {
  private readonly parser: SaxesParser<{ position: true }>;
  private dialect: Dialect | undefined;
  private depth = 0;
  private lastEventAt = 0;
  private failure: ReportError | undefined;
  private sawRoot = false;
  private closing = false;
  readonly facts: XmlReportFacts = { format: 'junit', dialect: 'JUnit XML', tests: 0, failed: 0, skipped: 0, runAtMs: undefined, warnings: [] };

  constructor(private readonly report: string, private readonly limits: ReportLimits, private readonly sink: ResultSink, private readonly nowMs: number) {
    this.parser = new SaxesParser({ position: true, xmlns: false });
    const p = this.parser;
    p.on('error', (e) => {
      const amp = this.strayAmpersandLine(0);
      if (amp !== undefined) this.fail(STRAY_AMPERSAND, amp);
      else this.fail(e.message.replace(/^\d+:\d+: /, ''));
    });
    p.on('doctype', (dt) => {
      this.seen();
      if (/<!ENTITY/i.test(dt)) this.fail('the report declares XML entities in a DOCTYPE; test reports never need them, so it is refused rather than expanded');
    });
    p.on('opentag', (tag) => this.onOpen(tag as SaxesTagPlain));
    p.on('closetag', (tag) => this.onClose(tag as SaxesTagPlain));
    p.on('text', (t) => this.onText(t));
    p.on('cdata', (t) => this.onText(t));
    p.on('comment', () => this.seen());
    p.on('processinginstruction', () => this.seen());
  }

  /** Feeds the next piece of the document. Throws the first problem as a ReportError. */
  write(chunk: string): void {
    this.throwIfFailed();
    this.parser.write(chunk);
    this.throwIfFailed();
    const amp = this.strayAmpersandLine(MAX_ENTITY_NAME);
    if (amp !== undefined) {
      this.fail(STRAY_AMPERSAND, amp);
      this.throwIfFailed();
    }
    if (this.parser.position - this.lastEventAt > this.limits.maxTokenChars) {
      this.fail(`a single element, attribute list or text block is longer than ${this.limits.maxTokenChars} characters; refusing to buffer it`);
      this.throwIfFailed();
    }
  }

  /** Ends the document: truncated input fails here. */
  close(): void {
    this.throwIfFailed();
    // An unterminated "&" at the end is a malformed file, not a truncated one.
    const amp = this.strayAmpersandLine(0);
    if (amp !== undefined) this.fail(STRAY_AMPERSAND, amp);
    this.throwIfFailed();
    this.closing = true;
    this.parser.close();
    this.throwIfFailed();
    if (!this.sawRoot) throw new ReportError(this.report, undefined, 'the file holds no XML element; it is empty or not a test report', true);
    this.dialect?.end();
  }

  /**
   * The line of a bare "&" the parser is still reading as an entity reference, when what it has
   * read since is longer than `longerThan` (no entity name is long): saxes reads on to the next
   * ";", which can be the end of the file, and would blame the end instead. Reads saxes's
   * private buffer (version pinned), which holds the reference's text while one is open.
   */
  private strayAmpersandLine(longerThan: number): number | undefined {
    const entity = (this.parser as unknown as { entity?: unknown }).entity;
    if (typeof entity !== 'string' || entity.length <= longerThan || (longerThan === 0 && entity.length === 0)) return undefined;
    let newlines = 0;
    for (let i = entity.indexOf('\n'); i !== -1; i = entity.indexOf('\n', i + 1)) newlines++;
    return Math.max(1, this.parser.line - newlines);
  }

  /** Throws the first problem recorded so far, if any. */
  private throwIfFailed(): void {
    const failure = this.failure;
    if (failure) throw failure;
  }

  private fail(reason: string, line = this.parser.line): void {
    if (this.failure) return;
    this.failure = this.closing
      ? new ReportError(this.report, line, `the report ends early (truncated or still being written?): ${reason}`, true)
      : new ReportError(this.report, line, reason);
    // Stop the parser from doing any further work on this document.
    this.parser.on('opentag', () => undefined);
    this.parser.on('closetag', () => undefined);
    this.parser.on('text', () => undefined);
    this.parser.on('cdata', () => undefined);
    this.parser.on('error', () => undefined);
  }

  private seen(): void {
    this.lastEventAt = this.parser.position;
  }

  private onOpen(tag: SaxesTagPlain): void {
    this.seen();
    if (this.failure) return;
    const name = localName(tag.name);
    this.depth++;
    if (this.depth > this.limits.maxDepth) {
      this.fail(`elements nest deeper than ${this.limits.maxDepth} levels`);
      return;
    }
    if (this.depth === 1) {
      this.sawRoot = true;
      this.dialect = this.pickDialect(name, tag.attributes);
      if (!this.dialect) {
        this.fail(`<${tag.name}> is not the root of a test report this reader knows (JUnit XML <testsuites>/<testsuite>, NUnit <test-run>/<test-results>, xUnit.net <assemblies>, TRX <TestRun>)`);
        return;
      }
    }
    this.dialect?.open(name, tag.attributes, this.parser.line);
  }

  private onClose(tag: SaxesTagPlain): void {
    this.seen();
    if (this.failure) return;
    this.dialect?.close(localName(tag.name));
    this.depth--;
  }

  private onText(text: string): void {
    this.seen();
    if (this.failure || !this.dialect) return;
    this.dialect.text(text);
  }

  private pickDialect(root: string, attrs: Attrs): Dialect | undefined {
    const f = this.facts;
    const ctx: DialectContext = { report: this.report, limits: this.limits, sink: this.sink, facts: f, nowMs: this.nowMs };
    switch (root) {
      case 'testsuites':
      case 'testsuite':
        f.format = 'junit';
        f.dialect = junitDialectName(attrs);
        return new JUnitDialect(ctx);
      // Some CI runners (and NUnit's own --explore/partial outputs) write one <test-suite> as the root.
      case 'test-run':
      case 'test-suite':
        f.format = 'nunit';
        f.dialect = 'NUnit 3';
        return new NUnitDialect(ctx, 3);
      case 'test-results':
        f.format = 'nunit';
        f.dialect = 'NUnit 2';
        return new NUnitDialect(ctx, 2);
      case 'assemblies':
      case 'assembly':
        f.format = 'nunit';
        f.dialect = 'xUnit.net';
        return new XunitDialect(ctx);
      case 'TestRun':
        f.format = 'trx';
        f.dialect = 'TRX';
        return new TrxDialect(ctx);
      default:
        return undefined;
    }
  }
}

/** Longer than any entity name or character reference a report may hold. */
const MAX_ENTITY_NAME = 64;
const STRAY_AMPERSAND = 'a bare "&" that starts no entity reference (XML needs "&amp;"): the report is malformed';

interface DialectContext {
  readonly report: string;
  readonly limits: ReportLimits;
  readonly sink: ResultSink;
  readonly facts: XmlReportFacts;
  readonly nowMs: number;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

function junitDialectName(attrs: Attrs): string {
  const name = (attrs.name ?? '').toLowerCase();
  if (name === 'jest tests') return 'jest-junit';
  if (name.startsWith('vitest')) return 'vitest';
  if (name === 'pytest tests' || name === 'pytest') return 'pytest';
  if (name === 'mocha tests') return 'mocha';
  return 'JUnit XML';
}

/** Counts a result in the report facts (and its scope) and hands it on. */
function emit(ctx: DialectContext, result: TestResult, scope?: CountedScope): void {
  ctx.facts.tests++;
  if (result.outcome === 'failed') ctx.facts.failed++;
  else if (result.outcome === 'skipped') ctx.facts.skipped++;
  scope?.count(result);
  ctx.sink(result);
}

/**
 * Checks a finished scope against the counts it declares: warns of a disagreement, and emits one
 * result for failures it declares but lists no case for, so they are not lost.
 */
function settle(ctx: DialectContext, scope: CountedScope, what: string): void {
  const { warnings, unlisted } = settleScope(ctx.report, scope, what);
  ctx.facts.warnings.push(...warnings);
  if (unlisted) emit(ctx, unlisted, scope);
}

/** Notes a run timestamp if it is plausible (jest writes 1970 for suites that never ran). */
function noteTimestamp(ctx: DialectContext, raw: string | undefined): void {
  const ms = parseReportTimestamp(raw);
  if (ms === undefined || ms < Date.UTC(2000, 0, 1) || ms > ctx.nowMs + 36 * 3600 * 1000) return;
  if (ctx.facts.runAtMs === undefined || ms > ctx.facts.runAtMs) ctx.facts.runAtMs = ms;
}

/**
 * Parses the timestamp spellings runners write: ISO with or without zone, `2021-03-07T10:36:56 UTC`,
 * `2021-06-28 20:23:41Z`, `Tue, 24 Nov 2026 17:28:37 GMT`. Times without a zone are read as UTC so the same report always gives
 * the same instant.
 */
export function parseReportTimestamp(raw: string | undefined): number | undefined {
  if (!raw) return undefined;
  // mocha's xunit reporter writes the HTTP date format: "Tue, 24 Nov 2026 17:28:37 GMT".
  if (/^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/.test(raw.trim())) return Date.parse(raw);
  const m = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d(?::\d\d)?)(\.\d+)?\s*(Z|UTC|GMT|[+-]\d\d:?\d\d)?$/i.exec(raw.trim());
  if (!m) return undefined;
  const fraction = m[3] ? m[3].slice(0, 4) : '';
  let zone = m[4] ?? 'Z';
  if (/^(UTC|GMT)$/i.test(zone)) zone = 'Z';
  else if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${m[1]}T${m[2]}${fraction}${zone.toUpperCase()}`);
  return Number.isFinite(ms) ? ms : undefined;
}

function lineAttr(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Builds the failure record from what an element held. */
function makeFailure(ctx: DialectContext, kind: 'failure' | 'error', type: string | undefined, messageAttr: string | undefined, body: BoundedText, line: number): TestFailure {
  if (body.truncated) ctx.facts.warnings.push(`${ctx.report}:${line}: failure text longer than ${ctx.limits.maxDetailsChars} characters was cut`);
  let details = body.text().replace(/\r\n?/g, '\n');
  details = trimBlankLines(details);
  let attr = messageAttr?.replace(/\r\n?/g, '\n').trim();
  // go-junit-report and others write a bare "Failed": the details say more.
  if (attr && details && GENERIC_MESSAGE.test(attr)) attr = undefined;
  if (!details && attr) details = attr;
  const message = capText(summarizeMessage(attr || details) || type || 'failed (the report gives no message)', ctx.limits.maxMessageChars);
  return { kind, ...(type ? { type } : {}), message, details };
}

const GENERIC_MESSAGE = /^(?:failed|failure|error|fail|not ok|assertion failed)\.?$/i;

function trimBlankLines(text: string): string {
  // trimEnd, not /\s+$/: that regex is quadratic on a long run of spaces inside the text.
  return text.replace(/^(?:[ \t]*\n)+/, '').trimEnd();
}

// ---------------------------------------------------------------------------------------------
// JUnit XML, in all its dialects.

/**
 * A test case being read. Every field is always present (undefined when the report has none) so
 * all cases share one object shape: conditional spreads here cost the 100,000-case import a
 * second in slow object paths.
 */
interface OpenCase {
  readonly suite: string;
  readonly classname: string;
  readonly name: string;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly reportLine: number;
  readonly position: number | undefined;
  outcome: TestOutcome;
  failure: TestFailure | undefined;
}

/** The result of a case read to its end; optional fields are set only when present. */
function resultOf(c: OpenCase): TestResult {
  const r: { -readonly [K in keyof TestResult]: TestResult[K] } = { suite: c.suite, classname: c.classname, name: c.name, outcome: c.outcome, reportLine: c.reportLine };
  if (c.file) r.file = c.file;
  if (c.line) r.line = c.line;
  if (c.failure) r.failure = c.failure;
  if (c.position) r.position = c.position;
  return r;
}

interface OpenFailure {
  readonly kind: 'failure' | 'error';
  readonly type?: string;
  readonly message?: string;
  readonly body: BoundedText;
  readonly line: number;
}

class JUnitDialect implements Dialect {
  /** Open <testsuites>/<testsuite> elements; `name` is what cases take as their suite. */
  private readonly suites: { readonly name: string; readonly file?: string; readonly scope: CountedScope }[] = [];
  private current: OpenCase | undefined;
  private failure: OpenFailure | undefined;
  private captureDepth = 0;

  constructor(private readonly ctx: DialectContext) {}

  open(name: string, a: Attrs, line: number): void {
    if (this.failure) {
      this.captureDepth++;
      return;
    }
    if (name === 'testsuite' || name === 'testsuites') {
      if (name === 'testsuite') noteTimestamp(this.ctx, a.timestamp);
      const outer = this.suites[this.suites.length - 1];
      const file = a.file || outer?.file;
      const scope = new CountedScope(a.name ?? '', line, countAttr(a.tests), countAttr(a.failures, a.errors), file);
      // <testsuites> only groups: its cases (if any) belong to no named suite.
      this.suites.push({ name: name === 'testsuite' ? a.name ?? '' : '', ...(file ? { file } : {}), scope });
    } else if (name === 'testcase' && !this.current) {
      const suite = this.suites[this.suites.length - 1];
      const status = a.status ?? a.result;
      const skipped = status !== undefined && /^(?:skipped|disabled|notrun)$/i.test(status);
      this.current = {
        suite: suite?.name ?? '',
        // PHPUnit writes `class` besides `classname`; Ginkgo/Go use the package as classname.
        classname: a.classname ?? a.class ?? '',
        name: a.name ?? '',
        file: a.file || suite?.file || undefined,
        line: lineAttr(a.line),
        reportLine: line,
        position: suite ? ++suite.scope.directCases : undefined,
        outcome: skipped ? 'skipped' : 'passed',
        failure: undefined,
      };
    } else if (this.current && (name === 'failure' || name === 'error')) {
      this.failure = { kind: name, type: a.type || undefined, message: a.message, body: new BoundedText(this.ctx.limits.maxDetailsChars), line };
      this.captureDepth = 0;
    } else if (this.current && (name === 'skipped' || name === 'disabled') && this.current.outcome !== 'failed') {
      this.current.outcome = 'skipped';
    }
    // <flakyFailure>/<flakyError> (Surefire reruns that eventually passed) leave the test passed;
    // <rerunFailure>/<rerunError> accompany a <failure> that already marks it failed.
  }

  close(name: string): void {
    if (this.failure) {
      if (this.captureDepth > 0) {
        this.captureDepth--;
        return;
      }
      const f = this.failure;
      this.failure = undefined;
      // The first failure element wins; some runners add one per failed assertion.
      if (this.current && !this.current.failure) {
        this.current.failure = makeFailure(this.ctx, f.kind, f.type, f.message, f.body, f.line);
        this.current.outcome = 'failed';
      }
      return;
    }
    if (name === 'testcase' && this.current) {
      const c = this.current;
      this.current = undefined;
      emit(this.ctx, resultOf(c), this.suites[this.suites.length - 1]?.scope);
    } else if (name === 'testsuite' || name === 'testsuites') {
      const done = this.suites.pop();
      if (!done) return;
      settle(this.ctx, done.scope, name === 'testsuite' ? 'suite' : 'report');
      this.suites[this.suites.length - 1]?.scope.addInner(done.scope);
    }
  }

  text(text: string): void {
    this.failure?.body.add(text);
  }

  end(): void {}
}

// ---------------------------------------------------------------------------------------------
// NUnit 3 (<test-run>) and NUnit 2 (<test-results>).

/** NUnit results that mean the test failed, and those that mean it did not run (NUnit 2 and 3 agree). */
const NUNIT_FAILED = new Set(['failed', 'failure', 'error']);
const NUNIT_SKIPPED = new Set(['skipped', 'ignored', 'notrunnable', 'inconclusive', 'cancelled', 'notrun', 'explicit']);

interface NUnitSuite {
  readonly name: string;
  readonly scope: CountedScope;
  /** NUnit 3: where the suite failed; `Child` means only because a test inside failed. */
  readonly site?: string;
  /** The suite's own failure (a one-time setup or teardown that failed), when it has one. */
  failure?: { readonly line: number; readonly message: BoundedText; readonly stack: BoundedText };
}

class NUnitDialect implements Dialect {
  private current: (OpenCase & { kind: 'failure' | 'error'; label?: string; explicitlySkipped: boolean }) | undefined;
  private readonly suites: NUnitSuite[] = [];
  private field: 'message' | 'stack' | undefined;
  private message: BoundedText | undefined;
  private stack: BoundedText | undefined;
  private inFailure = false;
  private suiteFailure: NUnitSuite['failure'] | undefined;
  private failureLine = 0;

  constructor(private readonly ctx: DialectContext, private readonly version: 2 | 3) {}

  open(name: string, a: Attrs, line: number): void {
    if (name === 'test-run' || name === 'test-results') {
      noteTimestamp(this.ctx, a['end-time'] ?? a['start-time'] ?? (a.date && a.time ? `${a.date}T${a.time}` : undefined));
      // NUnit 3 counts `failed`; NUnit 2 counts `failures` and `errors` apart.
      const failed = name === 'test-run' ? countAttr(a.failed) : countAttr(a.failures, a.errors);
      this.suites.push({ name: '', scope: new CountedScope('', line, countAttr(a.total), failed) });
    } else if (name === 'test-suite') {
      const suiteName = a.fullname ?? a.name ?? '';
      this.suites.push({ name: suiteName, scope: new CountedScope(suiteName, line, countAttr(a.total), countAttr(a.failed)), ...(a.site ? { site: a.site } : {}) });
    } else if (name === 'test-case' && !this.current) {
      const result = (a.result ?? '').toLowerCase();
      const label = (a.label ?? '').toLowerCase();
      // The result decides; NUnit 2's success/executed flags only where there is none (NUnit 2
      // writes success="False" for Inconclusive too, which both dialects call skipped). With no
      // outcome at all the test passed unless a <failure> child says otherwise (see close).
      const failed = result ? NUNIT_FAILED.has(result) : a.success === 'False';
      const skipped = !failed && (result ? NUNIT_SKIPPED.has(result) : a.executed === 'False');
      const full = a.fullname ?? a.name ?? '';
      const name3 = a.name ?? full;
      // NUnit 2 writes only the full name; split the class off at the last dot outside parentheses.
      const [cls, short] = this.version === 3 ? [a.classname ?? '', name3] : splitQualified(full);
      const inner = this.suites[this.suites.length - 1];
      const suite = this.version === 3 && full.endsWith('.' + name3) ? full.slice(0, full.length - name3.length - 1) : inner?.name ?? '';
      this.current = {
        suite,
        classname: cls || suite,
        name: short,
        file: undefined,
        line: undefined,
        reportLine: line,
        position: inner ? ++inner.scope.directCases : undefined,
        outcome: failed ? 'failed' : skipped ? 'skipped' : 'passed',
        failure: undefined,
        explicitlySkipped: skipped,
        kind: result === 'error' || label === 'error' ? 'error' : 'failure',
        // NUnit explains some failures only in the label ("Test exceeded Timeout value 1ms.").
        label: label && label !== 'error' ? a.label : undefined,
      };
    } else if (this.current && name === 'failure') {
      // A failure element means a failure, whatever the attributes said (or failed to say);
      // only a test the report explicitly calls not run stays skipped.
      if (!this.current.explicitlySkipped) this.current.outcome = 'failed';
      this.inFailure = true;
      this.failureLine = line;
      this.message ??= new BoundedText(this.ctx.limits.maxMessageChars);
      this.stack ??= new BoundedText(this.ctx.limits.maxDetailsChars);
    } else if (!this.current && name === 'failure' && this.suites.length > 0 && this.suites[this.suites.length - 1].site !== 'Child') {
      // A suite's own failure: its one-time setup or teardown failed.
      this.suiteFailure = { line, message: new BoundedText(this.ctx.limits.maxMessageChars), stack: new BoundedText(this.ctx.limits.maxDetailsChars) };
      this.suites[this.suites.length - 1].failure ??= this.suiteFailure;
    } else if ((this.current && this.inFailure) || this.suiteFailure) {
      if (name === 'message') this.field = 'message';
      else if (name === 'stack-trace') this.field = 'stack';
    }
  }

  close(name: string): void {
    if (name === 'message' || name === 'stack-trace') this.field = undefined;
    else if (name === 'failure') {
      this.inFailure = false;
      this.suiteFailure = undefined;
    } else if (name === 'test-suite' || name === 'test-run' || name === 'test-results') this.closeSuite(name === 'test-suite' ? 'suite' : 'run');
    else if (name === 'test-case' && this.current) {
      const c = this.current;
      this.current = undefined;
      let failure: TestFailure | undefined;
      if (c.outcome === 'failed') {
        const message = this.message?.text().trim() || c.label || '';
        const body = new BoundedText(this.ctx.limits.maxDetailsChars);
        body.add(message);
        const stack = this.stack?.text() ?? '';
        if (stack.trim()) body.add('\n' + stack);
        failure = makeFailure(this.ctx, c.kind, undefined, message, body, this.failureLine || c.reportLine);
      }
      this.message = undefined;
      this.stack = undefined;
      c.failure = failure;
      emit(this.ctx, resultOf(c), this.suites[this.suites.length - 1]?.scope);
    }
  }

  private closeSuite(what: 'suite' | 'run'): void {
    const done = this.suites.pop();
    if (!done) return;
    // A setup or teardown failure with no failing test inside would otherwise import as nothing.
    if (done.failure && done.scope.failed === 0) {
      const message = done.failure.message.text().trim();
      const body = new BoundedText(this.ctx.limits.maxDetailsChars);
      body.add(message);
      if (!done.failure.stack.empty) body.add('\n' + done.failure.stack.text());
      const failure = makeFailure(this.ctx, 'error', undefined, message, body, done.failure.line);
      // Not counted in the scope: the report counts test cases, and this is none.
      emit(this.ctx, { suite: done.name, classname: done.name, name: SUITE_FAILURE_NAME, outcome: 'failed', failure, reportLine: done.scope.line });
    }
    settle(this.ctx, done.scope, what);
    this.suites[this.suites.length - 1]?.scope.addInner(done.scope);
  }

  text(text: string): void {
    const target = this.current && this.inFailure ? { message: this.message, stack: this.stack } : this.suiteFailure;
    if (!target) return;
    if (this.field === 'message') target.message?.add(text);
    else if (this.field === 'stack') target.stack?.add(text);
  }

  end(): void {}
}

/** The name of the item for a suite whose own setup or teardown failed. */
const SUITE_FAILURE_NAME = '(suite setup or teardown)';

function splitQualified(full: string): [string, string] {
  let depth = 0;
  for (let i = full.length - 1; i >= 0; i--) {
    const ch = full[i];
    if (ch === ')' || ch === '"') depth++;
    else if (ch === '(') depth--;
    else if (ch === '.' && depth <= 0) return [full.slice(0, i), full.slice(i + 1)];
  }
  return ['', full];
}

// ---------------------------------------------------------------------------------------------
// xUnit.net v2 XML (<assemblies>).

class XunitDialect implements Dialect {
  private current: OpenCase | undefined;
  private assembly: CountedScope | undefined;
  private explicitlySkipped = false;
  private type: string | undefined;
  private field: 'message' | 'stack' | undefined;
  private message = new BoundedText(0);
  private stack = new BoundedText(0);
  private failureLine = 0;

  constructor(private readonly ctx: DialectContext) {}

  open(name: string, a: Attrs, line: number): void {
    if (name === 'assembly') {
      noteTimestamp(this.ctx, a['run-date'] && a['run-time'] ? `${a['run-date']}T${a['run-time']}` : undefined);
      this.assembly = new CountedScope(a.name ?? '', line, countAttr(a.total), countAttr(a.failed));
    } else if (name === 'test' && !this.current) {
      const result = (a.result ?? '').toLowerCase();
      this.explicitlySkipped = result === 'skip' || result === 'notrun';
      this.current = {
        suite: '',
        classname: a.type ?? '',
        name: a.name ?? a.method ?? '',
        file: undefined,
        line: undefined,
        reportLine: line,
        position: this.ctx.facts.tests + 1,
        outcome: result === 'fail' ? 'failed' : result === 'pass' ? 'passed' : 'skipped',
        failure: undefined,
      };
      this.message = new BoundedText(this.ctx.limits.maxMessageChars);
      this.stack = new BoundedText(this.ctx.limits.maxDetailsChars);
    } else if (this.current && name === 'failure') {
      // A failure element means a failure, even where the result attribute is missing or unknown.
      // Only a test the report explicitly calls skipped stays skipped.
      if (!this.explicitlySkipped) this.current.outcome = 'failed';
      this.type = a['exception-type'];
      this.failureLine = line;
    } else if (this.current && name === 'message') this.field = 'message';
    else if (this.current && name === 'stack-trace') this.field = 'stack';
  }

  close(name: string): void {
    if (name === 'message' || name === 'stack-trace') this.field = undefined;
    else if (name === 'test' && this.current) {
      const c = this.current;
      this.current = undefined;
      let failure: TestFailure | undefined;
      if (c.outcome === 'failed') {
        const message = this.message.text().trim();
        const body = new BoundedText(this.ctx.limits.maxDetailsChars);
        body.add(message);
        if (!this.stack.empty) body.add('\n' + this.stack.text());
        failure = makeFailure(this.ctx, 'failure', this.type, message, body, this.failureLine || c.reportLine);
      }
      this.type = undefined;
      // xUnit.net names tests Namespace.Class.Method unless given a display name.
      const name = c.classname && c.name.startsWith(c.classname + '.') ? c.name.slice(c.classname.length + 1) : c.name;
      emit(this.ctx, resultOf({ ...c, name, failure }), this.assembly);
    } else if (name === 'assembly' && this.assembly) {
      settle(this.ctx, this.assembly, 'assembly');
      this.assembly = undefined;
    }
  }

  text(text: string): void {
    if (this.field === 'message') this.message.add(text);
    else if (this.field === 'stack') this.stack.add(text);
  }

  end(): void {}
}

// ---------------------------------------------------------------------------------------------
// Visual Studio TRX. Results come before the definitions that name their classes, so results
// are kept (small records; failures capped) until the end of the document.

interface TrxResult {
  readonly testId: string;
  readonly name: string;
  outcome: TestOutcome;
  /** The outcome attribute is missing or not one TRX defines. */
  readonly unknownOutcome: boolean;
  readonly reportLine: number;
  message?: BoundedText;
  stack?: BoundedText;
  failureLine?: number;
}

/**
 * How TRX outcomes (the TestOutcome values of the vstst schema) count; the README has the table.
 * Timeout, Aborted and Disconnected fail: the test started and did not finish, which someone has
 * to look at. NotExecuted, Inconclusive, NotRunnable, Pending and InProgress never produced a
 * verdict: skipped, as the NUnit and xUnit.net readers call tests that did not run.
 */
const TRX_FAILED = new Set(['failed', 'error', 'timeout', 'aborted', 'disconnected']);
const TRX_PASSED = new Set(['passed', 'passedbutrunaborted', 'completed', 'warning']);
const TRX_SKIPPED = new Set(['notexecuted', 'inconclusive', 'notrunnable', 'pending', 'inprogress']);

class TrxDialect implements Dialect {
  private readonly results: TrxResult[] = [];
  private readonly classes = new Map<string, string>();
  private current: TrxResult | undefined;
  private nested = 0;
  private unitTestId: string | undefined;
  private field: 'message' | 'stack' | undefined;
  private sawNested = false;
  private counters: { readonly line: number; readonly total?: number; readonly failed?: number } | undefined;

  constructor(private readonly ctx: DialectContext) {}

  open(name: string, a: Attrs, line: number): void {
    if (name === 'Times') noteTimestamp(this.ctx, a.finish ?? a.start);
    else if (name === 'Counters') {
      this.counters = { line, total: countAttr(a.total), failed: countAttr(a.failed, a.error, a.timeout, a.aborted, a.disconnected) };
    }
    else if (name === 'UnitTestResult' || name === 'TestResult' || name === 'TestResultAggregation') {
      if (this.current) {
        // Inner results of a data-driven test: the outer result already carries the outcome.
        this.nested++;
        this.sawNested = true;
        return;
      }
      const outcome = (a.outcome ?? '').toLowerCase();
      const known = TRX_FAILED.has(outcome) || TRX_PASSED.has(outcome) || TRX_SKIPPED.has(outcome);
      this.current = {
        testId: a.testId ?? '',
        name: a.testName ?? '',
        outcome: TRX_FAILED.has(outcome) ? 'failed' : TRX_PASSED.has(outcome) ? 'passed' : 'skipped',
        unknownOutcome: !known,
        reportLine: line,
      };
    } else if (this.current && this.nested === 0 && name === 'ErrorInfo') {
      // Error details under a result with no known outcome: that is a failure, not a skip.
      if (this.current.unknownOutcome) this.current.outcome = 'failed';
      this.current.message = new BoundedText(this.ctx.limits.maxMessageChars);
      this.current.stack = new BoundedText(this.ctx.limits.maxDetailsChars);
      this.current.failureLine = line;
    } else if (this.current?.message && this.nested === 0 && name === 'Message') this.field = 'message';
    else if (this.current?.stack && this.nested === 0 && name === 'StackTrace') this.field = 'stack';
    else if (name === 'UnitTest') this.unitTestId = a.id;
    else if (name === 'TestMethod' && this.unitTestId !== undefined) {
      if (a.className) this.classes.set(this.unitTestId, a.className);
    }
  }

  close(name: string): void {
    if (name === 'Message' || name === 'StackTrace') this.field = undefined;
    else if (name === 'UnitTestResult' || name === 'TestResult' || name === 'TestResultAggregation') {
      if (this.nested > 0) this.nested--;
      else if (this.current) {
        // Passed results need nothing but their identity: drop the text buffers.
        if (this.current.outcome !== 'failed') {
          this.current.message = undefined;
          this.current.stack = undefined;
        }
        this.results.push(this.current);
        this.current = undefined;
      }
    } else if (name === 'UnitTest') this.unitTestId = undefined;
  }

  text(text: string): void {
    if (this.field === 'message') this.current?.message?.add(text);
    else if (this.field === 'stack') this.current?.stack?.add(text);
  }

  end(): void {
    const run = new CountedScope('', this.counters?.line ?? 1, this.counters?.total, this.counters?.failed);
    let unknown = 0;
    for (const r of this.results) {
      if (r.unknownOutcome && r.outcome !== 'failed') unknown++;
      let failure: TestFailure | undefined;
      if (r.outcome === 'failed') {
        const message = r.message?.text().replace(/\r\n?/g, '\n').trim() ?? '';
        const body = new BoundedText(this.ctx.limits.maxDetailsChars);
        body.add(message);
        const stack = r.stack?.text() ?? '';
        if (stack.trim()) body.add('\n' + stack);
        failure = makeFailure(this.ctx, 'failure', undefined, message, body, r.failureLine ?? r.reportLine);
      }
      const classname = this.classes.get(r.testId) ?? '';
      // TRX test names are usually fully qualified (Namespace.Class.Method); keep the method part
      // as the name when it repeats the class.
      const name = classname && r.name.startsWith(classname + '.') ? r.name.slice(classname.length + 1) : r.name;
      emit(this.ctx, { suite: '', classname, name, outcome: r.outcome, ...(failure ? { failure } : {}), reportLine: r.reportLine, position: run.tests + 1 }, run);
    }
    if (unknown > 0) this.ctx.facts.warnings.push(`${this.ctx.report}: ${unknown} result${unknown === 1 ? ' has' : 's have'} no outcome TRX defines; counted as skipped`);
    // The counters of a run with data-driven tests count the inner results, which are not read.
    if (this.counters && !this.sawNested) settle(this.ctx, run, 'run');
  }
}
