import { BacklogError, type MoveTarget } from '../../core/backlog';
import { flag, stringOption, type CliCommand } from '../command';
import { findItem, itemJson } from '../shared';

export const moveCommand: CliCommand = {
  name: 'move',
  usage: 'move ID --top|--bottom|--before ID2|--after ID2 [--status S]',
  options: {
    status: { type: 'string' },
    top: { type: 'boolean' },
    bottom: { type: 'boolean' },
    before: { type: 'string' },
    after: { type: 'string' },
  },
  async run(ctx) {
    const id = ctx.positionals[0];
    findItem(ctx.snapshot, id);
    const status = stringOption(ctx, 'status');
    const before = stringOption(ctx, 'before');
    const after = stringOption(ctx, 'after');
    const ends = [flag(ctx, 'top'), flag(ctx, 'bottom'), before !== undefined, after !== undefined].filter(Boolean);
    if (ends.length > 1) throw new BacklogError('Give only one of --top, --bottom, --before, --after', 'invalid-value');
    let target: MoveTarget;
    if (before) target = { status, before };
    else if (after) target = { status, after };
    else if (flag(ctx, 'top')) target = { status, to: 'top' };
    else if (flag(ctx, 'bottom')) target = { status, to: 'bottom' };
    else if (status !== undefined) {
      // Only a status change: keep the item's place in the order.
      const item = await ctx.backlog.update(id, { status });
      if (ctx.json) ctx.printJson(itemJson(item, ctx.root, ctx.backlog.snapshot.relations));
      else ctx.out(`${item.id} moved to ${item.status}`);
      return 0;
    } else throw new BacklogError('Where to? Pass --top, --bottom, --before ID, --after ID or --status S', 'invalid-value');
    const item = await ctx.backlog.move(id, target);
    if (ctx.json) ctx.printJson(itemJson(item, ctx.root, ctx.backlog.snapshot.relations));
    else ctx.out(`${item.id} moved${status ? ' to ' + item.status : ''}`);
    return 0;
  },
};
