import { join, resolve } from 'node:path';
import { BACKLOG_DIR } from '../../core/backlog';
import { driverCommand, gitTopLevel, setUpMergeDriver } from '../../node/gitMergeDriver';
import { stringOption, type CliCommand } from '../command';

export const initCommand: CliCommand = {
  name: 'init',
  usage: 'init [--prefix ABC]                    create .backlog/ with a default config.yaml',
  options: { prefix: { type: 'string' } },
  createsBacklog: true,
  async run(ctx) {
    const s = await ctx.backlog.init(stringOption(ctx, 'prefix'));
    // In a git repository, item files merge field by field from the start (see git-setup).
    const cli = process.argv[1] ? resolve(process.argv[1]) : undefined;
    const merge = cli && (await gitTopLevel(ctx.root)) ? await setUpMergeDriver(ctx.root, driverCommand(process.execPath, cli)).catch(() => undefined) : undefined;
    if (ctx.json) ctx.printJson({ root: ctx.root, config: s.config, mergeDriver: merge ?? null });
    else {
      ctx.out(`Initialized ${join(ctx.root, BACKLOG_DIR)} (id prefix ${s.config.idPrefix})`);
      if (merge?.attributesChanged) ctx.out('Added the item merge rule to .gitattributes and set up the merge driver for this clone.');
    }
    return 0;
  },
};
