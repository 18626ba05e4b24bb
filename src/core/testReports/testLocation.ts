import { isNoisePath, MAX_FRAME_LINE } from './failureText';
import type { TestResult } from './testResult';
import type { WorkspacePaths } from './workspacePaths';

/** A file position a report mentions, as written there. */
export interface StackFrame {
  readonly path: string;
  readonly line: number;
}

/** A place in the workspace. */
export interface WorkspaceLocation {
  readonly path: string;
  readonly line?: number;
}

/** Where a failing test is defined and where it failed, as far as could be resolved. */
export interface TestLocation {
  readonly definition?: WorkspaceLocation;
  /** The first stack frame inside the workspace. */
  readonly failure?: WorkspaceLocation;
  /** What could not be resolved, in words, for the import summary. */
  readonly unresolved: readonly string[];
}

/** Reads a workspace file's text (undefined when missing or unreadable). */
export type ReadWorkspaceText = (relative: string) => Promise<string | undefined>;

const JAVA_FRAME = /\bat\s+([\w$.]+)\.[\w$<>]+\(([\w$]+\.(?:java|kt|kts|scala|groovy|clj)):(\d+)\)/;
const DOTNET_FRAME = /\bin\s+(.+?):line\s+(\d+)/;
const PYTHON_FRAME = /File "(.+?)", line (\d+)/;
const PAREN_FRAME = /\(((?:[A-Za-z]:)?[^()\s][^()]*?):(\d+)(?::\d+)?\)/;
const PHP_PAREN_FRAME = /((?:[A-Za-z]:)?[^\s()'"]+\.\w{1,8})\((\d+)\)/;
const BARE_FRAME = /(?<![\w:/\\.-])((?:[A-Za-z]:)?[^\s:"'()<>,]*\.[A-Za-z]\w{0,7}):(\d+)(?::\d+)?(?=$|[\s:),])/;

/** File positions mentioned in failure details, in order (top of the stack first). */
export function extractFrames(details: string, maxFrames = 200): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of details.split('\n')) {
    if (frames.length >= maxFrames) break;
    const frame = frameOf(line);
    if (frame && frame.line > 0) frames.push(frame);
  }
  return frames;
}

function frameOf(line: string): StackFrame | undefined {
  if (line.length > MAX_FRAME_LINE) return undefined;
  let m = JAVA_FRAME.exec(line);
  if (m) {
    // Java frames name only the file; the class's package gives the directories.
    const pkg = m[1].replace(/\$.*$/, '').split('.').slice(0, -1);
    return { path: [...pkg, m[2]].join('/'), line: Number(m[3]) };
  }
  m = DOTNET_FRAME.exec(line) ?? PYTHON_FRAME.exec(line) ?? PAREN_FRAME.exec(line) ?? PHP_PAREN_FRAME.exec(line) ?? BARE_FRAME.exec(line);
  if (!m) return undefined;
  if (/^(?:https?|node):/.test(m[1])) return undefined;
  return { path: m[1], line: Number(m[2]) };
}

const SOURCE_EXTENSIONS = ['java', 'kt', 'scala', 'groovy', 'py', 'cs', 'fs', 'vb', 'php', 'rb', 'swift', 'ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'go', 'rs', 'cpp', 'cc', 'c', 'm', 'ex', 'exs', 'dart'];
const PATH_LIKE = /[\\/]|\.(?:[cm]?[jt]sx?|py|php|phpt|rb|go|java|kt|cs|swift|rs|dart|ex|exs)$/i;

/**
 * Resolves where a test is defined and where it failed. The definition comes from the report's
 * `file` attribute, else a suite or class name that is a path (jest, vitest, Playwright), else
 * the class name mapped to a file (Java/Kotlin packages, Python modules, C# class files), else
 * a test-looking file from the stack; when no line is known the file is searched for the
 * test's name. The failure is the first stack frame inside the workspace outside dependencies.
 */
export async function locateTest(result: TestResult, paths: WorkspacePaths, readText?: ReadWorkspaceText): Promise<TestLocation> {
  const unresolved: string[] = [];
  const frames = result.failure ? extractFrames(result.failure.details) : [];

  let failure: WorkspaceLocation | undefined;
  for (const f of frames) {
    if (isNoisePath(f.path)) continue;
    const path = paths.resolve(f.path);
    if (path && !isNoisePath(path)) {
      failure = { path, line: f.line };
      break;
    }
  }
  if (result.failure && !failure && frames.length > 0) unresolved.push(`failing line (${frames[0].path}:${frames[0].line})`);

  let definition: WorkspaceLocation | undefined;
  if (result.file) {
    const path = paths.resolve(result.file);
    if (path) definition = { path, ...(result.line ? { line: result.line } : {}) };
    else unresolved.push(`test file ${result.file}`);
  }
  if (!definition) {
    for (const candidate of [result.suite, result.classname]) {
      if (candidate && PATH_LIKE.test(candidate) && !/\s›\s/.test(candidate)) {
        const path = paths.resolve(candidate.replace(/\s.*$/, ''));
        if (path) {
          definition = { path };
          break;
        }
      }
    }
  }
  if (!definition && result.classname) {
    const path = classToFile(result.classname, paths);
    if (path) definition = { path };
  }
  if (!definition && failure && /(?:^|[/_.-])(?:tests?|specs?|__tests__)(?:[/_.-]|$)|Tests?\.\w+$/i.test(failure.path)) {
    definition = { path: failure.path };
  }
  if (definition && definition.line === undefined && readText) {
    const text = await readText(definition.path);
    const line = text === undefined ? undefined : findTestLine(text, result.name);
    if (line) definition = { path: definition.path, line };
  }
  if (!definition && !result.file) unresolved.push(`test definition of "${result.name}"`);
  return { ...(definition ? { definition } : {}), ...(failure ? { failure } : {}), unresolved };
}

/** Maps a class or module name to a workspace file: `org.acme.FooTest` → `…/org/acme/FooTest.java`. */
export function classToFile(classname: string, paths: WorkspacePaths): string | undefined {
  const clean = classname.replace(/\$.*$/, '').replace(/[[(<].*$/, '').trim();
  if (!/^[\w.]+$/.test(clean)) return undefined;
  const parts = clean.split('.').filter(Boolean);
  // The class may be the module itself (Python `tests.test_lib`) or live in it (`tests.test_lib.TestX`).
  for (let drop = 0; drop <= Math.min(1, parts.length - 1); drop++) {
    const segs = parts.slice(0, parts.length - drop);
    for (const ext of SOURCE_EXTENSIONS) {
      const matches = paths.endingWith(`${segs.join('/')}.${ext}`);
      if (matches.length === 1) return matches[0];
    }
  }
  // C# and others do not mirror namespaces in folders: a unique file named after the class.
  const last = parts[parts.length - 1];
  for (const ext of ['cs', 'fs', 'vb', 'swift', 'kt', 'java', 'php']) {
    const matches = paths.endingWith(`${last}.${ext}`);
    if (matches.length === 1) return matches[0];
  }
  return undefined;
}

/**
 * The 1-based line where a test named `name` is most likely declared: a quoted occurrence of
 * its last part (`it('adds')`, `[DisplayName("...")]`) or a declaration of it as a function
 * or method (`def test_x`, `void testX(`, `func TestX(`).
 */
export function findTestLine(text: string, name: string): number | undefined {
  const last = name.split(/\s+(?:›|>|»|::)\s+|::|#/).pop()!.trim();
  const bare = last.replace(/\s*[[(].*$/, '').trim();
  if (!bare) return undefined;
  const lines = text.split(/\r?\n/);
  const quoted = [`'${last}'`, `"${last}"`, `\`${last}\``, `'${bare}'`, `"${bare}"`, `\`${bare}\``];
  for (let i = 0; i < lines.length; i++) if (quoted.some((q) => lines[i].includes(q))) return i + 1;
  if (/^[\w$]+$/.test(bare)) {
    const decl = new RegExp(`(?:\\b(?:def|func|function|fun|void|async|sub|fn|test)\\s+(?:\\([^)]*\\)\\s*)?|[\\w>\\]]\\s+)${escapeRegExp(bare)}\\s*\\(`);
    for (let i = 0; i < lines.length; i++) if (decl.test(lines[i])) return i + 1;
    const word = new RegExp(`\\b${escapeRegExp(bare)}\\b`);
    for (let i = 0; i < lines.length; i++) if (word.test(lines[i])) return i + 1;
  }
  return undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
