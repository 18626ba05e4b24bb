import type { CliCommand } from './command';
import { addCommand } from './commands/add';
import { archiveCommand } from './commands/archive';
import { checkCommand } from './commands/check';
import { forecastCommand } from './commands/forecast';
import { gitSetupCommand } from './commands/gitSetup';
import { groomCommand } from './commands/groom';
import { initCommand } from './commands/init';
import { instructionsCommand } from './commands/instructions';
import { listCommand } from './commands/list';
import { mcpCommand } from './commands/mcp';
import { mergeDriverCommand } from './commands/mergeDriver';
import { milestoneCommand } from './commands/milestone';
import { moveCommand } from './commands/move';
import { rankCommand } from './commands/rank';
import { setCommand } from './commands/set';
import { showCommand } from './commands/show';
import { sprintCommand } from './commands/sprint';
import { testsCommand } from './commands/tests';
import { todosCommand } from './commands/todos';

/** Every CLI command, in the order the help lists them. Add a command by adding its file here. */
export const COMMANDS: readonly CliCommand[] = [initCommand, addCommand, listCommand, showCommand, setCommand, moveCommand, checkCommand, sprintCommand, milestoneCommand, forecastCommand, rankCommand, groomCommand, archiveCommand, testsCommand, todosCommand, instructionsCommand, mcpCommand, gitSetupCommand, mergeDriverCommand];
