import { join } from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { BacklogFolders } from '../store/backlogFolders';

/** The id under `contributes.mcpServerDefinitionProviders` in package.json. */
export const MCP_PROVIDER_ID = 'repoBacklog.mcpServers';
export const MCP_SETTING_SECTION = 'repoBacklog.mcp';

/**
 * Offers agent mode one MCP server per workspace folder with a backlog, so the backlog tools
 * are there with no configuration. Each runs the bundled CLI (`dist/cli.js mcp --root FOLDER`)
 * on the editor's own Node, as VS Code's API suggests (`process.execPath`): the user needs no
 * Node of their own. In desktop VS Code that binary is Electron, which acts as Node only with
 * ELECTRON_RUN_AS_NODE set. `repoBacklog.mcp.enabled: false` withdraws the servers.
 */
export class BacklogMcpServers extends Disposable implements vscode.McpServerDefinitionProvider<vscode.McpStdioServerDefinition> {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeMcpServerDefinitions = this.changed.event;
  private readonly cli: string;
  /** What was last handed out, so a change elsewhere in a backlog does not make VS Code ask again. */
  private served = '';

  constructor(private readonly folders: BacklogFolders, extensionPath: string) {
    super();
    this.cli = join(extensionPath, 'dist', 'cli.js');
    this._register(folders.onDidChange(() => this.fireIfChanged()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(MCP_SETTING_SECTION)) this.fireIfChanged();
      }),
    );
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.fireIfChanged()));
  }

  provideMcpServerDefinitions(): vscode.McpStdioServerDefinition[] {
    const folders = this.serverFolders();
    this.served = JSON.stringify(folders);
    return folders.map(({ name, root }) => {
      const server = new vscode.McpStdioServerDefinition(`Backlog (${name})`, process.execPath, [this.cli, 'mcp', '--root', root], process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {});
      server.cwd = vscode.Uri.file(root);
      return server;
    });
  }

  /**
   * The folders to serve: those with a backlog of ours, unless the setting turns the servers off.
   * None in an untrusted workspace: the server is a separate process that writes, and the
   * extension keeps such a workspace read-only.
   */
  private serverFolders(): { name: string; root: string }[] {
    if (!vscode.workspace.isTrusted) return [];
    if (!vscode.workspace.getConfiguration(MCP_SETTING_SECTION).get<boolean>('enabled', true)) return [];
    return this.folders.withBacklog().map((f) => ({ name: f.folder.name, root: f.backlog.root }));
  }

  private fireIfChanged(): void {
    if (JSON.stringify(this.serverFolders()) !== this.served) this.changed.fire();
  }
}

/** Registers the provider where the editor has the MCP API (VS Code 1.101+); elsewhere, nothing. */
export function registerBacklogMcpServers(folders: BacklogFolders, extensionPath: string): vscode.Disposable[] {
  if (typeof vscode.lm?.registerMcpServerDefinitionProvider !== 'function') return [];
  const servers = new BacklogMcpServers(folders, extensionPath);
  return [servers, vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, servers)];
}
