import { relative } from 'node:path';
import { BacklogError } from '../../core/backlog';
import { addDays, localDate, systemUtcOffsetMinutes } from '../../core/planning/calendar';
import { ItemTimeline } from '../../core/planning/history';
import { reviewStart, sprintReview, type ReviewItem, type SprintReview } from '../../core/planning/review';
import { fmt } from '../../core/planning/scoring';
import type { Sprint } from '../../core/planning/sprintFile';
import {
  activeSprint, applySprintPlan, closeSprint, planSprint, requireSprint, sprintItems, sprintLoad, startSprint, type CarryOver, type SprintLoad,
} from '../../core/planning/sprints';
import { loadHistory } from '../../node/gitHistory';
import { flag, stringOption, stringsOption, type CliCommand, type CliContext } from '../command';
import { requireBacklog } from '../shared';

const USAGE = [
  'sprint list                            sprints with their state and committed points',
  'sprint create NAME [--start YYYY-MM-DD] [--end YYYY-MM-DD | --length DAYS] [--capacity POINTS] [--goal TEXT] [--id ID]',
  'sprint plan SPRINT [ID...] [--fill] [--remove ID]... [--dry-run]',
  '                                         add items (--fill: from the top of the product backlog up to capacity)',
  'sprint start SPRINT                    make it the active sprint (one at a time)',
  'sprint close SPRINT [--carry-to SPRINT | --to-backlog]',
  '                                         unfinished items go to the next planned sprint by default',
  'sprint show [SPRINT]                   review: scope at start, added/removed, done, burndown (--json for numbers)',
].join('\n');

export const sprintCommand: CliCommand = {
  name: 'sprint',
  usage: USAGE,
  options: {
    start: { type: 'string' },
    end: { type: 'string' },
    length: { type: 'string' },
    capacity: { type: 'string' },
    goal: { type: 'string' },
    id: { type: 'string' },
    fill: { type: 'boolean' },
    remove: { type: 'string', multiple: true },
    'dry-run': { type: 'boolean' },
    'carry-to': { type: 'string' },
    'to-backlog': { type: 'boolean' },
  },
  async run(ctx) {
    requireBacklog(ctx.snapshot);
    const [action, ...rest] = ctx.positionals;
    switch (action) {
      case 'list':
        return list(ctx);
      case 'create':
        return create(ctx, rest);
      case 'plan':
        return plan(ctx, rest);
      case 'start': {
        const sprint = await startSprint(ctx.backlog, requireSprint(ctx.snapshot, rest[0]).id);
        if (ctx.json) ctx.printJson(sprintJson(ctx, sprint));
        else ctx.out(`${sprint.id} is active: ${sprint.start} → ${sprint.end}`);
        return 0;
      }
      case 'close':
        return close(ctx, rest);
      case 'show':
        return show(ctx, rest);
      default:
        throw new BacklogError(`sprint ${action ? `"${action}" is not an action` : 'needs an action'}: list, create, plan, start, close or show`, 'invalid-value');
    }
  },
};

function numberOption(ctx: CliContext, name: string): number | undefined {
  const raw = stringOption(ctx, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0) throw new BacklogError(`--${name} must be a number of at least 0 (got "${raw}")`, 'invalid-value');
  return n;
}

function loadText(load: SprintLoad): string {
  const cap = load.capacity === undefined ? 'no capacity set' : `capacity ${fmt(load.capacity)}`;
  const over = load.over > 0 ? `, ${fmt(load.over)} OVER` : '';
  const unestimated = load.unestimated > 0 ? `, ${load.unestimated} unestimated` : '';
  return `${fmt(load.committed)} points committed, ${cap}${over} (${load.items} items${unestimated})`;
}

function sprintJson(ctx: CliContext, sprint: Sprint): Record<string, unknown> {
  return {
    id: sprint.id, name: sprint.name, state: sprint.state, start: sprint.start ?? null, end: sprint.end ?? null,
    goal: sprint.goal ?? null, capacity: sprint.capacity ?? null, started: sprint.started ?? null, closed: sprint.closed ?? null,
    carriedOver: sprint.carriedOver, carriedTo: sprint.carriedTo ?? null, file: relative(ctx.root, sprint.file),
  };
}

