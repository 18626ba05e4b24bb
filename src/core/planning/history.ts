import type { Item } from '../item';
import type { Problem } from '../problem';

/** What sprint reports need to know of an item at one moment. */
export interface PlanningState {
  readonly status: string;
  readonly sprint?: string;
  readonly points?: number;
  readonly title?: string;
}

/**
 * The state of one item from a moment on: after a commit that changed its file, after a recorded
 * change, or now. `state` undefined means the item was deleted at that moment.
 */
export interface HistoryEvent {
  /** Milliseconds since the epoch. */
  readonly at: number;
  readonly id: string;
  readonly state: PlanningState | undefined;
}

export function planningState(item: Pick<Item, 'status' | 'sprint' | 'points' | 'title'>): PlanningState {
  return { status: item.status, sprint: item.sprint, points: item.points, title: item.title };
}

function sameState(a: PlanningState | undefined, b: PlanningState | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.status === b.status && a.sprint === b.sprint && a.points === b.points;
}

/**
 * Every item's planning state over time, answering "what was X at time t". Events from several
 * sources (git, the recorded log, the files now) can be mixed: each is a full state, so the last
 * one at or before t is the answer whichever source it came from.
 */
export class ItemTimeline {
  private readonly byId = new Map<string, HistoryEvent[]>();

  constructor(events: Iterable<HistoryEvent>) {
    for (const e of events) {
      let list = this.byId.get(e.id);
      if (!list) this.byId.set(e.id, (list = []));
      list.push(e);
    }
    for (const [id, list] of this.byId) {
      list.sort((a, b) => a.at - b.at);
      // Drop repeats (a commit that changed only the body, a recorded event git also saw).
      const kept: HistoryEvent[] = [];
      for (const e of list) if (kept.length === 0 || !sameState(kept[kept.length - 1].state, e.state)) kept.push(e);
      this.byId.set(id, kept);
    }
  }

  ids(): IterableIterator<string> {
    return this.byId.keys();
  }

  /** The item's events in time order (repeats removed). */
  events(id: string): readonly HistoryEvent[] {
    return this.byId.get(id) ?? [];
  }

  /** The item's state at `at` (inclusive); undefined before it existed or after it was deleted. */
  stateAt(id: string, at: number): PlanningState | undefined {
    const list = this.byId.get(id);
    if (!list || list.length === 0 || list[0].at > at) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (list[mid].at <= at) lo = mid;
      else hi = mid - 1;
    }
    return list[lo].state;
  }
}

/** The current files as events at `now`, so uncommitted changes count too. */
export function currentEvents(items: readonly Item[], now: number): HistoryEvent[] {
  return items.map((item) => ({ at: now, id: item.id, state: planningState(item) }));
}

// ---------------------------------------------------------------------------------------------
// Recorded history, for backlogs that are not in a git repository.
//
// Git already keeps every committed state of every item file, so in a git repository nothing is
// recorded (the log would only be noise in every diff). Elsewhere the store appends one line to
// `.backlog/history/<ID>.jsonl` whenever an item's status, sprint or points change. Why this
// shape, with merging (any sync or version control) in mind:
// - one file per item: two people changing different items never touch the same history file,
//   exactly like the item files themselves;
// - one line per change, each a full state with its own timestamp rather than a delta: the lines
//   of two diverged copies can simply be unioned (git's `merge=union`, a sync tool keeping both
//   sides) and sorted by time, and the result is still a correct history — no line depends on
//   the line before it;
// - append-only: an existing line is never rewritten, so a merge only ever adds lines.

export const HISTORY_DIR = 'history';

/** The line appended for a change of `before` into `after` (undefined = deleted), or undefined when nothing planning-relevant changed. */
export function historyLine(before: PlanningState | undefined, after: PlanningState | undefined, at: string): string | undefined {
  if (before !== undefined && sameState(before, after)) return undefined;
  if (after === undefined) return before === undefined ? undefined : JSON.stringify({ at, deleted: true }) + '\n';
  const record: Record<string, unknown> = { at, status: after.status };
  if (after.sprint !== undefined) record.sprint = after.sprint;
  if (after.points !== undefined) record.points = after.points;
  return JSON.stringify(record) + '\n';
}

