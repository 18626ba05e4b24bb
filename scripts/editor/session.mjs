// One real-editor session: code-server + headless Debian Chromium (playwright-core) on a workbench
// page with the extension under development loaded. Used three ways:
//   - runExtensionTests(): mocha inside the extension host (test/vscode), results parsed from its log
//   - openEditor(): a page for browser-level specs (test/e2e) to drive
//   - scripts/start.mjs reuses the code-server half for `npm start`.
// Everything a session creates lives in one temp folder and one process group, removed on close.
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quietSettings, sleep, startCodeServer, userSettingsPath, workbenchUrl, writeUserSettings } from './codeServer.mjs';
import { ensureTools } from './tools.mjs';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where logs, screenshots and summaries go; REPO_BACKLOG_RESULTS_DIR keeps parallel runs apart. */
export const RESULTS_DIR = resolve(process.env.REPO_BACKLOG_RESULTS_DIR || join(REPO_ROOT, 'test-results'));
export const FIXTURE_WORKSPACE = join(REPO_ROOT, 'test', 'fixtures', 'workspace');
/** The extension-host test entry the payload points at (built by `node esbuild.mjs --tests`). */
export const EXTENSION_TESTS_ENTRY = join(REPO_ROOT, 'out', 'test', 'vscode', 'index.js');

/** Lines the extension-host side writes (test/vscode/index.ts and harness/screenshots.ts). */
const TEST_LINE = /\[test\] (pass|fail|skip) (.*)$/;
const DONE_LINE = /\[test\] done passed=(\d+) failed=(\d+) skipped=(\d+)/;
const SCREENSHOT_LINE = /\[screenshot\] ([\w.-]+)/;

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Copies a workspace (default: the fixture) into a fresh temp folder so a session may write to it.
 * Parse caches are left behind: a test must see the files, not a stale index from another run.
 */
export function copyWorkspace(source = FIXTURE_WORKSPACE, parent = tmpdir()) {
  const target = mkdtempSync(join(parent, 'repo-backlog-workspace-'));
  cpSync(source, target, { recursive: true, filter: (src) => !/[\\/]\.backlog[\\/]\.cache(?:$|[\\/])/.test(src) });
  return target;
}

/**
 * Starts code-server and a browser page on the workbench.
 * @param {object} o
 * @param {string} o.name session name: names its log file test-results/logs/<name>.log
 * @param {string} o.workspace folder to open (copy it first if the session writes: copyWorkspace())
 * @param {string} [o.extensionPath] extension under development (default: this repo)
 * @param {string[]} [o.moreExtensions] absolute folders of more extensions to load in development
 *   mode next to it (e.g. test/fixtures/test-provider, a test extension feeding the Test Explorer)
 * @param {string} [o.testsPath] extension-host test entry; omit for browser-driven sessions
 * @param {'dark'|'light'|string} [o.theme] initial color theme
 * @param {Record<string, unknown>} [o.settings] extra user settings
 * @param {(line: string, source: string) => void} [o.onLog] every log line, as it arrives
 * @param {{width: number, height: number}} [o.viewport]
 * @param {string} [o.resultsDir]
 */
