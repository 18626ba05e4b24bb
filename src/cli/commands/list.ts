import { matchesQuery } from '../../core/query';
import { flag, queryOption, stringOption, stringsOption, type CliCommand } from '../command';
import { findItem, itemJson, itemTable, requireBacklog } from '../shared';

export const listCommand: CliCommand = {
  name: 'list',
  usage:
    'list [--status S] [--type T] [--label L] [--query Q] [--parent ID] [--blocked]\n' +
    '                                         items in rank order (Q: "status:Ready -label:ui text");\n' +
    '                                         --parent: its children; --blocked: waiting for an open item',
  options: {
    status: { type: 'string' },
    type: { type: 'string' },
    label: { type: 'string', multiple: true },
    query: { type: 'string' },
    parent: { type: 'string' },
    blocked: { type: 'boolean' },
  },
  async run(ctx) {
    const { snapshot } = ctx;
    requireBacklog(snapshot);
    const query = queryOption(ctx);
    const status = stringOption(ctx, 'status')?.toLowerCase();
    const type = stringOption(ctx, 'type')?.toLowerCase();
    const labels = stringsOption(ctx, 'label');
    const parentRef = stringOption(ctx, 'parent');
    const { relations } = snapshot;
    const blocked = flag(ctx, 'blocked');
    const candidates = parentRef === undefined ? snapshot.items : relations.children(findItem(snapshot, parentRef).id);
    const items = candidates.filter(
      (i) =>
        (status === undefined || i.status.toLowerCase() === status) &&
        (type === undefined || i.type.toLowerCase() === type) &&
        (labels === undefined || labels.every((l) => i.labels.includes(l))) &&
        (!blocked || relations.isBlocked(i)) &&
        matchesQuery(i, query, snapshot),
    );
    if (ctx.json) ctx.printJson(items.map((i) => itemJson(i, ctx.root, relations)));
    else ctx.out(itemTable(items));
    return 0;
  },
};
