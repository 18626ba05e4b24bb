import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { BacklogError, type MoveTarget } from '../core/backlog';
import { editBody, DESCRIPTION_HEADING, NOTES_HEADING, type BodyEdit } from '../core/itemBody';
import { defaultItemBody } from '../core/itemFile';
import { applySprintPlan, planSprint, requireSprint } from '../core/planning/sprints';
import type { BacklogRoots } from './backlogRoots';
import { itemSummary } from './itemSummary';
import { cleanText, idSchema, LIMITS, registerBacklogTool, rootSchema, WRITES } from './toolResult';

const text = (max: number) => z.string().max(max);
const label = z.string().min(1).max(LIMITS.short).regex(/^[^,\n]+$/, 'a label has no commas or line breaks');
const criterionRef = z.union([z.number().int().min(1).max(1000), text(LIMITS.title).min(1)]);

const fields = {
  title: text(LIMITS.title).min(1).optional(),
  type: text(LIMITS.short).optional().describe('One of the types in config.yaml'),
  status: text(LIMITS.short).optional().describe('One of the statuses in config.yaml'),
  priority: text(LIMITS.short).optional(),
  points: z.number().min(0).max(1000).optional().describe('Estimate in story points'),
  labels: z.array(label).max(LIMITS.list).optional(),
  assignee: text(LIMITS.short).optional(),
  sprint: text(LIMITS.short).optional().describe('Sprint id'),
  parent: idSchema.optional().describe('Id of the parent item (an epic, a story); it must exist and not be under this item'),
  blockedBy: z.array(idSchema).max(LIMITS.list).optional().describe('Ids of the items that must be done first; they must exist and not wait for this item'),
};

