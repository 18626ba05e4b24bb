import { PLAINTEXT, type SourceLanguage } from './languages';
import { CR, LF, isIdentChar } from './lexers/lexer';

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
}

export const DEFAULT_TAGS: readonly string[] = ['TODO', 'FIXME', 'HACK', 'XXX', 'BUG'];

// What may stand between a comment's opening delimiter (or a line start inside a block comment)
// and the tag: `/// TODO`, ` * TODO`, `## TODO`, `-- - TODO`, `<!-- TODO`.
const DECORATION = new Uint8Array(128);
for (const ch of ' \t*/#-;!%<>|+=~') DECORATION[ch.charCodeAt(0)] = 1;

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
  private readonly idPattern: RegExp;
  private readonly anyTag: RegExp | undefined;
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
    const prefix = options.idPrefix ?? 'BL';
    this.idPattern = new RegExp(`^${escapeRegExp(prefix)}-[0-9A-Z]{1,12}$`);
    this.anyTag = this.caseSensitive ? undefined : new RegExp(this.tags.map(escapeRegExp).join('|'), 'gi');
    this.tagBytes = this.caseSensitive && tags.every((t) => /^[\x21-\x7e]+$/.test(t)) ? this.tags.map((t) => Uint8Array.from(t, (ch) => ch.charCodeAt(0))) : [];
  }

  /** True when the text contains a tag anywhere; when false there is nothing to lex. */
  mayContain(text: string): boolean {
    if (this.anyTag) {
      this.anyTag.lastIndex = 0;
      return this.anyTag.test(text);
    }
    for (const t of this.tags) if (text.includes(t)) return true;
    return false;
  }

  /** The TODO comments in `text`, in order. */
  scan(text: string, language: SourceLanguage = PLAINTEXT): TodoComment[] {
    const hits = this.findTags(text);
    if (hits.length === 0) return [];
    const out: TodoComment[] = [];
    const lines = new LineCounter(text);
    let h = 0;
    const sink = (bodyStart: number, bodyEnd: number) => {
      while (h < hits.length && hits[h].offset < bodyStart) h++;
      while (h < hits.length && hits[h].offset < bodyEnd) {
        const todo = this.read(text, hits[h], bodyStart, bodyEnd, lines);
        if (todo) out.push(todo);
        h++;
      }
    };
    if (language.lex) {
      language.lex({ text, start: 0, end: text.length, stopAt: hits[hits.length - 1].offset, maxLineLength: this.maxLineLength, sink });
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
    return out;
  }

  /** Every tag occurrence, in offset order, one per offset (the longest tag). */
  private findTags(text: string): { offset: number; tag: string }[] {
    const hits: { offset: number; tag: string }[] = [];
    if (this.anyTag) {
      const re = new RegExp(this.anyTag.source, 'gi');
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const tag = this.tags.find((t) => t.toLowerCase() === m![0].toLowerCase()) ?? m[0];
        hits.push({ offset: m.index, tag });
        re.lastIndex = m.index + 1;
      }
    } else {
      for (const tag of this.tags) {
        for (let at = text.indexOf(tag); at !== -1; at = text.indexOf(tag, at + 1)) hits.push({ offset: at, tag });
      }
      if (this.tags.length > 1) hits.sort((a, b) => a.offset - b.offset || b.tag.length - a.tag.length);
    }
    // Keep the longest tag per offset and drop hits inside a longer one (TODOS holds TODO).
    const kept: { offset: number; tag: string }[] = [];
    let until = -1;
    for (const hit of hits) {
      if (hit.offset < until) continue;
      kept.push(hit);
      until = hit.offset + hit.tag.length;
    }
    return kept;
  }

  /** Reads the TODO at a tag occurrence inside a comment body, or undefined if it is not one. */
  private read(text: string, hit: { offset: number; tag: string }, bodyStart: number, bodyEnd: number, lines: LineCounter): TodoComment | undefined {
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