export async function openEditor({
  name,
  workspace,
  extensionPath = REPO_ROOT,
  moreExtensions = [],
  testsPath,
  theme = 'dark',
  settings = {},
  onLog = () => {},
  viewport = { width: 1360, height: 860 },
  resultsDir = RESULTS_DIR,
}) {
  const timings = {};
  let t = Date.now();
  const tools = await ensureTools({ log: (line) => onLog(line, 'tools') });
  timings.tools = Date.now() - t;

  const stateDir = mkdtempSync(join(tmpdir(), 'repo-backlog-editor-'));
  const acksDir = join(stateDir, 'screenshot-acks');
  mkdirSync(acksDir);
  const logsDir = join(resultsDir, 'logs');
  const screenshotsDir = join(resultsDir, 'screenshots');
  mkdirSync(logsDir, { recursive: true });
  mkdirSync(screenshotsDir, { recursive: true });
  const logFile = join(logsDir, `${name}.log`);
  writeFileSync(logFile, '');

  const lines = [];
  const log = (line, source) => {
    lines.push(line);
    appendFileSync(logFile, `[${source}] ${line}\n`);
    onLog(line, source);
  };

  let server;
  let context;
  const close = async () => {
    await context?.close().catch(() => {});
    await server?.stop();
    if (server) appendFileSync(logFile, `\n--- code-server log ---\n${readTextSafe(server.logFile)}`);
    // Retried: the browser and server may still be flushing files into it as they exit.
    if (!process.env.REPO_BACKLOG_KEEP_STATE) removeQuietly(stateDir);
  };

  try {
    t = Date.now();
    server = await startCodeServer({
      tools,
      stateDir,
      settings: { ...quietSettings(theme), ...settings },
      // Read by test/vscode/harness: where the extension host waits for screenshot acknowledgements.
      env: { REPO_BACKLOG_SCREENSHOT_ACKS: acksDir, REPO_BACKLOG_E2E: '1' },
    });
    timings.server = Date.now() - t;

    t = Date.now();
    const { chromium } = await import('playwright-core');
    const profile = join(stateDir, 'chromium-profile');
    mkdirSync(join(profile, 'Default'), { recursive: true });
    // Third-party cookie blocking breaks the workbench's webview iframes.
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: tools.chromium,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      // Leave signal handling to us: we close the browser and the server group together.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    timings.browser = Date.now() - t;
  } catch (err) {
    await close();
    throw err;
  }

  // Anything failing from here on must still stop the browser and the server: a session left
  // running would keep logging into a suite that has already reported.
  let page;
  let screenshot;
  let url;
  const exitWaiters = [];
  try {
    page = context.pages()[0] ?? (await context.newPage());
    // codeAutomationLog already receives the workbench's log lines; of the page console keep only
    // errors and warnings (e.g. from webviews), and only in the log file.
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') appendFileSync(logFile, `[console:${msg.type()}] ${msg.text()}\n`);
    });
    page.on('requestfailed', (req) => appendFileSync(logFile, `[request failed] ${req.url()} ${req.failure()?.errorText ?? ''}\n`));
    page.on('pageerror', (err) => log(`pageerror: ${err.message}`, 'page'));

    let screenshotChain = Promise.resolve();
    screenshot = async (shotName) => {
      const file = join(screenshotsDir, `${shotName}.png`);
      // Let the workbench finish repainting (theme changes and view reveals animate), and let each
      // visible webview paint its page: a webview shows nothing for a while after its HTML is set.
      await sleep(400);
      const deadline = Date.now() + 10_000;
      while ((await webviewTexts(page)).some((text) => !text.trim()) && Date.now() < deadline) await sleep(100);
      await page.screenshot({ path: file });
      log(`saved ${file}`, 'screenshot');
      return { file, ...(await pageFacts(page)), webviewTexts: await webviewTexts(page) };
    };

    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = formatLogArgs(args);
      for (const line of text.split(/\r?\n/)) {
        log(line, `log:${type}`);
        const shot = SCREENSHOT_LINE.exec(line);
        if (shot) {
          // Screenshots are taken one at a time, in the order the tests asked for them.
          screenshotChain = screenshotChain.then(async () => {
            let ack;
            try {
              ack = JSON.stringify(await screenshot(shot[1]));
            } catch (err) {
              ack = `screenshot failed: ${err.message}`;
              log(ack, 'screenshot');
            }
            // Written aside and renamed: the extension host polls for the file and must never
            // read it half-written.
            writeFileSync(join(acksDir, `${shot[1]}.tmp`), ack);
            renameSync(join(acksDir, `${shot[1]}.tmp`), join(acksDir, `${shot[1]}.done`));
          });
        }
      }
    });
    await page.exposeFunction('codeAutomationExit', (code) => {
      log(`codeAutomationExit(${code})`, 'workbench');
      for (const w of exitWaiters) w(Number(code));
    });

    const developed = moreExtensions.length ? extensionsFolder(stateDir, [extensionPath, ...moreExtensions]) : extensionPath;
    url = workbenchUrl({ origin: server.origin, folder: workspace, extensionPath: developed, testsPath });
    t = Date.now();
    // A busy machine (CI, or tests in parallel) can take well over 30 s to serve the workbench.
    await page.goto(url, { timeout: 180_000, waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: 180_000 });
    timings.workbench = Date.now() - t;
  } catch (err) {
    await close();
    throw err;
  }

  return {
    name,
    page,
    context,
    server,
    url,
    workspace,
    stateDir,
    logFile,
    lines,
    timings,
    log,
    screenshot,
    /** Resolves with the code the workbench passes to codeAutomationExit (extension tests ended). */
    automationExit: new Promise((resolve) => exitWaiters.push(resolve)),
    /** Replaces the user settings.json; the workbench applies it live (e.g. to switch the theme). */
    writeSettings: (next) => writeUserSettings(stateDir, { ...quietSettings(theme), ...next }),
    settingsFile: userSettingsPath(stateDir),
    close,
  };
}

