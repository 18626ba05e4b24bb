import { BacklogError } from '../core/backlog';
import { run } from '../cli/run';

/**
 * Runs a CLI command in this process with `--json` and returns what it printed, parsed. The
 * tools that wrap a whole command (TODO capture, test import, grooming) go through here, so an
 * agent gets exactly what `repo-backlog … --json` does, with its checks and limits.
 */
export async function runCliJson(root: string, argv: readonly string[]): Promise<Record<string, unknown>> {
  let stdout = '';
  let stderr = '';
  const code = await run([...argv, '--json', '--root', root], {
    cwd: root,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  let parsed: unknown;
  try {
    parsed = stdout.trim() ? JSON.parse(stdout) : undefined;
  } catch {
    parsed = undefined;
  }
  if (code !== 0 && parsed === undefined) throw new BacklogError(stderr.replace(/^repo-backlog( [a-z-]+)?: /, '').trim() || `${argv[0]} failed`, 'invalid-value');
  const out = (parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : { result: parsed }) as Record<string, unknown>;
  const messages = stderr.trim();
  return messages ? { ...out, messages: messages.split('\n').slice(0, 20) } : out;
}
