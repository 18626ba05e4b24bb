import type { CliCommand } from './command';
import { addCommand } from './commands/add';
import { checkCommand } from './commands/check';
import { initCommand } from './commands/init';
import { listCommand } from './commands/list';
import { moveCommand } from './commands/move';
import { setCommand } from './commands/set';
import { showCommand } from './commands/show';
import { testsCommand } from './commands/tests';

/** Every CLI command, in the order the help lists them. Add a command by adding its file here. */
export const COMMANDS: readonly CliCommand[] = [initCommand, addCommand, listCommand, showCommand, setCommand, moveCommand, checkCommand, testsCommand];
