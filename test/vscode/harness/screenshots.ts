import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { sleep, waitFor } from './wait';

/** The two color themes the screenshots are taken in (both ship with VS Code). */
export const COLOR_THEMES = { dark: 'Default Dark Modern', light: 'Default Light Modern' } as const;
export type ThemeKind = keyof typeof COLOR_THEMES;

/**
 * Asks the test driver for a screenshot of the whole workbench, saved as
 * test-results/screenshots/<name>.png, and waits until it has been taken so the test can move on.
 * The request is a log line because the extension host's console is the only way out to the
 * driver; the driver acknowledges with a file in REPO_BACKLOG_SCREENSHOT_ACKS. Outside the
 * driver (e.g. F5 in desktop VS Code) this only logs.
 */
export async function screenshot(name: string): Promise<void> {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`screenshot name "${name}" must be letters, digits, '.', '_' or '-'`);
  const acks = process.env.REPO_BACKLOG_SCREENSHOT_ACKS;
  if (!acks) {
    console.log(`[screenshot-skipped] ${name} (not running under the test driver)`);
    return;
  }
  const ack = join(acks, `${name}.done`);
  if (existsSync(ack)) throw new Error(`screenshot "${name}" was already taken in this run; names must be unique`);
  console.log(`[screenshot] ${name}`);
  await waitFor(() => existsSync(ack), 20_000, `the driver to take screenshot "${name}"`);
  const result = readFileSync(ack, 'utf8');
  if (result !== 'ok') throw new Error(result);
}

/** Switches the workbench color theme and waits until VS Code reports it applied. */
export async function setColorTheme(kind: ThemeKind): Promise<void> {
  const wanted = kind === 'dark' ? vscode.ColorThemeKind.Dark : vscode.ColorThemeKind.Light;
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', COLOR_THEMES[kind], vscode.ConfigurationTarget.Global);
  await waitFor(() => vscode.window.activeColorTheme.kind === wanted, 10_000, `the ${kind} theme`);
  // The workbench restyles after the event fires; give it a frame or two.
  await sleep(200);
}

/** Takes `<name>-dark` and `<name>-light` screenshots, restoring the user's theme afterwards. */
export async function screenshotBothThemes(name: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('workbench');
  const previous = config.inspect<string>('colorTheme')?.globalValue;
  try {
    for (const kind of ['dark', 'light'] as const) {
      await setColorTheme(kind);
      await screenshot(`${name}-${kind}`);
    }
  } finally {
    await config.update('colorTheme', previous, vscode.ConfigurationTarget.Global);
  }
}
