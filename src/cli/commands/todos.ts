import { promises as fs } from 'node:fs';
import { relative, resolve } from 'node:path';
import { BacklogError } from '../../core/backlog';
import { applyMarkers, DEFAULT_MARKER_FORMAT, markerFormatProblem, planCapture, trackTodos, type MarkerEdit, type ScannedFile } from '../../core/todos/capture';
import { encodeSource } from '../../core/todos/decode';
import type { DismissedTodos } from '../../core/todos/dismissedTodos';
import { formatProblem } from '../../core/problem';
import { DEFAULT_TAGS, TodoScanner } from '../../core/todos/scanner';
import { decodeFileBytes, DEFAULT_MAX_FILE_SIZE, scanWorkspace, TodoScanError, writeFileAtomic, type ScannedSource, type WorkspaceScan } from '../../node/workspaceScan';
import { flag, stringOption, stringsOption, type CliCommand, type CliContext } from '../command';
import { requireBacklog } from '../shared';

export const todosCommand: CliCommand = {
  name: 'todos',
  usage:
    'todos [PATH...] [--tag T ...] [--ignore-case] [--no-at-tags] [--markdown-tasks] [--hidden] [--no-ignore] [--max-size BYTES]\n' +
    '                                         list TODO/FIXME/HACK/XXX/BUG comments (and @todo) and the item each is linked to;\n' +
    '                                         --ignore-case also reads `todo:`, --markdown-tasks reads `- [ ] task` lines;\n' +
    '                                         comments dismissed in the editor (.backlog/dismissed-todos.txt) show as x\n' +
    'todos capture [PATH...] [--write-ids] [--dry-run] [--marker-format F]\n' +
    '                                         create items for untracked comments (idempotent, dismissed ones left out); --write-ids\n' +
    '                                         writes each new id into its comment: TODO(BL-7K3QM): text',
  options: {
    tag: { type: 'string', multiple: true },
    'ignore-case': { type: 'boolean' },
    'no-at-tags': { type: 'boolean' },
    'markdown-tasks': { type: 'boolean' },
    hidden: { type: 'boolean' },
    'no-ignore': { type: 'boolean' },
    'max-size': { type: 'string' },
    'write-ids': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    'marker-format': { type: 'string' },
  },
  async run(ctx) {
    const [first, ...rest] = ctx.positionals;
    const capture = first === 'capture';
    const paths = capture ? rest : ctx.positionals;
    let scan: WorkspaceScan;
    try {
      scan = await scanWorkspace(ctx.root, {
        scanner: new TodoScanner({
          tags: stringsOption(ctx, 'tag') ?? DEFAULT_TAGS,
          idPrefix: ctx.snapshot.config.idPrefix,
          caseSensitive: !flag(ctx, 'ignore-case'),
          atTags: !flag(ctx, 'no-at-tags'),
          markdownTasks: flag(ctx, 'markdown-tasks'),
        }),
        paths: paths.map((p) => relative(ctx.root, resolveFrom(ctx, p)) || '.'),
        gitignore: !flag(ctx, 'no-ignore'),
        hidden: flag(ctx, 'hidden'),
        maxFileSize: maxSize(stringOption(ctx, 'max-size')),
      });
    } catch (e) {
      if (e instanceof TodoScanError) throw new BacklogError(e.message, 'invalid-value');
      throw e;
    }
    return capture ? captureTodos(ctx, scan) : listTodos(ctx, scan);
  },
};

/** The comments dismissed from the editor's inbox; its unreadable lines are reported, not fatal. */
async function dismissedTodos(ctx: CliContext): Promise<DismissedTodos | undefined> {
  if (ctx.snapshot.kind !== 'backlog') return undefined;
  const dismissed = await ctx.backlog.readDismissedTodos();
  for (const p of dismissed.problems) ctx.io.stderr.write(`${formatProblem(p, relative(ctx.root, p.file))}\n`);
  return dismissed;
}

