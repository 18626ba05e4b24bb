import { execFile } from 'node:child_process';
import { createReadStream, promises as fs } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { importTestReports, type ReportInput, type TestImportResult } from '../../core/testReports/importReports';
import { WorkspacePaths } from '../../core/testReports/workspacePaths';
import { flag, type CliCommand, type CliContext } from '../command';
import { requireBacklog } from '../shared';
import { inertText } from '../../core/inertText';

export const testsCommand: CliCommand = {
  name: 'tests',
  usage:
    'tests import REPORT... [--close-passing] [--dry-run]\n' +
    '                                         turn failing tests in JUnit XML, NUnit, TRX or TAP reports\n' +
    '                                         into bug items; exit 2 only for unusable reports',
  options: { 'close-passing': { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  async run(ctx) {
    const [sub, ...args] = ctx.positionals;
    if (sub !== 'import' || args.length === 0) {
      ctx.io.stderr.write(`repo-backlog tests: expected "tests import REPORT..."\n\nUsage: repo-backlog ${testsCommand.usage}\n`);
      return 2;
    }
    requireBacklog(ctx.snapshot);
    const { files: reportFiles, missing } = await expandReports(ctx.io.cwd, args);
    for (const m of missing) ctx.io.stderr.write(`repo-backlog tests: no report matches ${inertText(m)}\n`);
    const paths = new WorkspacePaths(await listWorkspaceFiles(ctx.root));
    const inputs: ReportInput[] = [];
    for (const file of reportFiles) {
      const stat = await fs.stat(file).catch(() => undefined);
      inputs.push({
        name: displayPath(ctx.root, file),
        open: () => createReadStream(file, { highWaterMark: 1 << 20 }),
        ...(stat ? { modifiedAt: stat.mtime } : {}),
      });
    }
    const result = await importTestReports(ctx.backlog, inputs, {
      paths,
      readText: (rel) => readSmallText(join(ctx.root, rel)),
      closePassing: flag(ctx, 'close-passing'),
      dryRun: flag(ctx, 'dry-run'),
    });
    if (ctx.json) ctx.printJson(jsonResult(result, missing));
    else printSummary(ctx, result, flag(ctx, 'dry-run'));
    const unusable = missing.length > 0 || result.reports.some((r) => r.error) || result.failedWrites.length > 0;
    return unusable ? 2 : 0;
  },
};

// Report text (test names, messages, paths) is untrusted: each summary line goes through the one
// sanitiser, in its one-line form, so a line break in a test name cannot forge a line of this
// summary (run.ts makes every line inert again; that second pass finds nothing left to escape).
function printSummary(ctx: CliContext, r: TestImportResult, dryRun: boolean): void {
  const out = (line: string) => ctx.out(inertText(line));
  const err = (line: string) => ctx.io.stderr.write(`${inertText(line)}\n`);
  const ok = r.reports.filter((x) => x.summary);
  const tests = ok.reduce((n, x) => n + x.summary!.tests, 0);
  const failed = ok.reduce((n, x) => n + x.summary!.failed, 0);
  const skipped = ok.reduce((n, x) => n + x.summary!.skipped, 0);
  const warnings = ok.reduce((n, x) => n + x.summary!.warnings.length, 0);
  for (const x of ok) out(`${x.report}: ${x.summary!.dialect}, ${x.summary!.tests} tests, ${x.summary!.failed} failed, ${x.summary!.skipped} skipped (run ${x.runAt})`);
  for (const x of r.reports) if (x.error) err(`error: ${x.error.message}`);
  for (const x of ok) for (const w of x.summary!.warnings) err(`warning: ${w}`);
  const verb = dryRun ? 'would be ' : '';
  out(`${ok.length} report${ok.length === 1 ? '' : 's'} read: ${tests} tests, ${failed} failed, ${skipped} skipped${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'} (see above)` : ''}`);
  const list = (label: string, items: TestImportResult['created']) => {
    out(`${label}: ${items.length}`);
    for (const i of items.slice(0, 50)) out(`  ${i.id ?? '(new)'}  ${i.title}${i.failures > 1 ? `  (${i.failures} failures)` : ''}`);
    if (items.length > 50) out(`  … and ${items.length - 50} more`);
  };
  list(`new ${verb}`.trimEnd(), r.created);
  list(`updated ${verb}`.trimEnd(), r.updated);
  list(`passing again ${verb}`.trimEnd(), r.passingAgain);
  out(`unchanged: ${r.unchanged}`);
  const unresolved = [...r.created, ...r.updated].filter((i) => i.unresolved.length > 0);
  out(`unresolved locations: ${unresolved.length}`);
  for (const i of unresolved.slice(0, 20)) out(`  ${i.id ?? '(new)'}  ${i.unresolved.join('; ')}`);
  if (unresolved.length > 20) out(`  … and ${unresolved.length - 20} more`);
  for (const w of r.failedWrites) err(`error: ${w.item}: ${w.message}`);
}

function jsonResult(r: TestImportResult, missing: readonly string[]): unknown {
  return {
    reports: r.reports.map((x) =>
      x.error
        ? { report: x.report, error: x.error.reason, line: x.error.line ?? null }
        : { report: x.report, format: x.summary!.format, dialect: x.summary!.dialect, tests: x.summary!.tests, failed: x.summary!.failed, skipped: x.summary!.skipped, runAt: x.runAt, warnings: x.summary!.warnings },
    ),
    missing,
    created: r.created,
    updated: r.updated,
    passingAgain: r.passingAgain,
    unchanged: r.unchanged,
    failedWrites: r.failedWrites,
  };
}

function displayPath(root: string, file: string): string {
  const rel = relative(root, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file;
}

/** Report arguments: files as given, or globs (quoted so the shell leaves them) walked from their base. */
async function expandReports(cwd: string, args: readonly string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const arg of args) {
    const abs = resolve(cwd, arg);
    if ((await fs.stat(abs).catch(() => undefined))?.isFile()) {
      files.push(abs);
      continue;
    }
    const scan = picomatch.scan(arg.replace(/\\/g, '/'));
    if (!scan.isGlob) {
      missing.push(arg);
      continue;
    }
    const base = resolve(cwd, scan.base || '.');
    const isMatch = picomatch(scan.glob, { dot: false });
    const found = (await walk(base, 100_000)).filter((rel) => isMatch(rel)).sort();
    if (found.length === 0) missing.push(arg);
    for (const rel of found) files.push(join(base, rel));
  }
  return { files: [...new Set(files)], missing };
}

/** Workspace files for resolving report paths: git's view when available, else a walk. */
async function listWorkspaceFiles(root: string): Promise<string[]> {
  const fromGit = await new Promise<string[] | undefined>((done) => {
    execFile('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, maxBuffer: 256 * 1024 * 1024 }, (err, stdout) => {
      done(err ? undefined : stdout.split('\0').filter(Boolean));
    });
  });
  return fromGit ?? walk(root, 200_000);
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.backlog', 'dist', 'out', 'build', 'target', 'bin', 'obj', '.venv', 'venv', '__pycache__']);

async function walk(root: string, limit: number): Promise<string[]> {
  const out: string[] = [];
  const queue = [''];
  while (queue.length > 0 && out.length < limit) {
    const dir = queue.shift()!;
    const entries = await fs.readdir(join(root, dir), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.')) queue.push(rel);
      } else if (e.isFile()) out.push(rel);
    }
  }
  return out;
}

async function readSmallText(path: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile() || stat.size > 2 * 1024 * 1024) return undefined;
    return await fs.readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
