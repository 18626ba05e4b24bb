// The fields of items as the store writes them: a new item's front matter and the changes a
// caller asks for, checked against config.yaml and cleaned, before any file is touched.
import type { BacklogConfig } from '../config';
import type { CodeLink } from '../item';
import { isItemId, normalizeItemId } from '../ids';
import { isValidRank } from '../rank';
import { BacklogError } from './backlogError';
import { valueText } from '../valueText';

/** Fields of a new item; everything but the title has a default. */
export interface NewItem {
  readonly title: string;
  readonly type?: string;
  readonly status?: string;
  readonly priority?: string;
  readonly points?: number;
  readonly labels?: readonly string[];
  readonly assignee?: string;
  readonly sprint?: string;
  /** The parent item's id (an epic, a story). */
  readonly parent?: string;
  readonly milestone?: string;
  /** Ids of the items this one waits for. */
  readonly blockedBy?: readonly string[];
  readonly links?: readonly CodeLink[];
  /** Markdown body; defaults to a description and an acceptance-criteria checklist. */
  readonly body?: string;
  /** Where the item lands in the backlog order; default bottom. */
  readonly position?: 'top' | 'bottom';
  /** Extra front-matter keys of your own (e.g. a failing test's record); not the fields above. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** Front-matter changes: a value sets the key, `undefined` removes it. Unknown keys are allowed. */
export type ItemChanges = Readonly<Record<string, unknown>>;

/** The front matter of a new item, checked against the config. */
export function newItemFields(config: BacklogConfig, input: NewItem, rank: string, stamp: string): Record<string, unknown> {
  const title = cleanTitle(input.title);
  const fields: Record<string, unknown> = {
    title,
    type: checkValue('type', input.type ?? config.defaultType, config.types),
    status: checkValue('status', input.status ?? config.defaultStatus, config.statuses.map((s) => s.name)),
    priority: input.priority === undefined ? config.defaultPriority : checkValue('priority', input.priority, config.priorities),
    points: input.points === undefined ? undefined : checkPoints(input.points),
    labels: input.labels && input.labels.length > 0 ? cleanLabels(input.labels) : undefined,
    assignee: input.assignee || undefined,
    sprint: input.sprint || undefined,
    parent: input.parent ? checkItemId('parent', input.parent) : undefined,
    milestone: input.milestone || undefined,
    blockedBy: input.blockedBy && input.blockedBy.length > 0 ? cleanIds('blockedBy', input.blockedBy) : undefined,
    rank,
    created: stamp,
    updated: undefined,
    links: input.links && input.links.length > 0 ? input.links.map(linkToYaml) : undefined,
  };
  fields.updated = fields.created;
  for (const [key, value] of Object.entries(input.extra ?? {})) {
    if (key in fields || key === 'id') throw new BacklogError(`"${key}" is an item field; pass it as one, not as an extra key`, 'invalid-value');
    if (value !== undefined) fields[key] = value;
  }
  return fields;
}

/** Changes asked for, checked against the config and cleaned; refuses fields the store manages. */
export function validateChanges(config: BacklogConfig, changes: ItemChanges): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    switch (key) {
      case 'id':
      case 'created':
      case 'updated':
        throw new BacklogError(`"${key}" is managed by Repo Backlog and cannot be set`, 'invalid-value');
      case 'title':
        out.title = cleanTitle(valueText(value));
        break;
      case 'type':
        out.type = checkValue('type', valueText(value), config.types);
        break;
      case 'status':
        out.status = checkValue('status', valueText(value), config.statuses.map((s) => s.name));
        break;
      case 'priority':
        out.priority = value === undefined || value === '' ? undefined : checkValue('priority', valueText(value), config.priorities);
        break;
      case 'points':
        out.points = value === undefined || value === '' ? undefined : checkPoints(Number(value));
        break;
      case 'labels':
        out.labels = value === undefined ? undefined : cleanLabels(Array.isArray(value) ? value.map(String) : valueText(value).split(','));
        if (Array.isArray(out.labels) && out.labels.length === 0) out.labels = undefined;
        break;
      case 'parent':
        out.parent = value === undefined || value === '' || value === null ? undefined : checkItemId('parent', valueText(value));
        break;
      case 'milestone':
        out.milestone = value === undefined || value === '' || value === null ? undefined : valueText(value).trim() || undefined;
        break;
      case 'blockedBy': {
        const ids = value === undefined || value === null ? [] : cleanIds('blockedBy', Array.isArray(value) ? value.map(valueText) : valueText(value).split(','));
        out.blockedBy = ids.length > 0 ? ids : undefined;
        break;
      }
      case 'rank':
        if (typeof value !== 'string' || !isValidRank(value)) throw new BacklogError(`"${String(value)}" is not a valid rank`, 'invalid-value');
        out.rank = value;
        break;
      case 'links':
        out.links = Array.isArray(value) && value.length > 0 ? (value as CodeLink[]).map(linkToYaml) : undefined;
        break;
      default:
        if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) throw new BacklogError(`"${key}" is not a usable front-matter key`, 'invalid-value');
        out[key] = value === '' ? undefined : value;
    }
  }
  return out;
}

/** `value` as config.yaml spells it (matched case-insensitively), or a clear refusal. */
export function checkValue(field: string, value: string, allowed: readonly string[]): string {
  if (allowed.includes(value)) return value;
  const folded = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (folded) return folded;
  throw new BacklogError(`Unknown ${field} "${value}"; config.yaml allows: ${allowed.join(', ')}`, 'invalid-value');
}

export function cleanTitle(title: string): string {
  const t = title.replace(/\s+/g, ' ').trim();
  if (!t) throw new BacklogError('An item needs a title', 'invalid-value');
  return t;
}

function cleanLabels(labels: readonly string[]): string[] {
  return [...new Set(labels.map((l) => l.trim()).filter(Boolean))];
}

/** `value` if it is an item id (PREFIX-XXXXX), else a clear refusal naming the field. */
export function checkItemId(field: string, value: string): string {
  const id = normalizeItemId(value);
  if (!isItemId(id)) throw new BacklogError(`${field}: "${value.trim()}" is not an item id (expected PREFIX-XXXXX, e.g. BL-7K3QM)`, 'invalid-value');
  return id;
}

/** A list of item ids, trimmed, without blanks or repeats; refuses anything that is not an id. */
function cleanIds(field: string, ids: readonly string[]): string[] {
  return [...new Set(ids.map((i) => i.trim()).filter(Boolean).map((i) => checkItemId(field, i)))];
}

function checkPoints(points: number): number {
  if (!Number.isFinite(points) || points < 0) throw new BacklogError(`Points must be a number of at least 0 (got ${points})`, 'invalid-value');
  return points;
}

export function linkToYaml(link: CodeLink): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (link.kind) out.kind = link.kind;
  out.path = link.path;
  if (link.line !== undefined) out.line = link.line;
  if (link.anchor !== undefined) out.anchor = link.anchor;
  if (link.state !== undefined) out.state = link.state;
  return out;
}
