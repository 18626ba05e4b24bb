import { relative } from 'node:path';
import { BacklogError } from '../../core/backlog';
import type { Item } from '../../core/item';
import { doneOlderThan } from '../../core/planning/grooming';
import { flag, stringOption, type CliCommand } from '../command';
import { findItem, itemTable, requireBacklog } from '../shared';
import { lastChanges } from './groom';

export const archiveCommand: CliCommand = {
  name: 'archive',
  usage:
    'archive [ID...] [--done-older-than DAYS] [--dry-run]\n' +
    '                                         move items to .backlog/archive/ (kept, out of the way)\n' +
    'archive --list | --restore ID          archived items; bring one back',
  options: {
    'done-older-than': { type: 'string' },
    'dry-run': { type: 'boolean' },
    list: { type: 'boolean' },
    restore: { type: 'string' },
  },
  async run(ctx) {
    const { snapshot, backlog } = ctx;
    requireBacklog(snapshot);
    if (flag(ctx, 'list')) {
      const archived = await backlog.readArchive();
      if (ctx.json) ctx.printJson(archived.items.map((i) => ({ id: i.id, title: i.title, status: i.status, points: i.points ?? null, file: relative(ctx.root, i.file) })));
      else ctx.out(itemTable(archived.items));
      return 0;
    }
    const restore = stringOption(ctx, 'restore');
    if (restore !== undefined) {
      const item = await backlog.restore(restore.toUpperCase());
      ctx.out(ctx.json ? JSON.stringify({ restored: item.id }) : `${item.id} restored to ${relative(ctx.root, item.file)}`);
      return 0;
    }
    const days = stringOption(ctx, 'done-older-than');
    const chosen: Item[] = ctx.positionals.map((id) => findItem(snapshot, id));
    if (days !== undefined) {
      const n = Number(days);
      if (!Number.isInteger(n) || n < 0) throw new BacklogError(`--done-older-than must be a whole number of days (got "${days}")`, 'invalid-value');
      const now = Date.now();
      for (const item of doneOlderThan(snapshot, n, now, await lastChanges(ctx, now - n * 86_400_000))) if (!chosen.includes(item)) chosen.push(item);
    }
    if (chosen.length === 0) {
      if (days === undefined) throw new BacklogError('Which items? Pass ids, or --done-older-than DAYS', 'invalid-value');
      ctx.out(ctx.json ? '[]' : `No done items older than ${days} days.`);
      return 0;
    }
    const dryRun = flag(ctx, 'dry-run');
    const moved: string[] = [];
    for (const item of chosen) {
      if (!dryRun) await backlog.archive(item);
      moved.push(item.id);
    }
    if (ctx.json) ctx.printJson({ archived: dryRun ? [] : moved, wouldArchive: dryRun ? moved : [] });
    else {
      ctx.out(itemTable(chosen));
      ctx.out(dryRun ? `Dry run: ${moved.length} item${moved.length === 1 ? '' : 's'} would move to .backlog/archive/.` : `Archived ${moved.length} item${moved.length === 1 ? '' : 's'} to .backlog/archive/.`);
    }
    return 0;
  },
};
