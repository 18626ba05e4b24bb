import { join } from 'node:path';
import { BACKLOG_DIR } from '../../core/backlog';
import { stringOption, type CliCommand } from '../command';

export const initCommand: CliCommand = {
  name: 'init',
  usage: 'init [--prefix ABC]                    create .backlog/ with a default config.yaml',
  options: { prefix: { type: 'string' } },
  createsBacklog: true,
  async run(ctx) {
    const s = await ctx.backlog.init(stringOption(ctx, 'prefix'));
    if (ctx.json) ctx.printJson({ root: ctx.root, config: s.config });
    else ctx.out(`Initialized ${join(ctx.root, BACKLOG_DIR)} (id prefix ${s.config.idPrefix})`);
    return 0;
  },
};
