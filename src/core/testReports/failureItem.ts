import type { CodeLink, Item } from '../item';
import { trimStackTrace } from './failureText';
import type { TestLocation } from './testLocation';
import type { TestIdentity } from './testIdentity';
import type { TestFailure } from './testResult';

/** The front-matter key under which an item remembers the test it tracks. */
export const TEST_KEY = 'test';

export type TestState = 'failing' | 'passing';

/**
 * What an item stores about its test, under `test:` in its front matter. The failure count,
 * last-seen time and latest message live here (not in the body) so an update rewrites a few
 * front-matter lines and never touches what people wrote in the body.
 */
export interface TestRecord {
  readonly id: string;
  readonly name: string;
  readonly suite?: string;
  readonly classname?: string;
  readonly file?: string;
  readonly state: TestState;
  /** Number of runs (reports with distinct run times) in which the test failed. */
  readonly failures: number;
  readonly firstSeen: string;
  /** Run time of the latest failure. */
  readonly lastSeen: string;
  /** Run time of the first passing run after the latest failure. */
  readonly passedAt?: string;
  /** Normalised fingerprint of the latest failure (see failureSignature). */
  readonly signature: string;
  /** Latest failure message, first line, capped. */
  readonly message: string;
  /** The report the latest failure came from. */
  readonly report: string;
}

const MAX_FRONT_MATTER_MESSAGE = 300;

/** Reads `test:` from an item, or undefined when it has none or it is not ours to trust. */
export function readTestRecord(item: Item): TestRecord | undefined {
  const raw = item.extra[TEST_KEY];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const str = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : typeof r[k] === 'number' ? String(r[k]) : undefined);
  const id = str('id');
  if (!id) return undefined;
  const failures = typeof r.failures === 'number' && Number.isFinite(r.failures) && r.failures >= 0 ? Math.floor(r.failures) : 1;
  return {
    id,
    name: str('name') ?? item.title,
    ...(str('suite') ? { suite: str('suite') } : {}),
    ...(str('classname') ? { classname: str('classname') } : {}),
    ...(str('file') ? { file: str('file') } : {}),
    state: str('state') === 'passing' ? 'passing' : 'failing',
    failures,
    firstSeen: str('firstSeen') ?? '',
    lastSeen: str('lastSeen') ?? '',
    ...(str('passedAt') ? { passedAt: str('passedAt') } : {}),
    signature: str('signature') ?? '',
    message: str('message') ?? '',
    report: str('report') ?? '',
  };
}

/** The plain object written to front matter, keys in reading order, empty values left out. */
export function testRecordToYaml(record: TestRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { id: record.id, name: record.name };
  if (record.suite) out.suite = record.suite;
  if (record.classname) out.classname = record.classname;
  if (record.file) out.file = record.file;
  out.state = record.state;
  out.failures = record.failures;
  out.firstSeen = record.firstSeen;
  out.lastSeen = record.lastSeen;
  if (record.passedAt) out.passedAt = record.passedAt;
  out.signature = record.signature;
  out.message = record.message;
  out.report = record.report;
  return out;
}

export function frontMatterMessage(failure: TestFailure): string {
  const one = failure.message.replace(/\s+/g, ' ').trim();
  return one.length > MAX_FRONT_MATTER_MESSAGE ? one.slice(0, MAX_FRONT_MATTER_MESSAGE - 1) + '…' : one;
}

/**
 * The item title: the test's name with enough of its context to tell it apart in a list
 * (`Test 1 › Test 1.1 › Failing test`, `CalculatorTests › Failing_Test`).
 */
export function failureTitle(identity: TestIdentity): string {
  const name = identity.name || identity.classname || identity.suite || 'unnamed test';
  let context = identity.classname;
  // A dotted class or module name: its last part is the readable one.
  if (/^[\w$.]+$/.test(context) && context.includes('.')) context = context.slice(context.lastIndexOf('.') + 1);
  if (!context || context === name || name.startsWith(context) || /[\\/]/.test(context)) context = '';
  const title = `Failing test: ${context ? `${context} › ` : ''}${name}`.replace(/\s+/g, ' ');
  return title.length > 200 ? title.slice(0, 199) + '…' : title;
}

/** Links to the test's definition and the failing line. */
export function failureLinks(location: TestLocation): CodeLink[] {
  const links: CodeLink[] = [];
  if (location.definition) links.push({ kind: 'test', path: location.definition.path, ...(location.definition.line ? { line: location.definition.line } : {}) });
  const f = location.failure;
  if (f && !(location.definition && f.path === location.definition.path && f.line === location.definition.line)) {
    links.push({ kind: 'code', path: f.path, ...(f.line ? { line: f.line } : {}) });
  }
  return links;
}

/** The Markdown body of a new item: the first failure as it was seen, then a done criterion. */
export function failureBody(identity: TestIdentity, failure: TestFailure, report: string, runAt: string): string {
  const where = [identity.classname && identity.classname !== identity.name ? identity.classname : '', identity.suite && identity.suite !== identity.classname ? identity.suite : '']
    .filter(Boolean)
    .join(' · ');
  const lines = [
    '',
    '## Failing test',
    '',
    `${inlineCode(identity.name)}${where ? ` in ${inlineCode(where)}` : ''}${identity.file ? ` (${inlineCode(identity.file)})` : ''}`,
    '',
    `First failed in ${inlineCode(report)}, run of ${runAt}. The failure count, last failure and latest message are kept in the \`test:\` front matter.`,
    '',
    `### ${failure.kind === 'error' ? 'Error' : 'Failure'}${failure.type ? `: ${inlineCode(failure.type)}` : ''}`,
    '',
    fenced(failure.message),
  ];
  const stack = trimStackTrace(failure.details);
  if (stack && stack !== failure.message.trim()) lines.push('', '### Stack trace (trimmed)', '', fenced(stack));
  lines.push('', '## Acceptance criteria', '', '- [ ] The test passes again', '');
  return lines.join('\n');
}

/** A code fence longer than any backtick run in the text, so report text cannot break out. */
function fenced(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text.replace(/\s+$/, '')}\n${fence}`;
}

function inlineCode(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  const longest = Math.max(0, ...(one.match(/`+/g) ?? []).map((m) => m.length));
  const ticks = '`'.repeat(longest + 1);
  return longest > 0 ? `${ticks} ${one} ${ticks}` : `${ticks}${one}${ticks}`;
}
