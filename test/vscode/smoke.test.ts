import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { activeExtension, manifest } from './harness/extension';
import { screenshotBothThemes } from './harness/screenshots';
import { waitFor } from './harness/wait';
import { backlogPath } from './harness/workspace';

// What the product declares in package.json is what must exist at run time: these tests read the
// manifest instead of repeating ids, so they keep up as commands and views are added.
describe('the extension in a real editor', () => {
  const contributes = manifest().contributes ?? {};

  it('opens the fixture workspace with its .backlog folder', () => {
    assert.ok(existsSync(backlogPath('config.yaml')), `expected ${backlogPath('config.yaml')}`);
  });

  it('activates by itself in a workspace that has a .backlog folder', async () => {
    const extension = await activeExtension();
    assert.equal(extension.isActive, true);
  });

  it('registers every command it contributes', async () => {
    await activeExtension();
    const declared = (contributes.commands ?? []).map((c) => c.command);
    const missing = async () => {
      const registered = new Set(await vscode.commands.getCommands(true));
      return declared.filter((id) => !registered.has(id));
    };
    // Commands may be registered in later activation steps: give them a moment, then report.
    await waitFor(async () => (await missing()).length === 0, 10_000, 'contributed commands').catch(() => {});
    const notRegistered = await missing();
    assert.deepEqual(notRegistered, [], `declared in package.json but not registered: ${notRegistered.join(', ')}`);
  });

  it('shows its view container and views in the activity bar', async () => {
    await activeExtension();
    const containers = contributes.viewsContainers?.activitybar ?? [];
    assert.ok(containers.length > 0, 'package.json declares no activity bar view container');
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const container of containers) {
      // VS Code registers an "open view container" command for each container it shows.
      const open = `workbench.view.extension.${container.id}`;
      assert.ok(registered.has(open), `view container ${container.id} is not in the workbench`);
      await vscode.commands.executeCommand(open);
      for (const view of contributes.views?.[container.id] ?? []) {
        assert.ok(registered.has(`${view.id}.focus`), `view ${view.id} is not in the workbench`);
        await vscode.commands.executeCommand(`${view.id}.focus`);
      }
    }
    await screenshotBothThemes('workbench-backlog');
  });
});
