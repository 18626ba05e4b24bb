// Helpers for browser-level specs (test/e2e/*.spec.mjs): what a user does in the workbench, in
// the workbench's own terms. Selectors were checked against VS Code 1.139 (code-server 4.139.1);
// keep them here so a workbench change is fixed in one place.
import { COLOR_THEMES, sleep } from '../../scripts/editor/codeServer.mjs';

export { sleep };

/** Polls `predicate` until it returns a truthy value (returned) or the time is up. */
export async function waitFor(predicate, timeoutMs = 10_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}`);
    }
    await sleep(100);
  }
}

/** One row of a tree view as the workbench shows it (read from its accessibility attributes). */
export class TreeRow {
  constructor({ label, level, expanded, selected, text }) {
    /** The row's aria-label: the item's label plus its description, as screen readers hear it. */
    this.label = label;
    /** 1 for top-level rows. */
    this.level = level;
    /** true/false for collapsible rows, undefined for leaves. */
    this.expanded = expanded;
    this.selected = selected;
    /** The visible text of the row. */
    this.text = text;
  }
}

/** The workbench page of one editor session, with user-level actions. */
export class Workbench {
  /** @param {import('playwright-core').Page} page @param {object} session from openEditor() */
  constructor(page, session) {
    this.page = page;
    this.session = session;
  }

  /** Waits until the workbench has rendered and the extension host is running extensions. */
  async ready(timeoutMs = 60_000) {
    await this.page.waitForSelector('.monaco-workbench .part.activitybar', { timeout: timeoutMs });
    await this.page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: timeoutMs });
  }

  /** The activity bar entry whose accessible name starts with `title` (e.g. "Backlog"). */
  activityBarItem(title) {
    return this.page.locator(`.activitybar .action-item a[aria-label^="${cssString(title)}"]`).first();
  }

  /** Opens a view container from the activity bar (leaves it open when it already is). */
  async openViewContainer(title, timeoutMs = 20_000) {
    const item = this.activityBarItem(title);
    await item.waitFor({ timeout: timeoutMs });
    const open = await item.evaluate((a) => a.closest('.action-item')?.classList.contains('checked') ?? false);
    if (!open) await item.click();
    await this.page.waitForSelector('.part.sidebar .composite.title', { timeout: timeoutMs });
  }

  /** The side bar pane of the view named `name` (its header text), or the whole side bar. */
  pane(name) {
    const sidebar = this.page.locator('.part.sidebar');
    return name ? sidebar.locator('.pane', { has: this.page.locator('.pane-header', { hasText: name }) }).first() : sidebar;
  }

  /** The rows a tree view shows right now (only rendered rows: the list is virtualized). */
  async treeRows(viewName) {
    const rows = this.pane(viewName).locator('.monaco-list-row');
    return rows.evaluateAll((elements) =>
      elements.map((el) => ({
        label: el.getAttribute('aria-label') ?? '',
        level: Number(el.getAttribute('aria-level') ?? 1),
        expanded: el.hasAttribute('aria-expanded') ? el.getAttribute('aria-expanded') === 'true' : undefined,
        selected: el.getAttribute('aria-selected') === 'true',
        text: (el.textContent ?? '').trim(),
      })),
    ).then((list) => list.map((r) => new TreeRow(r)));
  }

  /**
   * Waits until a tree view shows any rows; returns them. The first render waits for the
   * extension host to start and activate the extension, which on a loaded CI machine takes a while.
   */
  async waitForTreeRows(view, timeoutMs = 60_000) {
    return waitFor(async () => {
      const rows = await this.treeRows(view);
      return rows.length > 0 && rows;
    }, timeoutMs, `rows in the ${view ?? 'side bar'} tree`);
  }

  /** Waits until a row whose label or text contains `text` is shown; returns it. */
  async waitForTreeRow(text, { view, timeoutMs = 20_000 } = {}) {
    return waitFor(
      async () => (await this.treeRows(view)).find((r) => r.label.includes(text) || r.text.includes(text)),
      timeoutMs,
      `a tree row containing "${text}"`,
    );
  }

  /** The tree row element containing `text`, for clicking, hovering or context menus. */
  treeRow(text, view) {
    return this.pane(view).locator('.monaco-list-row', { hasText: text }).first();
  }

  /** The tree row whose accessible label (TreeRow.label) is exactly `label`. */
  treeRowByLabel(label, view) {
    return this.pane(view).locator(`.monaco-list-row[aria-label="${cssString(label)}"]`).first();
  }

  /** Expands a collapsed tree row (no-op when it is already expanded or is a leaf). */
  async expandTreeRow(label, view) {
    const row = this.treeRowByLabel(label, view);
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
  }

  /** Runs a command from the command palette by its title as shown there (e.g. "Backlog: New Item"). */
  async runCommand(title) {
    // The palette lists what is enabled when it opens and does not refresh: a command whose
    // enablement is still settling at start-up (isWorkspaceTrusted) can be missing from the first
    // list, so the palette is opened afresh a few times before giving up.
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('F1');
      const input = this.quickInput().locator('input[type="text"], input:not([type])').first();
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`);
      try {
        await this.pickQuickItem(title, 5_000);
        return;
      } catch (e) {
        if (attempt === 4) throw e;
      }
    }
  }

  /**
   * Chooses the quick pick entry whose label is exactly `label`. (Fuzzy matching ranks other
   * entries first: "Color Theme" also matches "Browse Color Themes in Marketplace".)
   */
  async pickQuickItem(label, timeoutMs = 10_000) {
    const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    const row = this.quickInput()
      .locator('.monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exact }) })
      .first();
    await row.waitFor({ timeout: timeoutMs });
    await row.click();
  }

  /** The quick input (quick pick / input box) when one is open. */
  quickInput() {
    return this.page.locator('.quick-input-widget');
  }

  /**
   * Texts of the notifications the workbench holds (newest first). Read from the notification
   * center, opened for the moment and closed again: with the smoke-test driver these sessions run
   * with, VS Code 1.139 never shows notification toasts.
   */
  async notifications() {
    const center = this.page.locator('.notifications-center');
    const bell = this.page.locator('#status\\.notifications a');
    // The center is created when first shown: no waiting for it here.
    const wasOpen = await this.page.evaluate(() => document.querySelector('.notifications-center.visible') !== null);
    if (!wasOpen) {
      await bell.click();
      await this.page.locator('.notifications-center.visible').waitFor({ timeout: 5_000 });
    }
    const texts = await center.locator('.notification-list-item-message').allInnerTexts();
    if (!wasOpen) {
      await bell.click();
      await this.page.locator('.notifications-center.visible').waitFor({ state: 'detached', timeout: 5_000 });
    }
    return texts;
  }

  /**
   * Switches the color theme the way a user does: "Preferences: Color Theme" in the command
   * palette. (Rewriting settings.json races the workbench's own writes to it.)
   */
  async setColorTheme(kind) {
    const theme = COLOR_THEMES[kind] ?? kind;
    const dark = kind === 'dark' || /dark/i.test(theme);
    if (await this.isDarkTheme() !== dark) {
      // The picker lists "Default Light Modern" as "Light Modern".
      const label = theme.replace(/^Default /, '');
      await this.runCommand('Preferences: Color Theme');
      await this.quickInput().locator('input').first().fill(label);
      await this.pickQuickItem(label);
    }
    await waitFor(async () => (await this.isDarkTheme()) === dark, 15_000, `the ${theme} theme`);
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
    await sleep(300);
  }

  /** Whether the workbench is painted in a dark theme right now. */
  isDarkTheme() {
    return this.page.evaluate(() => {
      const cls = document.querySelector('.monaco-workbench')?.classList;
      return Boolean(cls && (cls.contains('vs-dark') || cls.contains('hc-black')));
    });
  }

  /**
   * Saves test-results/screenshots/<name>.png of the whole workbench; resolves to what the page
   * showed ({ file, theme, background, treeRows, webviews, webviewTexts }: see pageFacts and
   * webviewTexts in scripts/editor/session.mjs).
   */
  screenshot(name) {
    return this.session.screenshot(name);
  }

  /**
   * Takes `<name>-dark` and `<name>-light` screenshots and checks that each shows its theme;
   * resolves to what each showed, for the test's own assertions.
   */
  async screenshotBothThemes(name) {
    const shown = [];
    for (const kind of ['dark', 'light']) {
      await this.setColorTheme(kind);
      const facts = await this.screenshot(`${name}-${kind}`);
      if (facts.theme !== kind) throw new Error(`${facts.file} shows the ${facts.theme} theme, not ${kind}`);
      shown.push(facts);
    }
    return shown;
  }

  /** The content frame of the active webview (e.g. the board), for locators inside it. */
  webview() {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  }

  /** Log lines from the session (workbench and extension host) that report `extensionId` failing. */
  extensionErrors(extensionId) {
    return this.session.lines.filter((line) => line.includes(extensionId) && /activating extension.*failed|failed to activate/i.test(line));
  }

  /** Shows the Test Results view in the panel (VS Code also opens it itself when a run starts). */
  async showTestResults() {
    await this.runCommand('Test Results: Focus on Test Results View');
    await this.testResultsTree().waitFor({ timeout: 10_000 });
  }

  /** The tree of the Test Results view: runs, their tests and, under those, failure messages. */
  testResultsTree() {
    return this.page.locator('.part.panel .test-output-peek-tree').first();
  }

  /** The context menu while one is open (the workbench draws its own, also in the browser). */
  contextMenu() {
    return this.page.locator('.context-view .monaco-menu');
  }

  /** Right-clicks `target` (a locator, e.g. treeRow()) and returns the labels of its context menu entries. */
  async openContextMenu(target) {
    await this.closeContextMenu();
    await target.click({ button: 'right' });
    const menu = this.contextMenu();
    await menu.waitFor({ state: 'visible', timeout: 10_000 });
    // Menu entries listen for the mouse only from a 100 ms timer after they render (so the
    // right-click's own mouse-up chooses nothing); on a busy machine that timer runs late and an
    // earlier click is lost. A page timer set now, with a longer delay, runs after theirs.
    await this.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 150)));
    // Separators are entries without a label.
    return (await menu.locator('.action-item .action-label').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
  }

  /** The entries `target`'s context menu offers; the menu is closed again. */
  async contextMenuItems(target) {
    const labels = await this.openContextMenu(target);
    await this.closeContextMenu();
    return labels;
  }

  /** Chooses the entry labelled exactly `label` in the open context menu. */
  async clickContextMenuItem(label) {
    const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    await this.contextMenu().locator('.action-item .action-label', { hasText: exact }).first().click();
    await this.contextMenu().waitFor({ state: 'hidden', timeout: 5_000 });
  }

  /** Right-clicks `target` and chooses `label`; fails listing the entries when it is not offered. */
  async chooseFromContextMenu(target, label) {
    const labels = await this.openContextMenu(target);
    if (!labels.includes(label)) {
      await this.closeContextMenu();
      throw new Error(`the context menu has no "${label}" (it has: ${labels.join(' | ') || 'nothing'})`);
    }
    await this.clickContextMenuItem(label);
  }

  /** Closes an open context menu (no-op when none is open). */
  async closeContextMenu() {
    if (await this.contextMenu().isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.contextMenu().waitFor({ state: 'hidden', timeout: 5_000 });
    }
  }
}

function cssString(text) {
  return text.replace(/["\\]/g, '\\$&');
}
