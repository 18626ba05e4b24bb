import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { isIdPrefix } from './ids';
import type { Problem } from './problem';
import { DEFAULT_PLANNING, parsePlanningConfig, type PlanningConfig } from './planning/planningConfig';
import { DEFAULT_TEST_REPORTS, parseTestReportsConfig, type TestReportsConfig } from './testReports/testReportsConfig';

/** Where an item is in its life: drives board columns and "done" semantics. */
export type StatusCategory = 'todo' | 'doing' | 'done';

/** A board column. Items store the status `name` in their front matter. */
export interface StatusDefinition {
  readonly name: string;
  readonly category: StatusCategory;
  /** Work-in-progress limit for the column; warned about when exceeded, never enforced. */
  readonly wip?: number;
}

/** The contents of `.backlog/config.yaml`, with defaults filled in. */
export interface BacklogConfig {
  readonly idPrefix: string;
  readonly statuses: readonly StatusDefinition[];
  readonly types: readonly string[];
  readonly priorities: readonly string[];
  readonly defaultType: string;
  readonly defaultStatus: string;
  readonly defaultPriority: string | undefined;
  /** Scoring models and grooming thresholds (`scoring:`, `grooming:`); defaults when absent. */
  readonly planning?: PlanningConfig;
  /** Where items for failing tests land, and their priority (`testReports:`); defaults when absent. */
  readonly testReports?: TestReportsConfig;
}

export const DEFAULT_CONFIG: BacklogConfig = {
  idPrefix: 'BL',
  statuses: [
    { name: 'Backlog', category: 'todo' },
    { name: 'Ready', category: 'todo' },
    { name: 'In Progress', category: 'doing', wip: 5 },
    { name: 'Review', category: 'doing', wip: 3 },
    { name: 'Done', category: 'done' },
  ],
  types: ['feature', 'bug', 'debt', 'chore', 'epic'],
  priorities: ['must', 'should', 'could', 'wont'],
  defaultType: 'feature',
  defaultStatus: 'Backlog',
  defaultPriority: undefined,
  planning: DEFAULT_PLANNING,
  testReports: DEFAULT_TEST_REPORTS,
};

/** The commented `config.yaml` that `init` writes. */
export function defaultConfigText(idPrefix: string = DEFAULT_CONFIG.idPrefix): string {
  return `# Repo Backlog configuration. Items live in ./items, one Markdown file each.
# Ids are <idPrefix>-<5 random characters>, so branches never hand out the same id.
idPrefix: ${idPrefix}

# Board columns, in order. category: todo | doing | done. wip: optional work-in-progress limit.
statuses:
  - name: Backlog
    category: todo
  - name: Ready
    category: todo
  - name: In Progress
    category: doing
    wip: 5
  - name: Review
    category: doing
    wip: 3
  - name: Done
    category: done

# An epic is a large piece of work; its items point to it with "parent: ID".
types: [feature, bug, debt, chore, epic]

# MoSCoW by default: must, should, could, wont (won't have this time).
priorities: [must, should, could, wont]

defaultType: feature
defaultStatus: Backlog

# Rank by score (repo-backlog rank --by ...): moscow (the default), wsjf, rice or your own
# weighted sum of front-matter fields. Scores are computed, never stored.
# scoring:
#   default: wsjf
#   models:
#     value-per-point: { weights: { businessValue: 2, reach: 1 }, divideBy: points }

# Grooming (repo-backlog groom): stale items, done items to archive, look-alike titles.
# grooming: { staleDays: 30, archiveDoneAfterDays: 14, duplicateSimilarity: 0.6 }
`;
}

export interface ParsedConfig {
  readonly config: BacklogConfig;
  readonly problems: Problem[];
}

const CATEGORIES: readonly StatusCategory[] = ['todo', 'doing', 'done'];

/**
 * Reads `config.yaml`. Never throws: anything unusable is reported with its line and replaced by
 * the default, so a broken config still shows the backlog.
 */