/** backlog_create, backlog_update, backlog_move, backlog_plan_sprint: each one store operation. */
export function registerWriteTools(server: McpServer, roots: BacklogRoots): void {
  registerBacklogTool(
    server,
    'backlog_create',
    {
      title: 'Create item',
      description: 'Create a backlog item. Fields not given take the defaults from config.yaml; it lands at the bottom of the backlog unless position is top. Returns the new item.',
      input: {
        ...fields,
        title: text(LIMITS.title).min(1),
        description: text(LIMITS.text).optional(),
        acceptanceCriteria: z.array(text(LIMITS.title).min(1)).max(LIMITS.list).optional(),
        position: z.enum(['top', 'bottom']).default('bottom'),
        root: rootSchema,
      },
      annotations: WRITES,
    },
    async ({ title, description, acceptanceCriteria, position, root, ...rest }) => {
      const backlog = await roots.backlog(await roots.resolve(root));
      const body = editBody(
        defaultItemBody(description === undefined ? '' : cleanText(description)),
        (acceptanceCriteria ?? []).map((c): BodyEdit => ({ kind: 'addCriterion', text: cleanText(c) })),
      );
      const item = await backlog.create({ ...rest, title: cleanText(title), body, position });
      return { created: itemSummary(item, backlog.snapshot.relations), file: `.backlog/items/${item.id}.md` };
    },
  );

  registerBacklogTool(
    server,
    'backlog_update',
    {
      title: 'Update item',
      description:
        'Change fields and body sections of one item in a single write. Fields: null clears priority, points, assignee, sprint, parent or blockedBy. Body: description replaces the Description section; addCriteria adds acceptance criteria; check / uncheck tick criteria by number (from 1, as backlog_show lists them) or by a unique part of their text; note appends a paragraph to the Notes section.',
      input: {
        id: idSchema,
        ...fields,
        priority: text(LIMITS.short).nullable().optional(),
        points: z.number().min(0).max(1000).nullable().optional(),
        assignee: text(LIMITS.short).nullable().optional(),
        sprint: text(LIMITS.short).nullable().optional(),
        parent: idSchema.nullable().optional(),
        blockedBy: z.array(idSchema).max(LIMITS.list).nullable().optional().describe('Replaces the whole list; [] or null clears it'),
        description: text(LIMITS.text).optional(),
        addCriteria: z.array(text(LIMITS.title).min(1)).max(LIMITS.list).optional(),
        check: z.array(criterionRef).max(LIMITS.list).optional(),
        uncheck: z.array(criterionRef).max(LIMITS.list).optional(),
        note: text(LIMITS.text).min(1).optional(),
        root: rootSchema,
      },
      annotations: { ...WRITES, idempotentHint: false },
    },
    async ({ id, root, description, addCriteria, check, uncheck, note, ...changed }) => {
      const backlog = await roots.backlog(await roots.resolve(root));
      const changes: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(changed)) {
        if (value === undefined) continue;
        changes[key] = value === null ? undefined : typeof value === 'string' ? cleanText(value) : value;
      }
      const edits: BodyEdit[] = [];
      if (description !== undefined) edits.push({ kind: 'replaceSection', heading: DESCRIPTION_HEADING, text: cleanText(description) });
      for (const c of addCriteria ?? []) edits.push({ kind: 'addCriterion', text: cleanText(c) });
      for (const which of check ?? []) edits.push({ kind: 'checkCriterion', which, done: true });
      for (const which of uncheck ?? []) edits.push({ kind: 'checkCriterion', which, done: false });
      if (note !== undefined) edits.push({ kind: 'appendToSection', heading: NOTES_HEADING, text: cleanText(note) });
      if (Object.keys(changes).length === 0 && edits.length === 0) throw new BacklogError('Nothing to change: pass fields or body edits', 'invalid-value');
      const ref = id.toUpperCase();
      const item = edits.length > 0 ? await backlog.updateBody(ref, (body) => editBody(body, edits), changes) : await backlog.update(ref, changes);
      const what = [...Object.keys(changes), ...(description !== undefined ? ['description'] : []), ...(addCriteria?.length ? [`${addCriteria.length} criteria added`] : []), ...(check?.length ? [`${check.length} checked`] : []), ...(uncheck?.length ? [`${uncheck.length} unchecked`] : []), ...(note !== undefined ? ['note added'] : [])];
      return { updated: itemSummary(item, backlog.snapshot.relations), changed: what };
    },
  );

  registerBacklogTool(
    server,
    'backlog_move',
    {
      title: 'Move item',
      description: 'Change an item\'s place in the backlog order (top, bottom, before or after another item) and/or its status. Give one of position, before, after; with only status it keeps its place.',
      input: {
        id: idSchema,
        status: text(LIMITS.short).optional(),
        position: z.enum(['top', 'bottom']).optional(),
        before: idSchema.optional(),
        after: idSchema.optional(),
        root: rootSchema,
      },
      annotations: WRITES,
    },
    async ({ id, status, position, before, after, root }) => {
      const places = [position, before, after].filter((p) => p !== undefined);
      if (places.length > 1) throw new BacklogError('Give only one of position, before, after', 'invalid-value');
      if (places.length === 0 && status === undefined) throw new BacklogError('Where to? Pass position, before, after or status', 'invalid-value');
      const backlog = await roots.backlog(await roots.resolve(root));
      const ref = id.toUpperCase();
      let item;
      if (places.length === 0) item = await backlog.update(ref, { status });
      else {
        const target: MoveTarget = before ? { status, before: before.toUpperCase() } : after ? { status, after: after.toUpperCase() } : { status, to: position! };
        item = await backlog.move(ref, target);
      }
      const index = backlog.snapshot.items.findIndex((i) => i.id === item.id);
      return { moved: itemSummary(item, backlog.snapshot.relations), position: index + 1, of: backlog.snapshot.items.length };
    },
  );

  registerBacklogTool(
    server,
    'backlog_plan_sprint',
    {
      title: 'Plan sprint',
      description: 'Add items to a sprint (ids, and/or fill from the top of the product backlog up to its capacity) or take them out. dryRun shows the plan without writing. Returns each step and the sprint\'s load before and after.',
      input: {
        sprint: text(LIMITS.short).min(1).describe('Sprint id or name'),
        add: z.array(idSchema).max(LIMITS.list).optional(),
        remove: z.array(idSchema).max(LIMITS.list).optional(),
        fill: z.boolean().default(false),
        dryRun: z.boolean().default(false),
        root: rootSchema,
      },
      annotations: WRITES,
    },
    async ({ sprint: ref, add, remove, fill, dryRun, root }) => {
      const backlog = await roots.backlog(await roots.resolve(root));
      const sprint = requireSprint(backlog.snapshot, ref);
      const plan = planSprint(backlog.snapshot, sprint, { add: add?.map((i) => i.toUpperCase()), remove: remove?.map((i) => i.toUpperCase()), fill });
      if (!dryRun) await applySprintPlan(backlog, plan);
      return {
        sprint: sprint.id,
        applied: !dryRun,
        steps: plan.steps.map((s) => ({ id: s.item.id, title: s.item.title, action: s.action, points: s.item.points ?? null, committed: s.committed, overCapacity: s.overCapacity, ...(s.note ? { note: s.note } : {}) })),
        before: plan.before,
        after: plan.after,
        warnings: plan.warnings,
      };
    },
  );
}