async function list(ctx: CliContext): Promise<number> {
  const s = ctx.backlog.snapshot;
  const rows = s.sprints.map((sprint) => ({ sprint, load: sprintLoad(sprintItems(s, sprint), sprint, s.config) }));
  if (ctx.json) {
    ctx.printJson(rows.map((r) => ({ ...sprintJson(ctx, r.sprint), committed: r.load.committed, items: r.load.items, done: r.load.done })));
    return 0;
  }
  if (rows.length === 0) ctx.out('No sprints. Create one with: repo-backlog sprint create "Sprint 1" --capacity 20');
  for (const { sprint, load } of rows) {
    ctx.out(`${sprint.id.padEnd(16)} ${sprint.state.padEnd(7)} ${sprint.start ?? '?'} → ${sprint.end ?? '?'}  ${loadText(load)}${sprint.name !== sprint.id ? `  "${sprint.name}"` : ''}`);
  }
  return 0;
}

async function create(ctx: CliContext, args: readonly string[]): Promise<number> {
  const name = args.join(' ').trim();
  if (!name) throw new BacklogError('sprint create needs a name, e.g. sprint create "Sprint 12" --capacity 20', 'invalid-value');
  const start = stringOption(ctx, 'start');
  const length = numberOption(ctx, 'length');
  let end = stringOption(ctx, 'end');
  if (end !== undefined && length !== undefined) throw new BacklogError('Give --end or --length, not both', 'invalid-value');
  if (length !== undefined) {
    if (!Number.isInteger(length) || length < 1) throw new BacklogError('--length is a whole number of days, at least 1', 'invalid-value');
    end = addDays(start ?? localDate(Date.now(), systemUtcOffsetMinutes()), length - 1);
  }
  const sprint = await ctx.backlog.createSprint({
    name, id: stringOption(ctx, 'id'), start, end, goal: stringOption(ctx, 'goal'), capacity: numberOption(ctx, 'capacity'),
  });
  if (ctx.json) ctx.printJson(sprintJson(ctx, sprint));
  else ctx.out(sprint.id);
  return 0;
}

async function plan(ctx: CliContext, args: readonly string[]): Promise<number> {
  const [ref, ...ids] = args;
  const sprint = requireSprint(ctx.snapshot, ref);
  const planned = planSprint(ctx.snapshot, sprint, { add: ids, remove: stringsOption(ctx, 'remove'), fill: flag(ctx, 'fill') });
  const dryRun = flag(ctx, 'dry-run');
  if (!dryRun) await applySprintPlan(ctx.backlog, planned);
  if (ctx.json) {
    ctx.printJson({
      sprint: sprint.id,
      applied: !dryRun,
      steps: planned.steps.map((s) => ({ id: s.item.id, title: s.item.title, action: s.action, points: s.item.points ?? null, committed: s.committed, overCapacity: s.overCapacity, note: s.note ?? null })),
      before: planned.before,
      after: planned.after,
      warnings: planned.warnings,
    });
    return 0;
  }
  ctx.out(`${sprint.id}: ${loadText(planned.before)}`);
  for (const s of planned.steps) {
    const pts = s.item.points === undefined ? '  ?' : String(s.item.points).padStart(3);
    ctx.out(`  ${s.action === 'add' ? '+' : '-'} ${s.item.id.padEnd(10)} ${pts} pts  → ${fmt(s.committed)}${s.overCapacity ? ' (over capacity)' : ''}  ${s.item.title}${s.note ? `  [${s.note}]` : ''}`);
  }
  if (planned.steps.length === 0) ctx.out('  nothing to change');
  for (const w of planned.warnings) ctx.out(`warning: ${w}`);
  ctx.out(`${dryRun ? 'Would be' : 'Now'}: ${loadText(planned.after)}${dryRun ? ' (dry run: nothing written)' : ''}`);
  return 0;
}

async function close(ctx: CliContext, args: readonly string[]): Promise<number> {
  const sprint = requireSprint(ctx.snapshot, args[0]);
  const carryTo = stringOption(ctx, 'carry-to');
  if (carryTo !== undefined && flag(ctx, 'to-backlog')) throw new BacklogError('Give --carry-to or --to-backlog, not both', 'invalid-value');
  const carry: CarryOver = carryTo !== undefined ? { to: 'sprint', sprint: carryTo } : flag(ctx, 'to-backlog') ? { to: 'backlog' } : { to: 'next' };
  const result = await closeSprint(ctx.backlog, sprint.id, carry);
  if (ctx.json) {
    ctx.printJson({ sprint: sprintJson(ctx, result.sprint), carriedTo: result.carriedTo?.id ?? 'backlog', carried: result.carried.map((i) => i.id), done: result.done.map((i) => i.id) });
    return 0;
  }
  ctx.out(`${sprint.id} closed: ${result.done.length} done, ${result.carried.length} unfinished`);
  if (result.carried.length > 0) ctx.out(`carried to ${result.carriedTo ? result.carriedTo.id : 'the product backlog'}: ${result.carried.map((i) => i.id).join(', ')}`);
  return 0;
}