function resolveFrom(ctx: CliContext, p: string): string {
  // Paths on the command line are relative to where the user is, not to the backlog root.
  return resolve(ctx.io.cwd, p);
}

function maxSize(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_FILE_SIZE;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new BacklogError(`--max-size must be a whole number of bytes (got "${value}")`, 'invalid-value');
  return n;
}

function scannedFiles(scan: WorkspaceScan): ScannedFile[] {
  // Text only when read (capture quotes the code; a listing never needs it).
  return scan.files.map((f) => ({
    path: f.path,
    fence: f.language.fence,
    todos: f.todos,
    get text() {
      return f.text;
    },
  }));
}

function reportSkipped(ctx: CliContext, scan: WorkspaceScan): void {
  const counts = new Map<string, number>();
  for (const s of scan.skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  for (const s of scan.skipped) if (s.reason === 'unreadable') ctx.io.stderr.write(`repo-backlog todos: could not read ${s.path}: ${s.detail ?? ''}\n`);
  if (counts.size > 0) ctx.io.stderr.write(`skipped ${[...counts].map(([reason, n]) => `${n} ${reason === 'too-large' ? 'too large' : reason}`).join(', ')} (of ${scan.filesVisited} files)\n`);
  for (const f of scan.files) if (f.capped) ctx.io.stderr.write(`repo-backlog todos: ${f.path} holds more tags than the per-file cap; only its first ${f.todos.length} comments were read\n`);
}

/** The longest of some lengths (a loop: spreading a million values into Math.max overflows the stack). */
function widest(values: readonly string[], min: number): number {
  let w = min;
  for (const v of values) if (v.length > w) w = v.length;
  return w;
}

async function listTodos(ctx: CliContext, scan: WorkspaceScan): Promise<number> {
  const files = scannedFiles(scan);
  const tracking = trackTodos(files, ctx.snapshot.kind === 'backlog' ? ctx.snapshot.items : [], await dismissedTodos(ctx));
  const rows = files.flatMap((f) =>
    f.todos.map((t) => {
      const tr = tracking.get(t);
      return { file: f.path, line: t.line, column: t.column, tag: t.tag, text: t.text, id: tr && 'id' in tr ? tr.id : null, tracking: tr?.kind ?? 'untracked', owner: t.owner ?? null };
    }),
  );
  if (ctx.json) {
    ctx.printJson({ todos: rows, filesVisited: scan.filesVisited, skipped: scan.skipped, capped: scan.files.filter((f) => f.capped).map((f) => f.path) });
    return 0;
  }
  if (rows.length === 0) ctx.out('No TODO comments.');
  const where = rows.map((r) => `${r.file}:${r.line}:${r.column}`);
  const w = widest(where, 0);
  const tw = widest(rows.map((r) => r.tag), 0);
  const shownId = (r: (typeof rows)[number]) => (r.tracking === 'dismissed' ? 'x' : r.id === null ? '-' : r.tracking === 'unknown-id' ? `${r.id}?` : r.id);
  const iw = widest(rows.map(shownId), 1);
  rows.forEach((r, i) => {
    const id = shownId(r);
    ctx.out(`${where[i].padEnd(w)}  ${r.tag.padEnd(tw)}  ${id.padEnd(iw)}  ${r.text}`.trimEnd());
  });
  const untracked = rows.filter((r) => r.tracking === 'untracked').length;
  const unknown = rows.filter((r) => r.tracking === 'unknown-id').length;
  const dismissed = rows.filter((r) => r.tracking === 'dismissed').length;
  if (rows.length > 0) {
    ctx.out(
      `${rows.length} comment${rows.length === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}, ${untracked} untracked` +
        `${dismissed ? `, ${dismissed} dismissed (marked x)` : ''}${unknown ? `, ${unknown} naming an id that is not in the backlog (marked ?)` : ''}`,
    );
  }
  reportSkipped(ctx, scan);
  return 0;
}

async function captureTodos(ctx: CliContext, scan: WorkspaceScan): Promise<number> {
  requireBacklog(ctx.snapshot);
  const format = stringOption(ctx, 'marker-format') ?? DEFAULT_MARKER_FORMAT;
  const formatProblem = markerFormatProblem(format);
  if (formatProblem) throw new BacklogError(`--marker-format ${formatProblem} (got "${format}")`, 'invalid-value');
  const writeIds = flag(ctx, 'write-ids');
  const dryRun = flag(ctx, 'dry-run');
  const plan = planCapture(scannedFiles(scan), ctx.snapshot.items, { config: ctx.snapshot.config, dismissed: await dismissedTodos(ctx) });
  const created: { id: string; title: string; path: string; line: number; type: string }[] = [];
  const edits = new Map<string, { edit: MarkerEdit; id: string }[]>();
  for (const c of plan.create) {
    if (dryRun) {
      created.push({ id: '(new)', title: c.item.title, path: c.path, line: c.todo.line, type: c.item.type ?? '' });
      continue;
    }
    const item = await ctx.backlog.create(c.item);
    created.push({ id: item.id, title: item.title, path: c.path, line: c.todo.line, type: item.type });
    if (writeIds) {
      const list = edits.get(c.path) ?? [];
      list.push({ edit: c.marker, id: item.id });
      edits.set(c.path, list);
    }
  }
  const written: string[] = [];
  const stale: { path: string; line: number }[] = [];
  const byPath = new Map(scan.files.map((f) => [f.path, f]));
  for (const [path, list] of edits) {
    const result = await writeMarkers(byPath.get(path)!, list, format);
    written.push(...result.written);
    stale.push(...result.stale.map((e) => ({ path, line: e.line })));
  }
  if (ctx.json) {
    ctx.printJson({
      dryRun,
      created,
      linked: plan.linked.map((l) => ({ file: l.path, line: l.todo.line, id: l.id, via: l.via })),
      unknownIds: plan.unknownIds.map((u) => ({ file: u.path, line: u.todo.line, id: u.id })),
      dismissed: plan.dismissed.map((d) => ({ file: d.path, line: d.todo.line })),
      idsWritten: written,
      stale,
      skipped: scan.skipped,
    });
  } else {
    for (const c of created) ctx.out(`${dryRun ? 'would create' : 'created'} ${c.id}  ${c.type.padEnd(5)}  ${c.path}:${c.line}  ${c.title}`);
    for (const u of plan.unknownIds) ctx.out(`not captured: ${u.path}:${u.todo.line} names ${u.id}, which is not in the backlog`);
    for (const s of stale) ctx.io.stderr.write(`repo-backlog todos: ${s.path}:${s.line} changed since it was scanned; its id was not written (the item links to it by text)\n`);
    ctx.out(
      `${dryRun ? 'would create' : 'created'} ${created.length} item${created.length === 1 ? '' : 's'}, ${plan.linked.length} already linked` +
        (plan.dismissed.length ? `, ${plan.dismissed.length} dismissed (left out)` : '') +
        (writeIds && !dryRun ? `, ${written.length} id${written.length === 1 ? '' : 's'} written into comments` : ''),
    );
    reportSkipped(ctx, scan);
  }
  return 0;
}

/**
 * Writes ids into one file: re-reads it, applies only the edits whose text is unchanged, and
 * writes atomically in the file's own encoding, so line endings and every other byte stay.
 */
async function writeMarkers(file: ScannedSource, edits: { edit: MarkerEdit; id: string }[], format: string): Promise<{ written: string[]; stale: MarkerEdit[] }> {
  const decoded = decodeFileBytes(await fs.readFile(file.absolutePath));
  if (decoded.kind !== 'text' || decoded.encoding !== file.encoding) return { written: [], stale: edits.map((e) => e.edit) };
  const result = applyMarkers(decoded.text, edits, format);
  if (result.applied.length > 0) await writeFileAtomic(file.absolutePath, encodeSource(result.text, decoded.encoding));
  const appliedSet = new Set(result.applied);
  return { written: edits.filter((e) => appliedSet.has(e.edit)).map((e) => e.id), stale: [...result.stale] };
}
