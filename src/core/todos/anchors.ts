import type { CodeLink } from '../item';
import type { TodoComment } from './scanner';

/** Where a code link points now. */
export type LinkState = 'current' | 'moved' | 'lost';

export interface LinkLocation {
  readonly state: LinkState;
  /** 1-based line where the place is now (absent when lost). */
  readonly line?: number;
  /** How it was found: the id marker in the comment, the exact anchor text, or similar text. */
  readonly via?: 'id' | 'anchor' | 'similar' | 'line';
  /** The comment found, for TODO links. */
  readonly todo?: TodoComment;
  /** The anchor for the place as it reads now (differs from the link's after an edit to the comment). */
  readonly anchor?: string;
}

/** The anchor stored in a TODO link: tag and text, without the marker, so writing an id back keeps it. */
export function todoAnchor(todo: Pick<TodoComment, 'tag' | 'text'>): string {
  return todo.text ? `${todo.tag}: ${todo.text}` : todo.tag;
}

/** Anchors compare without regard to spacing, a trailing `…` cut, or a `TODO:`/`TODO` difference. */
export function normaliseAnchor(anchor: string): string {
  return anchor.replace(/…$/, '').replace(/^([A-Za-z]+)\s*:/, '$1').replace(/\s+/g, ' ').trim();
}

/** Minimum word overlap (Dice) for a comment whose text was edited to still count as the same one. */
export const SIMILARITY_THRESHOLD = 0.6;

/**
 * Finds a TODO link's comment among a file's current comments: by the item's id in a marker
 * first, then by the anchor text nearest the old line, then by similar text with the same tag.
 * Comments that name a different item are never taken.
 */
export function locateTodoLink(link: CodeLink, itemId: string | undefined, todos: readonly TodoComment[]): LinkLocation {
  const found = (todo: TodoComment, via: LinkLocation['via']): LinkLocation => ({
    state: link.line === todo.line ? 'current' : 'moved',
    line: todo.line,
    via,
    todo,
    anchor: todoAnchor(todo),
  });
  if (itemId !== undefined) {
    const byId = nearest(todos.filter((t) => t.id === itemId), link.line);
    if (byId) return found(byId, 'id');
  }
  if (link.anchor === undefined || link.anchor.trim() === '') return { state: 'lost' };
  const free = todos.filter((t) => t.id === undefined || t.id === itemId);
  const want = normaliseAnchor(link.anchor);
  const exact = nearest(free.filter((t) => normaliseAnchor(todoAnchor(t)) === want), link.line);
  if (exact) return found(exact, 'anchor');
  const wantTag = /^[^\s:(]+/.exec(want)?.[0] ?? '';
  const wantWords = words(want.slice(wantTag.length));
  let best: TodoComment | undefined;
  let bestScore = 0;
  for (const t of free) {
    if (t.tag !== wantTag) continue;
    const score = dice(wantWords, words(t.text));
    if (score < SIMILARITY_THRESHOLD) continue;
    if (best === undefined || score > bestScore || (score === bestScore && distance(t.line, link.line) < distance(best.line, link.line))) {
      best = t;
      bestScore = score;
    }
  }
  return best ? found(best, 'similar') : { state: 'lost' };
}

/**
 * Finds a plain code link (a line, a test) by its anchor: the line's text, trimmed. Without an
 * anchor the line is trusted while it exists.
 */
export function locateLineLink(link: CodeLink, text: string): LinkLocation {
  const lines = text.split('\n');
  if (link.anchor === undefined || link.anchor.trim() === '') {
    return link.line !== undefined && link.line <= lines.length ? { state: 'current', line: link.line, via: 'line' } : { state: 'lost' };
  }
  const want = normaliseAnchor(link.anchor);
  let bestLine: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (normaliseAnchor(lines[i]) !== want) continue;
    if (bestLine === undefined || distance(i + 1, link.line) < distance(bestLine, link.line)) bestLine = i + 1;
  }
  if (bestLine === undefined) return { state: 'lost' };
  return { state: bestLine === link.line ? 'current' : 'moved', line: bestLine, via: 'anchor', anchor: link.anchor };
}

function nearest(todos: readonly TodoComment[], line: number | undefined): TodoComment | undefined {
  let best: TodoComment | undefined;
  for (const t of todos) if (best === undefined || distance(t.line, line) < distance(best.line, line)) best = t;
  return best;
}

function distance(a: number, b: number | undefined): number {
  return b === undefined ? a : Math.abs(a - b);
}

function words(s: string): string[] {
  return s.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** Dice coefficient over word multisets: 2·|A∩B| / (|A|+|B|). */
function dice(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const w of a) counts.set(w, (counts.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of b) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      common++;
      counts.set(w, n - 1);
    }
  }
  return (2 * common) / (a.length + b.length);
}