/** Reads one `history/<ID>.jsonl` file. Unreadable lines are reported and skipped; the rest still counts. */
export function parseHistoryLog(file: string, id: string, text: string): { events: HistoryEvent[]; problems: Problem[] } {
  const events: HistoryEvent[] = [];
  const problems: Problem[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const bad = (message: string) => problems.push({ file, line: i + 1, column: 1, severity: 'warning', code: 'history-line', message });
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      bad('Not a JSON history record; the line is ignored');
      continue;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      bad('A history record must be a JSON object; the line is ignored');
      continue;
    }
    const r = record as Record<string, unknown>;
    const at = typeof r.at === 'string' ? Date.parse(r.at) : Number.NaN;
    if (Number.isNaN(at)) {
      bad('A history record needs "at", an ISO timestamp; the line is ignored');
      continue;
    }
    if (r.deleted === true) {
      events.push({ at, id, state: undefined });
      continue;
    }
    if (typeof r.status !== 'string') {
      bad('A history record needs "status" (or "deleted": true); the line is ignored');
      continue;
    }
    const points = typeof r.points === 'number' && Number.isFinite(r.points) && r.points >= 0 ? r.points : undefined;
    const sprint = typeof r.sprint === 'string' && r.sprint !== '' ? r.sprint : undefined;
    events.push({ at, id, state: { status: r.status, sprint, points } });
  }
  return { events, problems };
}

// ---------------------------------------------------------------------------------------------
// Reading old versions fast. A git history holds every committed version of every item file;
// parsing each with the full YAML parser costs ~75 µs, which over tens of thousands of versions
// is seconds. Item files written by the store are plain `key: value` lines, so the planning
// fields are read with a line scan, and anything the scan is not certain about (quotes with
// escapes, flow or block values, continuation lines, anchors, numbers in other notations,
// duplicate keys, conflict markers, CRLF) goes to the full parser. For every file the parser
// accepts, both give the same answer (a unit test holds them to it). A file whose *other* keys
// are broken YAML may still have its planning fields read by the scan; for history that is the
// more useful answer.

const WANTED = new Set(['id', 'title', 'status', 'sprint', 'points']);
/** What YAML 1.2's core schema reads as a number or boolean rather than as text. */
const YAML_NUMBER = /^(?:[-+]?(?:\.\d+|\d+(?:\.\d*)?)(?:[eE][-+]?\d+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const YAML_BOOLEAN = /^(?:true|True|TRUE|false|False|FALSE)$/;
const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+(.*?))?[ ]*$/;

/** The id and planning state in an item file's text via the line scan, or undefined if unsure. */
export function scanPlanningState(text: string): { id: string; state: PlanningState } | undefined {
  if (!text.startsWith('---\n') || /^(?:<{7}|>{7}|={7})/m.test(text)) return undefined;
  const end = text.indexOf('\n---', 3);
  if (end === -1 || (end + 4 < text.length && text[end + 4] !== '\n')) return undefined;
  const values: Record<string, string | undefined> = {};
  const seen = new Set<string>();
  let afterWanted = false;
  for (const line of text.slice(4, end).split('\n')) {
    if (line.startsWith(' ')) {
      // A continuation of a planning value (folded plain scalar): leave it to the parser.
      if (afterWanted) return undefined;
      continue;
    }
    afterWanted = false;
    if (line === '' || line.startsWith('#')) continue;
    const m = KEY_LINE.exec(line);
    if (!m || line.includes('\t')) return undefined;
    const key = m[1];
    if (seen.has(key)) return undefined;
    seen.add(key);
    if (!WANTED.has(key)) continue;
    afterWanted = true;
    let raw = m[2] ?? '';
    const comment = raw.search(/ #/);
    if (comment !== -1) raw = raw.slice(0, comment).trimEnd();
    if (raw === '') return undefined; // `key:` alone may continue on the next lines
    if (raw === '~' || /^(?:null|Null|NULL)$/.test(raw)) {
      values[key] = undefined;
      continue;
    }
    if (raw[0] === '"' || raw[0] === "'") {
      const q = raw[0];
      const inner = raw.slice(1, -1);
      if (raw.length < 2 || raw[raw.length - 1] !== q || inner.includes(q) || inner.includes('\\')) return undefined;
      // YAML text where a number belongs: the parser warns and drops it; so does the scan.
      if (key === 'points') return undefined;
      values[key] = inner;
      continue;
    }
    // Anything YAML could read as other than this exact text goes to the parser.
    if (/^[[\]{}&*!|>%@`,?:#-]/.test(raw) || raw.includes(': ') || raw.endsWith(':')) return undefined;
    if ((YAML_NUMBER.test(raw) && !/^(?:0|[1-9]\d*)$/.test(raw)) || YAML_BOOLEAN.test(raw)) return undefined;
    values[key] = raw;
  }
  const id = values.id;
  if (id === undefined || !/^[A-Z][A-Z0-9]{0,9}-[0-9A-Z]{1,12}$/.test(id)) return undefined;
  let points: number | undefined;
  if (values.points !== undefined) {
    if (!/^(?:0|[1-9]\d*)$/.test(values.points)) return undefined;
    points = Number(values.points);
  }
  const title = values.title?.trim() || id;
  return { id, state: { status: values.status ?? '', sprint: values.sprint, points, title } };
}
