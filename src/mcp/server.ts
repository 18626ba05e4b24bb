import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { BacklogRoots, rootUriToPath, type WorkspaceFolders } from './backlogRoots';
import { registerCaptureTools } from './captureTools';
import { registerReadTools } from './readTools';
import { registerResources } from './resources';
import { registerWriteTools } from './writeTools';

const INSTRUCTIONS =
  'Tools over this repository\'s product backlog (.backlog/ files). Read the backlog_workflow prompt or backlog://workflow for how the team works; start with backlog_next or backlog_search, read with backlog_show, and change items only through these tools.';

/** The MCP server with every backlog tool, resource and prompt; `fixedRoot` is `--root`, if given. */
export function createBacklogServer(options: { version: string; fixedRoot?: string; cwd: string }): McpServer {
  const server = new McpServer({ name: 'repo-backlog', version: options.version }, { instructions: INSTRUCTIONS });
  const folders: WorkspaceFolders = {
    async folders() {
      if (options.fixedRoot) return [options.fixedRoot];
      // The client's roots, asked for on every request: they follow the agent between worktrees.
      if (server.server.getClientCapabilities()?.roots) {
        const { roots } = await server.server.listRoots(undefined, { timeout: 5_000 });
        const paths = roots.map((r) => rootUriToPath(r.uri)).filter((p): p is string => p !== undefined);
        if (paths.length > 0) return paths;
      }
      return [options.cwd];
    },
  };
  const roots = new BacklogRoots(folders);
  // Load the backlog while the client is still listing tools: the first search is then quick.
  server.server.oninitialized = () => {
    void roots
      .resolve()
      .then((root) => roots.backlog(root))
      .catch(() => undefined);
  };
  server.server.onclose = () => void roots.dispose();
  registerReadTools(server, roots);
  registerWriteTools(server, roots);
  registerCaptureTools(server, roots);
  registerResources(server, roots);
  return server;
}

/** Serves over stdin/stdout until the client closes the connection. */
export async function serveStdio(options: { version: string; fixedRoot?: string; cwd: string }): Promise<void> {
  const server = createBacklogServer(options);
  const transport = new StdioServerTransport();
  await server.connect(transport);
  await new Promise<void>((done) => {
    const closed = server.server.onclose;
    server.server.onclose = () => {
      closed?.();
      done();
    };
    process.stdin.once('end', () => done());
  });
  await server.close();
}
