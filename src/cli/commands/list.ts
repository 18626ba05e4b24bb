import { matchesQuery } from '../../core/query';
import { queryOption, stringOption, stringsOption, type CliCommand } from '../command';
import { itemJson, itemTable, requireBacklog } from '../shared';

export const listCommand: CliCommand = {
  name: 'list',
  usage:
    'list [--status S] [--type T] [--label L] [--query Q]\n' +
    '                                         items in rank order (Q: "status:Ready -label:ui text")',
  options: {
    status: { type: 'string' },
    type: { type: 'string' },
    label: { type: 'string', multiple: true },
    query: { type: 'string' },
  },
  async run(ctx) {
    const { snapshot } = ctx;
    requireBacklog(snapshot);
    const query = queryOption(ctx);
    const status = stringOption(ctx, 'status')?.toLowerCase();
    const type = stringOption(ctx, 'type')?.toLowerCase();
    const labels = stringsOption(ctx, 'label');
    const items = snapshot.items.filter(
      (i) =>
        (status === undefined || i.status.toLowerCase() === status) &&
        (type === undefined || i.type.toLowerCase() === type) &&
        (labels === undefined || labels.every((l) => i.labels.includes(l))) &&
        matchesQuery(i, query, snapshot.config),
    );
    if (ctx.json) ctx.printJson(items.map((i) => itemJson(i, ctx.root)));
    else ctx.out(itemTable(items));
    return 0;
  },
};
