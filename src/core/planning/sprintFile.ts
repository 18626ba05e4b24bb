import { isScalar, type Node } from 'yaml';
import { contentHash } from '../hash';
import { baseName } from '../paths';
import type { Problem } from '../problem';
import { valueText } from '../valueText';
import { byDateThenId, findPlanningFile, readPlanningFrontMatter, renderPlanningFile } from './planningFrontMatter';

// A sprint is a file `.backlog/sprints/<id>.md`: YAML front matter for the plan, Markdown body
// for notes (goal details, review, retrospective). Items point at a sprint with `sprint: <id>`;
// the id is the file name, so renaming a sprint's display name never touches an item.

/** planned: being filled; active: running (at most one); closed: finished, unfinished work carried on. */
export type SprintState = 'planned' | 'active' | 'closed';

export const SPRINT_STATES: readonly SprintState[] = ['planned', 'active', 'closed'];

/** One sprint, parsed from `.backlog/sprints/<id>.md`. */
export interface Sprint {
  /** The file name without `.md`; what items store in their `sprint` field. */
  readonly id: string;
  /** Display name; the id when the file has none. */
  readonly name: string;
  /** First day, `YYYY-MM-DD`. */
  readonly start?: string;
  /** Last day (inclusive), `YYYY-MM-DD`. */
  readonly end?: string;
  readonly goal?: string;
  /** How many points the team expects to finish. */
  readonly capacity?: number;
  readonly state: SprintState;
  /** When `sprint start` ran (ISO timestamp): the moment "scope at start" is measured. */
  readonly started?: string;
  /** When `sprint close` ran (ISO timestamp): the end of the sprint's review window. */
  readonly closed?: string;
  /** Unfinished items `sprint close` moved on: still part of this sprint's review. */
  readonly carriedOver: readonly string[];
  /** Where they went: a sprint id, or `backlog`. */
  readonly carriedTo?: string;
  readonly file: string;
  readonly body: string;
  readonly hash: string;
  /** 1-based file line of each front-matter key. */
  readonly lines: Readonly<Record<string, number>>;
}

export interface ParsedSprintFile {
  /** Absent when the file cannot be read as a sprint at all (bad YAML, merge conflict, bad name). */
  readonly sprint?: Sprint;
  readonly problems: Problem[];
}

const SPRINT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for names usable as a sprint id (and file name). */
export function isSprintId(value: string): boolean {
  return SPRINT_ID.test(value) && !value.endsWith('.');
}

/** A sprint id made from a display name: "Sprint 12 – Checkout" → `sprint-12-checkout`. */
export function sprintIdFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '')
    .slice(0, 64)
    .replace(/[-._]+$/, '');
  return slug || 'sprint';
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * Parses a sprint file. Never throws and never rewrites the file: unusable values are reported
 * with file and line and left out, and the sprint still loads whenever its front matter parses.
 */
export function parseSprintFile(file: string, text: string): ParsedSprintFile {
  const problems: Problem[] = [];
  const report = (line: number, column: number, code: string, message: string, severity: Problem['severity'] = 'error') =>
    problems.push({ file, line, column, code, message, severity });

  const id = baseName(file).replace(/\.md$/, '');
  if (!isSprintId(id)) {
    report(1, 1, 'sprint-file-name', `Sprint file name "${baseName(file)}" must be letters, digits, ".", "_" or "-" (at most 64), ending in .md; the sprint is not loaded`);
    return { problems };
  }
  const front = readPlanningFrontMatter(text, 'Sprint', report);
  if (!front) return { problems };
  const { root, pos, bodyStart } = front;

  const values: Record<string, unknown> = {};
  const nodes: Record<string, Node | null> = {};
  const lines: Record<string, number> = {};
  for (const pair of (root?.items ?? [])) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    values[key] = pair.value === null ? null : (pair.value as Node).toJSON();
    nodes[key] = pair.value as Node | null;
    lines[key] = pos((pair.key as Node).range?.[0] ?? 0).line;
  }
  const warn = (key: string, code: string, message: string) => {
    const node = nodes[key];
    const p = node?.range ? pos(node.range[0]) : { line: lines[key] ?? 1, column: 1 };
    report(p.line, p.column, code, message, 'warning');
  };
  const text_ = (key: string): string | undefined => {
    const v = values[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'string') return v.trim() || undefined;
    if (typeof v === 'number') return String(v);
    warn(key, 'sprint-field', `"${key}" should be text`);
    return undefined;
  };
  const date = (key: string): string | undefined => {
    const v = text_(key);
    if (v === undefined) return undefined;
    if (isIsoDate(v)) return v;
    warn(key, 'sprint-date', `"${key}" must be a date written YYYY-MM-DD (got "${v}")`);
    return undefined;
  };
  const stamp = (key: string): string | undefined => {
    const v = text_(key);
    if (v === undefined) return undefined;
    if (!Number.isNaN(Date.parse(v))) return v;
    warn(key, 'sprint-date', `"${key}" must be a timestamp such as 2026-11-24T09:00:00Z (got "${v}")`);
    return undefined;
  };

  const name = text_('name') ?? id;
  const start = date('start');
  const end = date('end');
  if (start && end && end < start) warn('end', 'sprint-dates', `The sprint ends (${end}) before it starts (${start})`);
  let capacity: number | undefined;
  const rawCapacity = values.capacity;
  if (rawCapacity !== undefined && rawCapacity !== null) {
    if (typeof rawCapacity === 'number' && Number.isFinite(rawCapacity) && rawCapacity >= 0) capacity = rawCapacity;
    else warn('capacity', 'sprint-capacity', '"capacity" must be a number of points, at least 0');
  }
  let state: SprintState = 'planned';
  const rawState = text_('state');
  if (rawState !== undefined) {
    const folded = rawState.toLowerCase() as SprintState;
    if (SPRINT_STATES.includes(folded)) state = folded;
    else warn('state', 'sprint-state', `"state" must be planned, active or closed (got "${rawState}"); read as planned`);
  }

  let carriedOver: string[] = [];
  const rawCarried = values.carriedOver;
  if (rawCarried !== undefined && rawCarried !== null) {
    if (Array.isArray(rawCarried) && rawCarried.every((v) => typeof v === 'string')) carriedOver = rawCarried;
    else warn('carriedOver', 'sprint-field', '"carriedOver" should be a list of item ids');
  }

  const sprint: Sprint = {
    id,
    name,
    start,
    end,
    goal: text_('goal'),
    capacity,
    state,
    started: stamp('started'),
    closed: stamp('closed'),
    carriedOver,
    carriedTo: text_('carriedTo'),
    file,
    body: text.slice(bodyStart),
    hash: contentHash(text),
    lines,
  };
  return { sprint, problems };
}

