import { DEFAULT_CONFIG, defaultConfigText, parseConfig, type BacklogConfig } from './config';
import { duplicateIdProblems, findDuplicateIds, planIdRepairs, validateItem, type IdRepair } from './check';
import { isAlreadyExists, isNotFound, type BacklogFiles, type FileStat } from './files';
import { editFrontMatter, splitFrontMatter } from './frontMatter';
import { contentHash } from './hash';
import { isIdPrefix, mathRandomInt, newItemId, type RandomInt } from './ids';
import { ItemIndexCache } from './indexCache';
import type { CodeLink, Item } from './item';
import { defaultItemBody, newItemFile, parseItemFile, type ParsedItemFile } from './itemFile';
import { baseName, joinPath } from './paths';
import type { Problem } from './problem';
import { compareItems, sortItems } from './query';
import { planMove, rankBetween, ranksBetween, isValidRank } from './rank';
import { HISTORY_DIR, historyLine, parseHistoryLog, planningState, type HistoryEvent } from './planning/history';
import {
  compareSprints, defaultSprintBody, isSprintId, normalizeSprintChanges, parseSprintFile, renderSprintFile, sprintIdFromName,
  sprintReferenceProblems, type NewSprint, type ParsedSprintFile, type Sprint,
} from './planning/sprintFile';

export const BACKLOG_DIR = '.backlog';

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
}

export type BacklogErrorCode = 'changed-on-disk' | 'missing-item' | 'not-initialized' | 'backlog-md' | 'duplicate-id' | 'invalid-value' | 'exists';

/** An operation the user asked for could not be done; the message says why and what to do. */
export class BacklogError extends Error {
  constructor(message: string, readonly code: BacklogErrorCode) {
    super(message);
    this.name = 'BacklogError';
  }
}

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

/** Where to move an item: relative to another item, or to an end of the backlog. */
export type MoveTarget = (
  | { readonly status?: string; readonly before: string }
  | { readonly status?: string; readonly after: string }
  | { readonly status?: string; readonly to: 'top' | 'bottom' }
  | { readonly status?: string; readonly index: number; readonly within: readonly string[] }
) & {
  /** Other fields to change in the same write (e.g. the type when dropped into a type group). */
  readonly changes?: ItemChanges;
};

export interface BacklogOptions {
  readonly now?: () => Date;
  readonly random?: RandomInt;
  /** Keep parse results in `.backlog/.cache/` (default true). */
  readonly cache?: boolean;
  /**
   * Append status/sprint/points changes to `.backlog/history/` (see planning/history.ts). By
   * default only outside a git repository: inside one, git's history is the record.
   */
  readonly recordHistory?: boolean;
}

/** Item ids, or the item as the caller saw it (so a change on disk since then is detected). */
export type ItemRef = string | Pick<Item, 'id' | 'file' | 'hash'>;

/**
 * The backlog of one folder: loads `.backlog/`, keeps an immutable snapshot, and performs every
 * change as a minimal, atomic write of one item file. Operations run one at a time.
 */
export class Backlog {
  readonly dir: string;
  readonly itemsDir: string;
  readonly configPath: string;
  readonly sprintsDir: string;
  readonly archiveDir: string;
  readonly historyDir: string;
  private parsed = new Map<string, ParsedItemFile>();
  private parsedSprints = new Map<string, ParsedSprintFile>();
  /** Ids in the archive, so a new item never takes an archived item's id. */
  private archivedIds = new Set<string>();
  private recordsHistory = false;
  private readonly recordHistoryOption: boolean | undefined;
  private config: BacklogConfig = DEFAULT_CONFIG;
  private configProblems: Problem[] = [];
  private kind: BacklogKind = 'missing';
  private current: BacklogSnapshot;
  private readonly listeners = new Set<(s: BacklogSnapshot) => void>();
  /** Item files parsed or forgotten since the last snapshot (patched into it inside a batch). */
  private readonly touched = new Set<string>();
  private batchDepth = 0;
  /** Inside a batch: the item files the private snapshot holds (new files need no search to replace). */
  private batchFiles = new Set<string>();
  private publishPending = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => Date;
  private readonly random: RandomInt;
  private readonly cache: ItemIndexCache | undefined;

  constructor(readonly root: string, private readonly files: BacklogFiles, options: BacklogOptions = {}) {
    this.dir = joinPath(root, BACKLOG_DIR);
    this.itemsDir = joinPath(this.dir, 'items');
    this.configPath = joinPath(this.dir, 'config.yaml');
    this.sprintsDir = joinPath(this.dir, 'sprints');
    this.archiveDir = joinPath(this.dir, 'archive');
    this.historyDir = joinPath(this.dir, HISTORY_DIR);
    this.recordHistoryOption = options.recordHistory;
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? mathRandomInt;
    this.cache = options.cache === false ? undefined : new ItemIndexCache(files, joinPath(this.dir, '.cache'), this.itemsDir);
    this.current = this.buildSnapshot();
  }

