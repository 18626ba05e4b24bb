import { BacklogError } from '../../core/backlog';
import { requireMilestone } from '../../core/planning/milestones';
import type { CliCommand } from '../command';
import { findItem, itemJson } from '../shared';

export const setCommand: CliCommand = {
  name: 'set',
  usage:
    'set ID key=value ...                   change fields (empty value removes the key);\n' +
    '                                         parent=ID, blockedBy=ID1,ID2 (ids must exist, no cycles)',
  async run(ctx) {
    const [id, ...assignments] = ctx.positionals;
    findItem(ctx.snapshot, id);
    if (assignments.length === 0) throw new BacklogError('Nothing to set: pass key=value pairs, e.g. status=Done points=3', 'invalid-value');
    const changes: Record<string, unknown> = {};
    for (const a of assignments) {
      const eq = a.indexOf('=');
      if (eq <= 0) throw new BacklogError(`"${a}" is not key=value`, 'invalid-value');
      const key = a.slice(0, eq).trim();
      const value = a.slice(eq + 1);
      changes[key] = value === '' ? undefined : key === 'labels' || key === 'blockedBy' ? value.split(',') : key === 'points' ? Number(value) : value;
    }
    // A milestone is a file: a typo would silently plan the item for a release nobody tracks.
    if (typeof changes.milestone === 'string') changes.milestone = requireMilestone(ctx.snapshot.milestones, changes.milestone).id;
    const item = await ctx.backlog.update(id, changes);
    if (ctx.json) ctx.printJson(itemJson(item, ctx.root, ctx.backlog.snapshot.relations));
    else ctx.out(`${item.id} updated`);
    return 0;
  },
};
