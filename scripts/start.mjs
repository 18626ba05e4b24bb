// `npm start`: builds the extension, makes sure the editor tools are installed, and serves a real
// VS Code (code-server) with the extension under development loaded on the demo workspace.
// Open the printed URL in a browser; Ctrl-C stops the server and every process it started.
//
// Options: --port N (default 8080, or the next free one), --workspace DIR (default demo/, else a
// copy of the test fixture). Editor state (settings, open editors) persists in .editor-state/.
// After changing code: run `npm run build`, then "Developer: Reload Window" in the editor.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, quietSettings, startCodeServer, workbenchUrl } from './editor/codeServer.mjs';
import { FIXTURE_WORKSPACE, REPO_ROOT } from './editor/session.mjs';
import { ensureTools } from './editor/tools.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('build failed; not starting the editor');
  process.exit(build.status ?? 1);
}

const tools = await ensureTools({ browser: false });
const stateDir = join(REPO_ROOT, '.editor-state');
mkdirSync(stateDir, { recursive: true });

let workspace = option('workspace') ? resolve(option('workspace')) : join(REPO_ROOT, 'demo');
if (!existsSync(workspace)) {
  // Never open the fixture itself: edits made while trying things out would change the tests' data.
  workspace = join(stateDir, 'workspace');
  if (!existsSync(workspace)) cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  console.log(`demo/ not found; using a copy of the test fixture in ${workspace}`);
}

const port = Number(option('port') ?? process.env.PORT ?? 8080);
const server = await startCodeServer({
  tools,
  stateDir,
  port: (await portIsFree(port)) ? port : await freePort(),
  // Keep the user's own settings across runs; only fill in the quiet defaults the first time.
  settings: existsSync(join(stateDir, 'user-data', 'User', 'settings.json')) ? null : quietSettings('dark'),
});

const url = workbenchUrl({ origin: server.origin, folder: workspace, extensionPath: REPO_ROOT });
console.log(`
Repo Backlog is running in VS Code (code-server) on ${workspace}

  Open: ${url}

The extension is loaded from ${REPO_ROOT} (the URL's payload makes it the extension under
development). After rebuilding (npm run build) use "Developer: Reload Window".
Logs: ${server.logFile}. Ctrl-C to stop.
`);

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping code-server…');
  await server.stop();
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
process.on('SIGHUP', () => stop(0));
const exitCode = await server.exited;
if (!stopping) {
  console.error(`code-server exited unexpectedly (${exitCode}); see ${server.logFile}`);
  await stop(1);
}

async function portIsFree(p) {
  const { createServer } = await import('node:net');
  return new Promise((resolveFree) => {
    const s = createServer();
    s.once('error', () => resolveFree(false));
    s.listen(p, '127.0.0.1', () => s.close(() => resolveFree(true)));
  });
}
