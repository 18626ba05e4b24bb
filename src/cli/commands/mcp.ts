import { BacklogError } from '../../core/store/backlogError';
import type { CliCommand } from '../command';

/** Reported to MCP clients; kept with the package version by hand. */
const SERVER_VERSION = '0.1.0';

export const mcpCommand: CliCommand = {
  name: 'mcp',
  usage:
    'mcp                                    a Model Context Protocol server on stdin/stdout for coding agents;\n' +
    '                                         serves --root, else the client\'s workspace roots (asked per request)',
  // The backlog is found per request (agents switch worktrees), not once at start.
  standalone: true,
  async run(ctx) {
    const fixedRoot = typeof ctx.values.root === 'string' ? ctx.root : undefined;
    // Loaded only here, from its own bundle beside cli.js (dist/mcpServer.js, see esbuild.mjs): the
    // SDK is most of the code, and no other command (nor git's merge driver) should parse it.
    const { serveStdio } = await import('../../mcp/server').catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ERR_MODULE_NOT_FOUND' && e.code !== 'MODULE_NOT_FOUND') throw e;
      throw new BacklogError('The MCP server is dist/mcpServer.js, which must sit beside cli.js: copy both files', 'missing-file');
    });
    await serveStdio({ version: SERVER_VERSION, cwd: ctx.io.cwd, ...(fixedRoot ? { fixedRoot } : {}) });
    return 0;
  },
};
