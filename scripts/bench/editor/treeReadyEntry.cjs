// Extension-host entry for scripts/bench/treeReady.mjs (loaded as extensionTestsPath): opens the
// Items view on a big backlog and reports, as one `[bench]` log line, how long the extension took
// to load the backlog and to hand the tree its first items. Plain CommonJS: it is not a test.
const vscode = require('vscode');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

exports.run = async function run() {
  const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'repo-backlog');
  if (!ext) throw new Error('repo-backlog is not loaded');
  const api = await ext.activate();
  const focusAt = performance.now();
  await vscode.commands.executeCommand('repoBacklog.items.focus');
  while (api.timings.treeReadyAt === undefined && performance.now() - focusAt < 120_000) await sleep(2);
  const t = api.timings;
  const folder = api.folders.withBacklog()[0];
  console.log(
    '[bench] ' +
      JSON.stringify({
        items: folder ? folder.backlog.snapshot.items.length : 0,
        activationToLoadedMs: t.loadedAt - t.activationStart,
        activationToTreeReadyMs: t.treeReadyAt === undefined ? null : t.treeReadyAt - t.activationStart,
        // The view is opened after activation; when VS Code already showed it, this is negative.
        viewOpenToTreeReadyMs: t.treeReadyAt === undefined ? null : t.treeReadyAt - focusAt,
      }),
  );
};
