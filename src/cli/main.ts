import { inertText } from '../core/inertText';
import { run } from './run';

run(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(inertText(`repo-backlog: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`, { multiline: true }));
    process.exitCode = 2;
  },
);
