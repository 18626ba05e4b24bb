import { join, resolve } from 'node:path';
import { BACKLOG_DIR } from '../../core/backlog';
import { driverCommand, gitTopLevel, setUpMergeDriver } from '../../node/gitMergeDriver';
import { addAgentsLine } from '../../mcp/agentsFile';
import { flag, stringOption, type CliCommand } from '../command';

export const initCommand: CliCommand = {
  name: 'init',
  usage:
    'init [--prefix ABC] [--agents]         create .backlog/ with a default config.yaml; --agents adds a line\n' +
    '                                         to AGENTS.md / CLAUDE.md pointing agents to "repo-backlog instructions"',
  options: { prefix: { type: 'string' }, agents: { type: 'boolean' } },
  createsBacklog: true,
  async run(ctx) {
    const s = await ctx.backlog.init(stringOption(ctx, 'prefix'));
    // In a git repository, item files merge field by field from the start (see git-setup).
    const cli = process.argv[1] ? resolve(process.argv[1]) : undefined;
    const merge = cli && (await gitTopLevel(ctx.root)) ? await setUpMergeDriver(ctx.root, driverCommand(process.execPath, cli)).catch(() => undefined) : undefined;
    const agentFiles = flag(ctx, 'agents') ? await addAgentsLine(ctx.root) : [];
    if (ctx.json) ctx.printJson({ root: ctx.root, config: s.config, mergeDriver: merge ?? null, agentFiles });
    else {
      ctx.out(`Initialized ${join(ctx.root, BACKLOG_DIR)} (id prefix ${s.config.idPrefix})`);
      if (merge?.attributesChanged) ctx.out('Added the item merge rule to .gitattributes and set up the merge driver for this clone.');
      for (const f of agentFiles) ctx.out(`Added a line to ${f} pointing coding agents to "repo-backlog instructions".`);
    }
    return 0;
  },
};
