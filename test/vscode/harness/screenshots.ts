import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { sleep, waitFor } from './wait';

/** The two color themes the screenshots are taken in (both ship with VS Code). */
export const COLOR_THEMES = { dark: 'Default Dark Modern', light: 'Default Light Modern' } as const;
export type ThemeKind = keyof typeof COLOR_THEMES;

/** What the page showed when a screenshot was taken (see pageFacts in scripts/editor/session.mjs). */
export interface ScreenshotFacts {
  readonly file: string;
  readonly theme: ThemeKind;
  /** The workbench's computed background colour, e.g. `rgb(31, 31, 31)`. */
  readonly background: string;
  readonly treeRows: number;
  readonly webviews: number;
  /** The text each visible webview showed, as rendered (CSS text-transform applies); the driver waits up to 10 s for each to paint. */
  readonly webviewTexts: readonly string[];
}

/**
 * Asks the test driver for a screenshot of the whole workbench, saved as
 * test-results/screenshots/<name>.png, waits until it has been taken, and returns what the page
 * showed so the test can assert on it. The request is a log line because the extension host's
 * console is the only way out to the driver; the driver answers with a file in
 * REPO_BACKLOG_SCREENSHOT_ACKS. Outside the driver (e.g. F5 in desktop VS Code) this only logs
 * and returns undefined.
 */
export async function screenshot(name: string): Promise<ScreenshotFacts | undefined> {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`screenshot name "${name}" must be letters, digits, '.', '_' or '-'`);
  const acks = process.env.REPO_BACKLOG_SCREENSHOT_ACKS;
  if (!acks) {
    console.log(`[screenshot-skipped] ${name} (not running under the test driver)`);
    return undefined;
  }
  const ack = join(acks, `${name}.done`);
  if (existsSync(ack)) throw new Error(`screenshot "${name}" was already taken in this run; names must be unique`);
  console.log(`[screenshot] ${name}`);
  await waitFor(() => existsSync(ack), 20_000, `the driver to take screenshot "${name}"`);
  const result = readFileSync(ack, 'utf8');
  if (!result.startsWith('{')) throw new Error(result);
  return JSON.parse(result) as ScreenshotFacts;
}

/** Switches the workbench color theme and waits until VS Code reports it applied. */
export async function setColorTheme(kind: ThemeKind): Promise<void> {
  const wanted = kind === 'dark' ? vscode.ColorThemeKind.Dark : vscode.ColorThemeKind.Light;
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', COLOR_THEMES[kind], vscode.ConfigurationTarget.Global);
  await waitFor(() => vscode.window.activeColorTheme.kind === wanted, 10_000, `the ${kind} theme`);
  // The workbench restyles after the event fires; give it a frame or two.
  await sleep(200);
}

/**
 * Takes `<name>-dark` and `<name>-light` screenshots, restoring the user's theme afterwards, and
 * checks that each shows its theme (a dark or light workbench background). Returns what each showed.
 */
export async function screenshotBothThemes(name: string): Promise<ScreenshotFacts[]> {
  const config = vscode.workspace.getConfiguration('workbench');
  const previous = config.inspect<string>('colorTheme')?.globalValue;
  const shown: ScreenshotFacts[] = [];
  try {
    for (const kind of ['dark', 'light'] as const) {
      await setColorTheme(kind);
      const facts = await screenshot(`${name}-${kind}`);
      if (!facts) continue;
      if (facts.theme !== kind) throw new Error(`screenshot ${name}-${kind} shows the ${facts.theme} theme`);
      const lum = luminance(facts.background);
      if (kind === 'dark' ? lum > 0.2 : lum < 0.6) throw new Error(`screenshot ${name}-${kind}: background ${facts.background} is not a ${kind} one`);
      shown.push(facts);
    }
  } finally {
    await config.update('colorTheme', previous, vscode.ConfigurationTarget.Global);
  }
  return shown;
}

/** Relative luminance (WCAG) of a CSS `rgb()`/`rgba()` colour. */
export function luminance(color: string): number {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(color);
  if (!m) throw new Error(`not an rgb() colour: "${color}"`);
  const [r, g, b] = [m[1], m[2], m[3]].map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
