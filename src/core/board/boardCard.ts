// What the board shows of an item, as plain data that crosses the webview boundary. It carries
// no file paths: the host maps ids back to files, so the webview can name nothing but an item id.
import type { BacklogSnapshot } from '../backlog';
import type { StatusCategory } from '../config';
import { checklistProgress, type Item } from '../item';
import type { ItemRelations } from '../planning/relations';
import { itemTestStateBadge, type TestStateBadge } from '../testReports/testStateBadge';
import { boardMatches, type BoardMatches } from './boardMatches';

/** One card. `hash` is the version of the file the card was drawn from (conflict detection). */
export interface BoardCard {
  readonly id: string;
  readonly hash: string;
  readonly title: string;
  readonly type: string;
  readonly status: string;
  readonly priority?: string;
  readonly points?: number;
  readonly labels: readonly string[];
  readonly assignee?: string;
  readonly sprint?: string;
  /** How many links of each kind point into the code (TODO comments, failing tests, other lines). */
  readonly links: { readonly todo: number; readonly test: number; readonly code: number };
  /** Acceptance-criteria checkboxes in the body. */
  readonly checklist: { readonly done: number; readonly total: number };
  /** The test the item tracks (a captured failing test): failing, or passing again. */
  readonly test?: TestStateBadge;
  /** The item's parent (an epic, a story), shown as a chip. */
  readonly parent?: RelatedItem;
  /** The nearest ancestor of type `epic`: the card's lane when the board has swimlanes by epic. */
  readonly epic?: RelatedItem;
  /** Blockers not done yet (the snapshot's relations decide, see core/planning/relations). */
  readonly blockers?: readonly (RelatedItem & { readonly status: string })[];
}

/** Another item, as much of it as a card shows. */
export interface RelatedItem {
  readonly id: string;
  readonly title: string;
}

/** The type whose items are swimlanes when the board groups by epic. */
export const EPIC_TYPE = 'epic';

/** A board column as declared in `config.yaml`. */
export interface BoardStatus {
  readonly name: string;
  readonly category: StatusCategory;
  readonly wip?: number;
}

/** A sprint from `.backlog/sprints/`, for the sprint selector and the committed-vs-capacity summary. */
export interface BoardSprint {
  /** What items store in their `sprint` field. */
  readonly id: string;
  readonly name: string;
  readonly state?: string;
  readonly capacity?: number;
  readonly start?: string;
  readonly end?: string;
}

/** A workspace folder the board can show. */
export interface BoardFolder {
  readonly root: string;
  readonly name: string;
}

/** Everything the webview needs to draw one folder's board: sent whole on every change. */
export interface BoardSnapshot {
  /** Folders that hold a backlog, in workspace order (a selector appears when there are several). */
  readonly folders: readonly BoardFolder[];
  /** The folder shown, or undefined when no folder has a backlog. */
  readonly root: string | undefined;
  readonly statuses: readonly BoardStatus[];
  readonly types: readonly string[];
  readonly priorities: readonly string[];
  /** Declared sprints in calendar order (sprint ids only found on items are added by the view). */
  readonly sprints: readonly BoardSprint[];
  /** Every item of the folder, in backlog rank order. */
  readonly cards: readonly BoardCard[];
  /** Problems in `.backlog/` (unreadable files are not on the board; the count says so). */
  readonly problems: number;
  /** The cards the board's filter keeps, when the host knows a filter (see boardMatches). */
  readonly matches?: BoardMatches;
}

/** Items are immutable and kept across snapshots while their file is unchanged: convert each once. */
const cards = new WeakMap<Item, BoardCard>();

/**
 * The card for an item. Its parent, epic and blockers depend on other items, so they are added
 * for each snapshot on top of the card kept for the item's file.
 */
export function toBoardCard(item: Item, relations?: ItemRelations): BoardCard {
  let card = cards.get(item);
  if (!card) cards.set(item, (card = makeCard(item)));
  if (!relations) return card;
  const parent = relations.parentOf(item);
  const blockers = relations.openBlockers(item);
  if (!parent && blockers.length === 0) return card;
  const epic = parent ? relations.ancestors(item).find((a) => a.type === EPIC_TYPE) : undefined;
  return {
    ...card,
    ...(parent ? { parent: related(parent) } : {}),
    ...(epic ? { epic: related(epic) } : {}),
    ...(blockers.length ? { blockers: blockers.map((b) => ({ ...related(b), status: b.status })) } : {}),
  };
}

function related(item: Item): RelatedItem {
  return { id: item.id, title: item.title };
}

function makeCard(item: Item): BoardCard {
  const links = { todo: 0, test: 0, code: 0 };
  for (const link of item.links) links[link.kind === 'todo' || link.kind === 'test' ? link.kind : 'code']++;
  const test = itemTestStateBadge(item);
  return {
    id: item.id,
    hash: item.hash,
    title: item.title,
    type: item.type,
    status: item.status,
    priority: item.priority,
    points: item.points,
    labels: item.labels,
    assignee: item.assignee,
    sprint: item.sprint,
    links,
    checklist: checklistProgress(item.body),
    ...(test ? { test } : {}),
  };
}

/** The board data for one folder's snapshot (undefined: no folder has a backlog), filtered by `query`. */
export function buildBoardSnapshot(folders: readonly BoardFolder[], snapshot: BacklogSnapshot | undefined, query = ''): BoardSnapshot {
  if (!snapshot) return { folders, root: undefined, statuses: [], types: [], priorities: [], sprints: [], cards: [], problems: 0 };
  const { config } = snapshot;
  // Sprint files are optional (older stores have none): read them if the snapshot has them.
  const declaredSprints = (snapshot as { readonly sprints?: readonly BoardSprint[] }).sprints ?? [];
  const matches = boardMatches(snapshot.items, query, snapshot);
  return {
    folders,
    root: snapshot.root,
    statuses: config.statuses.map((s) => (s.wip === undefined ? { name: s.name, category: s.category } : { name: s.name, category: s.category, wip: s.wip })),
    types: config.types,
    priorities: config.priorities,
    sprints: declaredSprints.map(toBoardSprint),
    cards: snapshot.items.map((item) => toBoardCard(item, snapshot.relations)),
    problems: snapshot.problems.length,
    ...(matches ? { matches } : {}),
  };
}

function toBoardSprint(s: BoardSprint): BoardSprint {
  // Copied field by field: the store's sprint also holds its file path and body.
  const out: { -readonly [K in keyof BoardSprint]: BoardSprint[K] } = { id: s.id, name: s.name };
  if (s.state !== undefined) out.state = s.state;
  if (s.capacity !== undefined) out.capacity = s.capacity;
  if (s.start !== undefined) out.start = s.start;
  if (s.end !== undefined) out.end = s.end;
  return out;
}
