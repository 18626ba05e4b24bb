import { PLAINTEXT, type SourceLanguage } from './languages';
import { CR, LF, isIdentChar, isSpace } from './lexers/lexer';

/** One TODO-style comment found in a file. Offsets index the scanned text (UTF-16 code units). */
export interface TodoComment {
  /** The tag as configured (`TODO`, `FIXME`, …), whatever case it was written in. */
  readonly tag: string;
  /** The comment text after the marker, on the tag's line, trimmed (bounded in length). */
  readonly text: string;
  /** 1-based line and column of the tag. */
  readonly line: number;
  readonly column: number;
  /** Backlog item named in the marker, `TODO(BL-7K3QM): …`: the comment is linked to it. */
  readonly id?: string;
  /** Person named in the marker: `TODO(@ann)` or `TODO(ann)`. */
  readonly owner?: string;
  /** Everything inside the marker's parentheses except the id (owners, foreign issue keys). */
  readonly refs: readonly string[];
  /** Offset of the tag (including a leading `@` as in `@todo`). */
  readonly start: number;
  /** Offset where the text begins, after `TODO(…):`. */
  readonly textStart: number;
  /** Offset after the (untruncated, trimmed) text. */
  readonly textEnd: number;
  /**
   * The comment lines right below that continue it (same block comment, or the same kind of line
   * comment on the next lines), up to a blank line or another tag, joined by spaces and bounded:
   * a title needs the whole sentence, which often wraps.
   */
  readonly continuation?: string;
}

/** The comments of one text, and whether the per-file cap cut the list short. */
export interface TodoScanResult {
  readonly todos: TodoComment[];
  /** True when the text holds more tag occurrences than the cap: only the first ones were read. */
  readonly capped: boolean;
}

/** What to look for. Every field has a default. */
export interface TodoScanOptions {
  /** Default TODO, FIXME, HACK, XXX, BUG. */
  readonly tags?: readonly string[];
  /** Match tags case-sensitively (default true, as Todo Tree does): `todo` in prose is not a tag. */
  readonly caseSensitive?: boolean;
  /** Item-id prefix from the backlog config (default `BL`). */
  readonly idPrefix?: string;
  /** Lines longer than this are treated as minified or data and skipped (default 1000). */
  readonly maxLineLength?: number;
  /** Comment text longer than this is cut with `…` (default 200). */
  readonly maxTextLength?: number;
  /**
   * Also read a tag written after `@` in any case, as JSDoc and PHPDoc write it: `@todo` (default
   * true). Precise: an `@` tag is never prose, so it costs no false positives.
   */
  readonly atTags?: boolean;
  /** Markdown task lines `- [ ] text` (not done, outside code) count as TODOs (default false). */
  readonly markdownTasks?: boolean;
  /**
   * At most this many tag occurrences are read per file (default 10,000): a generated file with a
   * million TODOs costs bounded time and memory, and the result says it was capped.
   */
  readonly maxPerFile?: number;
}

/** The tag reported for a Markdown task line (`- [ ] text`). */
export const MARKDOWN_TASK_TAG = '[ ]';

export const DEFAULT_TAGS: readonly string[] = ['TODO', 'FIXME', 'HACK', 'XXX', 'BUG'];

// What may stand between a comment's opening delimiter (or a line start inside a block comment)
// and the tag: `/// TODO`, ` * TODO`, `## TODO`, `-- - TODO`, `<!-- TODO`.
const DECORATION = new Uint8Array(128);
for (const ch of ' \t*/#-;!%<>|+=~') DECORATION[ch.charCodeAt(0)] = 1;

/** One tag occurrence. `atOnly`: a lower-case `@todo` form, which counts only right after its `@`. */
interface TagHit {
  readonly offset: number;
  readonly tag: string;
  readonly atOnly?: boolean;
}