/**
 * Runs the extension-host test suite (test/vscode, bundled to out/test/vscode) in a real
 * workbench on a temp copy of the fixture workspace. Never throws: a harness problem is reported
 * in `error` and counts as a failure.
 * @returns {Promise<{passed: number, failed: number, skipped: number, tests: {title: string, state: string, error?: string}[], error?: string, durationMs: number, timings: object, logFile?: string}>}
 */
export async function runExtensionTests({
  name = 'vscode',
  workspaceSource = FIXTURE_WORKSPACE,
  testsPath = EXTENSION_TESTS_ENTRY,
  timeoutMs = Number(process.env.REPO_BACKLOG_SESSION_TIMEOUT_MS) || 600_000, // hang guard for the whole suite; mocha times out single tests at 30 s
  theme = 'dark',
  onTest = () => {},
  onLog = () => {},
} = {}) {
  const started = Date.now();
  const tests = [];
  let summary;
  let pendingFail;
  const result = (extra) => ({
    passed: tests.filter((x) => x.state === 'pass').length,
    failed: tests.filter((x) => x.state === 'fail').length,
    skipped: tests.filter((x) => x.state === 'skip').length,
    tests,
    durationMs: Date.now() - started,
    ...extra,
  });
  if (!existsSync(testsPath)) return result({ error: `no extension-host test entry at ${testsPath} (run node esbuild.mjs --tests)`, timings: {} });

  const workspace = copyWorkspace(workspaceSource);
  let session;
  let timer;
  let finished = false;
  try {
    session = await openEditor({
      name,
      workspace,
      testsPath,
      theme,
      onLog: (line, source) => {
        if (finished) return; // a late line from a session being torn down is not a result
        onLog(line, source);
        const m = TEST_LINE.exec(line);
        if (m) {
          const [head, error] = m[2].split(' :: ');
          const timed = / \((\d+) ms\)$/.exec(head);
          const title = timed ? head.slice(0, timed.index) : head;
          const test = { title, state: m[1], ...(timed ? { durationMs: +timed[1] } : {}), ...(error ? { error } : {}) };
          tests.push(test);
          if (test.state === 'fail') pendingFail = test;
          onTest(test);
          return;
        }
        const d = DONE_LINE.exec(line);
        if (d) summary = { passed: +d[1], failed: +d[2], skipped: +d[3] };
        else if (pendingFail && /\[test\] {3}/.test(line)) pendingFail.details = (pendingFail.details ?? '') + line.replace(/^.*\[test\] {3}/, '') + '\n';
      },
    });
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const crashed = new Promise((resolve) => session.page.on('crash', () => resolve('crash')));
    const serverGone = session.server.exited.then((code) => `server-exit:${code}`);
    const outcome = await Promise.race([session.automationExit, timeout, crashed, serverGone]);
    const timings = { ...session.timings, tests: Date.now() - started - Object.values(session.timings).reduce((a, b) => a + b, 0) };
    let error;
    if (outcome === 'timeout') error = `extension-host tests did not finish within ${timeoutMs / 1000} s`;
    else if (outcome === 'crash') error = 'the browser page crashed';
    else if (typeof outcome === 'string') error = `code-server exited during the tests (${outcome})`;
    else if (!summary) error = `the extension-host test run ended (exit ${outcome}) without a summary line; see ${session.logFile}`;
    else if (summary.passed !== result().passed || summary.failed !== result().failed) {
      error = `log lost test lines: summary says ${summary.passed} passed/${summary.failed} failed, saw ${result().passed}/${result().failed}`;
    } else if (outcome !== 0 && summary.failed === 0) error = `extension tests exited with ${outcome} but reported no failure`;
    return result({ error, exitCode: outcome, timings, logFile: session.logFile });
  } catch (err) {
    return result({ error: `harness: ${err.stack ?? err}`, timings: session?.timings ?? {}, logFile: session?.logFile });
  } finally {
    finished = true;
    clearTimeout(timer);
    await session?.close();
    removeQuietly(workspace);
  }
}

