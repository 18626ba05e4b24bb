// Shared pieces of the comment lexers. Each lexer walks source text once, skipping strings, and
// reports the body of every comment it passes; tag matching happens afterwards, only where a tag
// occurs (see scanner.ts). Lexers work on a range so an HTML file can hand its <script> blocks to
// the JavaScript lexer.

/** Receives the body of one comment: [bodyStart, bodyEnd) excludes the delimiters. */
export type CommentSink = (bodyStart: number, bodyEnd: number) => void;

/** One lexing job. */
export interface LexJob {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** No tag occurs after this offset: a lexer may stop once it is past it. */
  readonly stopAt: number;
  /** Lines longer than this are minified or data: skipped, and lexing restarts after them in code state. */
  readonly maxLineLength: number;
  readonly sink: CommentSink;
}

/** Lexes a job; may return where it stopped (a PHP block ends at `?>`). */
export type Lexer = (job: LexJob) => number | void;

export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const TAB = 9;
export const BANG = 33;
export const DQUOTE = 34;
export const HASH = 35;
export const DOLLAR = 36;
export const PERCENT = 37;
export const QUOTE = 39;
export const LPAREN = 40;
export const RPAREN = 41;
export const STAR = 42;
export const DASH = 45;
export const SLASH = 47;
export const COLON = 58;
export const SEMI = 59;
export const LT = 60;
export const EQUALS = 61;
export const GT = 62;
export const QUESTION = 63;
export const AT = 64;
export const LBRACKET = 91;
export const BACKSLASH = 92;
export const RBRACKET = 93;
export const BACKTICK = 96;
export const LBRACE = 123;
export const RBRACE = 125;

/** Offset of the line feed ending the line at `i`, or `end`. */
export function lineEnd(text: string, i: number, end: number): number {
  const n = text.indexOf('\n', i);
  return n === -1 || n > end ? end : n;
}

/** Body end of a line comment: the line end, without a trailing CR. */
export function lineCommentEnd(text: string, i: number, end: number): number {
  const e = lineEnd(text, i, end);
  return e > i && text.charCodeAt(e - 1) === CR ? e - 1 : e;
}

/**
 * `i` is at a line start: returns the first line start at or after it whose line is not longer
 * than `max`. Minified bundles are one huge line; skipping those keeps a mis-lexed regex or quote
 * from swallowing the rest of the file, and keeps the scan linear and bounded.
 */
export function skipLongLines(text: string, i: number, end: number, max: number): number {
  for (;;) {
    if (end - i <= max) return i;
    const n = text.indexOf('\n', i);
    if (n === -1 || n >= end) return end;
    if (n - i <= max) return i;
    i = n + 1;
  }
}

export function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === DOLLAR || c > 127;
}

export function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === LF || c === 12 || c === 11;
}

/**
 * Skips a quoted string whose opening quote is at `i - 1`. `escape` is the escape character
 * (0 for none). Single-line strings stop at the line end: an unbalanced quote then costs at most
 * one line. Returns the offset after the closing quote (or the line end / `end`).
 */
export function skipQuoted(text: string, i: number, end: number, quote: number, escape: number, multiline: boolean): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === quote) return i + 1;
    if (c === escape) {
      i += 2;
      continue;
    }
    if (c === LF && !multiline) return i;
    i++;
  }
  return end;
}

/** Skips to after `close` (searched from `i`), or to `end` if it never comes. */
export function skipPast(text: string, i: number, end: number, close: string): number {
  const at = text.indexOf(close, i);
  return at === -1 || at + close.length > end ? end : at + close.length;
}

/**
 * Finds the end of a block comment whose body starts at `i`. With `nested`, inner openers must
 * be closed first (Rust, Swift, Kotlin, Haskell). Returns the offset of the closing delimiter,
 * or `end` for an unterminated comment.
 */
export function blockCommentEnd(text: string, i: number, end: number, open: string, close: string, nested: boolean): number {
  if (!nested) {
    const at = text.indexOf(close, i);
    return at === -1 || at + close.length > end ? end : at;
  }
  let depth = 1;
  for (;;) {
    const c = text.indexOf(close, i);
    if (c === -1 || c + close.length > end) return end;
    const o = text.indexOf(open, i);
    if (o !== -1 && o < c) {
      depth++;
      i = o + open.length;
      continue;
    }
    if (--depth === 0) return c;
    i = c + close.length;
  }
}

/** True when only spaces and tabs precede `i` on its line (from `min`). */
export function atLineStart(text: string, i: number, min: number): boolean {
  for (let k = i - 1; k >= min; k--) {
    const c = text.charCodeAt(k);
    if (c === LF) return true;
    if (c !== SPACE && c !== TAB) return false;
  }
  return true;
}
