import * as vscode from 'vscode';
/**
 * Polls `predicate` until it returns a truthy value (which is returned) or `timeoutMs` passes.
 * Editor state (activation, views, webviews, file watchers) settles asynchronously: wait for the
 * condition you need rather than sleeping a guessed time.
 */
export async function waitFor<T>(
  predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
  what = 'condition',
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await sleep(intervalMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `promise`, or a rejection naming `what` once `timeoutMs` passes (for waiting on an event). */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs a command that first asks for a review in a quick pick (after work of its own, so the pick
 * opens at no fixed time), pressing Enter on the active row until the command is done.
 */
export async function acceptingReview<T>(running: Thenable<T>): Promise<T> {
  let settled = false;
  const result = Promise.resolve(running).finally(() => (settled = true));
  while (!settled) {
    await sleep(500);
    if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }
  return result;
}
