import * as assert from 'node:assert/strict';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { failureSignature, trimStackTrace } from '../../src/core/testReports/failureText';
import { readTestReport, type ReportChunks } from '../../src/core/testReports/readReport';
import { identifyTest } from '../../src/core/testReports/testIdentity';
import { classToFile, extractFrames, findTestLine, locateTest } from '../../src/core/testReports/testLocation';
import { ReportError, type ReportSummary, type TestResult } from '../../src/core/testReports/testResult';
import { WorkspacePaths } from '../../src/core/testReports/workspacePaths';

// A copy of the shared conformance corpus lives in the repository so every clone and CI runs it.
const CORPUS = join(process.cwd(), 'test', 'fixtures', 'corpus', 'test-reports');
const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'reports');

async function* chunksOf(text: string | Uint8Array, size = 1 << 16): ReportChunks {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function read(source: ReportChunks | string, options: { limits?: object } = {}): Promise<{ summary: ReportSummary; results: TestResult[] }> {
  const results: TestResult[] = [];
  const chunks = typeof source === 'string' ? chunksOf(source) : source;
  const summary = await readTestReport(chunks, { report: 'report.xml', onResult: (r) => results.push(r), ...options });
  return { summary, results };
}

async function readError(source: ReportChunks | string, options: { limits?: object } = {}): Promise<ReportError> {
  try {
    await read(source, options);
  } catch (e) {
    assert.ok(e instanceof ReportError, `expected a ReportError, got ${String(e)}`);
    return e;
  }
  assert.fail('the report was accepted');
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

/**
 * The failures a report states, counted without our parser: comments removed, then JUnit
 * <testcase> elements holding a <failure> or <error> child, NUnit <test-case result="Failed">,
 * xUnit.net <test result="Fail">, TRX <UnitTestResult outcome="Failed|Error|Timeout|Aborted">,
 * TAP leaf "not ok" lines (those not followed by deeper-indented points are not told apart here,
 * so TAP fixtures state their count in a comment instead). Regexes suffice for these files.
 */
function expectedFailures(text: string): number | undefined {
  const xml = text.replace(/<!--[\s\S]*?-->/g, '');
  if (/<testsuites?\b/.test(xml)) {
    const cases = xml.match(/<testcase\b[^>]*?(?:\/>|>[\s\S]*?<\/testcase>)/g) ?? [];
    return cases.filter((c) => /<(?:failure|error)\b/.test(c)).length;
  }
  if (/<test-case\b/.test(xml)) return (xml.match(/<test-case\b[^>]*\bresult="(?:Failed|Failure|Error)"/g) ?? []).length;
  if (/<assemblies\b/.test(xml)) return (xml.match(/<test\b[^>]*\bresult="Fail"/g) ?? []).length;
  if (/<TestRun\b/.test(xml)) return (xml.match(/<UnitTestResult\b[^>]*\boutcome="(?:Failed|Error|Timeout|Aborted)"/g) ?? []).length;
  return undefined;
}

/** The failure total the report's own root attributes or counters claim, when it states one. */
function statedFailures(text: string): number | undefined {
  const xml = text.replace(/<!--[\s\S]*?-->/g, '');
  const root = /<(testsuites|testsuite)\b([^>]*)>/.exec(xml);
  if (root && /\bfailures="/.test(root[2])) {
    const n = (k: string) => Number(new RegExp(`\\b${k}="(\\d+)"`).exec(root[2])?.[1] ?? 0);
    return n('failures') + n('errors');
  }
  const counters = /<Counters\b([^>]*)>/.exec(xml);
  if (counters) {
    const n = (k: string) => Number(new RegExp(`\\b${k}="(\\d+)"`).exec(counters[1])?.[1] ?? 0);
    return n('failed') + n('error') + n('timeout') + n('aborted');
  }
  const run = /<test-run\b[^>]*\bfailed="(\d+)"/.exec(xml);
  return run ? Number(run[1]) : undefined;
}

describe('test reports: the conformance corpus', function () {
  const dirs = [CORPUS, FIXTURES];
  for (const dir of dirs) {
    it(`reads every file in ${relative(process.cwd(), dir)} or fails it with a located message`, async function () {
      assert.ok(existsSync(dir), `${dir} is missing`);
      const files = walk(dir);
      assert.ok(files.length > 5);
      let reports = 0;
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        const results: TestResult[] = [];
        let summary: ReportSummary;
        try {
          summary = await readTestReport(createReadStream(file), { report: file, onResult: (r) => results.push(r) });
        } catch (e) {
          assert.ok(e instanceof ReportError, `${file}: ${String(e)}`);
          assert.ok(e.message.startsWith(file), 'the message names the file');
          assert.ok(!/^\s*</.test(text.replace(/^\uFEFF/, '')) || e.line !== undefined, `${file}: XML errors carry a line`);
          // Only non-reports may fail in this corpus (the dorny corpus ships its LICENSE file).
          assert.ok(!/<test|<TestRun|^TAP|^ok /m.test(text), `${file} is a report but failed: ${e.message}`);
          continue;
        }
        reports++;
        const failed = results.filter((r) => r.outcome === 'failed');
        assert.equal(summary.failed, failed.length);
        assert.equal(summary.tests, results.length);
        const expected = expectedFailures(text) ?? Number(/# fail (\d+)/.exec(text)?.[1]);
        assert.equal(failed.length, expected, `${file}: failures found vs. counted independently`);
        const stated = statedFailures(text);
        // Where the report states a total, it agrees (these files are internally consistent).
        if (stated !== undefined) assert.equal(failed.length, stated, `${file}: failures vs. the report's own total`);
        for (const f of failed) {
          assert.ok(f.failure && f.failure.message.length > 0, `${file}:${f.reportLine}: every failure has a message`);
          assert.ok(f.name.length > 0);
        }
        // Each failure maps to exactly one test: identities of failed tests are distinct, except
        // where the report itself lists the same test twice (retries), which merge into one.
        const ids = new Set(failed.map((r) => identifyTest(r, undefined).id));
        const keys = new Set(failed.map((r) => JSON.stringify([r.suite, r.classname, r.name, r.file ?? ''])));
        assert.equal(ids.size, keys.size, `${file}: identity hashes collide`);
      }
      assert.ok(reports > 5);
    });
  }

  it('reads the details of the main dialects', async () => {
    const jest = await read(readFileSync(join(FIXTURES, 'vitest-junit.xml'), 'utf8'));
    assert.equal(jest.summary.dialect, 'vitest');
    assert.equal(jest.summary.runAt, '2026-03-02T09:15:00Z');
    const f = jest.results.find((r) => r.outcome === 'failed')!;
    assert.equal(f.name, 'cart > applies the discount');
    assert.equal(f.failure!.type, 'AssertionError');
    assert.match(f.failure!.details, /src\/cart\.test\.ts:14:33/);

    const surefire = await read(readFileSync(join(FIXTURES, 'surefire-flaky.xml'), 'utf8'));
    assert.deepEqual(
      surefire.results.map((r) => [r.name, r.outcome, r.failure?.kind]),
      [
        ['addsItem', 'passed', undefined],
        ['appliesDiscount', 'failed', 'failure'],
        ['savesCart', 'failed', 'error'],
      ],
      'a flaky failure that passed on rerun leaves the test passed',
    );

    const go = await read(readFileSync(join(FIXTURES, 'go-junit-report.xml'), 'utf8'));
    assert.equal(go.results[1].failure!.message, 'cart_test.go:18: total = 90, want 81', 'a bare "Failed" gives way to the details');

    const tap = await read(readFileSync(join(FIXTURES, 'node-test.tap'), 'utf8'));
    assert.deepEqual(
      tap.results.map((r) => [r.suite, r.name, r.outcome]),
      [
        ['cart', 'adds an item', 'passed'],
        ['cart', 'applies the discount', 'failed'],
        ['', 'skipped thing', 'skipped'],
      ],
      'the parent point summarising subtests is not a test of its own',
    );
    assert.equal(tap.results[1].file, '/home/runner/work/shop/shop/test/cart.test.mjs');
    assert.equal(tap.results[1].line, 9);

    const xunit = await read(readFileSync(join(FIXTURES, 'xunit-v2.xml'), 'utf8'));
    assert.deepEqual([xunit.results[0].classname, xunit.results[0].name], ['Shop.Tests.CartTests', 'AppliesDiscount']);
  });

  it('reads a report the same whatever the chunking, including split multi-byte characters', async () => {
    const text = readFileSync(join(FIXTURES, 'vitest-junit.xml'));
    const whole = await read(chunksOf(new Uint8Array(text), text.length));
    const bytewise = await read(chunksOf(new Uint8Array(text), 1));
    assert.deepEqual(bytewise.results, whole.results);
    assert.match(whole.results[1].failure!.details, /❯ src\/cart\.test\.ts/);
  });

  it('decodes UTF-16 reports with a byte-order mark', async () => {
    const xml = '<?xml version="1.0" encoding="utf-16"?><testsuite name="s"><testcase name="é"><failure message="ü"/></testcase></testsuite>';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    const { results } = await read(chunksOf(new Uint8Array(bytes), 7));
    assert.equal(results[0].name, 'é');
    assert.equal(results[0].failure!.message, 'ü');
  });
});

describe('test reports: hostile and broken input', () => {
  it('refuses entity declarations ("billion laughs") without expanding them', async () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><testsuite><testcase name="&lol3;"/></testsuite>';
    const e = await readError(laughs);
    assert.match(e.message, /declares XML entities/);
    assert.equal(e.line, 1);
  });

  it('never reads a file named by an external entity', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxe-'));
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'TOP-SECRET-TOKEN');
    const payloads = [
      `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://${secret}">]><testsuite><testcase name="&x;"><failure message="&x;"/></testcase></testsuite>`,
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><testsuite><testcase name="&x;"/></testsuite>',
      // Without a declaration the reference is simply undefined.
      '<testsuite><testcase name="a"><failure message="&x;"/></testcase></testsuite>',
    ];
    for (const p of payloads) {
      const e = await readError(p);
      assert.doesNotMatch(e.message, /TOP-SECRET|root:/);
      assert.match(e.message, /entit/);
    }
  });

  it('accepts a DOCTYPE without entities and fetches nothing for it', async () => {
    const { results } = await read('<!DOCTYPE testsuite SYSTEM "http://127.0.0.1:9/junit.dtd"><testsuite><testcase name="a"/></testsuite>');
    assert.equal(results.length, 1);
  });

  it('fails truncated reports with the line where they end, importing nothing', async () => {
    const text = readFileSync(join(FIXTURES, 'surefire-flaky.xml'), 'utf8');
    const cut = text.slice(0, text.indexOf('savesCart'));
    const e = await readError(cut);
    assert.match(e.message, /ends early/);
    assert.equal(e.line, cut.split('\n').length);
    assert.equal(e.incomplete, true, 'a watcher waits for the rest of the file');
    assert.equal((await readError('')).incomplete, true);
    assert.equal((await readError('<?xml version="1.0"?>\n')).incomplete, true);
    assert.equal((await readError('<testsuite><testcase name="a"></testsuite>')).incomplete, false, 'malformed is not unfinished');
  });

  it('fails non-reports clearly', async () => {
    assert.match((await readError('hello world\n')).message, /not a test report/);
    assert.match((await readError('{"numFailedTests": 1}')).message, /JSON/);
    assert.match((await readError('')).message, /empty/);
    assert.match((await readError('<html><body/></html>')).message, /<html> is not the root of a test report/);
    assert.match((await readError('<testsuite><testcase name="a"></testsuite>')).message, /report\.xml:1: /);
  });

  it('bounds a huge attribute or text block instead of buffering it', async () => {
    async function* huge(): ReportChunks {
      yield '<testsuite><testcase name="a"><failure message="';
      const block = 'x'.repeat(1 << 16);
      for (let i = 0; i < 64; i++) yield block; // 4 MiB of one attribute
      yield '"/></testcase></testsuite>';
    }
    const e = await readError(huge(), { limits: { maxTokenChars: 1 << 20 } });
    assert.match(e.message, /longer than 1048576 characters/);
  });

  it('cuts huge failure texts to the cap and says so', async () => {
    const body = 'line of output\n'.repeat(20_000);
    const { results, summary } = await read(`<testsuite><testcase name="a"><failure>${body}</failure></testcase></testsuite>`);
    assert.ok(results[0].failure!.details.length < 70_000);
    assert.match(results[0].failure!.details, /cut at 65536 characters/);
    assert.equal(summary.warnings.length, 1);
  });

  it('refuses absurd nesting', async () => {
    const deep = '<testsuites>' + '<testsuite>'.repeat(500) + '</testsuite>'.repeat(500) + '</testsuites>';
    assert.match((await readError(deep)).message, /nest deeper/);
  });
});

