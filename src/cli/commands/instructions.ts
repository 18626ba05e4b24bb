import { readTeamGuide, workflowGuide } from '../../mcp/workflowGuide';
import type { CliCommand } from '../command';
import { requireBacklog } from '../shared';

export const instructionsCommand: CliCommand = {
  name: 'instructions',
  usage: 'instructions                           how this team works with its backlog, for coding agents without MCP',
  async run(ctx) {
    requireBacklog(ctx.snapshot);
    const guide = workflowGuide(ctx.snapshot.config, await readTeamGuide(ctx.root), 'cli');
    if (ctx.json) ctx.printJson({ guide });
    else ctx.out(guide);
    return 0;
  },
};
