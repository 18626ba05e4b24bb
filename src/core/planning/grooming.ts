import type { BacklogSnapshot } from '../backlog';
import { statusCategory } from '../config';
import { checklistProgress, type Item } from '../item';
import { findSimilarTitles } from './duplicates';
import { DEFAULT_PLANNING } from './planningConfig';

// What other features store in item front matter, and grooming reads (the contract):
// - `links: [{ path, line, kind, anchor, state }]`: the TODO/code-link tracker sets a link's
//   `state: lost` when it can no longer find the anchored code. Any other state (or none) is fine.
// - `test: { state, ... }`: the failing-test capture keeps the test it was filed for under
//   `test:`; `state: passing` means the test passed again, so the item may be done or obsolete.
// Grooming only reads these keys; it never writes them.

const DAY = 86_400_000;

export interface GroomingOptions {
  readonly now: number;
  /** Last change per item id from history (e.g. the last commit touching it), when known. */
  readonly lastChanged?: ReadonlyMap<string, number>;
  readonly staleDays?: number;
  readonly archiveDoneAfterDays?: number;
  readonly duplicateSimilarity?: number;
}

export interface GroomingEntry {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  /** What is wrong, in words. */
  readonly reasons: readonly string[];
  /** Days since the last change, when known. */
  readonly ageDays?: number;
}

export interface LikelyDuplicate {
  readonly a: { readonly id: string; readonly title: string; readonly status: string };
  readonly b: { readonly id: string; readonly title: string; readonly status: string };
  readonly similarity: number;
}

export interface GroomingReport {
  readonly settings: { readonly staleDays: number; readonly archiveDoneAfterDays: number; readonly duplicateSimilarity: number };
  readonly stale: readonly GroomingEntry[];
  readonly notReady: readonly GroomingEntry[];
  readonly duplicates: readonly LikelyDuplicate[];
  readonly lostLinks: readonly GroomingEntry[];
  readonly passingTests: readonly GroomingEntry[];
  readonly toArchive: readonly GroomingEntry[];
  /** Parents and children out of step: an open parent with everything under it done, a child done before its parent started. */
  readonly structure: readonly GroomingEntry[];
}

/** When the item last changed: its `updated` stamp, its history, or its `created` stamp. */
export function lastChange(item: Item, history?: ReadonlyMap<string, number>): number | undefined {
  const times = [item.updated, item.created].map((s) => (s ? Date.parse(s) : Number.NaN)).filter((n) => !Number.isNaN(n));
  const fromHistory = history?.get(item.id);
  if (fromHistory !== undefined) times.push(fromHistory);
  return times.length > 0 ? Math.max(...times) : undefined;
}

