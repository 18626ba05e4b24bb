// Turns the cards and the view settings into what the board draws: columns in config order,
// optional swimlanes across them, cards in rank order in each cell, and the numbers in the
// headers. Pure, so the webview, the unit tests and the benchmark all use the same code.
import type { StatusCategory } from '../config';
import type { BoardCard, BoardSnapshot } from './boardCard';
import { inScope, isFiltering, naturalCompare, type BoardView, type SwimlaneField } from './boardView';

export interface BoardColumn {
  readonly status: string;
  readonly category: StatusCategory | undefined;
  /** False for a status found on items but missing from `config.yaml`: shown, not a drop target. */
  readonly declared: boolean;
  readonly wip: number | undefined;
  /**
   * Every item of the folder in this status, whatever the sprint scope and the filter: the WIP
   * limit is about the team's work in the column, and the tree counts it the same way.
   */
  readonly wipCount: number;
  /** Items in the column within the sprint scope, filtered or not. */
  readonly total: number;
  /** Cards shown after the filter. */
  readonly shown: number;
  /** Story points of the shown cards. */
  readonly points: number;
  readonly overWip: boolean;
}

export interface BoardLane {
  /** Stable across renders (for collapsed-lane state): `<field>:<value>`. */
  readonly key: string;
  /** The field value this lane stands for; undefined is "none" (unassigned, no priority). */
  readonly value: string | undefined;
  readonly label: string;
  /** Cards per column, in rank order, same indexes as `columns`. */
  readonly cells: readonly (readonly BoardCard[])[];
  readonly count: number;
  readonly points: number;
}

/** Committed (everything shown) against done (shown cards in a `done` column). */
export interface BoardSummary {
  readonly count: number;
  readonly points: number;
  readonly doneCount: number;
  readonly donePoints: number;
  /** Shown cards without an estimate: the points figures leave them out. */
  readonly unestimated: number;
}

export interface CardPosition {
  readonly column: number;
  readonly lane: number;
  readonly index: number;
}

export interface BoardLayout {
  readonly swimlanes: SwimlaneField;
  readonly columns: readonly BoardColumn[];
  /** With swimlanes off, exactly one lane holding every card; with them on, the lanes that hold a shown card. */
  readonly lanes: readonly BoardLane[];
  readonly summary: BoardSummary;
  /** Items in the sprint scope, and how many of them the filter hides. */
  readonly inScope: number;
  readonly hidden: number;
  readonly filtering: boolean;
  /** Where each shown card is. */
  readonly positions: ReadonlyMap<string, CardPosition>;
}

/**
 * `snapshot.matches` are the ids the filter keeps, as the host matched them; while an answer for
 * a changed query is on its way the previous one is used, and without any every card is shown.
 */
