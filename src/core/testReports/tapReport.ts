import { parse as parseYaml } from 'yaml';
import { summarizeMessage } from './failureText';
import { BoundedText, capText, type ReportLimits } from './limits';
import { ReportError, type TestOutcome, type TestResult } from './testResult';
import type { ResultSink, XmlReportFacts } from './xmlReport';

interface PendingPoint {
  readonly indent: number;
  readonly name: string;
  readonly outcome: TestOutcome;
  readonly line: number;
  readonly suite: string;
  /** Test points seen at deeper indentation since this level's previous point: a parent. */
  readonly children: number;
  yaml?: BoundedText;
  yamlIndent?: number;
}

const POINT = /^(\s*)(not ok|ok)\b\s*(?:\d+\b)?\s*(?:-\s*)?(.*?)\s*(?:#\s*(skip|todo)\b.*)?$/i;

/**
 * Reads TAP (versions 12-14, as written by node:test, tape, prove): one test per leaf test point,
 * subtests nested by indentation with `# Subtest:` naming the suite, failure details from the
 * YAML diagnostics block. Lines arrive in chunks; nothing is kept beyond the current test.
 */
export class TapReportReader {
  private buffer = '';
  private lineNo = 0;
  private pending: PendingPoint | undefined;
  /** `# Subtest:` names by indentation. */
  private readonly subtests: { indent: number; name: string }[] = [];
  /** Count of test points seen per indentation level, to tell parents from leaves. */
  private readonly pointsAt = new Map<number, number>();
  private sawTap = false;
  readonly facts: XmlReportFacts = { format: 'tap', dialect: 'TAP', tests: 0, failed: 0, skipped: 0, runAtMs: undefined, warnings: [] };

  constructor(private readonly report: string, private readonly limits: ReportLimits, private readonly sink: ResultSink) {}

  write(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) !== -1) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      this.onLine(line);
    }
    if (this.buffer.length > this.limits.maxLineChars) throw new ReportError(this.report, this.lineNo + 1, `a line is longer than ${this.limits.maxLineChars} characters`);
  }

  close(): void {
    if (this.buffer) this.onLine(this.buffer);
    this.buffer = '';
    this.flush();
    if (!this.sawTap) throw new ReportError(this.report, 1, 'not a test report: no TAP test points ("ok 1 - …") and not XML');
  }

  private onLine(line: string): void {
    this.lineNo++;
    const p = this.pending;
    if (p?.yaml !== undefined) {
      if (/^\s*\.\.\.\s*$/.test(line)) {
        p.yamlIndent = -1;
        this.flush();
        return;
      }
      p.yaml.add(line.slice(Math.min(p.yamlIndent ?? 0, line.length - line.trimStart().length)) + '\n');
      return;
    }
    if (p && /^\s*---\s*$/.test(line) && line.search(/\S/) > p.indent) {
      p.yaml = new BoundedText(this.limits.maxDetailsChars);
      p.yamlIndent = line.search(/\S/);
      return;
    }
    const sub = /^(\s*)#\s*Subtest:\s*(.*)$/.exec(line);
    if (sub) {
      this.flush();
      const indent = sub[1].length;
      while (this.subtests.length && this.subtests[this.subtests.length - 1].indent >= indent) this.subtests.pop();
      this.subtests.push({ indent, name: sub[2].trim() });
      return;
    }
    if (/^\s*TAP version \d+/i.test(line) || /^\s*1\.\.\d+/.test(line)) {
      this.sawTap = true;
      return;
    }
    const m = POINT.exec(line);
    if (!m) return;
    this.flush();
    this.sawTap = true;
    const indent = m[1].length;
    let children = 0;
    for (const [level, count] of this.pointsAt) {
      if (level > indent) {
        children += count;
        this.pointsAt.delete(level);
      }
    }
    this.pointsAt.set(indent, (this.pointsAt.get(indent) ?? 0) + 1);
    // The suite is the innermost `# Subtest:` shallower than this point (node:test announces a
    // subtest at the indentation of its own point).
    while (this.subtests.length && this.subtests[this.subtests.length - 1].indent > indent) this.subtests.pop();
    const enclosing = this.subtests.filter((s) => s.indent < indent);
    const directive = m[4]?.toLowerCase();
    this.pending = {
      indent,
      name: m[3].trim(),
      outcome: directive === 'skip' || directive === 'todo' ? 'skipped' : m[2].toLowerCase() === 'ok' ? 'passed' : 'failed',
      line: this.lineNo,
      suite: enclosing.map((s) => s.name).join(' › '),
      children,
    };
  }

  private flush(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    // A parent point summarises its subtests, which were reported on their own already.
    if (p.children > 0) return;
    let result: TestResult = { suite: p.suite, classname: '', name: p.name, outcome: p.outcome, reportLine: p.line };
    if (p.outcome === 'failed') {
      const diag = p.yaml ? this.parseDiagnostics(p.yaml.text(), p.line) : {};
      const details = [diag.message, diag.stack].filter(Boolean).join('\n') || diag.raw || '';
      const message = capText(summarizeMessage(diag.message || details) || 'not ok', this.limits.maxMessageChars);
      const at = diag.at;
      result = {
        ...result,
        ...(at ? { file: at.file, ...(at.line ? { line: at.line } : {}) } : {}),
        failure: { kind: 'failure', ...(diag.type ? { type: diag.type } : {}), message, details: details || message },
      };
    }
    this.facts.tests++;
    if (result.outcome === 'failed') this.facts.failed++;
    else if (result.outcome === 'skipped') this.facts.skipped++;
    this.sink(result);
  }

  private parseDiagnostics(text: string, line: number): { message?: string; stack?: string; type?: string; raw?: string; at?: { file: string; line?: number } } {
    let doc: unknown;
    try {
      // The YAML block is untrusted too: no aliases can blow up (maxAliasCount), no custom tags.
      doc = parseYaml(text, { maxAliasCount: 100, prettyErrors: false });
    } catch {
      this.facts.warnings.push(`${this.report}:${line}: the YAML diagnostics of this test point are not valid YAML; kept as text`);
      return { raw: text.trim() };
    }
    if (typeof doc !== 'object' || doc === null) return { raw: text.trim() };
    const d = doc as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? undefined : JSON.stringify(v));
    const error = typeof d.error === 'object' && d.error !== null ? (d.error as Record<string, unknown>) : undefined;
    const message = str(d.message) ?? str(error?.message) ?? str(d.error);
    const stack = str(d.stack) ?? str(error?.stack);
    const type = str(d.code) ?? str(d.failureType) ?? str(error?.name);
    let at: { file: string; line?: number } | undefined;
    const location = str(d.location) ?? str(d.at);
    if (location) {
      const m = /^(?:file:\/\/)?(.+?):(\d+)(?::\d+)?$/.exec(location.trim());
      at = m ? { file: m[1], line: Number(m[2]) } : undefined;
    } else if (typeof d.at === 'object' && d.at !== null) {
      const a = d.at as Record<string, unknown>;
      if (typeof a.file === 'string') at = { file: a.file, ...(typeof a.line === 'number' ? { line: a.line } : {}) };
    }
    return { ...(message ? { message } : {}), ...(stack ? { stack } : {}), ...(type ? { type } : {}), ...(at ? { at } : {}), raw: text.trim() };
  }
}