/** True when the body says something besides headings, checkboxes and comments. */
export function hasDescription(body: string): boolean {
  const prose = body
    .replace(/<!--[\s\S]*?-->/g, '')
    .split(/\r?\n/)
    .filter((line) => !/^\s*#{1,6}(\s|$)/.test(line) && !/^\s*[-*+]\s+\[[ xX]\]/.test(line) && line.trim() !== '');
  return prose.length > 0;
}

/** Why an item is not ready to be planned: no estimate, no acceptance criteria, no description. */
export function readinessGaps(item: Item): string[] {
  const gaps: string[] = [];
  if (item.points === undefined) gaps.push('no estimate');
  if (checklistProgress(item.body).total === 0) gaps.push('no acceptance criteria');
  if (!hasDescription(item.body)) gaps.push('no description');
  return gaps;
}

/** The grooming view: everything that makes the backlog bloated or unplannable. */
export function groomingReport(snapshot: BacklogSnapshot, options: GroomingOptions): GroomingReport {
  const planning = snapshot.config.planning ?? DEFAULT_PLANNING;
  const staleDays = options.staleDays ?? planning.staleDays;
  const archiveDoneAfterDays = options.archiveDoneAfterDays ?? planning.archiveDoneAfterDays;
  const duplicateSimilarity = options.duplicateSimilarity ?? planning.duplicateSimilarity;
  const category = (item: Item) => statusCategory(snapshot.config, item.status);

  const stale: GroomingEntry[] = [];
  const notReady: GroomingEntry[] = [];
  const lostLinks: GroomingEntry[] = [];
  const passingTests: GroomingEntry[] = [];
  const toArchive: GroomingEntry[] = [];
  const entry = (item: Item, reasons: string[], ageDays?: number): GroomingEntry =>
    ageDays === undefined ? { id: item.id, title: item.title, status: item.status, reasons } : { id: item.id, title: item.title, status: item.status, reasons, ageDays };

  const structure: GroomingEntry[] = [];
  const { relations } = snapshot;
  for (const item of snapshot.items) {
    const changed = lastChange(item, options.lastChanged);
    const age = changed === undefined ? undefined : Math.floor((options.now - changed) / DAY);
    const c = category(item);
    // Reported, never fixed here: closing a parent or starting one is the team's call.
    const parent = relations.parentOf(item);
    if (c === 'done' && parent && category(parent) === 'todo') structure.push(entry(item, [`done while its parent ${parent.id} is not started (${parent.status})`], age));
    const rollup = c === 'done' ? undefined : relations.rollup(item.id);
    if (rollup && rollup.done === rollup.total) structure.push(entry(item, [`everything under it is done (${rollup.total} item${rollup.total === 1 ? '' : 's'}) but it is ${item.status}; close it?`], age));
    if (c === 'done') {
      if (age !== undefined && age >= archiveDoneAfterDays) toArchive.push(entry(item, [`done, unchanged for ${age} days`], age));
      continue;
    }
    if (age !== undefined && age >= staleDays) stale.push(entry(item, [`not updated for ${age} days`], age));
    if (c !== 'doing') {
      const gaps = [...readinessGaps(item), ...snapshot.relations.openBlockers(item).map((b) => `blocked by ${b.id}`)];
      if (gaps.length > 0) notReady.push(entry(item, gaps, age));
    }
    const lost = item.links.filter((l) => (l as { state?: unknown }).state === 'lost');
    if (lost.length > 0) lostLinks.push(entry(item, lost.map((l) => `code link lost: ${l.path}${l.line ? ':' + l.line : ''}`), age));
    const test = item.extra.test;
    if (typeof test === 'object' && test !== null && (test as { state?: unknown }).state === 'passing') {
      const name = (test as { name?: unknown; id?: unknown }).name ?? (test as { id?: unknown }).id;
      passingTests.push(entry(item, [`test ${typeof name === 'string' ? `"${name}" ` : ''}passes again`], age));
    }
  }
  stale.sort((a, b) => (b.ageDays ?? 0) - (a.ageDays ?? 0));
  toArchive.sort((a, b) => (b.ageDays ?? 0) - (a.ageDays ?? 0));

  // Open items against each other and against done ones ("was this already done?").
  const brief = (item: Item) => ({ id: item.id, title: item.title, status: item.status });
  const duplicates: LikelyDuplicate[] = [];
  for (const pair of findSimilarTitles(snapshot.items, duplicateSimilarity)) {
    const a = snapshot.byId.get(pair.a);
    const b = snapshot.byId.get(pair.b);
    if (!a || !b || (category(a) === 'done' && category(b) === 'done')) continue;
    duplicates.push({ a: brief(a), b: brief(b), similarity: pair.similarity });
  }

  return { settings: { staleDays, archiveDoneAfterDays, duplicateSimilarity }, stale, notReady, duplicates, lostLinks, passingTests, toArchive, structure };
}

/** Done items whose last change is at least `days` old: what `archive --done-older-than` moves. */
export function doneOlderThan(snapshot: BacklogSnapshot, days: number, now: number, lastChanged?: ReadonlyMap<string, number>): Item[] {
  return snapshot.items.filter((item) => {
    if (statusCategory(snapshot.config, item.status) !== 'done') return false;
    const changed = lastChange(item, lastChanged);
    return changed !== undefined && now - changed >= days * DAY;
  });
}
