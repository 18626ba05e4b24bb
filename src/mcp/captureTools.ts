import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { BacklogError } from '../core/backlog';
import { canonical, isInside, type BacklogRoots } from './backlogRoots';
import { runCliJson } from './runCli';
import { LIMITS, registerBacklogTool, rootSchema, WRITES } from './toolResult';

const LIST_CAP = 50;

/** backlog_capture_todos, backlog_import_tests: the CLI's capture and import, for paths inside the workspace. */
export function registerCaptureTools(server: McpServer, roots: BacklogRoots): void {
  registerBacklogTool(
    server,
    'backlog_capture_todos',
    {
      title: 'Capture TODO comments',
      description:
        'Create items for TODO/FIXME/HACK/XXX/BUG comments under a path that no item tracks yet (idempotent: a comment already linked is not captured twice). writeIds also writes each new id into its comment. dryRun lists what would be created.',
      input: {
        path: z.string().max(LIMITS.path).default('.').describe('File or folder, relative to the backlog root'),
        writeIds: z.boolean().default(false),
        dryRun: z.boolean().default(false),
        root: rootSchema,
      },
      annotations: WRITES,
    },
    async ({ path, writeIds, dryRun, root }) => {
      const at = await roots.resolve(root);
      const target = insideRoot(at, path, 'path');
      const out = await runCliJson(at, ['todos', 'capture', target, ...(writeIds ? ['--write-ids'] : []), ...(dryRun ? ['--dry-run'] : [])]);
      return capLists(out);
    },
  );

  registerBacklogTool(
    server,
    'backlog_import_tests',
    {
      title: 'Import test report',
      description:
        'Turn the failing tests of a report file (JUnit XML and its dialects, NUnit, xUnit.net, TRX, TAP) into bug items: new failures create items, known ones are updated, tests that pass again are marked. closePassing also moves those to done.',
      input: {
        report: z.string().min(1).max(LIMITS.path).describe('Report file, relative to the backlog root'),
        closePassing: z.boolean().default(false),
        dryRun: z.boolean().default(false),
        root: rootSchema,
      },
      annotations: WRITES,
    },
    async ({ report, closePassing, dryRun, root }) => {
      const at = await roots.resolve(root);
      const file = insideRoot(at, report, 'report');
      if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw new BacklogError(`No report file ${report}`, 'invalid-value');
      const out = await runCliJson(at, ['tests', 'import', file, ...(closePassing ? ['--close-passing'] : []), ...(dryRun ? ['--dry-run'] : [])]);
      return capLists(out);
    },
  );
}

/** An agent's path as an absolute path inside the backlog root (links followed), or an error. */
function insideRoot(root: string, path: string, what: string): string {
  if (/[*?[\]{}]/.test(path)) throw new BacklogError(`${what} "${path}" must be a plain path, not a pattern`, 'invalid-value');
  const abs = isAbsolute(path) ? path : resolve(root, path);
  if (!isInside(canonical(abs), canonical(root))) throw new BacklogError(`${what} "${path}" is outside the workspace folder ${root}`, 'invalid-value');
  return abs;
}

/** Long lists cut to a size a model can read, with the full count beside them. */
function capLists(out: Record<string, unknown>): Record<string, unknown> {
  const capped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(out)) {
    if (Array.isArray(value) && value.length > LIST_CAP) {
      capped[key] = value.slice(0, LIST_CAP);
      capped[`${key}Total`] = value.length;
    } else capped[key] = value;
  }
  return capped;
}