  get snapshot(): BacklogSnapshot {
    return this.current;
  }

  /** Called after every change that alters the snapshot (never for no-op refreshes). */
  onDidChange(listener: (s: BacklogSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads everything from disk. */
  load(): Promise<BacklogSnapshot> {
    return this.serialize(async () => {
      await this.readAll();
      return this.publish();
    });
  }

  /**
   * Re-reads the given files (or everything), publishing a new snapshot only if something
   * actually differs; our own writes therefore never cause a second refresh.
   */
  refresh(paths?: readonly string[]): Promise<BacklogSnapshot> {
    return this.serialize(async () => {
      const changed = paths === undefined || paths.some((p) => !this.isItemPath(p)) ? await this.readAll(true) : await this.readItems(paths);
      return changed ? this.publish() : this.current;
    });
  }

  /** Writes `config.yaml` and `items/`. Refuses to touch a Backlog.md project or an existing config. */
  init(idPrefix?: string): Promise<BacklogSnapshot> {
    return this.serialize(async () => {
      this.kind = await this.detectKind();
      this.refuseBacklogMd();
      const prefix = idPrefix ?? DEFAULT_CONFIG.idPrefix;
      if (!isIdPrefix(prefix)) throw new BacklogError(`Id prefix "${prefix}" must be 1-10 capital letters or digits, starting with a letter`, 'invalid-value');
      await this.files.mkdirp(this.itemsDir);
      try {
        await this.files.createExclusive(this.configPath, defaultConfigText(prefix));
      } catch (e) {
        if (!isAlreadyExists(e)) throw e;
      }
      await this.readAll();
      return this.publish();
    });
  }

  /**
   * Runs many operations (an import, a capture of many TODOs) and publishes one snapshot at the
   * end instead of one per change, so creating n items costs O(n log n), not O(n²). Each change
   * is still its own atomic file write; if `work` fails part-way, what was written stays written
   * and is published.
   */
  async batch<T>(work: () => Promise<T>): Promise<T> {
    await this.serialize(async () => {
      if (this.batchDepth++ === 0) {
        // A private copy: the snapshot views hold must never change under them.
        this.current = { ...this.current, items: [...this.current.items], byId: new Map(this.current.byId) };
        this.batchFiles = new Set(this.current.items.map((i) => i.file));
      }
    });
    try {
      return await work();
    } finally {
      await this.serialize(async () => {
        if (--this.batchDepth === 0 && this.publishPending) {
          this.publishPending = false;
          this.publish();
        }
      });
    }
  }

  create(input: NewItem): Promise<Item> {
    return this.serialize(async () => {
      this.requireBacklog();
      const fields = this.newItemFields(input, this.endRank(input.position ?? 'bottom'));
      const item = await this.writeNewItem(input, fields, new Set());
      await this.record(undefined, item);
      this.publish();
      return item;
    });
  }

  /**
   * Creates many items (an import, a capture of many TODOs) and publishes one snapshot. Each file
   * is still its own atomic, exclusive write, but they run a few at a time: on a real disk most
   * of a create is waiting for the file system. Results come in input order; an input that
   * cannot be created gets its error and the others still go ahead. The new items keep input
   * order at the end of the backlog (or at its top, for `position: 'top'`).
   */
  createMany(inputs: readonly NewItem[]): Promise<(Item | BacklogError)[]> {
    return this.serialize(async () => {
      this.requireBacklog();
      const results: (Item | BacklogError)[] = new Array(inputs.length);
      const atTop = inputs.filter((i) => i.position === 'top').length;
      const topRanks = atTop > 0 ? ranksBetween(undefined, this.firstRank(), atTop) : [];
      const bottomRanks = inputs.length > atTop ? ranksBetween(this.lastRank(), undefined, inputs.length - atTop) : [];
      const pending: { index: number; input: NewItem; fields: Record<string, unknown> }[] = [];
      let nextTop = 0;
      let nextBottom = 0;
      inputs.forEach((input, index) => {
        const rank = input.position === 'top' ? topRanks[nextTop++] : bottomRanks[nextBottom++];
        try {
          pending.push({ index, input, fields: this.newItemFields(input, rank) });
        } catch (e) {
          if (!(e instanceof BacklogError)) throw e;
          results[index] = e;
        }
      });
      // Ids are drawn one at a time on this thread, so two writes in flight never pick the same.
      const tried = new Set<string>();
      let unexpected: unknown;
      await mapLimit(pending, CREATE_CONCURRENCY, async ({ index, input, fields }) => {
        try {
          results[index] = await this.writeNewItem(input, fields, tried);
        } catch (e) {
          // A failing disk fails the whole call (below), once the others are written.
          if (!(e instanceof BacklogError)) unexpected ??= e;
          else results[index] = e;
        }
      });
      for (const r of results) if (r !== undefined && !(r instanceof BacklogError)) await this.record(undefined, r);
      this.publish();
      // Many new files would all be parsed again at the next load; a few are not worth
      // rewriting the whole cache for.
      if (pending.length >= CACHE_SAVE_AFTER) await this.cache?.save();
      // What was written stays written and is published; a failing disk still fails the call.
      if (unexpected !== undefined) throw unexpected;
      return results;
    });
  }

  /** The front matter of a new item, checked against the config. */
  private newItemFields(input: NewItem, rank: string): Record<string, unknown> {
    const config = this.config;
    const title = cleanTitle(input.title);
    const fields: Record<string, unknown> = {
      title,
      type: this.checkValue('type', input.type ?? config.defaultType, config.types),
      status: this.checkValue('status', input.status ?? config.defaultStatus, config.statuses.map((s) => s.name)),
      priority: input.priority === undefined ? config.defaultPriority : this.checkValue('priority', input.priority, config.priorities),
      points: input.points === undefined ? undefined : checkPoints(input.points),
      labels: input.labels && input.labels.length > 0 ? cleanLabels(input.labels) : undefined,
      assignee: input.assignee || undefined,
      sprint: input.sprint || undefined,
      rank,
      created: this.stamp(),
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

  /**
   * Writes a new item file under a fresh id and takes it into the store (not yet published).
   * `tried` holds ids already taken by this operation or found on disk.
   */
  private async writeNewItem(input: NewItem, fields: Record<string, unknown>, tried: Set<string>): Promise<Item> {
    const taken = { has: (id: string) => this.current.byId.has(id) || this.archivedIds.has(id) || tried.has(id) };
    for (;;) {
      const id = newItemId(this.config.idPrefix, taken, this.random);
      tried.add(id);
      const file = joinPath(this.itemsDir, `${id}.md`);
      const { text, parsed } = newItemFile(file, { id, fields, body: input.body ?? defaultItemBody() });
      let stat: FileStat | undefined | void;
      try {
        stat = await this.files.createExclusive(file, text);
      } catch (e) {
        // Someone (another branch checked out, another process) has this file: pick again.
        if (isAlreadyExists(e)) continue;
        throw e;
      }
      this.parsed.set(file, parsed);
      this.touched.add(file);
      if (stat !== undefined) this.cache?.set(baseName(file), stat, parsed);
      if (!parsed.item) throw new BacklogError(`${baseName(file)}: ${parsed.problems[0]?.message ?? 'unreadable'}`, 'invalid-value');
      return parsed.item;
    }
  }

  /** Changes front-matter fields of one item, rewriting only their lines plus `updated`. */
  update(ref: ItemRef, changes: ItemChanges): Promise<Item> {
    return this.serialize(async () => {
      const item = this.resolve(ref);
      const text = await this.readUnchanged(item, ref);
      const next = editFrontMatter(text, { ...this.validateChanges(changes), updated: this.stamp() });
      await this.files.writeTextAtomic(item.file, next);
      const updated = this.accept(item.file, next);
      await this.record(item, updated);
      this.publish();
      return updated;
    });
  }

  /**
   * Rewrites an item's Markdown body with `edit` (given the body as it is on disk, under the same
   * check for changes on disk as `update`) and applies front-matter `changes` in the same single
   * write. If `edit` throws, nothing is written.
   */
  updateBody(ref: ItemRef, edit: (body: string) => string, changes: ItemChanges = {}): Promise<Item> {
    return this.serialize(async () => {
      const item = this.resolve(ref);
      const text = await this.readUnchanged(item, ref);
      const withFields = editFrontMatter(text, { ...this.validateChanges(changes), updated: this.stamp() });
      const split = splitFrontMatter(withFields);
      if (!split.ok) throw new BacklogError(`${baseName(item.file)}: its front matter cannot be read`, 'invalid-value');
      const next = withFields.slice(0, split.layout.bodyStart) + edit(withFields.slice(split.layout.bodyStart));
      await this.files.writeTextAtomic(item.file, next);
      const updated = this.accept(item.file, next);
      await this.record(item, updated);
      this.publish();
      return updated;
    });
  }

  /**
   * Moves an item in the order (and optionally to another status). Writes the moving item's
   * file, plus neighbours only in the rare case of a rank tie left by a merge.
   */
  move(ref: ItemRef, target: MoveTarget): Promise<Item> {
    return this.serialize(async () => {
      const item = this.resolve(ref);
      const status = target.status === undefined ? undefined : this.checkValue('status', target.status, this.config.statuses.map((s) => s.name));
      let ordered: readonly Item[];
      let index: number;
      ordered = this.current.items.filter((i) => i.id !== item.id);
      if ('within' in target) {
        // A filtered view (a board column, a tree group): land right before the item that will
        // follow it in that view, or right after the one before it, so the order of items hidden
        // from the view is disturbed as little as possible.
        const visible = target.within.filter((id) => id !== item.id);
        for (const id of visible) this.get(id);
        if (visible.length === 0) index = ordered.length;
        else if (target.index < visible.length) index = ordered.findIndex((i) => i.id === visible[Math.max(0, target.index)]);
        else index = ordered.findIndex((i) => i.id === visible[visible.length - 1]) + 1;
      } else {
        if ('to' in target) index = target.to === 'top' ? 0 : ordered.length;
        else {
          const anchorId = 'before' in target ? target.before : target.after;
          const at = ordered.findIndex((i) => i.id === anchorId);
          if (at === -1) throw new BacklogError(anchorId === item.id ? `Cannot move ${item.id} relative to itself` : `No item ${anchorId}`, 'missing-item');
          index = 'before' in target ? at : at + 1;
        }
      }
      const changes: { id: string; rank: string | undefined }[] = planMove(ordered, item.id, index);
      // Read everything first: a change on disk to any file we are about to write aborts all.
      const texts = new Map<string, { item: Item; text: string }>();
      for (const c of changes) {
        const target = c.id === item.id ? item : this.get(c.id);
        texts.set(c.id, { item: target, text: await this.readUnchanged(target, c.id === item.id ? ref : c.id) });
      }
      const ownChanges: Record<string, unknown> = target.changes ? { ...this.validateChanges(target.changes) } : {};
      if (status !== undefined && status !== item.status) ownChanges.status = status;
      // Already in place but changing a field: still one write of the moving item.
      if (!changes.some((c) => c.id === item.id) && Object.keys(ownChanges).length > 0) {
        changes.push({ id: item.id, rank: undefined });
        texts.set(item.id, { item, text: await this.readUnchanged(item, ref) });
      }
      let moved = item;
      for (const c of changes) {
        const { item: target, text } = texts.get(c.id)!;
        const fieldChanges: Record<string, unknown> = c.rank === undefined ? {} : { rank: c.rank };
        if (c.id === item.id) Object.assign(fieldChanges, ownChanges);
        const next = editFrontMatter(text, { ...fieldChanges, updated: this.stamp() });
        await this.files.writeTextAtomic(target.file, next);
        const accepted = this.accept(target.file, next);
        if (c.id === item.id) moved = accepted;
      }
      await this.record(item, moved);
      this.publish();
      return moved;
    });
  }

  /** Deletes an item's file (callers confirm first). */
  delete(ref: ItemRef): Promise<void> {
    return this.serialize(async () => {
      const item = this.resolve(ref);
      await this.readUnchanged(item, ref);
      await this.files.remove(item.file);
      this.forget(item.file);
      await this.record(item, undefined);
      this.publish();
    });
  }

  /** Writes a new sprint file `sprints/<id>.md`; the id comes from the name unless given. */
  createSprint(input: NewSprint): Promise<Sprint> {
    return this.serialize(async () => {
      this.requireBacklog();
      const name = input.name.replace(/\s+/g, ' ').trim();
      if (!name) throw new BacklogError('A sprint needs a name', 'invalid-value');
      const id = input.id ?? sprintIdFromName(name);
      if (!isSprintId(id)) throw new BacklogError(`"${id}" cannot be a sprint id: use letters, digits, ".", "_" or "-"`, 'invalid-value');
      const fields = this.checkSprintChanges({ name, start: input.start, end: input.end, goal: input.goal, capacity: input.capacity, state: 'planned' });
      const file = joinPath(this.sprintsDir, `${id}.md`);
      const text = renderSprintFile(fields, input.body ?? defaultSprintBody());
      await this.files.mkdirp(this.sprintsDir);
      try {
        await this.files.createExclusive(file, text);
      } catch (e) {
        if (isAlreadyExists(e)) throw new BacklogError(`A sprint ${id} already exists (${file}); pick another name`, 'exists');
        throw e;
      }
      const sprint = this.acceptSprint(file, text);
      this.publish();
      return sprint;
    });
  }

  /** Changes front-matter fields of one sprint file, rewriting only their lines. */
  updateSprint(ref: string | Pick<Sprint, 'id' | 'hash'>, changes: Readonly<Record<string, unknown>>): Promise<Sprint> {
    return this.serialize(async () => {
      this.requireBacklog();
      const id = typeof ref === 'string' ? ref : ref.id;
      const sprint = this.current.sprints.find((s) => s.id === id);
      if (!sprint) throw new BacklogError(`No sprint ${id} in ${this.sprintsDir}`, 'missing-item');
      const text = await this.files.readText(sprint.file);
      if (contentHash(text) !== (typeof ref === 'string' ? sprint.hash : ref.hash)) {
        this.acceptSprint(sprint.file, text);
        this.publish();
        throw new BacklogError(`Sprint ${id} changed on disk since it was read; nothing was overwritten. Try again.`, 'changed-on-disk');
      }
      const next = editFrontMatter(text, this.checkSprintChanges(changes));
      await this.files.writeTextAtomic(sprint.file, next);
      const updated = this.acceptSprint(sprint.file, next);
      this.publish();
      return updated;
    });
  }

  /**
   * Moves an item's file, unchanged, to `archive/<ID>.md`: out of the snapshot, still readable
   * with `readArchive`. Never overwrites: an item already archived under that id is an error.
   */
  archive(ref: ItemRef): Promise<string> {
    return this.serialize(async () => {
      const item = this.resolve(ref);
      const text = await this.readUnchanged(item, ref);
      const dest = joinPath(this.archiveDir, `${item.id}.md`);
      try {
        await this.files.createExclusive(dest, text);
      } catch (e) {
        if (isAlreadyExists(e)) throw new BacklogError(`${item.id} is already in the archive (${dest}); nothing was moved`, 'exists');
        throw e;
      }
      // Written first, removed second: an interruption leaves two copies, never none.
      await this.files.remove(item.file);
      this.forget(item.file);
      this.archivedIds.add(item.id);
      this.publish();
      return dest;
    });
  }

  /** Moves an archived item back into `items/`. */
  restore(id: string): Promise<Item> {
    return this.serialize(async () => {
      this.requireBacklog();
      const from = joinPath(this.archiveDir, `${id}.md`);
      let text: string;
      try {
        text = await this.files.readText(from);
      } catch (e) {
        if (isNotFound(e)) throw new BacklogError(`No archived item ${id} in ${this.archiveDir}`, 'missing-item');
        throw e;
      }
      const file = joinPath(this.itemsDir, `${id}.md`);
      try {
        await this.files.createExclusive(file, text);
      } catch (e) {
        if (isAlreadyExists(e)) throw new BacklogError(`${id} already exists in ${this.itemsDir}; nothing was restored`, 'exists');
        throw e;
      }
      await this.files.remove(from);
      this.archivedIds.delete(id);
      const item = this.accept(file, text);
      this.publish();
      return item;
    });
  }

  /** Parses every archived item (not cached: the archive is read when someone asks for it). */
  async readArchive(): Promise<{ items: Item[]; problems: Problem[] }> {
    const names = (await this.files.list(this.archiveDir)).filter((n) => n.endsWith('.md') && !n.startsWith('.'));
    const items: Item[] = [];
    const problems: Problem[] = [];
    for (const name of names.sort()) {
      const file = joinPath(this.archiveDir, name);
      let text: string;
      try {
        text = await this.files.readText(file);
      } catch (e) {
        if (isNotFound(e)) continue;
        throw e;
      }
      const parsed = parseItemFile(file, text);
      problems.push(...parsed.problems);
      if (parsed.item) items.push(parsed.item);
    }
    return { items: sortItems(items), problems };
  }

  /** The status changes recorded in `history/` (see planning/history.ts). */
  async readRecordedHistory(): Promise<{ events: HistoryEvent[]; problems: Problem[] }> {
    const events: HistoryEvent[] = [];
    const problems: Problem[] = [];
    for (const name of await this.files.list(this.historyDir)) {
      if (!name.endsWith('.jsonl') || name.startsWith('.')) continue;
      const file = joinPath(this.historyDir, name);
      let text: string;
      try {
        text = await this.files.readText(file);
      } catch (e) {
        if (isNotFound(e)) continue;
        throw e;
      }
      const parsed = parseHistoryLog(file, name.slice(0, -'.jsonl'.length), text);
      events.push(...parsed.events);
      problems.push(...parsed.problems);
    }
    return { events, problems };
  }

  /** Gives every duplicate id but one a fresh id (front matter and file name). */
  repairDuplicateIds(): Promise<IdRepair[]> {
    return this.serialize(async () => {
      this.requireBacklog();
      const groups = findDuplicateIds(this.current.items);
      const allIds = new Set(this.current.items.map((i) => i.id));
      const repairs = planIdRepairs(groups, allIds, this.config, this.itemsDir, this.random);
      for (const r of repairs) {
        const text = await this.readUnchanged(r.item, r.item);
        const next = editFrontMatter(text, { id: r.newId, updated: this.stamp() });
        await this.files.createExclusive(r.newFile, next);
        await this.files.remove(r.item.file);
        this.forget(r.item.file);
        this.accept(r.newFile, next);
      }
      if (repairs.length > 0) this.publish();
      return repairs;
    });
  }

  /** Appends a planning-relevant change to `history/<ID>.jsonl` when this backlog records history. */
  private async record(before: Item | undefined, after: Item | undefined): Promise<void> {
    if (!this.recordsHistory) return;
    const line = historyLine(before && planningState(before), after && planningState(after), this.stamp());
    const id = (after ?? before)?.id;
    if (!line || !id) return;
    const file = joinPath(this.historyDir, `${id}.jsonl`);
    let text = '';
    try {
      text = await this.files.readText(file);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    await this.files.mkdirp(this.historyDir);
    await this.files.writeTextAtomic(file, text + (text === '' || text.endsWith('\n') ? '' : '\n') + line);
  }

  private checkSprintChanges(changes: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const checked = normalizeSprintChanges(changes);
    if (!checked.ok) throw new BacklogError(checked.message, 'invalid-value');
    return checked.changes;
  }

  private acceptSprint(file: string, text: string): Sprint {
    const parsed = parseSprintFile(file, text);
    this.parsedSprints.set(file, parsed);
    if (!parsed.sprint) throw new BacklogError(`${baseName(file)}: ${parsed.problems[0]?.message ?? 'unreadable'}`, 'invalid-value');
    return parsed.sprint;
  }

  /** True when the root or a folder above it holds `.git` (a folder, or a file in worktrees). */
  private async detectGit(): Promise<boolean> {
    for (let dir = this.root.replace(/\\/g, '/').replace(/\/+$/, ''); dir !== ''; ) {
      const git = joinPath(dir, '.git');
      if ((await this.files.isDirectory(git)) || (await this.files.stat(git))) return true;
      const up = dir.replace(/\/[^/]*$/, '');
      if (up === dir) break;
      dir = up;
    }
    return false;
  }

  private serialize<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private get(id: string): Item {
    const item = this.current.byId.get(id);
    if (!item) throw new BacklogError(`No item ${id} in ${this.dir}`, 'missing-item');
    return item;
  }

  private resolve(ref: ItemRef): Item {
    this.requireBacklog();
    if (typeof ref !== 'string') {
      const byFile = this.parsed.get(ref.file)?.item;
      if (!byFile) throw new BacklogError(`${ref.id} no longer exists on disk (${baseName(ref.file)})`, 'missing-item');
      return byFile;
    }
    const matches = this.current.items.filter((i) => i.id === ref);
    if (matches.length > 1) {
      throw new BacklogError(`Id ${ref} is used by ${matches.length} files (${matches.map((m) => baseName(m.file)).join(', ')}); run check --fix first`, 'duplicate-id');
    }
    return this.get(ref);
  }

  /** Reads the item's file and refuses if it differs from what the caller last saw. */
  private async readUnchanged(item: Item, ref: ItemRef): Promise<string> {
    const expected = typeof ref === 'string' ? item.hash : ref.hash;
    let text: string;
    try {
      text = await this.files.readText(item.file);
    } catch (e) {
      if (isNotFound(e)) {
        this.forget(item.file);
        this.publish();
        throw new BacklogError(`${item.id} was deleted on disk; nothing was changed`, 'missing-item');
      }
      throw e;
    }
    if (contentHash(text) !== expected) {
      this.accept(item.file, text);
      this.publish();
      throw new BacklogError(`${item.id} changed on disk since it was read (${baseName(item.file)}); the view is refreshed, nothing was overwritten. Try again.`, 'changed-on-disk');
    }
    return text;
  }

  private accept(file: string, text: string): Item {
    const parsed = parseItemFile(file, text);
    this.parsed.set(file, parsed);
    this.touched.add(file);
    if (!parsed.item) throw new BacklogError(`${baseName(file)}: ${parsed.problems[0]?.message ?? 'unreadable'}`, 'invalid-value');
    return parsed.item;
  }

  private validateChanges(changes: ItemChanges): Record<string, unknown> {
    const config = this.config;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(changes)) {
      switch (key) {
        case 'id':
        case 'created':
        case 'updated':
          throw new BacklogError(`"${key}" is managed by Repo Backlog and cannot be set`, 'invalid-value');
        case 'title':
          out.title = cleanTitle(String(value ?? ''));
          break;
        case 'type':
          out.type = this.checkValue('type', String(value ?? ''), config.types);
          break;
        case 'status':
          out.status = this.checkValue('status', String(value ?? ''), config.statuses.map((s) => s.name));
          break;
        case 'priority':
          out.priority = value === undefined || value === '' ? undefined : this.checkValue('priority', String(value), config.priorities);
          break;
        case 'points':
          out.points = value === undefined || value === '' ? undefined : checkPoints(Number(value));
          break;
        case 'labels':
          out.labels = value === undefined ? undefined : cleanLabels(Array.isArray(value) ? value.map(String) : String(value).split(','));
          if (Array.isArray(out.labels) && out.labels.length === 0) out.labels = undefined;
          break;
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

  private checkValue(field: string, value: string, allowed: readonly string[]): string {
    if (allowed.includes(value)) return value;
    const folded = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
    if (folded) return folded;
    throw new BacklogError(`Unknown ${field} "${value}"; config.yaml allows: ${allowed.join(', ')}`, 'invalid-value');
  }

  /** The last usable rank in the backlog, if any. */
  private lastRank(): string | undefined {
    const items = this.current.items;
    for (let i = items.length - 1; i >= 0; i--) if (items[i].rank !== undefined && isValidRank(items[i].rank!)) return items[i].rank;
    return undefined;
  }

  /** The first usable rank in the backlog, if any. */
  private firstRank(): string | undefined {
    for (const item of this.current.items) if (item.rank !== undefined && isValidRank(item.rank)) return item.rank;
    return undefined;
  }

  private endRank(position: 'top' | 'bottom'): string {
    const lo = this.firstRank();
    const hi = this.lastRank();
    if (lo === undefined || hi === undefined) return rankBetween(undefined, undefined);
    return position === 'top' ? rankBetween(undefined, lo) : rankBetween(hi, undefined);
  }

  private stamp(): string {
    return this.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  private requireBacklog(): void {
    this.refuseBacklogMd();
    if (this.kind === 'missing') throw new BacklogError(`No backlog in ${this.root}: run init first`, 'not-initialized');
  }

  private refuseBacklogMd(): void {
    if (this.kind === 'backlog-md') {
      throw new BacklogError(
        `${this.dir} holds a Backlog.md project (config.yml / tasks/). Repo Backlog never writes into it; use a different folder or move it.`,
        'backlog-md',
      );
    }
  }

  private isItemPath(path: string): boolean {
    const norm = path.replace(/\\/g, '/');
    return norm.startsWith(this.itemsDir + '/') && norm.endsWith('.md') && !norm.slice(this.itemsDir.length + 1).includes('/');
  }

  private async detectKind(): Promise<BacklogKind> {
    if (await this.files.stat(this.configPath)) return 'backlog';
    if ((await this.files.stat(joinPath(this.dir, 'config.yml'))) || (await this.files.isDirectory(joinPath(this.dir, 'tasks')))) return 'backlog-md';
    return (await this.files.isDirectory(this.itemsDir)) ? 'backlog' : 'missing';
  }

  /** Full read. Returns whether anything differs from before. */
  private async readAll(compare = false): Promise<boolean> {
    const before = compare ? this.fingerprint() : '';
    this.kind = await this.detectKind();
    this.parsed = new Map();
    this.parsedSprints = new Map();
    this.archivedIds = new Set();
    this.config = DEFAULT_CONFIG;
    this.configProblems = [];
    if (this.kind !== 'backlog') return !compare || before !== this.fingerprint();
    this.recordsHistory = this.recordHistoryOption ?? !(await this.detectGit());
    try {
      const parsedConfig = parseConfig(this.configPath, await this.files.readText(this.configPath));
      this.config = parsedConfig.config;
      this.configProblems = parsedConfig.problems;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    const names = (await this.files.list(this.itemsDir)).filter((n) => n.endsWith('.md') && !n.startsWith('.'));
    await this.cache?.load();
    const paths = names.map((name) => joinPath(this.itemsDir, name));
    const stats = this.files.statMany ? await this.files.statMany(paths) : await mapLimit(paths, 64, (p) => this.files.stat(p));
    // Cache hits need no I/O beyond the stat; only changed files are read and parsed.
    const toParse: number[] = [];
    const results: (readonly [string, ParsedItemFile] | undefined)[] = new Array(names.length);
    for (let i = 0; i < names.length; i++) {
      const stat = stats[i];
      if (!stat) continue;
      const cached = this.cache?.get(names[i], stat);
      if (cached) results[i] = [paths[i], cached];
      else toParse.push(i);
    }
    await mapLimit(toParse, 64, async (i) => {
      const parsed = parseItemFile(paths[i], await this.files.readText(paths[i]));
      this.cache?.set(names[i], stats[i]!, parsed);
      results[i] = [paths[i], parsed];
    });
    for (const r of results) if (r) this.parsed.set(r[0], r[1]);
    this.cache?.retain(new Set(names));
    await this.cache?.save();
    for (const name of await this.files.list(this.sprintsDir)) {
      if (!name.endsWith('.md') || name.startsWith('.')) continue;
      const file = joinPath(this.sprintsDir, name);
      try {
        this.parsedSprints.set(file, parseSprintFile(file, await this.files.readText(file)));
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    for (const name of await this.files.list(this.archiveDir)) if (name.endsWith('.md')) this.archivedIds.add(name.slice(0, -3));
    return !compare || before !== this.fingerprint();
  }

  private async readItems(paths: readonly string[]): Promise<boolean> {
    let changed = false;
    for (const raw of new Set(paths)) {
      const file = raw.replace(/\\/g, '/');
      let text: string | undefined;
      try {
        text = await this.files.readText(file);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      const previous = this.parsed.get(file);
      if (text === undefined) {
        if (previous) {
          this.forget(file);
          changed = true;
        }
        continue;
      }
      if (previous?.item && previous.item.hash === contentHash(text)) continue;
      const parsed = parseItemFile(file, text);
      if (previous && !previous.item && !parsed.item && JSON.stringify(previous.problems) === JSON.stringify(parsed.problems)) continue;
      this.parsed.set(file, parsed);
      changed = true;
    }
    return changed;
  }

  private fingerprint(): string {
    const parts: string[] = [this.kind, JSON.stringify(this.config), JSON.stringify(this.configProblems)];
    for (const [file, p] of this.parsed) parts.push(file, p.item?.hash ?? JSON.stringify(p.problems));
    for (const [file, p] of this.parsedSprints) parts.push(file, p.sprint?.hash ?? JSON.stringify(p.problems));
    return parts.join('\n');
  }

  private forget(file: string): void {
    this.parsed.delete(file);
    this.touched.add(file);
  }

  private publish(): BacklogSnapshot {
    if (this.batchDepth > 0) {
      // Inside a batch: keep `current` right for the next operation (ids, ranks) without the
      // full rebuild and without telling anyone; `batch` publishes once at the end.
      this.patchCurrent();
      this.publishPending = true;
      return this.current;
    }
    this.touched.clear();
    this.current = this.buildSnapshot();
    for (const l of this.listeners) l(this.current);
    return this.current;
  }

  /** Applies the item files touched since the last snapshot to the batch's private copy of it. */
  private patchCurrent(): void {
    const items = this.current.items as Item[];
    const byId = this.current.byId as Map<string, Item>;
    for (const file of this.touched) {
      const at = this.batchFiles.has(file) ? items.findIndex((i) => i.file === file) : -1;
      if (at !== -1) {
        const old = items[at];
        items.splice(at, 1);
        if (byId.get(old.id) === old) byId.delete(old.id);
      }
      const item = this.parsed.get(file)?.item;
      if (!item) continue;
      let lo = 0;
      let hi = items.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compareItems(items[mid], item) <= 0) lo = mid + 1;
        else hi = mid;
      }
      items.splice(lo, 0, item);
      this.batchFiles.add(file);
      if (!byId.has(item.id)) byId.set(item.id, item);
    }
    this.touched.clear();
  }

  private buildSnapshot(): BacklogSnapshot {
    const items: Item[] = [];
    const problems: Problem[] = [...this.configProblems];
    for (const p of this.parsed.values()) {
      problems.push(...p.problems);
      if (p.item) {
        items.push(p.item);
        problems.push(...validateItem(p.item, this.config));
      }
    }
    problems.push(...duplicateIdProblems(findDuplicateIds(items)));
    const sprints: Sprint[] = [];
    for (const p of this.parsedSprints.values()) {
      problems.push(...p.problems);
      if (p.sprint) sprints.push(p.sprint);
    }
    sprints.sort(compareSprints);
    problems.push(...sprintReferenceProblems(items, sprints));
    const sorted = sortItems(items);
    const byId = new Map<string, Item>();
    for (const item of sorted) if (!byId.has(item.id)) byId.set(item.id, item);
    if (this.kind === 'backlog-md') {
      problems.push({
        file: this.dir, line: 1, column: 1, severity: 'warning', code: 'backlog-md',
        message: 'This .backlog folder holds a Backlog.md project; Repo Backlog leaves it untouched.',
      });
    }
    return { kind: this.kind, root: this.root, config: this.config, items: sorted, problems, byId, sprints };
  }
}

function cleanTitle(title: string): string {
  const t = title.replace(/\s+/g, ' ').trim();
  if (!t) throw new BacklogError('An item needs a title', 'invalid-value');
  return t;
}

function cleanLabels(labels: readonly string[]): string[] {
  return [...new Set(labels.map((l) => l.trim()).filter(Boolean))];
}

function checkPoints(points: number): number {
  if (!Number.isFinite(points) || points < 0) throw new BacklogError(`Points must be a number of at least 0 (got ${points})`, 'invalid-value');
  return points;
}

function linkToYaml(link: CodeLink): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (link.kind) out.kind = link.kind;
  out.path = link.path;
  if (link.line !== undefined) out.line = link.line;
  if (link.anchor !== undefined) out.anchor = link.anchor;
  if (link.state !== undefined) out.state = link.state;
  return out;
}

/** New item files written at once by `createMany`: enough to keep the disk busy, few enough to stay polite. */
const CREATE_CONCURRENCY = 32;
/** New items from one `createMany` worth saving the parse cache for. */
const CACHE_SAVE_AFTER = 64;

async function mapLimit<T, R>(inputs: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const i = next++;
      out[i] = await fn(inputs[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
  return out;
}