async function show(ctx: CliContext, args: readonly string[]): Promise<number> {
  const sprint = args[0] ? requireSprint(ctx.snapshot, args[0]) : activeSprint(ctx.snapshot);
  if (!sprint) throw new BacklogError('No active sprint; name one: sprint show SPRINT', 'invalid-value');
  const now = Date.now();
  const offset = systemUtcOffsetMinutes();
  const history = await loadHistory(ctx.backlog, now, { since: reviewStart(sprint, now, offset) });
  const titles = new Map(ctx.snapshot.items.map((i) => [i.id, i.title]));
  const review = sprintReview({
    sprint, sprints: ctx.snapshot.sprints, timeline: new ItemTimeline(history.events), config: ctx.snapshot.config, now, utcOffsetMinutes: offset, titles,
  });
  if (ctx.json) {
    ctx.printJson(reviewJson(ctx, review, history.source, offset));
    return 0;
  }
  printReview(ctx, review, history.source);
  return 0;
}

function reviewJson(ctx: CliContext, r: SprintReview, source: string, offset: number): Record<string, unknown> {
  const items = (list: readonly ReviewItem[]) => list.map((i) => ({ ...i, points: i.points ?? null }));
  return {
    sprint: sprintJson(ctx, r.sprint),
    history: source,
    from: new Date(r.from).toISOString(),
    to: new Date(r.to).toISOString(),
    complete: r.complete,
    points: { ...r.points, capacity: r.points.capacity ?? null },
    committed: items(r.committed),
    added: items(r.added),
    removed: items(r.removed),
    done: items(r.done),
    notDone: items(r.notDone),
    burndown: r.burndown.map((p) => ({ ...p, at: new Date(p.at).toISOString() })),
    scopeChanges: r.scopeChanges.map((c) => ({ ...c, at: new Date(c.at).toISOString() })),
    utcOffsetMinutes: offset,
  };
}

function printReview(ctx: CliContext, r: SprintReview, source: string): void {
  const { sprint, points } = r;
  const out = (line: string) => ctx.out(line);
  out(`${sprint.name} (${sprint.id}) · ${sprint.state} · ${sprint.start ?? '?'} → ${sprint.end ?? '?'}`);
  if (sprint.goal) out(`Goal: ${sprint.goal}`);
  out(`Points: committed ${fmt(points.committed)}${points.capacity !== undefined ? ` of capacity ${fmt(points.capacity)}` : ''} · added ${fmt(points.added)} · removed ${fmt(points.removed)} · scope ${fmt(points.scope)} · done ${fmt(points.done)} · remaining ${fmt(points.remaining)}`);
  const section = (title: string, list: readonly ReviewItem[]) => {
    out(`${title} (${list.length}):`);
    for (const i of list) out(`  ${i.id.padEnd(10)} ${(i.points === undefined ? '?' : fmt(i.points)).padStart(4)} pts  ${i.status.padEnd(12)} ${i.title}`);
  };
  section('Committed at start', r.committed);
  section('Added since', r.added);
  section('Removed since', r.removed);
  section('Done', r.done);
  section('Not done', r.notDone);
  if (sprint.carriedOver.length > 0) out(`Carried over to ${sprint.carriedTo ?? 'the backlog'}: ${sprint.carriedOver.join(', ')}`);
  out('Burndown (points):');
  out(`  ${'day'.padEnd(10)} ${'ideal'.padStart(7)} ${'remaining'.padStart(9)} ${'scope'.padStart(6)}`);
  for (const p of r.burndown) {
    out(`  ${p.label.padEnd(10)} ${fmt(p.ideal).padStart(7)} ${(p.remaining === null ? '' : fmt(p.remaining)).padStart(9)} ${(p.scope === null ? '' : fmt(p.scope)).padStart(6)}`);
  }
  if (r.scopeChanges.length > 0) {
    out('Scope changes:');
    for (const c of r.scopeChanges) out(`  ${c.date} ${(c.delta >= 0 ? '+' : '') + fmt(c.delta)} ${c.change.padEnd(12)} ${c.id} ${c.title}`);
  }
  out(`History from: ${source === 'git' ? 'git' : source === 'recorded' ? '.backlog/history (recorded changes)' : 'the current files only (no history yet)'}${r.complete ? '' : ' · sprint still running'}`);
}
