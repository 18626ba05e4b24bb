import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Backlog, BacklogError, BACKLOG_DIR, type BacklogSnapshot, type MoveTarget } from '../core/backlog';
import type { Item } from '../core/item';
import { formatProblem } from '../core/problem';
import { matchesQuery, parseQuery } from '../core/query';
import { nodeFiles } from '../node/nodeFiles';

/** Where the CLI writes; injectable so tests run it in-process. */
export interface CliIo {
  readonly cwd: string;
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
}

const USAGE = `repo-backlog — the product backlog in .backlog/, from the command line

Usage: repo-backlog <command> [options]

Commands:
  init [--prefix ABC]                    create .backlog/ with a default config.yaml
  add TITLE [--type T] [--status S] [--priority P] [--points N] [--label L ...]
                                         create an item; prints its id
  list [--status S] [--type T] [--label L] [--query Q]
                                         items in rank order
  show ID                                one item with its body
  set ID key=value ...                   change fields (empty value removes the key)
  move ID --top|--bottom|--before ID2|--after ID2 [--status S]
  check [--fix]                          report problems as file:line:col; exit 1 on errors;
                                         --fix gives duplicate ids fresh ones

Options for every command:
  --root DIR   the folder holding .backlog/ (default: nearest upward from here)
  --json       machine-readable output where a command prints data
`;

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(rest);
  } catch (e) {
    io.stderr.write(`repo-backlog: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const root = values.root ? resolve(io.cwd, values.root) : command === 'init' ? io.cwd : findRoot(io.cwd);
  if (!root) {
    io.stderr.write(`repo-backlog: no ${BACKLOG_DIR}/ folder here or in any parent of ${io.cwd}; run "repo-backlog init" or pass --root\n`);
    return 2;
  }
  const backlog = new Backlog(root, nodeFiles);
  const out = (s: string) => io.stdout.write(s.endsWith('\n') ? s : s + '\n');
  const json = (v: unknown) => out(JSON.stringify(v, null, 2));
  try {
    const snapshot = await backlog.load();
    switch (command) {
      case 'init': {
        const s = await backlog.init(values.prefix);
        if (values.json) json({ root, config: s.config });
        else out(`Initialized ${join(root, BACKLOG_DIR)} (id prefix ${s.config.idPrefix})`);
        return 0;
      }
      case 'add': {
        const title = positionals.join(' ');
        const item = await backlog.create({
          title,
          type: values.type,
          status: values.status,
          priority: values.priority,
          points: values.points === undefined ? undefined : Number(values.points),
          labels: values.label,
          assignee: values.assignee,
          sprint: values.sprint,
          position: values.top ? 'top' : 'bottom',
        });
        if (values.json) json(toJson(item, root));
        else out(item.id);
        return 0;
      }
      case 'list': {
        requireBacklog(snapshot);
        const query = parseQuery(values.query ?? '');
        const items = snapshot.items.filter(
          (i) =>
            (values.status === undefined || i.status.toLowerCase() === values.status.toLowerCase()) &&
            (values.type === undefined || i.type.toLowerCase() === values.type.toLowerCase()) &&
            (values.label === undefined || values.label.every((l) => i.labels.includes(l))) &&
            matchesQuery(i, query, snapshot.config),
        );
        if (values.json) json(items.map((i) => toJson(i, root)));
        else out(table(items));
        return 0;
      }
      case 'show': {
        const item = findItem(snapshot, positionals[0]);
        if (values.json) json({ ...toJson(item, root), body: item.body });
        else {
          out(`${item.id}  ${item.title}`);
          out(`${item.type} · ${item.status}${item.priority ? ' · ' + item.priority : ''}${item.points !== undefined ? ' · ' + item.points + ' pts' : ''}`);
          if (item.labels.length) out(`labels: ${item.labels.join(', ')}`);
          if (item.assignee) out(`assignee: ${item.assignee}`);
          if (item.sprint) out(`sprint: ${item.sprint}`);
          for (const l of item.links) out(`link: ${l.path}${l.line ? ':' + l.line : ''}${l.kind ? ' (' + l.kind + ')' : ''}`);
          out(`file: ${relative(root, item.file)}`);
          out(item.body.trimEnd());
        }
        return 0;
      }
      case 'set': {
        const [id, ...assignments] = positionals;
        findItem(snapshot, id);
        if (assignments.length === 0) throw new BacklogError('Nothing to set: pass key=value pairs, e.g. status=Done points=3', 'invalid-value');
        const changes: Record<string, unknown> = {};
        for (const a of assignments) {
          const eq = a.indexOf('=');
          if (eq <= 0) throw new BacklogError(`"${a}" is not key=value`, 'invalid-value');
          const key = a.slice(0, eq).trim();
          const value = a.slice(eq + 1);
          changes[key] = value === '' ? undefined : key === 'labels' ? value.split(',') : key === 'points' ? Number(value) : value;
        }
        const item = await backlog.update(id, changes);
        if (values.json) json(toJson(item, root));
        else out(`${item.id} updated`);
        return 0;
      }
      case 'move': {
        const id = positionals[0];
        findItem(snapshot, id);
        const status = values.status;
        const ends = [values.top, values.bottom, values.before, values.after].filter((v) => v !== undefined && v !== false);
        if (ends.length > 1) throw new BacklogError('Give only one of --top, --bottom, --before, --after', 'invalid-value');
        let target: MoveTarget;
        if (values.before) target = { status, before: values.before };
        else if (values.after) target = { status, after: values.after };
        else if (values.top) target = { status, to: 'top' };
        else if (values.bottom) target = { status, to: 'bottom' };
        else if (status !== undefined) {
          // Only a status change: keep the item's place in the order.
          const item = await backlog.update(id, { status });
          if (values.json) json(toJson(item, root));
          else out(`${item.id} moved to ${item.status}`);
          return 0;
        } else throw new BacklogError('Where to? Pass --top, --bottom, --before ID, --after ID or --status S', 'invalid-value');
        const item = await backlog.move(id, target);
        if (values.json) json(toJson(item, root));
        else out(`${item.id} moved${status ? ' to ' + item.status : ''}`);
        return 0;
      }
      case 'check': {
        requireBacklog(snapshot);
        let s = snapshot;
        const repaired = values.fix ? await backlog.repairDuplicateIds() : [];
        if (repaired.length > 0) s = backlog.snapshot;
        const errors = s.problems.filter((p) => p.severity === 'error');
        if (values.json) {
          json({
            problems: s.problems.map((p) => ({ ...p, file: relative(root, p.file) })),
            repaired: repaired.map((r) => ({ file: relative(root, r.item.file), oldId: r.item.id, newId: r.newId, newFile: relative(root, r.newFile) })),
          });
        } else {
          for (const r of repaired) out(`repaired: ${relative(root, r.item.file)} had duplicate id ${r.item.id}; it is now ${r.newId} (${relative(root, r.newFile)})`);
          for (const p of s.problems) out(formatProblem(p, relative(root, p.file) || p.file));
          const warnings = s.problems.length - errors.length;
          out(`${s.items.length} items, ${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
        }
        return errors.length > 0 ? 1 : 0;
      }
      default:
        io.stderr.write(`repo-backlog: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof BacklogError) {
      io.stderr.write(`repo-backlog: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      root: { type: 'string' },
      json: { type: 'boolean' },
      prefix: { type: 'string' },
      type: { type: 'string' },
      status: { type: 'string' },
      priority: { type: 'string' },
      points: { type: 'string' },
      label: { type: 'string', multiple: true },
      assignee: { type: 'string' },
      sprint: { type: 'string' },
      query: { type: 'string' },
      top: { type: 'boolean' },
      bottom: { type: 'boolean' },
      before: { type: 'string' },
      after: { type: 'string' },
      fix: { type: 'boolean' },
    },
  });
}

