import { flag, stringOption, stringsOption, type CliCommand } from '../command';
import { itemJson, requireBacklog } from '../shared';

export const addCommand: CliCommand = {
  name: 'add',
  usage:
    'add TITLE [--type T] [--status S] [--priority P] [--points N] [--label L ...]\n' +
    '    [--assignee A] [--sprint S] [--parent ID] [--blocked-by ID ...] [--top]\n' +
    '                                         create an item; prints its id',
  options: {
    type: { type: 'string' },
    status: { type: 'string' },
    priority: { type: 'string' },
    points: { type: 'string' },
    label: { type: 'string', multiple: true },
    assignee: { type: 'string' },
    sprint: { type: 'string' },
    parent: { type: 'string' },
    'blocked-by': { type: 'string', multiple: true },
    top: { type: 'boolean' },
  },
  async run(ctx) {
    requireBacklog(ctx.snapshot);
    const points = stringOption(ctx, 'points');
    const item = await ctx.backlog.create({
      title: ctx.positionals.join(' '),
      type: stringOption(ctx, 'type'),
      status: stringOption(ctx, 'status'),
      priority: stringOption(ctx, 'priority'),
      points: points === undefined ? undefined : Number(points),
      labels: stringsOption(ctx, 'label'),
      assignee: stringOption(ctx, 'assignee'),
      sprint: stringOption(ctx, 'sprint'),
      parent: stringOption(ctx, 'parent'),
      blockedBy: stringsOption(ctx, 'blocked-by')?.flatMap((b) => b.split(',')),
      position: flag(ctx, 'top') ? 'top' : 'bottom',
    });
    if (ctx.json) ctx.printJson(itemJson(item, ctx.root, ctx.backlog.snapshot.relations));
    else ctx.out(item.id);
    return 0;
  },
};