/** Key order of new sprint files. */
const SPRINT_FIELD_ORDER = ['name', 'start', 'end', 'goal', 'capacity', 'state', 'started', 'closed', 'carriedOver', 'carriedTo'] as const;

/** Renders a new sprint file. */
export function renderSprintFile(fields: Readonly<Record<string, unknown>>, body: string): string {
  return renderPlanningFile(fields, SPRINT_FIELD_ORDER, body);
}

/** The body a new sprint starts with: places for notes the review and retrospective fill in. */
export function defaultSprintBody(): string {
  return '\n## Notes\n\n## Review\n\n## Retrospective\n';
}

/** Sprints in calendar order: by start date (undated last), then id. */
export const compareSprints = byDateThenId<Sprint>((s) => s.start);

/** The sprint an item's `sprint` value names (see {@link findPlanningFile}). */
export function findSprint(sprints: readonly Sprint[], value: string | undefined): Sprint | undefined {
  return findPlanningFile(sprints, value);
}

/** Fields of a new sprint; everything but the name is optional. */
export interface NewSprint {
  readonly name: string;
  /** File name without `.md`; derived from the name when absent. */
  readonly id?: string;
  readonly start?: string;
  readonly end?: string;
  readonly goal?: string;
  readonly capacity?: number;
  readonly body?: string;
}

/**
 * Checks sprint front-matter changes (a value sets the key, `undefined` removes it) and returns
 * them normalised, or the reason they cannot be written.
 */
export function normalizeSprintChanges(changes: Readonly<Record<string, unknown>>): { ok: true; changes: Record<string, unknown> } | { ok: false; message: string } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') {
      if (key === 'name' || key === 'state') return { ok: false, message: `A sprint's "${key}" cannot be removed` };
      out[key] = undefined;
      continue;
    }
    switch (key) {
      case 'name':
      case 'goal': {
        const v = valueText(value).replace(/\s+/g, ' ').trim();
        if (!v) return { ok: false, message: `A sprint's "${key}" cannot be empty` };
        out[key] = v;
        break;
      }
      case 'start':
      case 'end':
        if (typeof value !== 'string' || !isIsoDate(value)) return { ok: false, message: `"${key}" must be a date written YYYY-MM-DD (got "${valueText(value)}")` };
        out[key] = value;
        break;
      case 'capacity': {
        const n = typeof value === 'number' ? value : Number(value);
        if (!Number.isFinite(n) || n < 0) return { ok: false, message: `Capacity must be a number of points, at least 0 (got "${valueText(value)}")` };
        out[key] = n;
        break;
      }
      case 'state':
        if (!SPRINT_STATES.includes(value as SprintState)) return { ok: false, message: `"state" must be planned, active or closed (got "${valueText(value)}")` };
        out[key] = value;
        break;
      case 'carriedOver':
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return { ok: false, message: '"carriedOver" must be a list of item ids' };
        out[key] = value.length > 0 ? value : undefined;
        break;
      case 'started':
      case 'closed':
        if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return { ok: false, message: `"${key}" must be an ISO timestamp` };
        out[key] = value;
        break;
      default:
        if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) return { ok: false, message: `"${key}" is not a usable front-matter key` };
        out[key] = value;
    }
  }
  if (typeof out.start === 'string' && typeof out.end === 'string' && out.end < out.start) {
    return { ok: false, message: `The sprint cannot end (${out.end}) before it starts (${out.start})` };
  }
  return { ok: true, changes: out };
}

/**
 * Items whose `sprint` names no sprint file. Only reported once the backlog has sprint files:
 * a team that writes free-form sprint names without files is not nagged.
 */
export function sprintReferenceProblems(items: readonly { readonly sprint?: string; readonly file: string; readonly lines: Readonly<Record<string, number>> }[], sprints: readonly Sprint[]): Problem[] {
  if (sprints.length === 0) return [];
  const problems: Problem[] = [];
  for (const item of items) {
    if (item.sprint && !findSprint(sprints, item.sprint)) {
      problems.push({
        file: item.file, line: item.lines.sprint ?? 1, column: 1, severity: 'warning', code: 'unknown-sprint',
        message: `Sprint "${item.sprint}" has no file in .backlog/sprints/ (known: ${sprints.map((s) => s.id).join(', ')})`,
      });
    }
  }
  return problems;
}
