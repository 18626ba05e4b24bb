// Builds the extension host bundle, the CLI, the webview scripts (board, item page) and (with --tests) the
// unit and extension-host test bundles. One script so `npm start`, `npm test` and `vsce` agree.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const withTests = process.argv.includes('--tests');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  target: 'node20',
  platform: 'node',
  format: 'cjs',
};

function listTs(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listTs(full));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

// A production build (the .vsix) starts from an empty dist/: files left by a development build
// (source maps, renamed bundles) must never be packaged.
if (production) rmSync('dist', { recursive: true, force: true });

/** In the CLI bundle, `import('../../mcp/server')` loads dist/mcpServer.js from beside it at run time. */
const mcpServerApart = {
  name: 'mcp-server-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/\.\.\/mcp\/server$/ }, () => ({ path: './mcpServer.js', external: true }));
  },
};

const builds = [
  esbuild.build({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  esbuild.build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [mcpServerApart],
  }),
  // The MCP server (the SDK, zod, ajv: most of the CLI's code) in a bundle of its own, loaded by
  // `cli.js mcp` only: every other command, and git's merge driver, starts without parsing it.
  esbuild.build({ ...common, entryPoints: ['src/mcp/server.ts'], outfile: 'dist/mcpServer.js' }),
  // The TODO scan's worker threads, started by the extension from next to its bundle.
  esbuild.build({ ...common, entryPoints: ['src/node/todoScanWorker.ts'], outfile: 'dist/todoScanWorker.js' }),
];

try {
  if (statSync('webview').isDirectory() && listTs('webview').some((f) => f.endsWith('main.ts'))) {
    builds.push(
      esbuild.build({
        ...common,
        platform: 'browser',
        format: 'iife',
        target: 'es2022',
        entryPoints: ['webview/board/main.ts'],
        outfile: 'dist/webview/board.js',
      }),
      esbuild.build({
        ...common,
        platform: 'browser',
        format: 'iife',
        target: 'es2022',
        entryPoints: ['webview/item/main.ts'],
        outfile: 'dist/webview/item.js',
      }),
    );
  }
} catch {
  // no webview sources yet
}

if (withTests) {
  // The extension-host runner (out/test/vscode/index.js) loads every *.test.js it finds there, so
  // a deleted test must not linger from an earlier build; outbase keeps index.js at that path.
  // Clear old bundles so a deleted or renamed test never runs again from a stale file.
  rmSync('out/test/vscode', { recursive: true, force: true });
  rmSync('out/test/unit', { recursive: true, force: true });
  builds.push(
    // proper-lockfile (through signal-exit) hooks process signals when loaded: one shared copy from
    // node_modules, not one per test bundle (which warned of a listener leak).
    esbuild.build({ ...common, entryPoints: listTs('test/unit'), outdir: 'out/test/unit', external: ['mocha', 'proper-lockfile'] }),
    esbuild.build({
      ...common,
      entryPoints: listTs('test/vscode'),
      outbase: 'test/vscode',
      outdir: 'out/test/vscode',
      external: ['vscode', 'mocha'],
    }),
  );
}

await Promise.all(builds);

// Codicons are shipped with the extension so the webview never loads anything remote.
mkdirSync('dist/media/codicons', { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf']) {
  cpSync(join('node_modules/@vscode/codicons/dist', f), join('dist/media/codicons', f));
}
// The board's and the item page's stylesheets: the webviews may load files from dist/ only.
cpSync('media/board.css', 'dist/media/board.css');
cpSync('media/item.css', 'dist/media/item.css');
