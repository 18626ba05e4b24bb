import { relative } from 'node:path';
import { BacklogError } from '../../core/backlog';
import { statusCategory } from '../../core/config';
import type { Item } from '../../core/item';
import { resolveScope } from '../../core/planning/forecastScope';
import { milestoneItems } from '../../core/planning/milestones';
import { forecastLines } from '../../core/planning/forecastText';
import type { Milestone } from '../../core/planning/milestoneFile';
import { fmt } from '../../core/planning/scoring';
import { stringOption, type CliCommand, type CliContext } from '../command';
import { itemJson, itemTable, requireBacklog } from '../shared';
import { forecastJson, forecastOf, startHistory, type StartedHistory } from './forecast';

const USAGE = [
  'milestone create NAME [--target YYYY-MM-DD] [--goal TEXT] [--id ID]',
  'milestone list                         milestones with their target and progress',
  'milestone show ID [--weeks N] [--runs N] [--seed N]',
  '                                         its items with progress and the forecast summary',
  '                                         (items join with `set ID milestone=MILESTONE`, or through their parent)',
].join('\n');

export const milestoneCommand: CliCommand<StartedHistory> = {
  name: 'milestone',
  usage: USAGE,
  options: {
    target: { type: 'string' },
    goal: { type: 'string' },
    id: { type: 'string' },
    weeks: { type: 'string' },
    runs: { type: 'string' },
    seed: { type: 'string' },
  },
  start: (root, values, positionals) => (positionals[0] === 'show' ? startHistory(root, values) : undefined),
  async run(ctx) {
    requireBacklog(ctx.snapshot);
    const [action, ...rest] = ctx.positionals;
    switch (action) {
      case 'create':
        return create(ctx, rest);
      case 'list':
        return list(ctx);
      case 'show':
        return show(ctx, rest);
      default:
        throw new BacklogError(`milestone ${action ? `"${action}" is not an action` : 'needs an action'}: create, list or show`, 'invalid-value');
    }
  },
};

/** Done and total, in items and points, of a milestone's items. */
function progress(ctx: CliContext, items: readonly Item[]) {
  const done = items.filter((i) => statusCategory(ctx.snapshot.config, i.status) === 'done');
  const points = (list: readonly Item[]) => list.reduce((s, i) => s + (i.points ?? 0), 0);
  return { done: done.length, total: items.length, pointsDone: points(done), pointsTotal: points(items) };
}

function milestoneJson(ctx: CliContext, m: Milestone): Record<string, unknown> {
  return { id: m.id, name: m.name, target: m.target ?? null, goal: m.goal ?? null, file: relative(ctx.root, m.file) };
}

async function create(ctx: CliContext, args: readonly string[]): Promise<number> {
  const name = args.join(' ').trim();
  if (!name) throw new BacklogError('milestone create needs a name, e.g. milestone create "Release 2" --target 2027-03-31', 'invalid-value');
  const milestone = await ctx.backlog.createMilestone({ name, id: stringOption(ctx, 'id'), target: stringOption(ctx, 'target'), goal: stringOption(ctx, 'goal') });
  if (ctx.json) ctx.printJson(milestoneJson(ctx, milestone));
  else ctx.out(milestone.id);
  return 0;
}

async function list(ctx: CliContext): Promise<number> {
  const s = ctx.snapshot;
  const hierarchy = s.relations;
  const rows = s.milestones.map((m) => ({ m, p: progress(ctx, milestoneItems(s.items, m, hierarchy)) }));
  if (ctx.json) {
    ctx.printJson(rows.map(({ m, p }) => ({ ...milestoneJson(ctx, m), progress: p })));
    return 0;
  }
  if (rows.length === 0) ctx.out('No milestones. Create one with: repo-backlog milestone create "Release 2" --target 2027-03-31');
  for (const { m, p } of rows) {
    ctx.out(`${m.id.padEnd(16)} ${(m.target ?? 'no target').padEnd(10)}  ${p.done}/${p.total} items done, ${fmt(p.pointsDone)}/${fmt(p.pointsTotal)} points${m.name !== m.id ? `  "${m.name}"` : ''}`);
  }
  return 0;
}

async function show(ctx: CliContext<StartedHistory>, args: readonly string[]): Promise<number> {
  if (!args[0]) throw new BacklogError('Which milestone? milestone show ID (see milestone list)', 'invalid-value');
  const work = resolveScope(ctx.snapshot, { kind: 'milestone', id: args[0] }, ctx.snapshot.relations);
  const m = work.milestone!;
  const p = progress(ctx, work.items);
  const { forecast, history } = await forecastOf(ctx, work, ctx.started);
  if (ctx.json) {
    ctx.printJson({ ...milestoneJson(ctx, m), progress: p, items: work.items.map((i) => itemJson(i, ctx.root, ctx.snapshot.relations)), forecast: forecastJson(work, forecast, history) });
    return 0;
  }
  ctx.out(`${m.name} (${m.id})${m.target ? ` · target ${m.target}` : ''}`);
  if (m.goal) ctx.out(`Goal: ${m.goal}`);
  ctx.out(`Progress: ${p.done}/${p.total} items done, ${fmt(p.pointsDone)}/${fmt(p.pointsTotal)} points`);
  ctx.out(itemTable(work.items));
  ctx.out('Forecast:');
  for (const line of forecastLines(forecast)) ctx.out(`  ${line}`);
  ctx.out(`  history from ${history}`);
  return 0;
}
