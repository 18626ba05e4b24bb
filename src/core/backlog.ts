import type { IdRepair } from './check';
import { DEFAULT_CONFIG, defaultConfigText, parseConfig, type BacklogConfig } from './config';
import { errorCode, isAlreadyExists, isNotFound, TEMP_FILE, type BacklogFiles, type ReleaseLock } from './files';
import { splitFrontMatter, type FieldChanges } from './frontMatter';
import { contentHash } from './hash';
import { isIdPrefix, mathRandomInt, normalizeItemId, type RandomInt } from './ids';
import { ItemIndexCache } from './indexCache';
import type { Item } from './item';
import { defaultItemBody, parseItemFile, type ParsedItemFile } from './itemFile';
import { baseName, joinPath, relativeTo } from './paths';
import { HISTORY_DIR, type HistoryEvent } from './planning/history';
import { parseMilestoneFile, type Milestone, type NewMilestone, type ParsedMilestoneFile } from './planning/milestoneFile';
import { ItemRelations } from './planning/relations';
import { parseSprintFile, type NewSprint, type ParsedSprintFile, type Sprint } from './planning/sprintFile';
import type { Problem } from './problem';
import { isInterruptedArchive, listArchivedIds, readArchive, takeFromArchive, writeArchivedCopy } from './store/archive';
import { BacklogError } from './store/backlogError';
import { escapeMessage, findEscapes, normalizeSlashes, type Escape } from './store/confinement';
import { editedText } from './store/editedText';
import { planDuplicateIdRepairs, writeRepairedItem } from './store/idRepair';
import { checkValue, newItemFields, validateChanges, type ItemChanges, type NewItem } from './store/itemFields';
import { checkRelationChanges } from './store/relationChanges';
import { endRank, endRanks, planItemMove, type MoveTarget } from './store/itemPlacement';
import { detectKind, isItemPath, readItemFiles, readReported, readSprintFiles, rereadItemFiles } from './store/itemReader';
import { writeCheckedItem, writeNewItemFile } from './store/itemWriter';
import { mapLimit } from './store/mapLimit';
import { readMilestoneFiles, writeNewMilestone } from './store/milestoneStore';
import { appendHistory, insideGitRepository, readRecordedHistory } from './store/recordedHistory';
import { buildSnapshot, patchItems, unloadableItemMessage, type BacklogKind, type BacklogSnapshot } from './store/snapshot';
import { editedSprintText, writeNewSprint } from './store/sprintStore';
import { readGeneration, writeNextGeneration } from './store/writeGeneration';

export const BACKLOG_DIR = '.backlog';

