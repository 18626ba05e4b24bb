import { resolve } from 'node:path';
import { BacklogError } from '../../core/backlog';
import { driverCommand, setUpMergeDriver } from '../../node/gitMergeDriver';
import type { CliCommand } from '../command';

export const gitSetupCommand: CliCommand = {
  name: 'git-setup',
  usage:
    'git-setup                              merge item files field by field: adds .gitattributes\n' +
    '                                         and this clone\'s git config for the merge driver',
  async run(ctx) {
    const cli = process.argv[1] ? resolve(process.argv[1]) : undefined;
    if (!cli) throw new BacklogError('Cannot tell where this CLI lives; run it as "node path/to/cli.js git-setup"', 'invalid-value');
    let result;
    try {
      result = await setUpMergeDriver(ctx.root, driverCommand(process.execPath, cli));
    } catch (e) {
      throw new BacklogError((e as Error).message, 'invalid-value');
    }
    if (ctx.json) ctx.printJson(result);
    else {
      ctx.out(result.attributesChanged ? 'Added the item merge rule to .gitattributes (commit it).' : '.gitattributes already has the item merge rule.');
      ctx.out(result.configChanged ? 'Configured the merge driver for this clone.' : 'The merge driver was already configured for this clone.');
    }
    return 0;
  },
};