describe('test reports: identity, signature, stack, locations', () => {
  const base: TestResult = { suite: 's', classname: 'c', name: 'works', outcome: 'failed', reportLine: 1 };

  it('identifies tests by suite, class, name and file, stable across machines and runs', () => {
    const paths = new WorkspacePaths(['src/a.test.ts', 'src/b.test.ts']);
    const a = identifyTest({ ...base, file: '/home/runner/work/x/x/src/a.test.ts' }, paths);
    assert.equal(a.file, 'src/a.test.ts');
    assert.equal(identifyTest({ ...base, file: 'C:\\dev\\x\\src\\a.test.ts' }, paths).id, a.id, 'CI and a Windows laptop agree');
    assert.notEqual(identifyTest({ ...base, file: 'src/b.test.ts' }, paths).id, a.id, 'same name, other file: other test');
    assert.notEqual(identifyTest({ ...base, classname: 'd' }, paths).id, identifyTest(base, paths).id);
    assert.equal(identifyTest({ ...base, suite: 'TestAcme-20251114214921' }, paths).id, identifyTest({ ...base, suite: 'TestAcme-20260101101010' }, paths).id);
    assert.equal(
      identifyTest({ ...base, suite: 'Chrome Headless 122.0.6261.94 (Linux x86_64)' }, paths).id,
      identifyTest({ ...base, suite: 'Chrome Headless 123.0.6312.58 (Linux x86_64)' }, paths).id,
    );
    assert.equal(identifyTest({ ...base, suite: '__tests__\\main.test.js' }, paths).suite, '__tests__/main.test.js');
  });

  it('fingerprints failures without run noise', () => {
    const a = failureSignature('Error', 'Timeout after 5012ms at 0x7ffd1234 in /tmp/jest_ab12/x.js, expected 3 got 4 at 2026-03-02T10:00:00Z');
    const b = failureSignature('Error', 'Timeout after 4980ms at 0x7ffd9999 in /tmp/jest_zz99/x.js, expected 5 got 6 at 2026-03-03T11:11:11Z');
    assert.equal(a, b);
    assert.notEqual(a, failureSignature('Error', 'Cannot read properties of undefined'));
    assert.notEqual(a, failureSignature('TypeError', 'Timeout after 5012ms at 0x7ffd1234 in /tmp/jest_ab12/x.js, expected 3 got 4 at 2026-03-02T10:00:00Z'));
  });

  it('trims framework and dependency frames from stacks', () => {
    const stack = [
      'Error: boom',
      '    at Object.<anonymous> (/w/src/app.test.ts:10:5)',
      '    at Promise.then.completed (/w/node_modules/jest-circus/build/utils.js:298:28)',
      '    at new Promise (<anonymous>)',
      '    at processTicksAndRejections (node:internal/process/task_queues:95:5)',
    ].join('\n');
    assert.equal(trimStackTrace(stack), 'Error: boom\n    at Object.<anonymous> (/w/src/app.test.ts:10:5)\n    … 3 framework, dependency or runtime frames omitted');
  });

  it('finds frames in every runtime\'s stack format', () => {
    const frames = extractFrames(
      [
        '    at Object.<anonymous> (C:\\w\\src\\a.test.js:10:21)',
        '    at C:\\w\\src\\b.js:45:12',
        '  File "/w/tests/test_lib.py", line 24, in test_always_fail',
        'tests/test_lib.py:25: AssertionError',
        '\tat org.acme.CartTest.adds(CartTest.java:29)',
        '   at Shop.CartTests.Adds() in /src/Shop.Tests/CartTests.cs:line 17',
        'at /home/runner/work/repo/src/Paren.php(123)',
        '    cart_test.go:18: total = 90, want 81',
        'see https://example.com/a.js:12 for help',
      ].join('\n'),
    );
    assert.deepEqual(
      frames.map((f) => `${f.path}:${f.line}`),
      ['C:\\w\\src\\a.test.js:10', 'C:\\w\\src\\b.js:45', '/w/tests/test_lib.py:24', 'tests/test_lib.py:25', 'org/acme/CartTest.java:29', '/src/Shop.Tests/CartTests.cs:17', '/home/runner/work/repo/src/Paren.php:123', 'cart_test.go:18'],
    );
  });

  it('resolves report paths against the workspace', () => {
    const paths = new WorkspacePaths(['src/Fake.php', 'packages/api/src/server.ts', 'packages/web/src/server.ts', 'lib/util.ts', 'src/test/java/org/acme/CartTest.java', 'tests/Shop.Tests/CartTests.cs']);
    assert.equal(paths.resolve('/home/runner/work/repo/repo/src/Fake.php'), 'src/Fake.php');
    assert.equal(paths.resolve('C:\\a\\b\\src\\Fake.php'), 'src/Fake.php');
    assert.equal(paths.resolve('file:///home/me/repo/lib/util.ts'), 'lib/util.ts');
    assert.equal(paths.resolve('api/src/server.ts'), 'packages/api/src/server.ts', 'relative to a sub-project');
    assert.equal(paths.resolve('src/server.ts'), undefined, 'ambiguous stays unresolved');
    assert.equal(paths.resolve('/elsewhere/missing.ts'), undefined);
    assert.equal(paths.resolve('org/acme/CartTest.java'), 'src/test/java/org/acme/CartTest.java');
    assert.equal(classToFile('org.acme.CartTest$Inner', paths), 'src/test/java/org/acme/CartTest.java');
    assert.equal(classToFile('Shop.Tests.CartTests', paths), 'tests/Shop.Tests/CartTests.cs');
  });

  it('finds the line that declares a test', () => {
    const js = "describe('cart', () => {\n  it('adds', () => {});\n  it('applies the discount', () => {});\n});\n";
    assert.equal(findTestLine(js, 'cart › applies the discount'), 3);
    const py = 'import x\n\nclass T:\n    def test_always_fail(self):\n        pass\n';
    assert.equal(findTestLine(py, 'test_always_fail'), 4);
    assert.equal(findTestLine(py, 'test_always_fail[param1]'), 4);
    const java = 'class CartTest {\n  @Test\n  void appliesDiscount() {}\n}\n';
    assert.equal(findTestLine(java, 'appliesDiscount'), 3);
    assert.equal(findTestLine(java, 'nothere'), undefined);
  });

  it('locates the definition and the failing line of a jest failure from a CI machine', async () => {
    const paths = new WorkspacePaths(['__tests__/main.test.js', 'lib/main.js']);
    const result: TestResult = {
      suite: '__tests__\\main.test.js',
      classname: 'Test 1 › Test 1.1',
      name: 'Exception in target unit',
      outcome: 'failed',
      reportLine: 3,
      failure: {
        kind: 'failure',
        message: 'Error: Some error',
        details: 'Error: Some error\n    at Object.throwError (C:\\Users\\M\\w\\lib\\main.js:2:9)\n    at Object.<anonymous> (C:\\Users\\M\\w\\__tests__\\main.test.js:14:11)\n    at x (C:\\Users\\M\\w\\node_modules\\jest\\a.js:1:1)',
      },
    };
    const texts: Record<string, string> = { '__tests__/main.test.js': "describe('Test 1', () => {\n  it('Exception in target unit', () => {\n" };
    const loc = await locateTest(result, paths, async (p) => texts[p]);
    assert.deepEqual(loc.definition, { path: '__tests__/main.test.js', line: 2 });
    assert.deepEqual(loc.failure, { path: 'lib/main.js', line: 2 });
    assert.deepEqual(loc.unresolved, []);
  });
});
