import { DEFAULT_REPORT_LIMITS, type ReportLimits } from './limits';
import { TapReportReader } from './tapReport';
import { ReportError, type ReportSummary } from './testResult';
import { XmlReportReader, type ResultSink } from './xmlReport';

type Decoder = InstanceType<typeof TextDecoder>;

/** Bytes (or already decoded text) of a report, in order; e.g. a Node read stream. */
export type ReportChunks = AsyncIterable<Uint8Array | string>;

export interface ReadReportOptions {
  /** How the report is named in messages (workspace-relative path, or as the user gave it). */
  readonly report: string;
  /** Called for every test case, in report order (TRX: at the end, after the definitions). */
  readonly onResult: ResultSink;
  readonly limits?: Partial<ReportLimits>;
  /** For judging timestamps plausible; defaults to the clock. */
  readonly now?: Date;
}

/**
 * Reads one test report as a stream, whatever its format (JUnit XML dialects, NUnit 2/3,
 * xUnit.net v2, TRX, TAP), and reports every test case to `onResult`. Memory stays bounded by
 * the limits, not by the file size. Throws a ReportError (with a line where one is known) for
 * anything unusable; results already delivered before such an error must be discarded by the
 * caller, which is why importers collect first and plan after.
 */
export async function readTestReport(chunks: ReportChunks, options: ReadReportOptions): Promise<ReportSummary> {
  const limits: ReportLimits = { ...DEFAULT_REPORT_LIMITS, ...options.limits };
  const nowMs = (options.now ?? new Date()).getTime();
  let reader: XmlReportReader | TapReportReader | undefined;
  let decoder: Decoder | undefined;
  let head = '';
  const feed = (text: string) => {
    if (reader) {
      reader.write(text);
      return;
    }
    head += text;
    const start = head.replace(/^\uFEFF/, '').trimStart();
    if (start === '') return;
    if (start.startsWith('<')) reader = new XmlReportReader(options.report, limits, options.onResult, nowMs);
    else if (/^(?:TAP version|1\.\.\d|ok\b|not ok\b|#)/i.test(start)) reader = new TapReportReader(options.report, limits, options.onResult);
    else if (/^[{[]/.test(start)) throw new ReportError(options.report, 1, 'this is JSON, not a test report this reader knows; configure the runner to write JUnit XML (e.g. jest-junit, vitest --reporter=junit, playwright --reporter=junit) or TRX');
    else throw new ReportError(options.report, 1, `not a test report: expected JUnit XML, NUnit/xUnit XML, TRX or TAP, but it starts with "${printable(start.slice(0, 40))}"`);
    const all = head.replace(/^\uFEFF/, '');
    head = '';
    reader.write(all);
  };
  try {
    for await (const chunk of chunks) {
      if (typeof chunk === 'string') {
        feed(chunk);
        continue;
      }
      decoder ??= pickDecoder(chunk, options.report);
      feed(decoder.decode(chunk, { stream: true }));
    }
    if (decoder) feed(decoder.decode());
    if (!reader) throw new ReportError(options.report, undefined, 'the file is empty', true);
    reader.close();
  } catch (e) {
    if (e instanceof ReportError) throw e;
    throw new ReportError(options.report, undefined, `could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const f = reader.facts;
  return {
    format: f.format,
    dialect: f.dialect,
    tests: f.tests,
    failed: f.failed,
    skipped: f.skipped,
    ...(f.runAtMs !== undefined ? { runAt: new Date(f.runAtMs).toISOString().replace(/\.\d{3}Z$/, 'Z') } : {}),
    warnings: f.warnings,
  };
}

/** UTF-8 unless a byte-order mark or the XML declaration says otherwise. */
function pickDecoder(first: Uint8Array, report: string): Decoder {
  if (first[0] === 0xff && first[1] === 0xfe) return new TextDecoder('utf-16le');
  if (first[0] === 0xfe && first[1] === 0xff) return new TextDecoder('utf-16be');
  if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) return new TextDecoder('utf-8');
  const ascii = String.fromCharCode(...first.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/.exec(ascii)?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) {
    try {
      return new TextDecoder(declared);
    } catch {
      throw new ReportError(report, 1, `the report is encoded as "${declared}", which this reader cannot decode`);
    }
  }
  return new TextDecoder('utf-8');
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}
