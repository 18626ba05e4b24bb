import { contentHash } from '../hash';
import type { TestResult } from './testResult';
import { isAbsoluteReportPath, stableReportPath, type WorkspacePaths } from './workspacePaths';

/**
 * Which test a result is about, the same on every machine and every run: suite, class name,
 * name and file. The name alone is not enough: `it('works')` in two files is two tests.
 */
export interface TestIdentity {
  /** Short hash of the other fields; what backlog items are matched by. */
  readonly id: string;
  readonly suite: string;
  readonly classname: string;
  readonly name: string;
  /** Workspace-relative (or machine-independent) path of the test's file, when the report gives one. */
  readonly file?: string;
}

export function identifyTest(result: TestResult, paths: WorkspacePaths | undefined): TestIdentity {
  return testIdentifier(paths)(result);
}

/**
 * `identifyTest` for many results of one workspace: a report repeats the same suite, class and
 * file names for every test case, so their normalised forms are remembered (a bounded number).
 */
export function testIdentifier(paths: WorkspacePaths | undefined): TestIdentifier {
  const suites = new BoundedMemo((s: string) => stableSuiteName(s, paths));
  const classes = new BoundedMemo((c: string) => withoutRunNoise(c.trim()));
  const files = new BoundedMemo((f: string) => stableReportPath(f, paths));
  const parts = (result: TestResult) => {
    const suite = suites.get(result.suite);
    const classname = classes.get(result.classname);
    // Cases with no name are told apart by their place in the suite, so two never merge into one.
    const name = result.name.trim() || (result.position ? `unnamed test #${result.position}` : '');
    const file = result.file ? files.get(result.file) : undefined;
    return { suite, classname, name, ...(file ? { file } : {}) };
  };
  const identify = (result: TestResult): TestIdentity => {
    const p = parts(result);
    return { id: identityIdOf(p), ...p };
  };
  identify.key = (result: TestResult) => identityKey(parts(result));
  return identify;
}

/** Identifies test results; `key` is a cheaper string that is equal exactly when the ids are. */
export interface TestIdentifier {
  (result: TestResult): TestIdentity;
  key(result: TestResult): string;
}

type IdentityParts = Pick<TestIdentity, 'suite' | 'classname' | 'name' | 'file'>;

/**
 * A lookup key for an identity. Most results of a report pass and only need looking up, so they
 * are compared by this key and hashed into an id only when they matter. NUL separates the parts:
 * XML cannot hold it, and at worst a TAP name holding one makes a pass count for a look-alike test.
 */
export function identityKey(identity: IdentityParts): string {
  return `${identity.suite}\0${identity.classname}\0${identity.name}\0${identity.file ?? ''}`;
}

/** The id backlog items store for a test: a hash of its parts (the same on every machine). */
export function identityIdOf(identity: IdentityParts): string {
  return contentHash(JSON.stringify([identity.suite, identity.classname, identity.name, identity.file ?? '']));
}

/** Caches a pure function's results; forgets everything at the cap so memory stays bounded. */
class BoundedMemo {
  private readonly cache = new Map<string, string>();

  constructor(private readonly fn: (key: string) => string, private readonly cap = 4096) {}

  get(key: string): string {
    let v = this.cache.get(key);
    if (v === undefined) {
      if (this.cache.size >= this.cap) this.cache.clear();
      v = this.fn(key);
      this.cache.set(key, v);
    }
    return v;
  }
}

/**
 * Suite (and Karma class) names carry run-specific noise in some dialects: unittest-xml-reporting appends a
 * timestamp (`TestAcme-20251114214921`), Karma names the browser with its version, jest on
 * Windows writes backslashes, PHPUnit's outer suite is the absolute path of phpunit.xml.
 */
export function stableSuiteName(suite: string, paths: WorkspacePaths | undefined): string {
  let s = suite.trim();
  if (isAbsoluteReportPath(s) && !/\s/.test(s)) return stableReportPath(s, paths);
  if (/^[^\s]*\\[^\s]*$/.test(s)) s = s.replace(/\\/g, '/');
  return withoutRunNoise(s);
}

/** Replaces version numbers (`122.0.6261.94`, `122_0_6261_94`) and timestamps by `#`. */
function withoutRunNoise(s: string): string {
  return s.replace(/\d+(?:[._]\d+){2,}/g, '#').replace(/\d{8,}/g, '#');
}