export function parseConfig(file: string, text: string): ParsedConfig {
  const problems: Problem[] = [];
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (node: Node | null | undefined, code: string, message: string, severity: Problem['severity'] = 'error') => {
    const pos = lines.linePos(node?.range?.[0] ?? 0);
    problems.push({ file, line: pos.line, column: pos.col, severity, code, message });
  };
  for (const e of doc.errors) {
    const pos = lines.linePos(e.pos[0]);
    problems.push({ file, line: pos.line, column: pos.col, severity: 'error', code: 'yaml', message: `Invalid YAML: ${firstLine(e.message)}` });
  }
  if (doc.errors.length > 0) return { config: DEFAULT_CONFIG, problems };
  const root = doc.contents;
  if (root === null || root === undefined) return { config: DEFAULT_CONFIG, problems };
  if (!isMap(root)) {
    at(root, 'config-shape', 'config.yaml must be a mapping of settings; using defaults');
    return { config: DEFAULT_CONFIG, problems };
  }

  let idPrefix = DEFAULT_CONFIG.idPrefix;
  const prefixNode = root.get('idPrefix', true) as Node | undefined;
  const prefix = prefixNode ? (prefixNode.toJSON() as unknown) : undefined;
  if (prefix !== undefined) {
    if (typeof prefix === 'string' && isIdPrefix(prefix)) idPrefix = prefix;
    else at(prefixNode, 'config-prefix', `idPrefix must be 1-10 capital letters or digits starting with a letter (got ${JSON.stringify(prefix)})`);
  }

  let statuses: StatusDefinition[] = [...DEFAULT_CONFIG.statuses];
  const statusesNode = root.get('statuses', true) as Node | undefined;
  if (statusesNode !== undefined) {
    if (!isSeq(statusesNode) || statusesNode.items.length === 0) {
      at(statusesNode, 'config-statuses', 'statuses must be a non-empty list; using the defaults');
    } else {
      const parsed: StatusDefinition[] = [];
      for (const entry of statusesNode.items) {
        const value = (entry as Node).toJSON() as unknown;
        const def = toStatus(value);
        if (typeof def === 'string') at(entry as Node, 'config-status', def);
        else if (parsed.some((s) => s.name === def.name)) at(entry as Node, 'config-status', `Status "${def.name}" is listed twice`);
        else parsed.push(def);
      }
      if (parsed.length > 0) statuses = parsed;
    }
  }

  const list = (key: string, fallback: readonly string[]): readonly string[] => {
    const node = root.get(key, true) as Node | undefined;
    if (node === undefined) return fallback;
    const value = node.toJSON() as unknown;
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v.trim() !== '')) {
      return [...new Set(value as string[])];
    }
    at(node, `config-${key}`, `${key} must be a non-empty list of names; using the defaults`);
    return fallback;
  };
  const types = list('types', DEFAULT_CONFIG.types);
  const priorities = list('priorities', DEFAULT_CONFIG.priorities);

  const pick = (key: string, allowed: readonly string[], fallback: string | undefined): string | undefined => {
    const node = root.get(key, true) as Node | undefined;
    if (node === undefined) return fallback;
    const value = node.toJSON() as unknown;
    if (typeof value === 'string' && allowed.includes(value)) return value;
    at(node, `config-${key}`, `${key} must be one of: ${allowed.join(', ')}`);
    return fallback;
  };
  const defaultType = pick('defaultType', types, types.includes(DEFAULT_CONFIG.defaultType) ? DEFAULT_CONFIG.defaultType : types[0]) ?? types[0];
  const statusNames = statuses.map((s) => s.name);
  const defaultStatus = pick('defaultStatus', statusNames, statusNames[0]) ?? statusNames[0];
  const defaultPriority = pick('defaultPriority', priorities, undefined);

  const planning = parsePlanningConfig(root, at);
  const testReports = parseTestReportsConfig(root, priorities, at);
  return { config: { idPrefix, statuses, types, priorities, defaultType, defaultStatus, defaultPriority, planning, testReports }, problems };
}

function toStatus(value: unknown): StatusDefinition | string {
  if (typeof value === 'string' && value.trim() !== '') return { name: value.trim(), category: 'todo' };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'Each status must be a name or a mapping with name, category and optional wip';
  const v = value as Record<string, unknown>;
  if (typeof v.name !== 'string' || v.name.trim() === '') return 'A status needs a name';
  const category = v.category ?? 'todo';
  if (typeof category !== 'string' || !CATEGORIES.includes(category as StatusCategory)) {
    return `Status "${v.name}": category must be todo, doing or done`;
  }
  if (v.wip !== undefined && v.wip !== null && !(typeof v.wip === 'number' && Number.isInteger(v.wip) && v.wip > 0)) {
    return `Status "${v.name}": wip must be a positive whole number`;
  }
  const wip = typeof v.wip === 'number' ? v.wip : undefined;
  return wip === undefined ? { name: v.name.trim(), category: category as StatusCategory } : { name: v.name.trim(), category: category as StatusCategory, wip };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

export function statusCategory(config: BacklogConfig, status: string): StatusCategory | undefined {
  return config.statuses.find((s) => s.name === status)?.category;
}
