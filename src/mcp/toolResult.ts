import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { BacklogError } from '../core/backlog';

// Everything an agent sends is untrusted. Inputs are checked by strict schemas (unknown keys,
// wrong types and oversized text are refused before a handler runs); a failure inside a handler
// becomes an error result with its message, never a crash of the server.

export const LIMITS = { id: 40, title: 300, text: 20_000, short: 100, list: 50, query: 1_000, path: 1_000 } as const;

export const idSchema = z
  .string()
  .max(LIMITS.id)
  .regex(/^[A-Za-z][A-Za-z0-9]{0,9}-[A-Za-z0-9]{1,20}$/, 'an item id looks like BL-7K3QM')
  .describe('Item id, e.g. BL-7K3QM');

export const rootSchema = z.string().min(1).max(LIMITS.path).optional().describe('Folder of the backlog; only needed when the workspace has several');

/** Text an agent wants written into a file: no control characters besides tab and newline. */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, '');
}

export type ToolOutput = Record<string, unknown>;

/** Registers a tool whose handler returns a plain object, sent as structured content and as compact JSON text. */
export function registerBacklogTool<Shape extends z.ZodRawShape>(
  server: McpServer,
  name: string,
  config: { title: string; description: string; input: Shape; annotations: ToolAnnotations },
  handler: (args: z.infer<z.ZodObject<Shape>>) => Promise<ToolOutput>,
): void {
  const schema = z.strictObject(config.input);
  server.registerTool(name, { title: config.title, description: config.description, inputSchema: schema, annotations: { title: config.title, ...config.annotations } }, (async (args: unknown) => {
    try {
      return toolResult(await handler(args as z.infer<z.ZodObject<Shape>>));
    } catch (e) {
      return toolError(e);
    }
  }));
}

export function toolResult(out: ToolOutput): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(out) }], structuredContent: out };
}

export function toolError(e: unknown): CallToolResult {
  const message = e instanceof BacklogError ? e.message : `Unexpected error: ${e instanceof Error ? e.message : String(e)}`;
  if (!(e instanceof BacklogError)) process.stderr.write(`repo-backlog mcp: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return { content: [{ type: 'text', text: message }], isError: true };
}

export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };
export const WRITES: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };
