// The immutable view of the whole backlog that every view renders from, built from what the
// reader parsed: items in rank order, sprints in calendar order, and every problem found.
import { duplicateIdProblems, findDuplicateIds, relationProblems, validateItem } from '../check';
import type { BacklogConfig } from '../config';
import { normalizeItemId } from '../ids';
import type { Item } from '../item';
import type { ParsedItemFile } from '../itemFile';
import { baseName, relativeTo } from '../paths';
import { compareMilestones, milestoneReferenceProblems, type Milestone, type ParsedMilestoneFile } from '../planning/milestoneFile';
import { ItemRelations } from '../planning/relations';
import { compareSprints, sprintReferenceProblems, type ParsedSprintFile, type Sprint } from '../planning/sprintFile';
import type { Problem } from '../problem';
import { compareItems, sortItems } from '../query';

/** What a workspace folder holds: our backlog, nothing, or a Backlog.md project we must not touch. */
export type BacklogKind = 'backlog' | 'missing' | 'backlog-md';

/** An immutable view of the whole backlog at one moment. Views render from this only. */
export interface BacklogSnapshot {
  readonly kind: BacklogKind;
  readonly root: string;
  readonly config: BacklogConfig;
  /** Every loadable item, in rank order. */
  readonly items: readonly Item[];
  /** Everything wrong in `.backlog/`: unloadable files, warnings, duplicate ids, config errors. */
  readonly problems: readonly Problem[];
  /** First item with this id (duplicates are reported in `problems`). */
  readonly byId: ReadonlyMap<string, Item>;
  /** Every loadable sprint in `.backlog/sprints/`, in calendar order. */
  readonly sprints: readonly Sprint[];
  /** Every loadable milestone in `.backlog/milestones/`, by target date. */
  readonly milestones: readonly Milestone[];
  /** Parents, children, roll-ups, blockers and what each item blocks. */
  readonly relations: ItemRelations;
}

/** What a snapshot is built from: the parse results of one read of `.backlog/`. */
export interface SnapshotParts {
  readonly kind: BacklogKind;
  readonly root: string;
  readonly dir: string;
  readonly archiveDir: string;
  readonly config: BacklogConfig;
  readonly configProblems: readonly Problem[];
  /** Files that could not be read, and links out of the folder. */
  readonly readProblems: readonly Problem[];
  readonly parsedItems: Iterable<ParsedItemFile>;
  readonly parsedSprints: Iterable<ParsedSprintFile>;
  readonly parsedMilestones: Iterable<ParsedMilestoneFile>;
  readonly archivedIds: ReadonlySet<string>;
}

export function buildSnapshot(parts: SnapshotParts): BacklogSnapshot {
  const items: Item[] = [];
  const problems: Problem[] = [...parts.configProblems, ...parts.readProblems];
  for (const p of parts.parsedItems) {
    problems.push(...p.problems);
    if (p.item) {
      items.push(p.item);
      problems.push(...validateItem(p.item, parts.config));
    }
  }
  problems.push(...duplicateIdProblems(findDuplicateIds(items)));
  for (const item of items) {
    if (parts.archivedIds.has(item.id)) {
      problems.push({
        file: item.file, line: 1, column: 1, severity: 'error', code: 'archived-twice',
        message: `${item.id} is also in ${relativeTo(parts.root, parts.archiveDir)}/ (an archive was interrupted); check --fix finishes it if both copies are the same`,
      });
    }
  }
  const sprints: Sprint[] = [];
  for (const p of parts.parsedSprints) {
    problems.push(...p.problems);
    if (p.sprint) sprints.push(p.sprint);
  }
  sprints.sort(compareSprints);
  problems.push(...sprintReferenceProblems(items, sprints));
  const milestones: Milestone[] = [];
  for (const p of parts.parsedMilestones) {
    problems.push(...p.problems);
    if (p.milestone) milestones.push(p.milestone);
  }
  milestones.sort(compareMilestones);
  problems.push(...milestoneReferenceProblems(items, milestones));
  const sorted = sortItems(items);
  const byId = new Map<string, Item>();
  for (const item of sorted) if (!byId.has(item.id)) byId.set(item.id, item);
  const after: Problem[] = [];
  if (parts.kind === 'backlog-md') {
    after.push({
      file: parts.dir, line: 1, column: 1, severity: 'warning', code: 'backlog-md',
      message: 'This .backlog folder holds a Backlog.md project; Repo Backlog leaves it untouched.',
    });
  }
  // The relation check (cycles, unknown parents and blockers) walks every item: on 10,000 items
  // it is a large part of a load that most readers (list, the tree, a forecast) never need. It
  // runs when `problems` is first read, on this snapshot's own items and archive ids.
  const archivedIds = new Set(parts.archivedIds);
  let all: readonly Problem[] | undefined;
  return {
    kind: parts.kind,
    root: parts.root,
    config: parts.config,
    items: sorted,
    get problems() {
      return (all ??= [...problems, ...relationProblems(sorted, byId, archivedIds), ...after]);
    },
    byId,
    sprints,
    milestones,
    relations: new ItemRelations(sorted, byId, parts.config),
  };
}

/**
 * Inside a batch: applies the item files `touched` since the last snapshot to its private copy
 * (`items` in rank order and `byId`, changed in place) instead of a full rebuild. `held` is the
 * set of files the copy holds (a new file needs no search to be replaced), kept up to date.
 */
export function patchItems(items: Item[], byId: Map<string, Item>, held: Set<string>, touched: Iterable<string>, parsed: ReadonlyMap<string, ParsedItemFile>): void {
  for (const file of touched) {
    const at = held.has(file) ? items.findIndex((i) => i.file === file) : -1;
    if (at !== -1) {
      const old = items[at];
      items.splice(at, 1);
      if (byId.get(old.id) === old) byId.delete(old.id);
    }
    const item = parsed.get(file)?.item;
    if (!item) continue;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareItems(items[mid], item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    items.splice(lo, 0, item);
    held.add(file);
    if (!byId.has(item.id)) byId.set(item.id, item);
  }
}

/**
 * Why `typedId` names no item when its file is there but failed to load (bad YAML, a conflict):
 * the file and its first problem, so a user is not told the item does not exist.
 */
export function unloadableItemMessage(snapshot: BacklogSnapshot, typedId: string): string | undefined {
  const name = `${normalizeItemId(typedId)}.md`;
  const problem = snapshot.problems.find((p) => p.severity === 'error' && baseName(p.file) === name && !snapshot.items.some((i) => i.file === p.file));
  if (!problem) return undefined;
  return `${relativeTo(snapshot.root, problem.file)}:${problem.line}: ${problem.message} (the item cannot be changed until its file is fixed)`;
}