/**
 * A folder of symlinks to several extension folders, to load them all in development mode. The
 * workbench keeps only the last `extensionDevelopmentPath` of the URL payload (it reads the payload
 * into a Map), but a development path without a package.json is scanned as a folder of extensions.
 */
function extensionsFolder(stateDir, extensionPaths) {
  const folder = join(stateDir, 'extensions-under-development');
  mkdirSync(folder);
  extensionPaths.forEach((path, i) => symlinkSync(resolve(path), join(folder, `${i}-${basename(path)}`), 'dir'));
  return folder;
}

/** codeAutomationLog receives the console arguments; strip console styling (%c + CSS). */
function formatLogArgs(args) {
  const parts = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : safeJson(a)));
  let text = parts.join(' ');
  if (text.includes('%c')) {
    // "%c[Extension Host] %cmessage css1 css2": drop the markers and the trailing CSS arguments.
    const count = (parts[0].match(/%c/g) ?? []).length;
    text = [parts[0].replace(/%c/g, ''), ...parts.slice(1 + count)].join(' ');
  }
  return text;
}

function safeJson(value) {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function readTextSafe(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '(no log)';
  }
}

/** Removes a temp folder; a failure is reported, never thrown (results matter more than /tmp). */
export function removeQuietly(dir) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  } catch (err) {
    console.warn(`could not remove ${dir}: ${err.message}`);
  }
}

/**
 * What a screenshot shows, for tests to assert on instead of trusting a picture nobody looks at:
 * the workbench's theme kind, its background colour, and how many tree rows and webview frames are
 * visible.
 */
/**
 * The text each visible webview shows (its active frame's body), so a screenshot can wait for
 * webviews to paint and a test can check what they showed. A webview's frames are cross-origin,
 * so this goes through Playwright's frames, not the workbench's DOM.
 */
export async function webviewTexts(page) {
  const texts = [];
  for (const outer of await page.$$('iframe.webview.ready')) {
    try {
      if (!(await outer.isVisible())) continue;
      const inner = await (await outer.contentFrame())?.$('iframe#active-frame');
      const content = await inner?.contentFrame();
      texts.push(content ? await content.evaluate(() => document.body?.innerText ?? '') : '');
    } catch {
      // The webview was replaced or disposed while being read: it is no longer on screen.
    }
  }
  return texts;
}

export function pageFacts(page) {
  return page.evaluate(() => {
    const workbench = document.querySelector('.monaco-workbench');
    const cls = workbench?.classList;
    const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    return {
      theme: cls && (cls.contains('vs-dark') || cls.contains('hc-black')) ? 'dark' : 'light',
      background: workbench ? getComputedStyle(workbench).backgroundColor : '',
      treeRows: [...document.querySelectorAll('.monaco-list-row')].filter(visible).length,
      webviews: [...document.querySelectorAll('iframe.webview.ready')].filter(visible).length,
    };
  });
}