// The store's parts, re-exported so callers keep importing the front door.
export { BacklogError, type BacklogErrorCode } from './store/backlogError';
export type { ItemChanges, NewItem } from './store/itemFields';
export { unloadableItemMessage, type BacklogKind, type BacklogSnapshot } from './store/snapshot';
export type { MoveTarget } from './store/itemPlacement';

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
  /** Told about things worth a line on stderr or in a log, e.g. a stale lock taken over. */
  readonly onNotice?: (message: string) => void;
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
  readonly milestonesDir: string;
  readonly archiveDir: string;
  readonly historyDir: string;
  readonly cacheDir: string;
  /** The write lock every process shares: a folder, so git never sees it. */
  readonly lockPath: string;
  private parsed = new Map<string, ParsedItemFile>();
  private parsedSprints = new Map<string, ParsedSprintFile>();
  private parsedMilestones = new Map<string, ParsedMilestoneFile>();
  /** Ids in the archive, so a new item never takes an archived item's id. */
  private archivedIds = new Set<string>();
  private recordsHistory = false;
  private readonly recordHistoryOption: boolean | undefined;
  private config: BacklogConfig = DEFAULT_CONFIG;
  private configProblems: Problem[] = [];
  /** Files that could not be read (unreadable, not a regular file, too large) or links out of the folder. */
  private readProblems: Problem[] = [];
  /** Parts of `.backlog/` that are links leading out of the folder: never read or written. */
  private escapes: readonly Escape[] = [];
  /** True while this instance holds the cross-process write lock. */
  private lockHeld = false;
  /**
   * The write generation (see store/writeGeneration.ts) this instance's last full read saw. A change
   * that needs the whole backlog current re-reads it under the lock only if another writer
   * has written since: at 10,000 items a re-read costs as much as a load.
   */
  private seenGeneration: string | undefined;
  private readonly onNotice: ((message: string) => void) | undefined;
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
    this.milestonesDir = joinPath(this.dir, 'milestones');
    this.archiveDir = joinPath(this.dir, 'archive');
    this.historyDir = joinPath(this.dir, HISTORY_DIR);
    this.cacheDir = joinPath(this.dir, '.cache');
    this.lockPath = joinPath(this.dir, '.lock');
    this.onNotice = options.onNotice;
    this.recordHistoryOption = options.recordHistory;
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? mathRandomInt;
    this.cache = options.cache === false ? undefined : new ItemIndexCache(files, this.cacheDir, this.itemsDir);
    this.current = this.snapshotFromParts();
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
  refresh(given?: readonly string[]): Promise<BacklogSnapshot> {
    // The write lock's folder comes and goes around every write and says nothing about items.
    const paths = given?.filter((p) => !normalizeSlashes(p).startsWith(this.lockPath));
    return this.serialize(async () => {
      if (paths !== undefined && paths.length === 0) return this.current;
      const changed = paths === undefined || paths.some((p) => !isItemPath(this.itemsDir, p)) ? await this.readAll(true) : await rereadItemFiles(this.files, this.parsed, paths, (file) => this.forget(file));
      return changed ? this.publish() : this.current;
    });
  }

  /** Writes `config.yaml` and `items/`. Refuses to touch a Backlog.md project or an existing config. */
  init(idPrefix?: string): Promise<BacklogSnapshot> {
    return this.serialize(async () => {
      this.kind = await detectKind(this.files, this.dir, this.configPath, this.itemsDir);
      this.refuseBacklogMd();
      const prefix = idPrefix ?? DEFAULT_CONFIG.idPrefix;
      if (!isIdPrefix(prefix)) throw new BacklogError(`Id prefix "${prefix}" must be 1-10 capital letters or digits, starting with a letter`, 'invalid-value');
      this.escapes = await this.findEscapes();
      this.refuseEscapes();
      await this.files.mkdirp(this.dir);
      const release = await this.takeLock();
      this.lockHeld = true;
      try {
        await this.files.mkdirp(this.itemsDir);
        try {
          await this.files.createExclusive(this.configPath, defaultConfigText(prefix));
        } catch (e) {
          if (!isAlreadyExists(e)) throw e;
        }
        await this.readAll();
      } finally {
        this.lockHeld = false;
        await release();
      }
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
    let release: ReleaseLock | undefined;
    await this.serialize(async () => {
      if (this.batchDepth === 0) {
        // The whole batch holds the write lock, and starts from what is on disk now: work that
        // plans from the snapshot (an import matching failures to items) sees every item
        // another process wrote, so two imports of one report never create an item twice.
        this.requireBacklog();
        release = await this.takeLock();
        this.lockHeld = true;
        try {
          await this.catchUp();
        } catch (e) {
          this.lockHeld = false;
          await release();
          throw e;
        }
        // A private copy: the snapshot views hold must never change under them.
        this.current = { ...this.current, items: [...this.current.items], byId: new Map(this.current.byId) };
        this.batchFiles = new Set(this.current.items.map((i) => i.file));
      }
      this.batchDepth++;
    });
    try {
      return await work();
    } finally {
      await this.serialize(async () => {
        if (--this.batchDepth > 0) return;
        try {
          if (this.publishPending) {
            this.publishPending = false;
            this.publish();
          }
          await this.cache?.saveIfStale();
          await this.nextGeneration();
        } finally {
          this.lockHeld = false;
          await release?.();
        }
      });
    }
  }

  create(input: NewItem): Promise<Item> {
    return this.locked(true, async () => {
      this.requireBacklog();
      const fields = this.checkedRelations(undefined, newItemFields(this.config, input, endRank(this.current.items, input.position ?? 'bottom'), this.stamp()));
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
    return this.locked(true, async () => {
      this.requireBacklog();
      const results = new Array<Item | BacklogError>(inputs.length);
      const ranks = endRanks(this.current.items, inputs.map((i) => i.position));
      const pending: { index: number; input: NewItem; fields: Record<string, unknown> }[] = [];
      inputs.forEach((input, index) => {
        const rank = ranks[index];
        try {
          pending.push({ index, input, fields: this.checkedRelations(undefined, newItemFields(this.config, input, rank, this.stamp())) });
        } catch (e) {
          if (!(e instanceof BacklogError)) throw e;
          results[index] = e;
        }
      });
      // Ids are drawn one at a time on this thread, so two writes in flight never pick the same.
      const tried = new Set<string>();
      let unexpected: { readonly error: unknown } | undefined;
      await mapLimit(pending, CREATE_CONCURRENCY, async ({ index, input, fields }) => {
        try {
          results[index] = await this.writeNewItem(input, fields, tried, pending.length < BULK_WRITE);
        } catch (e) {
          // A failing disk fails the whole call (below), once the others are written.
          if (!(e instanceof BacklogError)) unexpected ??= { error: e };
          else results[index] = e;
        }
      });
      // New names are durable once their folder is (each file was synced before it was linked).
      if (pending.length > 0) await this.files.syncDir(this.itemsDir);
      const written = results.filter((r): r is Item => r !== undefined && !(r instanceof BacklogError));
      await mapLimit(written, CREATE_CONCURRENCY, (r) => this.record(undefined, r, written.length < BULK_WRITE));
      if (this.recordsHistory && written.length >= BULK_WRITE) await this.files.syncDir(this.historyDir);
      this.publish();
      // Many new files would all be parsed again at the next load; a few are not worth
      // rewriting the whole cache for.
      if (pending.length >= CACHE_SAVE_AFTER) await this.cache?.save();
      // What was written stays written and is published; a failing disk still fails the call.
      if (unexpected) throw unexpected.error;
      return results;
    });
  }

  /**
   * Writes a new item file under a fresh id and takes it into the store (not yet published).
   * `tried` holds ids already taken by this operation or found on disk.
   */
  private async writeNewItem(input: NewItem, fields: Record<string, unknown>, tried: Set<string>, sync = true): Promise<Item> {
    const taken = (id: string) => this.current.byId.has(id) || this.archivedIds.has(id);
    const { file, parsed, stat } = await writeNewItemFile(this.files, this.itemsDir, this.config.idPrefix, taken, tried, this.random, fields, input.body ?? defaultItemBody(), sync);
    this.parsed.set(file, parsed);
    this.touched.add(file);
    if (stat !== undefined) this.cache?.set(baseName(file), stat, parsed);
    if (!parsed.item) throw new BacklogError(`${baseName(file)}: ${parsed.problems[0]?.message ?? 'unreadable'}`, 'invalid-value');
    return parsed.item;
  }

  /** Changes front-matter fields of one item, rewriting only their lines plus `updated`. */
  update(ref: ItemRef, changes: ItemChanges): Promise<Item> {
    return this.locked(false, async () => {
      const { item, text } = await this.readForWrite(ref);
      const updated = await this.writeEdit(item.file, text, { ...this.checkedRelations(item.id, validateChanges(this.config, changes)), updated: this.stamp() });
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
    return this.locked(false, async () => {
      const { item, text } = await this.readForWrite(ref);
      const withFields = editedText(this.root, item.file, text, { ...this.checkedRelations(item.id, validateChanges(this.config, changes)), updated: this.stamp() });
      const split = splitFrontMatter(withFields);
      if (!split.ok) throw new BacklogError(`${this.shown(item.file)}: its front matter cannot be read; nothing was written`, 'invalid-value');
      const updated = await this.writeChecked(item.file, withFields.slice(0, split.layout.bodyStart) + edit(withFields.slice(split.layout.bodyStart)));
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
    // Fresh: the neighbours' ranks must be the ones on disk now, not when this process loaded.
    return this.locked(true, async () => {
      const item = this.resolve(ref);
      const status = target.status === undefined ? undefined : checkValue('status', target.status, this.config.statuses.map((s) => s.name));
      const changes: { id: string; rank: string | undefined }[] = planItemMove(this.current.items, item, target, (id) => this.get(id));
      // Read everything first: a change on disk to any file we are about to write aborts all.
      const texts = new Map<string, { item: Item; text: string }>();
      for (const c of changes) {
        const target = c.id === item.id ? item : this.get(c.id);
        texts.set(c.id, { item: target, text: await this.readUnchanged(target, c.id === item.id ? ref : c.id) });
      }
      const ownChanges: Record<string, unknown> = target.changes ? { ...this.checkedRelations(item.id, validateChanges(this.config, target.changes)) } : {};
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
        const accepted = await this.writeEdit(target.file, text, { ...fieldChanges, updated: this.stamp() });
        if (c.id === item.id) moved = accepted;
      }
      await this.record(item, moved);
      this.publish();
      return moved;
    });
  }

  /** Deletes an item's file (callers confirm first). */
  delete(ref: ItemRef): Promise<void> {
    return this.locked(false, async () => {
      const { item } = await this.readForWrite(ref);
      await this.files.remove(item.file);
      this.forget(item.file);
      await this.record(item, undefined);
      this.publish();
    });
  }

  /** Writes a new sprint file `sprints/<id>.md`; the id comes from the name unless given. */
  createSprint(input: NewSprint): Promise<Sprint> {
    return this.locked(false, async () => {
      this.requireBacklog();
      const { file, text } = await writeNewSprint(this.files, this.sprintsDir, input);
      const sprint = this.acceptSprint(file, text);
      this.publish();
      return sprint;
    });
  }

  /** Changes front-matter fields of one sprint file, rewriting only their lines. */
  updateSprint(ref: string | Pick<Sprint, 'id' | 'hash'>, changes: Readonly<Record<string, unknown>>): Promise<Sprint> {
    return this.locked(false, async () => {
      this.requireBacklog();
      const id = typeof ref === 'string' ? ref : ref.id;
      const sprint = this.current.sprints.find((s) => s.id === id);
      if (!sprint) throw new BacklogError(`No sprint ${id} in ${this.sprintsDir}`, 'missing-item');
      const text = await this.readForChange(sprint.file, `Sprint ${id}`);
      // A caller that names the sprint wants it changed as it is now; one that passes the sprint
      // it saw must not overwrite what changed since.
      if (typeof ref !== 'string' && contentHash(text) !== ref.hash) {
        this.acceptSprint(sprint.file, text);
        this.publish();
        throw new BacklogError(`Sprint ${id} changed on disk since it was read; nothing was overwritten. Try again.`, 'changed-on-disk');
      }
      const next = editedSprintText(this.root, sprint.file, text, changes);
      await this.files.writeTextAtomic(sprint.file, next);
      const updated = this.acceptSprint(sprint.file, next);
      this.publish();
      return updated;
    });
  }

  /** Writes a new milestone file `milestones/<id>.md`; the id comes from the name unless given. */
  createMilestone(input: NewMilestone): Promise<Milestone> {
    return this.locked(false, async () => {
      this.requireBacklog();
      const { file, text } = await writeNewMilestone(this.files, this.milestonesDir, input);
      const parsed = parseMilestoneFile(file, text);
      this.parsedMilestones.set(file, parsed);
      if (!parsed.milestone) throw new BacklogError(`${baseName(file)}: ${parsed.problems[0]?.message ?? 'unreadable'}`, 'invalid-value');
      this.publish();
      return parsed.milestone;
    });
  }

  /**
   * Moves an item's file, unchanged, to `archive/<ID>.md`: out of the snapshot, still readable
   * with `readArchive`. Never overwrites: an item already archived under that id is an error.
   */
  archive(ref: ItemRef): Promise<string> {
    return this.locked(false, async () => {
      const { item, text } = await this.readForWrite(ref);
      const dest = await writeArchivedCopy(this.files, this.root, this.archiveDir, item, text);
      // Written first, removed second: an interruption leaves two copies, never none.
      await this.files.remove(item.file);
      this.forget(item.file);
      this.archivedIds.add(item.id);
      this.publish();
      return dest;
    });
  }

  /** Moves an archived item back into `items/`. */
  restore(typedId: string): Promise<Item> {
    return this.locked(false, async () => {
      this.requireBacklog();
      const id = normalizeItemId(typedId);
      const { file, text } = await takeFromArchive(this.files, this.archiveDir, this.itemsDir, id);
      this.archivedIds.delete(id);
      const item = this.accept(file, text);
      this.publish();
      return item;
    });
  }

  /** Parses every archived item (not cached: the archive is read when someone asks for it). */
  async readArchive(): Promise<{ items: Item[]; problems: Problem[] }> {
    if (this.escaped(this.archiveDir)) return { items: [], problems: this.readProblems.filter((p) => p.code === 'unsafe-path') };
    return readArchive(this.files, this.root, this.archiveDir);
  }

  /** The status changes recorded in `history/` (see planning/history.ts). */
  async readRecordedHistory(): Promise<{ events: HistoryEvent[]; problems: Problem[] }> {
    if (this.escaped(this.historyDir)) return { events: [], problems: [] };
    return readRecordedHistory(this.files, this.root, this.historyDir);
  }

  /**
   * Finishes archives that were interrupted between writing `archive/<ID>.md` and removing the
   * item file: where both copies are the same, the item file goes. Different copies are left for
   * a person to compare (and stay reported by `check`). Returns the ids finished.
   */
  finishInterruptedArchives(): Promise<string[]> {
    return this.locked(true, async () => {
      const finished: string[] = [];
      for (const item of this.current.items) {
        if (!this.archivedIds.has(item.id)) continue;
        if (!(await isInterruptedArchive(this.files, this.archiveDir, item))) continue;
        await this.files.remove(item.file);
        this.forget(item.file);
        finished.push(item.id);
      }
      if (finished.length > 0) this.publish();
      return finished;
    });
  }

  /** Gives every duplicate id but one a fresh id (front matter and file name). */
  repairDuplicateIds(): Promise<IdRepair[]> {
    return this.locked(true, async () => {
      this.requireBacklog();
      const repairs = planDuplicateIdRepairs(this.current.items, this.config, this.itemsDir, this.random);
      for (const r of repairs) {
        const text = await this.readUnchanged(r.item, r.item);
        const next = await writeRepairedItem(this.files, this.root, r, text, this.stamp());
        this.forget(r.item.file);
        this.accept(r.newFile, next);
      }
      if (repairs.length > 0) this.publish();
      return repairs;
    });
  }

  /** Appends a planning-relevant change to `history/<ID>.jsonl` when this backlog records history. */
  private async record(before: Item | undefined, after: Item | undefined, sync = true): Promise<void> {
    if (!this.recordsHistory) return;
    await appendHistory(this.files, this.historyDir, before, after, this.stamp(), sync);
  }

  private acceptSprint(file: string, text: string): Sprint {
    const parsed = parseSprintFile(file, text);
    this.parsedSprints.set(file, parsed);
    if (!parsed.sprint) throw new BacklogError(`${baseName(file)}: ${parsed.problems[0]?.message ?? 'unreadable'}`, 'invalid-value');
    return parsed.sprint;
  }

  /** One operation at a time within this process. */
  private serialize<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs a change one at a time within this process and under the write lock every process
   * shares, so no two writers ever read-check-write the same file at once. `fresh` re-reads
   * the backlog first, for changes that depend on more than the files they write (new ids and
   * ranks, neighbours in a move); a change of one file re-reads just that file instead.
   */
  private locked<T>(fresh: boolean, op: () => Promise<T>): Promise<T> {
    return this.serialize(async () => {
      // Inside a batch the lock is already ours and the batch started from a fresh read.
      if (this.lockHeld) return op();
      this.requireBacklog();
      const release = await this.takeLock();
      this.lockHeld = true;
      try {
        if (fresh) await this.catchUp();
        const result = await op();
        await this.cache?.saveIfStale();
        return result;
      } finally {
        await this.nextGeneration().finally(async () => {
          this.lockHeld = false;
          await release();
        });
      }
    });
  }

  private readGeneration(): Promise<string> {
    return readGeneration(this.files, this.cacheDir);
  }

  /** Under the lock: re-reads the backlog if another writer wrote since our last full read. */
  private async catchUp(): Promise<void> {
    if (this.seenGeneration !== undefined && (await this.readGeneration()) === this.seenGeneration) return;
    if (await this.readAll(true)) this.publish();
  }

  /** Under the lock, after a change: tells other writers (and readers) that something was written. */
  private async nextGeneration(): Promise<void> {
    const before = await this.readGeneration();
    const next = await writeNextGeneration(this.files, this.cacheDir, this.random);
    if (next === undefined) return;
    // Only if nobody else wrote between our last full read and this change is our state current.
    if (before === this.seenGeneration) this.seenGeneration = next;
  }

  /** Takes the write lock, waiting for another process to release it. */
  private async takeLock(): Promise<ReleaseLock> {
    this.refuseEscapes();
    try {
      const release = await this.files.lock(this.lockPath, { onNotice: this.onNotice });
      if (!release) throw new Error('The write lock was not taken');
      return release;
    } catch (e) {
      if (errorCode(e) === 'ELOCKED') throw new BacklogError((e as Error).message, 'locked');
      throw e;
    }
  }

  /** Takes the write lock only if it is free at once (for housekeeping a busy backlog can skip). */
  private async tryLock(): Promise<ReleaseLock | undefined> {
    if (this.escapes.length > 0) return undefined;
    return this.files.lock(this.lockPath, { wait: false, onNotice: this.onNotice });
  }

  /** `path` as the user knows it: relative to the workspace folder. */
  private shown(path: string): string {
    return relativeTo(this.root, path);
  }

  /** The parts of `.backlog/` (the folder itself first) that are links leading out of the workspace folder. */
  private findEscapes(): Promise<Escape[]> {
    return findEscapes(this.files, this.root, [this.dir, this.itemsDir, this.configPath, this.sprintsDir, this.milestonesDir, this.archiveDir, this.historyDir, this.cacheDir, this.lockPath]);
  }

  private escaped(path: string): boolean {
    return this.escapes.some((e) => e.path === path || e.path === this.dir);
  }

  private refuseEscapes(): void {
    const e = this.escapes[0];
    if (e) throw new BacklogError(`${escapeMessage(this.root, e)}; nothing is changed until it is replaced by a real folder or file`, 'unsafe-path');
  }

  private get(typedId: string): Item {
    const id = normalizeItemId(typedId);
    const item = this.current.byId.get(id);
    if (!item) throw new BacklogError(unloadableItemMessage(this.current, id) ?? `No item ${typedId} in ${this.dir}`, 'missing-item');
    return item;
  }

  private resolve(ref: ItemRef): Item {
    this.requireBacklog();
    if (typeof ref !== 'string') {
      const byFile = this.parsed.get(ref.file)?.item;
      if (!byFile) throw new BacklogError(`${ref.id} no longer exists on disk (${baseName(ref.file)})`, 'missing-item');
      return byFile;
    }
    const id = normalizeItemId(ref);
    const matches = this.current.items.filter((i) => i.id === id);
    if (matches.length > 1) {
      throw new BacklogError(`Id ${id} is used by ${matches.length} files (${matches.map((m) => baseName(m.file)).join(', ')}); run check --fix first`, 'duplicate-id');
    }
    return this.get(id);
  }

  /**
   * The item's file as it is now, to change it. A caller that passed the item it saw is refused
   * if the file changed since (its view was stale); a caller that named the item by id gets the
   * change applied to the file as it is now, so a write by another process is never undone.
   */
  private async readForWrite(ref: ItemRef): Promise<{ item: Item; text: string }> {
    const item = this.resolve(ref);
    if (typeof ref !== 'string') return { item, text: await this.readUnchanged(item, ref) };
    const text = await this.readForChange(item.file, item.id);
    if (contentHash(text) === item.hash) return { item, text };
    this.cache?.forget(baseName(item.file));
    const fresh = this.accept(item.file, text);
    this.publish();
    if (fresh.id !== item.id) throw new BacklogError(`${this.shown(item.file)} now holds ${fresh.id}, not ${item.id}; nothing was changed`, 'missing-item');
    return { item: fresh, text };
  }

  /** Reads a file about to be changed; a file deleted meanwhile is refused, not recreated. */
  private async readForChange(file: string, what: string): Promise<string> {
    try {
      return await this.files.readText(file);
    } catch (e) {
      if (isNotFound(e)) {
        if (this.parsed.delete(file)) this.touched.add(file);
        this.parsedSprints.delete(file);
        this.parsedMilestones.delete(file);
        this.publish();
        throw new BacklogError(`${what} was deleted on disk (${this.shown(file)}); nothing was changed`, 'missing-item');
      }
      throw e;
    }
  }

  /** Edits an item file: builds and parses the new text, and writes it only if it is a valid item. */
  private writeEdit(file: string, text: string, changes: FieldChanges): Promise<Item> {
    return this.writeChecked(file, editedText(this.root, file, text, changes));
  }

  /** Writes an item file's new text only if it parses as an item; else refuses, writing nothing. */
  private async writeChecked(file: string, next: string): Promise<Item> {
    const parsed = await writeCheckedItem(this.files, this.root, file, next);
    this.parsed.set(file, parsed);
    this.touched.add(file);
    return parsed.item;
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
      // Whatever showed the old text (a parse cache fooled by a restored mtime) must not again.
      this.cache?.forget(baseName(item.file));
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
    if (!parsed.item) throw new BacklogError(`${this.shown(file)}: ${parsed.problems[0]?.message ?? 'unreadable'}`, 'invalid-value');
    return parsed.item;
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

  /** Full read. Returns whether anything differs from before. */
  private async readAll(compare = false): Promise<boolean> {
    const before = compare ? this.fingerprint() : '';
    this.parsed = new Map();
    this.parsedSprints = new Map();
    this.parsedMilestones = new Map();
    this.archivedIds = new Set();
    this.config = DEFAULT_CONFIG;
    this.configProblems = [];
    this.readProblems = [];
    this.escapes = await this.findEscapes();
    // Read before the files: a write that lands while we read makes the next catch-up read again.
    this.seenGeneration = this.escaped(this.cacheDir) ? undefined : await this.readGeneration();
    for (const e of this.escapes) {
      this.readProblems.push({
        file: e.path, line: 1, column: 1, severity: 'error', code: 'unsafe-path',
        message: `${escapeMessage(this.root, e)}; nothing is read or written through it`,
      });
    }
    if (this.escaped(this.dir)) {
      // Whatever it holds is not this repository's: show the problem, read and write nothing.
      this.kind = 'backlog';
      return !compare || before !== this.fingerprint();
    }
    this.kind = await detectKind(this.files, this.dir, this.configPath, this.itemsDir);
    if (this.kind !== 'backlog') return !compare || before !== this.fingerprint();
    this.recordsHistory = this.recordHistoryOption ?? !(await insideGitRepository(this.files, this.root));
    if (!this.escaped(this.configPath)) {
      const text = await readReported(this.files, this.root, this.configPath, this.readProblems);
      if (text !== undefined) {
        const parsedConfig = parseConfig(this.configPath, text);
        this.config = parsedConfig.config;
        this.configProblems = parsedConfig.problems;
      }
    }
    const listed = this.escaped(this.itemsDir) ? [] : await this.files.list(this.itemsDir);
    const cache = this.escaped(this.cacheDir) ? undefined : this.cache;
    this.parsed = await readItemFiles(this.files, this.root, this.itemsDir, listed, cache, this.readProblems);
    if (!this.escaped(this.sprintsDir)) this.parsedSprints = await readSprintFiles(this.files, this.root, this.sprintsDir, this.readProblems);
    if (!this.escaped(this.milestonesDir)) this.parsedMilestones = await readMilestoneFiles(this.files, this.root, this.milestonesDir, this.readProblems);
    if (!this.escaped(this.archiveDir)) {
      for (const id of await listArchivedIds(this.files, this.archiveDir)) this.archivedIds.add(id);
    }
    await this.tidy(cache, listed.some((n) => TEMP_FILE.test(n)));
    return !compare || before !== this.fingerprint();
  }

  /**
   * After a load: saves the parse cache if it changed and removes temp files that writes of a
   * killed process left behind. Both need the write lock; a plain load takes it only if it is
   * free at once (a busy backlog is tidied by the next run), and only when there is work.
   */
  private async tidy(cache: ItemIndexCache | undefined, tempsInItems: boolean): Promise<void> {
    if (!cache?.isDirty && !tempsInItems) return;
    let release: ReleaseLock | undefined;
    if (!this.lockHeld) {
      release = await this.tryLock().catch(() => undefined);
      if (!release) return;
    }
    try {
      if (tempsInItems || this.lockHeld) {
        for (const dir of [this.itemsDir, this.sprintsDir, this.milestonesDir, this.archiveDir, this.historyDir, this.cacheDir]) {
          if (this.escaped(dir)) continue;
          const removed = await this.files.removeLeftoverTemps(dir).catch(() => []);
          if (removed.length > 0) this.onNotice?.(`Removed ${removed.length} temporary file${removed.length === 1 ? '' : 's'} left in ${this.shown(dir)} by a write that was interrupted`);
        }
      }
      await cache?.save();
    } finally {
      await release?.();
    }
  }

  private fingerprint(): string {
    const parts: string[] = [this.kind, JSON.stringify(this.config), JSON.stringify(this.configProblems), JSON.stringify(this.readProblems), [...this.archivedIds].join(',')];
    for (const [file, p] of this.parsed) parts.push(file, p.item?.hash ?? JSON.stringify(p.problems));
    for (const [file, p] of this.parsedSprints) parts.push(file, p.sprint?.hash ?? JSON.stringify(p.problems));
    for (const [file, p] of this.parsedMilestones) parts.push(file, p.milestone?.hash ?? JSON.stringify(p.problems));
    return parts.join('\n');
  }

  private forget(file: string): void {
    this.parsed.delete(file);
    this.touched.add(file);
  }

  private snapshotFromParts(): BacklogSnapshot {
    return buildSnapshot({
      kind: this.kind, root: this.root, dir: this.dir, archiveDir: this.archiveDir, config: this.config,
      configProblems: this.configProblems, readProblems: this.readProblems,
      parsedItems: this.parsed.values(), parsedSprints: this.parsedSprints.values(), parsedMilestones: this.parsedMilestones.values(), archivedIds: this.archivedIds,
    });
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
    this.current = this.snapshotFromParts();
    for (const l of this.listeners) l(this.current);
    return this.current;
  }

  /** `fields` once `checkRelationChanges` accepts their parent and blockers against the current items. */
  private checkedRelations<T extends Readonly<Record<string, unknown>>>(id: string | undefined, fields: T): T {
    checkRelationChanges(this.current, id, fields);
    return fields;
  }

  /** Applies the item files touched since the last snapshot to the batch's private copy of it. */
  private patchCurrent(): void {
    patchItems(this.current.items as Item[], this.current.byId as Map<string, Item>, this.batchFiles, this.touched, this.parsed);
    this.touched.clear();
    // The relations index is built on first use, so a batch of many writes does not rebuild it after each.
    this.current = { ...this.current, relations: new ItemRelations(this.current.items, this.current.byId, this.config) };
  }

}

/** New item files written at once by `createMany`: enough to keep the disk busy, few enough to stay polite. */
const CREATE_CONCURRENCY = 32;
/** New items from one `createMany` written without a sync each (their folder is synced once). */
const BULK_WRITE = 16;
/** New items from one `createMany` worth saving the parse cache for. */
const CACHE_SAVE_AFTER = 64;
