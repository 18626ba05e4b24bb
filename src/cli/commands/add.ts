import { flag, stringOption, stringsOption, type CliCommand } from '../command';
import { itemJson, requireBacklog } from '../shared';

export const addCommand: CliCommand = {
  name: 'add',
  usage:
    'add TITLE [--type T] [--status S] [--priority P] [--points N] [--label L ...]\n' +
    '    [--assignee A] [--sprint S] [--top]     create an item; prints its id',
  options: {
    type: { type: 'string' },
    status: { type: 'string' },
    priority: { type: 'string' },
    points: { type: 'string' },
    label: { type: 'string', multiple: true },
    assignee: { type: 'string' },
    sprint: { type: 'string' },
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
      position: flag(ctx, 'top') ? 'top' : 'bottom',
    });
    if (ctx.json) ctx.printJson(itemJson(item, ctx.root));
    else ctx.out(item.id);
    return 0;
  },
};