/** A TODO being read, still open to the comment lines that continue it. */
interface OpenTodo {
  readonly todo: { continuation?: string };
  readonly parts: string[];
  /** The delimiter that opened its line comment (`//`, `#`), which the next line must repeat. */
  readonly opener: string;
  readonly bodyEnd: number;
}

/** A comment line that is code put aside (`// const x = f();`), not prose continuing a sentence. */
const COMMENTED_OUT_CODE = /[;{}]$|^(?:const|let|var|return|if|for|while|def|import|from|function|class|public|private|#include)\b|^\w+(?:\.\w+)*\(.*\)$|^\w+\s*[+\-*/]?=\s/;

/** Lines a title may take from below the tag's line. */
const MAX_CONTINUATION_LINES = 4;

/**
 * Finds TODO-style comments in source text. Create one per configuration and reuse it: it is
 * synchronous and pure, so the extension can run it on an editor buffer or in a worker, and the
 * CLI on file contents.
 */
export class TodoScanner {
  readonly tags: readonly string[];
  private readonly caseSensitive: boolean;
  private readonly maxLineLength: number;
  private readonly maxTextLength: number;
  private readonly maxPerFile: number;
  private readonly markdownTasks: boolean;
  private readonly idPattern: RegExp;
  private readonly anyTag: RegExp | undefined;
  /** Lower-case `@todo` forms searched besides the tags themselves (case-sensitive scans only). */
  private readonly atForms: readonly { readonly form: string; readonly tag: string }[];
  /** A continuation line that starts another tag (or a JSDoc `@param`) ends the sentence. */
  private readonly startsTag: RegExp;
  /** Tag bytes for a quick test on raw file contents (ASCII tags only). */
  readonly tagBytes: readonly Uint8Array[];
  /** What the scanner was made with, so a worker thread can make the same one. */
  readonly options: TodoScanOptions;

  constructor(options: TodoScanOptions = {}) {
    this.options = { ...options, tags: options.tags ? [...options.tags] : undefined };
    const tags = [...new Set((options.tags ?? DEFAULT_TAGS).map((t) => t.trim()).filter(Boolean))];
    if (tags.length === 0) throw new Error('At least one TODO tag is needed');
    for (const t of tags) if (/[\s()]/.test(t)) throw new Error(`TODO tag "${t}" must not contain spaces or parentheses`);
    // Longest first so that with tags TODO and TODOS the longer wins at the same offset.
    this.tags = tags.sort((a, b) => b.length - a.length);
    this.caseSensitive = options.caseSensitive !== false;
    this.maxLineLength = options.maxLineLength ?? 1000;
    this.maxTextLength = options.maxTextLength ?? 200;
    this.maxPerFile = Math.max(1, options.maxPerFile ?? 10_000);
    this.markdownTasks = options.markdownTasks === true;
    const prefix = options.idPrefix ?? 'BL';
    this.idPattern = new RegExp(`^${escapeRegExp(prefix)}-[0-9A-Z]{1,12}$`);
    this.anyTag = this.caseSensitive ? undefined : new RegExp(this.tags.map(escapeRegExp).join('|'), 'gi');
    this.atForms = this.caseSensitive && options.atTags !== false ? this.tags.filter((t) => t.toLowerCase() !== t).map((t) => ({ form: '@' + t.toLowerCase(), tag: t })) : [];
    this.startsTag = new RegExp(`^(?:@\\w|(?:${this.tags.map(escapeRegExp).join('|')})\\b)`, this.caseSensitive ? '' : 'i');
    const quick = [...this.tags, ...this.atForms.map((f) => f.form), ...(this.markdownTasks ? [MARKDOWN_TASK_TAG] : [])];
    this.tagBytes = this.caseSensitive && quick.every((t) => /^[\x20-\x7e]+$/.test(t)) ? quick.map((t) => Uint8Array.from(t, (ch) => ch.charCodeAt(0))) : [];
  }

  /** True when the text contains a tag anywhere; when false there is nothing to lex. */
  mayContain(text: string): boolean {
    if (this.anyTag) {
      this.anyTag.lastIndex = 0;
      if (this.anyTag.test(text)) return true;
    } else {
      for (const t of this.tags) if (text.includes(t)) return true;
      for (const f of this.atForms) if (text.includes(f.form)) return true;
    }
    return this.markdownTasks && text.includes(MARKDOWN_TASK_TAG);
  }

  /** The TODO comments in `text`, in order (at most `maxPerFile` tag occurrences are read). */
  scan(text: string, language: SourceLanguage = PLAINTEXT): TodoComment[] {
    return this.scanBounded(text, language).todos;
  }

  /** The TODO comments in `text`, and whether the per-file cap cut them short. */
  scanBounded(text: string, language: SourceLanguage = PLAINTEXT): TodoScanResult {
    const { hits, capped } = this.findTags(text);
    const out: TodoComment[] = [];
    if (hits.length > 0) this.scanComments(text, language, hits, out);
    if (this.markdownTasks && language.tasks) this.scanTasks(text, language, out);
    return { todos: out, capped };
  }

  private scanComments(text: string, language: SourceLanguage, hits: readonly TagHit[], out: TodoComment[]): void {
    const lines = new LineCounter(text);
    let h = 0;
    let open: OpenTodo | undefined;
    const sink = (bodyStart: number, bodyEnd: number) => {
      if (open) {
        // A line comment right below, opened the same way, may continue the sentence.
        const gap = bodyStart - open.bodyEnd <= 200 ? text.slice(open.bodyEnd, bodyStart) : '';
        const below = /^\r?\n[ \t]*\S{1,4}$/.test(gap) && gap.trimStart() === open.opener;
        const goesOn = below && this.follow(text, bodyStart, bodyEnd, open);
        open = this.close(open, goesOn) && { ...open, bodyEnd };
      }
      while (h < hits.length && hits[h].offset < bodyStart) h++;
      while (h < hits.length && hits[h].offset < bodyEnd) {
        const todo = this.read(text, hits[h], bodyStart, bodyEnd, lines);
        h++;
        if (!todo) continue;
        out.push(todo);
        const next = text.indexOf('\n', todo.textEnd);
        const candidate: OpenTodo = { todo, parts: [], opener: opener(text, bodyStart), bodyEnd };
        if (/[.!?]$/.test(todo.text)) continue;
        if (next !== -1 && next < bodyEnd) open = this.close(candidate, this.follow(text, next + 1, bodyEnd, candidate));
        else open = candidate;
      }
    };
    if (language.lex) {
      // A few lines past the last tag, so a comment that continues it is read too.
      let stopAt = hits[hits.length - 1].offset;
      for (let n = 0; n < MAX_CONTINUATION_LINES && stopAt !== -1; n++) stopAt = text.indexOf('\n', stopAt + 1);
      language.lex({ text, start: 0, end: text.length, stopAt: stopAt === -1 ? text.length : stopAt, maxLineLength: this.maxLineLength, sink });
      if (open) this.close(open, undefined);
    } else {
      // Text of an unknown kind: a tag counts only as the first thing on its line (after an
      // optional comment leader), which is rare in prose and reliable in notes and configs.
      for (const hit of hits) {
        const lineStart = text.lastIndexOf('\n', hit.offset - 1) + 1;
        let lineEnd = text.indexOf('\n', hit.offset);
        if (lineEnd === -1) lineEnd = text.length;
        if (lineEnd - lineStart > this.maxLineLength) continue;
        const todo = this.read(text, hit, lineStart, lineEnd, lines);
        if (todo) out.push(todo);
      }
    }
  }

  /** Reads the lines of a comment body from `from` into `open.parts`; true when the sentence may go on past the body. */
  private follow(text: string, from: number, bodyEnd: number, open: OpenTodo): boolean {
    let p = from;
    while (p < bodyEnd && open.parts.length < MAX_CONTINUATION_LINES) {
      let e = text.indexOf('\n', p);
      if (e === -1 || e > bodyEnd) e = bodyEnd;
      let s = p;
      while (s < e && (isBlank(text.charCodeAt(s)) || text.charCodeAt(s) === 42 /* * */)) s++;
      let t = e;
      while (t > s && (isBlank(text.charCodeAt(t - 1)) || text.charCodeAt(t - 1) === CR)) t--;
      const line = text.slice(s, Math.min(t, s + this.maxTextLength));
      // A capitalised word starts a new note more often than it continues a wrapped sentence.
      if (line === '' || this.startsTag.test(line) || COMMENTED_OUT_CODE.test(line) || /^[A-Z][a-z]/.test(line)) return false;
      open.parts.push(line);
      if (/[.!?]$/.test(line)) return false;
      p = e + 1;
    }
    return p >= bodyEnd && open.parts.length < MAX_CONTINUATION_LINES;
  }

  /** Stores what was read so far; returns the todo if it stays open to the next comment. */
  private close(open: OpenTodo, goesOn: boolean | undefined): OpenTodo | undefined {
    if (open.parts.length > 0) open.todo.continuation = open.parts.join(' ');
    return goesOn ? open : undefined;
  }

  /** `- [ ] text` task lines outside code, merged into `out` in line order. */
  private scanTasks(text: string, language: SourceLanguage, out: TodoComment[]): void {
    const code = language.tasks!(text);
    const lines = new LineCounter(text);
    const tasks: TodoComment[] = [];
    const re = /^[ \t]*(?:>[ \t]*)*(?:[-*+]|\d{1,9}[.)])[ \t]+(\[ \])(?=[ \t(]|$)/gm;
    let c = 0;
    for (let m = re.exec(text); m && tasks.length < this.maxPerFile; m = re.exec(text)) {
      const at = m.index + m[0].length - 3;
      while (c < code.length && code[c][1] <= at) c++;
      if (c < code.length && code[c][0] <= at) continue;
      let lineEnd = text.indexOf('\n', at);
      if (lineEnd === -1) lineEnd = text.length;
      if (lineEnd - m.index > this.maxLineLength) continue;
      const todo = this.read(text, { offset: at, tag: MARKDOWN_TASK_TAG }, at, lineEnd, lines);
      if (todo) tasks.push(todo);
    }
    if (tasks.length === 0) return;
    const merged = [...out, ...tasks].sort((a, b) => a.start - b.start);
    out.splice(0, out.length, ...merged);
  }

  /** Tag occurrences in offset order, one per offset (the longest tag), at most `maxPerFile`. */
  private findTags(text: string): { hits: TagHit[]; capped: boolean } {
    const hits: TagHit[] = [];
    // Each list is cut at the cap plus one: the first `cap` of the merged list are then exact.
    const limit = this.maxPerFile + 1;
    if (this.anyTag) {
      const re = new RegExp(this.anyTag.source, 'gi');
      for (let m = re.exec(text); m && hits.length < limit; m = re.exec(text)) {
        const tag = this.tags.find((t) => t.toLowerCase() === m[0].toLowerCase()) ?? m[0];
        hits.push({ offset: m.index, tag });
        re.lastIndex = m.index + 1;
      }
    } else {
      for (const tag of this.tags) {
        let n = 0;
        for (let at = text.indexOf(tag); at !== -1 && n < limit; at = text.indexOf(tag, at + 1), n++) hits.push({ offset: at, tag });
      }
      for (const { form, tag } of this.atForms) {
        let n = 0;
        for (let at = text.indexOf(form); at !== -1 && n < limit; at = text.indexOf(form, at + 1), n++) hits.push({ offset: at + 1, tag, atOnly: true });
      }
      if (this.tags.length > 1 || this.atForms.length > 0) hits.sort((a, b) => a.offset - b.offset || b.tag.length - a.tag.length);
    }
    // Keep the longest tag per offset and drop hits inside a longer one (TODOS holds TODO).
    const kept: TagHit[] = [];
    let until = -1;
    for (const hit of hits) {
      if (hit.offset < until) continue;
      if (kept.length === this.maxPerFile) return { hits: kept, capped: true };
      kept.push(hit);
      until = hit.offset + hit.tag.length;
    }
    return { hits: kept, capped: false };
  }

  /** Reads the TODO at a tag occurrence inside a comment body, or undefined if it is not one. */
  private read(text: string, hit: TagHit, bodyStart: number, bodyEnd: number, lines: LineCounter): TodoComment | undefined {
    const at = hit.offset;
    let p = at + hit.tag.length;
    if (isWordChar(text.charCodeAt(p))) return undefined;
    // Only decoration may precede the tag on its line within the comment.
    let k = at - 1;
    let start = at;
    if (k >= bodyStart && text.charCodeAt(k) === 64 /* @ */) {
      start = k;
      k--;
    }
    if (hit.atOnly && start === at) return undefined;
    if (start === at && k >= bodyStart && isWordChar(text.charCodeAt(k))) return undefined;
    for (; k >= bodyStart; k--) {
      const c = text.charCodeAt(k);
      if (c === LF) break;
      if (c >= 128 || DECORATION[c] === 0) return undefined;
    }
    let lineEnd = text.indexOf('\n', p);
    if (lineEnd === -1 || lineEnd > bodyEnd) lineEnd = bodyEnd;

    let id: string | undefined;
    let owner: string | undefined;
    const refs: string[] = [];
    if (text.charCodeAt(p) === 40 /* ( */) {
      const close = text.indexOf(')', p);
      if (close !== -1 && close < lineEnd && close - p <= 120) {
        for (const raw of text.slice(p + 1, close).split(',')) {
          const ref = raw.trim();
          if (!ref) continue;
          if (id === undefined && this.idPattern.test(ref)) id = ref;
          else {
            refs.push(ref);
            if (owner === undefined && /^@?[A-Za-z][\w.]*$/.test(ref)) owner = ref.replace(/^@/, '');
          }
        }
        p = close + 1;
      }
    }
    while (p < lineEnd && isBlank(text.charCodeAt(p))) p++;
    const sep = text.charCodeAt(p);
    if (sep === COLON_CODE || ((sep === 45 || sep === 0x2013 || sep === 0x2014) && isBlank(text.charCodeAt(p + 1)))) {
      p++;
      while (p < lineEnd && isBlank(text.charCodeAt(p))) p++;
    }
    let e = lineEnd;
    while (e > p && (isBlank(text.charCodeAt(e - 1)) || text.charCodeAt(e - 1) === CR)) e--;
    let body = text.slice(p, e);
    if (body.length > this.maxTextLength) body = body.slice(0, this.maxTextLength - 1).trimEnd() + '…';
    const pos = lines.at(start);
    return { tag: hit.tag, text: body, line: pos.line, column: pos.column, id, owner, refs, start, textStart: p, textEnd: e };
  }
}

const COLON_CODE = 58;

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function isWordChar(c: number): boolean {
  return isIdentChar(c) && c !== 36;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Offset → line/column for offsets visited in increasing order (falls back to a rescan). */
export class LineCounter {
  private offset = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  at(offset: number): { line: number; column: number } {
    if (offset < this.offset) {
      this.offset = 0;
      this.line = 1;
      this.lineStart = 0;
    }
    for (let n = this.text.indexOf('\n', this.offset); n !== -1 && n < offset; n = this.text.indexOf('\n', n + 1)) {
      this.line++;
      this.lineStart = n + 1;
    }
    this.offset = offset;
    return { line: this.line, column: offset - this.lineStart + 1 };
  }
}

/** The delimiter right before a comment body (`//`, `#`, `--`), up to four characters. */
function opener(text: string, bodyStart: number): string {
  let k = bodyStart;
  while (k > 0 && bodyStart - k < 4 && !isSpace(text.charCodeAt(k - 1))) k--;
  return text.slice(k, bodyStart);
}
