import * as assert from 'node:assert/strict';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { importTestReports } from '../../src/core/testReports/importReports';
import { readTestReport } from '../../src/core/testReports/readReport';
import { identifyTest } from '../../src/core/testReports/testIdentity';
import { ReportError, type ReportSummary, type TestResult } from '../../src/core/testReports/testResult';
import { WorkspacePaths } from '../../src/core/testReports/workspacePaths';
import { freshBacklog } from './support/testReports';

/**
 * Runs every report of test/fixtures/conformance/manifest.json: reports written by real runners
 * (mocha, jest-junit, vitest, pytest) and hand-written ones after the documented schemas of the
 * others, each with the counts, warnings and item titles it must give.
 */
const DIR = join(process.cwd(), 'test', 'fixtures', 'conformance');

interface Expected {
  readonly file: string;
  readonly source: string;
  readonly dialect?: string;
  /** Failing tests: each becomes one item. */
  readonly failed?: number;
  /** Failing test cases, where the report lists a test more than once. */
  readonly failedCases?: number;
  readonly passed?: number;
  readonly skipped?: number;
  readonly warnings?: readonly string[];
  readonly titles?: readonly string[];
  readonly error?: { readonly line: number; readonly reason: string };
}

const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { reports: Expected[] };
let clock = Date.parse('2026-12-01T10:00:00Z');
const now = () => new Date((clock += 1000));

async function readFile(file: string): Promise<{ summary: ReportSummary; results: TestResult[] }> {
  const results: TestResult[] = [];
  const summary = await readTestReport(createReadStream(join(DIR, file)), { report: file, onResult: (r) => results.push(r), now: new Date('2026-12-02T12:00:00Z') });
  return { summary, results };
}

describe('test reports: the conformance corpus (manifest)', () => {
  it('lists every report in the folder, each with its source', () => {
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
    const files = walk(DIR)
      .map((f) => relative(DIR, f).split('\\').join('/'))
      .filter((f) => f !== 'manifest.json' && !f.startsWith('_sources/'));
    assert.deepEqual(manifest.reports.map((r) => r.file).sort(), files.sort());
    for (const r of manifest.reports) assert.ok(r.source.length > 10, `${r.file} names its source`);
  });

  for (const expected of manifest.reports) {
    if (expected.error) {
      it(`${expected.file}: refused with the XML error at line ${expected.error.line}`, async () => {
        const e = await readFile(expected.file).then(
          () => assert.fail('the report was accepted'),
          (err: unknown) => err,
        );
        assert.ok(e instanceof ReportError, String(e));
        assert.equal(e.line, expected.error!.line, e.message);
        assert.ok(e.reason.includes(expected.error!.reason), e.message);
        assert.doesNotMatch(e.reason, /is not the root/, 'a malformed file is not blamed on its root');
        assert.equal(e.incomplete, false, 'a malformed file is not taken for one still being written');
      });
      continue;
    }
    it(`${expected.file}: ${expected.failed} failed, ${expected.passed} passed, ${expected.skipped} skipped`, async () => {
      const { summary, results } = await readFile(expected.file);
      const count = (o: string) => results.filter((r) => r.outcome === o).length;
      assert.deepEqual(
        { dialect: summary.dialect, failed: count('failed'), passed: count('passed'), skipped: count('skipped') },
        { dialect: expected.dialect, failed: expected.failedCases ?? expected.failed, passed: expected.passed, skipped: expected.skipped },
      );
      assert.deepEqual([summary.failed, summary.skipped, summary.tests], [count('failed'), count('skipped'), results.length], 'the summary agrees with the results');
      const patterns = expected.warnings ?? [];
      assert.equal(summary.warnings.length, patterns.length, `warnings: ${JSON.stringify(summary.warnings)}`);
      patterns.forEach((p, i) => assert.match(summary.warnings[i], new RegExp(p)));
      for (const f of results.filter((r) => r.outcome === 'failed')) assert.ok(f.failure && f.failure.message.length > 0, `${expected.file}:${f.reportLine}: a failure has a message`);

      // Every failure becomes its own item: import into an empty backlog and count the items.
      const backlog = await freshBacklog(now);
      const imported = await importTestReports(backlog, [{ name: expected.file, open: () => createReadStream(join(DIR, expected.file)) }], { paths: new WorkspacePaths([]), now });
      const ids = new Set(results.filter((r) => r.outcome === 'failed').map((r) => identifyTest(r, undefined).id));
      assert.equal(ids.size, expected.failed, 'no two failures share an identity');
      assert.equal(imported.created.length, expected.failed, 'one item per failure');
      if (expected.titles) assert.deepEqual(imported.created.map((c) => c.title).sort(), [...expected.titles].sort());
    });
  }
});

describe('test reports: untrusted failure text', () => {
  it('reads and imports pathological failure text in linear time', async function () {
    // Each of these took seconds to tens of seconds through backtracking patterns (a trailing-space
    // trim, the stack-frame patterns) before they were bounded.
    const texts = [' '.repeat(60_000) + 'x', 'a'.repeat(60_000), 'a.'.repeat(30_000) + ':1', `${'x'.repeat(60_000)}(1)`];
    const cases = texts.map((t, i) => `<testcase classname="c" name="t${i}"><failure message="m">${t}</failure></testcase>`).join('');
    const xml = `<testsuite name="s">${cases}</testsuite>`;
    const backlog = await freshBacklog(now);
    const started = process.hrtime.bigint();
    const r = await importTestReports(backlog, [{ name: 'r.xml', open: async function* () { yield xml; } }], { paths: new WorkspacePaths([]), now });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(r.created.length, texts.length);
    // Generous for a loaded machine: linear work here is a few milliseconds.
    assert.ok(ms < 3000, `took ${ms.toFixed(0)} ms`);
  });
});
