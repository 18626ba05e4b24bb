import { LF, SPACE, atLineStart, blockCommentEnd, lineCommentEnd, skipLongLines, skipQuoted, type LexJob } from './lexer';
import type { BlockDelimiters } from './hashFamily';

/**
 * A table-driven lexer for languages whose comments and strings are simple: Lisp (`;`, `#| |#`),
 * assembly (`;`), INI (`;`/`#` at line start), TeX/Erlang/MATLAB (`%`), Fortran (`!`), VB (`'`),
 * batch (`REM`, `::`), OCaml/F#/Pascal (`(* *)`).
 */
export interface SimpleDialect {
  readonly lineComments?: readonly string[];
  /** Leaders that start a comment only at the start of a line; matched case-insensitively. */
  readonly lineStartComments?: readonly string[];
  readonly blocks?: readonly BlockDelimiters[];
  /** Characters that open and close strings. */
  readonly quotes?: string;
  /** Escape character inside strings (0: none; a doubled quote then reads as two strings, which is equivalent). */
  readonly stringEscape?: number;
  readonly multilineStrings?: boolean;
  /** Characters that make the next character literal in code: `\` in TeX and Lisp (`#\;`), `$` in Erlang (`$%`). */
  readonly codeEscapes?: string;
  /** MATLAB: `'` after a value (`a'`, `x(1)'`, `b.'`; `''` inside a string is still a doubled quote) is the transpose operator, not a quote. */
  readonly transposeQuote?: boolean;
  /** Verbatim text (a sticky regex tried at `\\`): TeX `\\verb|%|` and `verbatim` environments hold no comments. */
  readonly verbatim?: RegExp;
}

interface CompiledDialect {
  readonly interesting: Uint8Array;
  readonly lineComments: readonly string[];
  readonly lineStartComments: readonly string[];
  readonly blocks: readonly BlockDelimiters[];
  readonly quotes: string;
  readonly codeEscapes: string;
}

const compiled = new WeakMap<SimpleDialect, CompiledDialect>();

function compile(d: SimpleDialect): CompiledDialect {
  let c = compiled.get(d);
  if (c) return c;
  const interesting = new Uint8Array(128);
  const mark = (s: string) => {
    const code = s.charCodeAt(0);
    if (code < 128) interesting[code] = 1;
    const lower = s[0].toLowerCase().charCodeAt(0);
    if (lower < 128) interesting[lower] = 1;
  };
  for (const s of d.lineComments ?? []) mark(s);
  for (const s of d.lineStartComments ?? []) mark(s);
  for (const [open] of d.blocks ?? []) mark(open);
  for (const q of d.quotes ?? '') mark(q);
  for (const e of d.codeEscapes ?? '') mark(e);
  c = {
    interesting,
    lineComments: d.lineComments ?? [],
    lineStartComments: (d.lineStartComments ?? []).map((s) => s.toUpperCase()),
    blocks: d.blocks ?? [],
    quotes: d.quotes ?? '',
    codeEscapes: d.codeEscapes ?? '',
  };
  compiled.set(d, c);
  return c;
}

export function lexSimple(job: LexJob, d: SimpleDialect): void {
  const { text, end, stopAt, maxLineLength: max, sink } = job;
  const t = compile(d);
  let i = skipLongLines(text, job.start, end, max);
  outer: while (i < end && i <= stopAt) {
    const c = text.charCodeAt(i);
    if (c === LF) {
      i = skipLongLines(text, i + 1, end, max);
      continue;
    }
    if (c <= SPACE || c >= 128 || t.interesting[c] === 0) {
      i++;
      continue;
    }
    for (const [open, close, nested] of t.blocks) {
      if (text.startsWith(open, i)) {
        const e = blockCommentEnd(text, i + open.length, end, open, close, nested);
        sink(i + open.length, e);
        i = e + close.length;
        continue outer;
      }
    }
    for (const leader of t.lineComments) {
      if (text.startsWith(leader, i)) {
        const e = lineCommentEnd(text, i + leader.length, end);
        sink(i + leader.length, e);
        i = e;
        continue outer;
      }
    }
    for (const leader of t.lineStartComments) {
      if (text.substr(i, leader.length).toUpperCase() === leader && atLineStart(text, i, job.start)) {
        const e = lineCommentEnd(text, i + leader.length, end);
        sink(i + leader.length, e);
        i = e;
        continue outer;
      }
    }
    const ch = text[i];
    if (d.verbatim && c === 92) {
      d.verbatim.lastIndex = i;
      if (d.verbatim.test(text)) {
        i = d.verbatim.lastIndex;
        continue;
      }
    }
    if (t.quotes.includes(ch)) {
      if (d.transposeQuote && c === 39 && isValueEnd(text.charCodeAt(i - 1))) {
        i++;
        continue;
      }
      i = skipQuoted(text, i + 1, end, c, d.stringEscape ?? 0, d.multilineStrings === true);
      continue;
    }
    if (t.codeEscapes.includes(ch)) {
      i += 2;
      continue;
    }
    i++;
  }
}

/** A character a value ends with: the `'` after it transposes (MATLAB). */
function isValueEnd(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 41 || c === 93 || c === 125 || c === 46;
}
