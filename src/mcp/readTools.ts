import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { BacklogError } from '../core/backlog';
import { readinessGaps } from '../core/planning/grooming';
import { blockers, nextItems } from '../core/planning/readiness';
import { searchItems } from '../core/searchItems';
import { statusCategory } from '../core/config';
import type { BacklogRoots } from './backlogRoots';
import { itemDetail, itemSummary } from './itemSummary';
import { runCliJson } from './runCli';
import { idSchema, LIMITS, READ_ONLY, registerBacklogTool, rootSchema } from './toolResult';

/** backlog_search, backlog_show, backlog_next, backlog_groom: they read, never write. */
export function registerReadTools(server: McpServer, roots: BacklogRoots): void {
  registerBacklogTool(
    server,
    'backlog_search',
    {
      title: 'Search backlog',
      description:
        'Find items with the backlog query language: key:value terms (status:, type:, priority:, label:, assignee:, sprint:, id:, is:open|todo|doing|done|blocked|ready|estimated|linked, blockedby:ID, blocks:ID; prefix - to negate; quote values with spaces) plus free words matched in id, title, labels. Best matches first, then backlog order. Returns summaries; use backlog_show for one item in full.',
      input: {
        query: z.string().max(LIMITS.query).describe('e.g. `is:open type:bug "login page"`; empty lists everything in backlog order'),
        limit: z.number().int().min(1).max(100).default(20),
        offset: z.number().int().min(0).default(0),
        root: rootSchema,
      },
      annotations: READ_ONLY,
    },
    async ({ query, limit, offset, root }) => {
      const backlog = await roots.backlog(await roots.resolve(root));
      const found = searchItems(backlog.snapshot.items, query, backlog.snapshot);
      const page = found.slice(offset, offset + limit);
      return { total: found.length, items: page.map((i) => itemSummary(i, backlog.snapshot.relations)), ...(offset + page.length < found.length ? { nextOffset: offset + page.length } : {}) };
    },
  );

  registerBacklogTool(
    server,
    'backlog_show',
    {
      title: 'Show item',
      description: 'One item in full: fields, parent and children (with their roll-up), blockedBy with the blockers still open (waitingFor) and what it blocks, numbered acceptance criteria with their state, code links, and its Markdown body (set body: false to leave it out).',
      input: { id: idSchema, body: z.boolean().default(true), root: rootSchema },
      annotations: READ_ONLY,
    },
    async ({ id, body, root }) => {
      const backlog = await roots.backlog(await roots.resolve(root));
      const item = backlog.snapshot.byId.get(id.toUpperCase());
      if (!item) throw new BacklogError(`No item ${id}`, 'missing-item');
      return { item: itemDetail(item, backlog.root, body, backlog.snapshot.relations) };
    },
  );

  registerBacklogTool(
    server,
    'backlog_next',
    {
      title: 'Next items to work on',
      description:
        'The top items someone can start now, in backlog order: in a to-do status, estimated, with a description and acceptance criteria, and not blocked (blockedBy) by an unfinished item. With assignee: that person\'s or agent\'s items plus unassigned ones.',
      input: { assignee: z.string().max(LIMITS.short).optional(), limit: z.number().int().min(1).max(20).default(5), root: rootSchema },
      annotations: READ_ONLY,
    },
    async ({ assignee, limit, root }) => {
      const backlog = await roots.backlog(await roots.resolve(root));
      const s = backlog.snapshot;
      const next = nextItems(s, { assignee, limit });
      const out: Record<string, unknown> = { items: next.map((i) => itemSummary(i, s.relations)) };
      if (next.length === 0) {
        // Say why nothing is ready, so the agent can groom instead of giving up.
        const todo = s.items.filter((i) => statusCategory(s.config, i.status) === 'todo');
        out.hint =
          todo.length === 0
            ? 'No items in a to-do status.'
            : `${todo.length} to-do item(s), none ready: ${todo
                .slice(0, 5)
                .map((i) => `${i.id} (${[...readinessGaps(i), ...blockers(i, s).map((b) => `blocked by ${b.id}`)].join(', ') || 'assigned to someone else'})`)
                .join('; ')}`;
      }
      return out;
    },
  );

  registerBacklogTool(
    server,
    'backlog_groom',
    {
      title: 'Grooming report',
      description: 'What needs grooming: stale items, items not ready (no estimate, criteria or description), likely duplicates, lost code links, failing tests that pass again, done items to archive. Lists are capped at 20 entries each.',
      input: { staleDays: z.number().int().min(1).max(3650).optional(), root: rootSchema },
      annotations: READ_ONLY,
    },
    async ({ staleDays, root }) => {
      const at = await roots.resolve(root);
      const report = await runCliJson(at, ['groom', ...(staleDays !== undefined ? ['--stale-days', String(staleDays)] : [])]);
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(report)) {
        if (Array.isArray(value) && value.length > 20) {
          out[key] = value.slice(0, 20);
          out[`${key}Total`] = value.length;
        } else out[key] = value;
      }
      return out;
    },
  );
}