export function layoutBoard(snapshot: Pick<BoardSnapshot, 'statuses' | 'types' | 'priorities' | 'cards' | 'matches'>, view: BoardView): BoardLayout {
  const declared = snapshot.statuses;
  const columnIndex = new Map<string, number>();
  declared.forEach((s, i) => columnIndex.set(s.name, i));
  const stray: string[] = [];
  const scoped = snapshot.cards.filter((c) => inScope(c, view.scope));
  for (const c of scoped) {
    if (!columnIndex.has(c.status)) {
      columnIndex.set(c.status, -1);
      stray.push(c.status);
    }
  }
  stray.sort(naturalCompare);
  stray.forEach((s, i) => columnIndex.set(s, declared.length + i));
  const columnCount = declared.length + stray.length;

  const totals = new Array<number>(columnCount).fill(0);
  const wipCounts = new Map<string, number>();
  for (const c of snapshot.cards) wipCounts.set(c.status, (wipCounts.get(c.status) ?? 0) + 1);
  const filtering = isFiltering(view);
  const kept = filtering && snapshot.matches ? new Set(snapshot.matches.ids) : undefined;
  const matches = (c: BoardCard) => !kept || kept.has(c.id);
  const shown: BoardCard[] = [];
  for (const c of scoped) {
    totals[columnIndex.get(c.status)!]++;
    if (matches(c)) shown.push(c);
  }

  const laneValues = laneOrder(view.swimlanes, shown, snapshot);
  const epicTitles = new Map<string, string>();
  if (view.swimlanes === 'epic') for (const c of shown) if (c.epic) epicTitles.set(c.epic.id, c.epic.title);
  const laneIndex = new Map<string | undefined, number>();
  laneValues.forEach((v, i) => laneIndex.set(v, i));
  const cells: BoardCard[][][] = laneValues.map(() => Array.from({ length: columnCount }, () => []));
  const positions = new Map<string, CardPosition>();
  for (const c of shown) {
    const column = columnIndex.get(c.status)!;
    const lane = laneIndex.get(laneValueOf(c, view.swimlanes))!;
    const cell = cells[lane][column];
    positions.set(c.id, { column, lane, index: cell.length });
    cell.push(c);
  }

  const columns: BoardColumn[] = [];
  for (let i = 0; i < columnCount; i++) {
    const def = i < declared.length ? declared[i] : undefined;
    let count = 0;
    let points = 0;
    for (const lane of cells) {
      count += lane[i].length;
      for (const c of lane[i]) points += c.points ?? 0;
    }
    const status = def ? def.name : stray[i - declared.length];
    const wipCount = wipCounts.get(status) ?? 0;
    columns.push({
      status,
      category: def?.category,
      declared: def !== undefined,
      wip: def?.wip,
      wipCount,
      total: totals[i],
      shown: count,
      points,
      overWip: def?.wip !== undefined && wipCount > def.wip,
    });
  }

  const lanes: BoardLane[] = laneValues.map((value, i) => {
    let count = 0;
    let points = 0;
    for (const cell of cells[i]) {
      count += cell.length;
      for (const c of cell) points += c.points ?? 0;
    }
    const label = view.swimlanes === 'epic' && value !== undefined ? `${epicTitles.get(value) ?? value} (${value})` : laneLabel(view.swimlanes, value);
    return { key: `${view.swimlanes}:${value ?? ''}`, value, label, cells: cells[i], count, points };
  });

  let points = 0;
  let doneCount = 0;
  let donePoints = 0;
  let unestimated = 0;
  for (const c of shown) {
    points += c.points ?? 0;
    if (c.points === undefined) unestimated++;
    if (columns[columnIndex.get(c.status)!].category === 'done') {
      doneCount++;
      donePoints += c.points ?? 0;
    }
  }
  return {
    swimlanes: view.swimlanes,
    columns,
    lanes,
    summary: { count: shown.length, points, doneCount, donePoints, unestimated },
    inScope: scoped.length,
    hidden: scoped.length - shown.length,
    filtering,
    positions,
  };
}

export function laneValueOf(card: BoardCard, field: SwimlaneField): string | undefined {
  switch (field) {
    case 'none':
      return undefined;
    case 'type':
      return card.type || undefined;
    case 'assignee':
      return card.assignee || undefined;
    case 'priority':
      return card.priority || undefined;
    case 'epic':
      return card.epic?.id;
  }
}

/**
 * Lanes that hold a shown card: declared values (types, priorities) in config order, then
 * values config does not know, then "none" last. Assignees in name order, epics in rank order.
 */
function laneOrder(field: SwimlaneField, shown: readonly BoardCard[], snapshot: Pick<BoardSnapshot, 'types' | 'priorities' | 'cards'>): (string | undefined)[] {
  if (field === 'none') return [undefined];
  const present = new Set<string | undefined>();
  for (const c of shown) present.add(laneValueOf(c, field));
  const declared =
    field === 'type' ? snapshot.types : field === 'priority' ? snapshot.priorities : field === 'epic' ? snapshot.cards.filter((c) => present.has(c.id)).map((c) => c.id) : [];
  const declaredSet = new Set(declared);
  const ordered: (string | undefined)[] = declared.filter((v) => present.has(v));
  ordered.push(...[...present].filter((v): v is string => v !== undefined && !declaredSet.has(v)).sort(naturalCompare));
  if (present.has(undefined)) ordered.push(undefined);
  return ordered;
}

function laneLabel(field: SwimlaneField, value: string | undefined): string {
  if (value !== undefined) return value;
  switch (field) {
    case 'none':
      return '';
    case 'type':
      return 'No type';
    case 'assignee':
      return 'Unassigned';
    case 'priority':
      return 'No priority';
    case 'epic':
      return 'No epic';
  }
}
