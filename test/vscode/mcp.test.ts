import * as assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import * as vscode from 'vscode';
import { BacklogMcpServers, MCP_PROVIDER_ID, MCP_SETTING_SECTION } from '../../src/agents/backlogMcpServers';
import type { RepoBacklogApi } from '../../src/extension';
import { activeExtension, extensionRoot, manifest } from './harness/extension';
import { waitFor } from './harness/wait';
import { workspaceRoot } from './harness/workspace';

describe('the backlog as an MCP server for agent mode', () => {
  it('declares its MCP server provider in package.json', () => {
    const contributes = manifest().contributes as { mcpServerDefinitionProviders?: { id: string }[] } | undefined;
    assert.ok(contributes?.mcpServerDefinitionProviders?.some((p) => p.id === MCP_PROVIDER_ID), `no mcpServerDefinitionProviders entry ${MCP_PROVIDER_ID}`);
    assert.equal(typeof vscode.lm.registerMcpServerDefinitionProvider, 'function', 'this editor has the MCP provider API');
  });

  it('provides a server for the folder with a backlog; it starts, serves that backlog, and its writes reach the views', async () => {
    const api = (await activeExtension<RepoBacklogApi>()).exports;
    const servers = new BacklogMcpServers(api.folders, extensionRoot());
    let client: Client | undefined;
    let createdFile: string | undefined;
    try {
      const definitions = servers.provideMcpServerDefinitions();
      assert.equal(definitions.length, 1);
      const [server] = definitions;
      const root = workspaceRoot();
      assert.equal(server.label, `Backlog (${vscode.workspace.workspaceFolders![0].name})`);
      assert.equal(server.command, process.execPath);
      assert.deepEqual(server.args, [join(extensionRoot(), 'dist', 'cli.js'), 'mcp', '--root', root]);
      assert.equal(server.cwd?.fsPath, root);

      // Start it the way the editor does: that command, those arguments, the host's environment plus its own.
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries({ ...process.env, ...server.env })) if (typeof v === 'string') env[k] = v;
      client = new Client({ name: 'extension-host-test', version: '1.0.0' });
      await client.connect(new StdioClientTransport({ command: server.command, args: server.args, env, cwd: server.cwd?.fsPath, stderr: 'pipe' }));
      const { tools } = await client.listTools();
      assert.ok(tools.some((t) => t.name === 'backlog_search'));
      const created = (await client.callTool({ name: 'backlog_create', arguments: { title: 'Filed by an agent through MCP' } })) as CallToolResult;
      assert.ok(!created.isError, JSON.stringify(created.content));
      const id = (created.structuredContent as { created: { id: string } }).created.id;
      createdFile = join(root, '.backlog', 'items', `${id}.md`);
      assert.ok(existsSync(createdFile));
      const folder = api.folders.withBacklog()[0];
      await waitFor(() => folder.backlog.snapshot.byId.get(id), 10_000, `${id} to reach the extension's store through the file watcher`);
    } finally {
      await client?.close();
      servers.dispose();
      if (createdFile) rmSync(createdFile, { force: true });
    }
  });

  it('withdraws the servers when the setting turns them off', async () => {
    const api = (await activeExtension<RepoBacklogApi>()).exports;
    const servers = new BacklogMcpServers(api.folders, extensionRoot());
    const settings = vscode.workspace.getConfiguration(MCP_SETTING_SECTION);
    try {
      assert.equal(servers.provideMcpServerDefinitions().length, 1);
      const changed = new Promise<void>((resolve) => servers.onDidChangeMcpServerDefinitions(() => resolve()));
      await settings.update('enabled', false, vscode.ConfigurationTarget.Global);
      await changed;
      assert.deepEqual(servers.provideMcpServerDefinitions(), []);
    } finally {
      await settings.update('enabled', undefined, vscode.ConfigurationTarget.Global);
      servers.dispose();
    }
  });
});
