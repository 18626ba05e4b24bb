import { isScalar, type Node } from 'yaml';
import { contentHash } from '../hash';
import { baseName } from '../paths';
import type { Problem } from '../problem';
import { valueText } from '../valueText';
import { byDateThenId, findPlanningFile, readPlanningFrontMatter, renderPlanningFile } from './planningFrontMatter';
import { isIsoDate, isSprintId, sprintIdFromName } from './sprintFile';

// A milestone (a release) is a file `.backlog/milestones/<id>.md`, like a sprint: YAML front
// matter with its name, target date and goal, and a Markdown body for anything else. Items join
// with `milestone: <id>` (or through their parent); the id is the file name, so renaming the
// milestone's display name never touches an item. Ids follow the sprints' file-name rule.

/** One milestone, parsed from `.backlog/milestones/<id>.md`. */
export interface Milestone {
  /** The file name without `.md`; what items store in their `milestone` field. */
  readonly id: string;
  /** Display name; the id when the file has none. */
  readonly name: string;
  /** The date it should ship by, `YYYY-MM-DD`. */
  readonly target?: string;
  readonly goal?: string;
  readonly file: string;
  readonly body: string;
  readonly hash: string;
  /** 1-based file line of each front-matter key. */
  readonly lines: Readonly<Record<string, number>>;
}

export interface ParsedMilestoneFile {
  /** Absent when the file cannot be read as a milestone at all (bad YAML, merge conflict, bad name). */
  readonly milestone?: Milestone;
  readonly problems: Problem[];
}

/** Fields of a new milestone; everything but the name is optional. */
export interface NewMilestone {
  readonly name: string;
  /** File name without `.md`; derived from the name when absent. */
  readonly id?: string;
  readonly target?: string;
  readonly goal?: string;
  readonly body?: string;
}


/** A milestone id made from a display name: "Release 2.0 – Checkout" → `release-2.0-checkout`. */
export function milestoneIdFromName(name: string): string {
  // The sprints' slug rule, with this kind's own fallback for a name of no letters or digits.
  return /[\p{L}\p{N}]/u.test(name) ? sprintIdFromName(name) : 'milestone';
}

/**
 * Parses a milestone file. Never throws and never rewrites the file: unusable values are reported
 * with file, line and column and left out, and the milestone still loads whenever its front
 * matter parses.
 */
export function parseMilestoneFile(file: string, text: string): ParsedMilestoneFile {
  const problems: Problem[] = [];
  const report = (line: number, column: number, code: string, message: string, severity: Problem['severity'] = 'error') =>
    problems.push({ file, line, column, code, message, severity });
  const id = baseName(file).replace(/\.md$/, '');
  if (!isSprintId(id)) {
    report(1, 1, 'milestone-file-name', `Milestone file name "${baseName(file)}" must be letters, digits, ".", "_" or "-" (at most 64), ending in .md; the milestone is not loaded`);
    return { problems };
  }
  const front = readPlanningFrontMatter(text, 'Milestone', report);
  if (!front) return { problems };
  const { root, pos, bodyStart } = front;
  const values: Record<string, unknown> = {};
  const at: Record<string, { line: number; column: number }> = {};
  const lines: Record<string, number> = {};
  for (const pair of (root?.items ?? [])) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const value = pair.value as Node | null;
    values[key] = value === null ? null : value.toJSON();
    lines[key] = pos((pair.key as Node).range?.[0] ?? 0).line;
    at[key] = value?.range ? pos(value.range[0]) : { line: lines[key], column: 1 };
  }
  const warn = (key: string, code: string, message: string) => report(at[key].line, at[key].column, code, message, 'warning');
  const textOf = (key: string): string | undefined => {
    const v = values[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'string') return v.trim() || undefined;
    if (typeof v === 'number') return String(v);
    warn(key, 'milestone-field', `"${key}" should be text`);
    return undefined;
  };
  let target = textOf('target');
  if (target !== undefined && !isIsoDate(target)) {
    warn('target', 'milestone-date', `"target" must be a date written YYYY-MM-DD (got "${target}")`);
    target = undefined;
  }
  const milestone: Milestone = {
    id, name: textOf('name') ?? id, target, goal: textOf('goal'), file, body: text.slice(bodyStart), hash: contentHash(text), lines,
  };
  return { milestone, problems };
}

/** Checks a new milestone's fields and returns them normalised, or the reason they cannot be written. */
export function checkNewMilestone(input: NewMilestone): { ok: true; id: string; fields: Record<string, unknown> } | { ok: false; message: string } {
  const name = input.name.replace(/\s+/g, ' ').trim();
  if (!name) return { ok: false, message: 'A milestone needs a name' };
  const id = input.id ?? milestoneIdFromName(name);
  if (!isSprintId(id)) return { ok: false, message: `"${id}" cannot be a milestone id: use letters, digits, ".", "_" or "-"` };
  if (input.target !== undefined && !isIsoDate(input.target)) return { ok: false, message: `The target date must be written YYYY-MM-DD (got "${valueText(input.target)}")` };
  const goal = input.goal?.replace(/\s+/g, ' ').trim() || undefined;
  return { ok: true, id, fields: { name, target: input.target, goal } };
}

/** Renders a new milestone file (keys in the order name, target, goal). */
export function renderMilestoneFile(fields: Readonly<Record<string, unknown>>, body: string): string {
  return renderPlanningFile(fields, ['name', 'target', 'goal'], body);
}

/** The body a new milestone starts with. */
export function defaultMilestoneBody(): string {
  return '\n## Scope\n\n## Notes\n';
}

/** Milestones by target date (undated last), then id. */
export const compareMilestones = byDateThenId<Milestone>((m) => m.target);

/** The milestone an item's `milestone` value names (see {@link findPlanningFile}). */
export function findMilestone(milestones: readonly Milestone[], value: string | undefined): Milestone | undefined {
  return findPlanningFile(milestones, value);
}

/** Items whose `milestone` names no milestone file, at the line of that key. */
export function milestoneReferenceProblems(
  items: readonly { readonly milestone?: string; readonly file: string; readonly lines: Readonly<Record<string, number>> }[], milestones: readonly Milestone[],
): Problem[] {
  const problems: Problem[] = [];
  for (const item of items) {
    if (item.milestone && !findMilestone(milestones, item.milestone)) {
      const known = milestones.length > 0 ? `known: ${milestones.map((m) => m.id).join(', ')}` : 'there are none; create one with "milestone create NAME"';
      problems.push({
        file: item.file, line: item.lines.milestone ?? 1, column: 1, severity: 'warning', code: 'unknown-milestone',
        message: `Milestone "${item.milestone}" has no file in .backlog/milestones/ (${known})`,
      });
    }
  }
  return problems;
}
