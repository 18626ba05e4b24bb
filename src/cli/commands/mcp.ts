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
    // Loaded only here: the SDK is most of the CLI's code, and no other command needs it.
    const { serveStdio } = await import('../../mcp/server');
    await serveStdio({ version: SERVER_VERSION, cwd: ctx.io.cwd, ...(fixedRoot ? { fixedRoot } : {}) });
    return 0;
  },
};