/** The nearest folder at or above `start` that holds `.backlog/`. */
export function findRoot(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, BACKLOG_DIR))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function requireBacklog(s: BacklogSnapshot): void {
  if (s.kind === 'backlog-md') throw new BacklogError(`${join(s.root, BACKLOG_DIR)} holds a Backlog.md project; Repo Backlog leaves it untouched`, 'backlog-md');
  if (s.kind === 'missing') throw new BacklogError(`No backlog in ${s.root}: run "repo-backlog init"`, 'not-initialized');
}

function findItem(s: BacklogSnapshot, id: string | undefined): Item {
  requireBacklog(s);
  if (!id) throw new BacklogError('Which item? Pass its id, e.g. BL-7K3QM', 'invalid-value');
  const wanted = id.toUpperCase();
  const item = s.byId.get(wanted);
  if (!item) throw new BacklogError(`No item ${id}`, 'missing-item');
  return item;
}

function toJson(item: Item, root: string): Record<string, unknown> {
  return {
    id: item.id,
    title: item.title,
    type: item.type,
    status: item.status,
    priority: item.priority ?? null,
    points: item.points ?? null,
    labels: item.labels,
    assignee: item.assignee ?? null,
    sprint: item.sprint ?? null,
    rank: item.rank ?? null,
    created: item.created ?? null,
    updated: item.updated ?? null,
    links: item.links,
    file: relative(root, item.file),
    ...(Object.keys(item.extra).length > 0 ? { extra: item.extra } : {}),
  };
}

function table(items: readonly Item[]): string {
  if (items.length === 0) return 'No items.';
  const rows = items.map((i) => [i.id, i.status, i.type, i.priority ?? '', i.points === undefined ? '' : String(i.points), i.title]);
  const widths = [0, 1, 2, 3, 4].map((c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c < 5 ? cell.padEnd(widths[c]) : cell)).join('  ').trimEnd()).join('\n');
}
