// Starts code-server (the real VS Code workbench + server) for tests and `npm start`, with every bit
// of state in one folder and the whole process tree in its own process group: extension hosts
// are forked by the server and would otherwise outlive it (see /work/shared/notes/real-vscode.md).
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { cleanEnv } from './tools.mjs';

/** Theme names shipped with VS Code 1.139, by kind. */
export const COLOR_THEMES = { dark: 'Default Dark Modern', light: 'Default Light Modern' };

/**
 * User settings that keep the workbench quiet and deterministic for tests and screenshots:
 * no welcome page, tips, update checks, telemetry, trust prompts or AI side panels.
 */
export function quietSettings(theme = 'dark') {
  return {
    'workbench.colorTheme': COLOR_THEMES[theme] ?? theme,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'window.restoreWindows': 'none',
    'git.openRepositoryInParentFolders': 'never',
  };
}

/** Path of the user settings.json inside a code-server state folder. */
export function userSettingsPath(stateDir) {
  return join(stateDir, 'user-data', 'User', 'settings.json');
}

/** Writes the user settings.json; the running workbench watches the file and applies changes. */
export function writeUserSettings(stateDir, settings) {
  const file = userSettingsPath(stateDir);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(settings, null, 2) + '\n');
}

/** A TCP port nothing listens on right now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const liveGroups = new Set();
let exitHookInstalled = false;

/** Kills every process group we started if this process ends without stopping them. */
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      // Others (start.mjs, test.mjs) may clean up on the same signal; exit only if nobody else will.
      if (process.listenerCount(signal) <= 1) process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[signal]));
    });
  }
}

function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/**
 * Starts code-server on 127.0.0.1 and resolves once /healthz answers.
 * @param {object} o
 * @param {{node: string, codeServer: string}} o.tools paths from ensureTools()
 * @param {string} o.stateDir folder for config, user data, extensions, temp files and the server log
 * @param {number} [o.port] defaults to a free port
 * @param {Record<string, unknown> | null} [o.settings] user settings.json (default quietSettings(); null keeps the existing file)
 * @param {Record<string, string>} [o.env] extra environment for the server and its extension hosts
 * @param {number} [o.startTimeoutMs]
 * @returns {Promise<{port: number, origin: string, pid: number, logFile: string, exited: Promise<number|null>, stop: () => Promise<void>}>}
 */
export async function startCodeServer({ tools, stateDir, port, settings = quietSettings(), env = {}, startTimeoutMs = 60_000 }) {
  port ??= await freePort();
  const dirs = {
    userData: join(stateDir, 'user-data'),
    extensions: join(stateDir, 'extensions'),
    tmp: join(stateDir, 'tmp'),
    xdgConfig: join(stateDir, 'xdg-config'),
    xdgData: join(stateDir, 'xdg-data'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  // An explicit config file: code-server otherwise writes ~/.config/code-server/config.yaml.
  const config = join(stateDir, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  if (settings) writeUserSettings(stateDir, settings);

  const logFile = join(stateDir, 'code-server.log');
  const fd = openSync(logFile, 'a');
  const args = [
    tools.codeServer,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--config', config,
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    // Makes the workbench honour the `payload` URL parameter (extensionDevelopmentPath,
    // extensionTestsPath) and call window.codeAutomationExit/Log.
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  const child = spawn(tools.node, args, {
    // detached = setsid(): the server and every extension host share one process group we can kill.
    detached: true,
    stdio: ['ignore', fd, fd],
    env: {
      ...cleanEnv(),
      TMPDIR: dirs.tmp,
      XDG_CONFIG_HOME: dirs.xdgConfig,
      XDG_DATA_HOME: dirs.xdgData,
      // No extension gallery: tests never install from it, and offline its lookups only log errors.
      EXTENSIONS_GALLERY: '{}',
      ...env,
    },
  });
  closeSync(fd);
  const pgid = child.pid;
  installExitHook();
  liveGroups.add(pgid);

  let exitCode;
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exitCode = code ?? (signal ? `signal ${signal}` : null);
      resolve(exitCode);
    });
    child.on('error', (err) => {
      exitCode = `spawn error: ${err.message}`;
      resolve(null);
    });
  });

  const stop = async () => {
    if (!liveGroups.has(pgid)) return;
    killGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + 5_000;
    while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
    if (groupAlive(pgid)) killGroup(pgid, 'SIGKILL');
    liveGroups.delete(pgid);
  };

  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exitCode !== undefined) {
      await stop();
      throw new Error(`code-server exited (${exitCode}) before it answered; log: ${logFile}`);
    }
    if (await healthy(origin)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${origin}/healthz within ${startTimeoutMs / 1000} s; log: ${logFile}`);
    }
    await sleep(100);
  }
  return { port, origin, pid: pgid, logFile, exited, stop };
}

async function healthy(origin) {
  try {
    const res = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return res.ok;
  } catch {
    return false;
  }
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The workbench URL that opens `folder` with the extension under development loaded from
 * `extensionPath` and, when given, the extension-host test entry `testsPath` run inside it.
 * code-server has no --extensionDevelopmentPath flag; the smoke-test driver reads this payload.
 */
export function workbenchUrl({ origin, folder, extensionPath, testsPath }) {
  const authority = new URL(origin).host;
  const payload = [];
  if (extensionPath) payload.push(['extensionDevelopmentPath', `vscode-remote://${authority}${extensionPath}`]);
  if (testsPath) payload.push(['extensionTestsPath', `vscode-remote://${authority}${testsPath}`]);
  const params = new URLSearchParams({ folder });
  if (payload.length) params.set('payload', JSON.stringify(payload));
  return `${origin}/?${params}`;
}
