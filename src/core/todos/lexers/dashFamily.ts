import {
  BACKSLASH, BACKTICK, DASH, DQUOTE, LBRACE, LBRACKET, LF, QUOTE, SLASH, SPACE, STAR, EQUALS,
  blockCommentEnd, lineCommentEnd, skipLongLines, skipPast, skipQuoted, type LexJob,
} from './lexer';

/** What differs between the languages that comment with `--` (SQL, Lua, Haskell, Ada). */
export interface DashDialect {
  /** `/* *\/` blocks, `` ` `` quoted identifiers, no backslash escapes (SQL). */
  readonly sql?: boolean;
  /** `--[[ ]]` long comments and `[[ ]]` long strings (Lua). */
  readonly lua?: boolean;
  /** `{- -}` nested blocks; `-->` is an operator, not a comment; `x'` is a name, not a char (Haskell, Elm). */
  readonly haskell?: boolean;
}

const HASKELL_SYMBOLS = new Set('!#$%&*+./<=>?@\\^|~:'.split('').map((ch) => ch.charCodeAt(0)));

/** Lexes `--`-comment languages. */
export function lexDashFamily(job: LexJob, d: DashDialect): void {
  const { text, end, stopAt, maxLineLength: max, sink } = job;
  let i = skipLongLines(text, job.start, end, max);

  /** Length of a Lua long bracket `[==[` at `j`, or 0. */
  const longBracket = (j: number): number => {
    if (text.charCodeAt(j) !== LBRACKET) return 0;
    let k = j + 1;
    while (text.charCodeAt(k) === EQUALS) k++;
    return text.charCodeAt(k) === LBRACKET ? k - j + 1 : 0;
  };

  while (i < end && i <= stopAt) {
    const c = text.charCodeAt(i);
    if (c === LF) {
      i = skipLongLines(text, i + 1, end, max);
      continue;
    }
    if (c <= SPACE) {
      i++;
      continue;
    }
    if (c === DASH && text.charCodeAt(i + 1) === DASH) {
      if (d.lua) {
        const open = longBracket(i + 2);
        if (open > 0) {
          const close = ']' + '='.repeat(open - 2) + ']';
          const e = blockCommentEnd(text, i + 2 + open, end, '[[', close, false);
          sink(i + 2 + open, e);
          i = e + close.length;
          continue;
        }
      }
      let j = i + 2;
      if (d.haskell) {
        while (text.charCodeAt(j) === DASH) j++;
        if (HASKELL_SYMBOLS.has(text.charCodeAt(j))) {
          i = j;
          continue;
        }
      }
      const e = lineCommentEnd(text, i + 2, end);
      sink(i + 2, e);
      i = e;
      continue;
    }
    if (c === SLASH && d.sql && text.charCodeAt(i + 1) === STAR) {
      const e = blockCommentEnd(text, i + 2, end, '/*', '*/', false);
      sink(i + 2, e);
      i = e + 2;
      continue;
    }
    if (c === LBRACE && d.haskell && text.charCodeAt(i + 1) === DASH) {
      const e = blockCommentEnd(text, i + 2, end, '{-', '-}', true);
      sink(i + 2, e);
      i = e + 2;
      continue;
    }
    if (c === LBRACKET && d.lua) {
      const open = longBracket(i);
      if (open > 0) {
        i = skipPast(text, i + open, end, ']' + '='.repeat(open - 2) + ']');
        continue;
      }
    }
    if (c === DQUOTE) {
      i = skipQuoted(text, i + 1, end, DQUOTE, d.sql ? 0 : BACKSLASH, false);
      continue;
    }
    if (c === QUOTE) {
      if (d.sql || d.lua) {
        i = skipQuoted(text, i + 1, end, QUOTE, d.sql ? 0 : BACKSLASH, false);
        continue;
      }
      // Haskell/Ada: 'x' and '\n' are chars; otherwise a prime (x') or an attribute tick (T'First).
      if (text.charCodeAt(i + 1) === BACKSLASH) i = skipQuoted(text, i + 1, end, QUOTE, BACKSLASH, false);
      else if (text.charCodeAt(i + 2) === QUOTE) i += 3;
      else i++;
      continue;
    }
    if (c === BACKTICK && d.sql) {
      i = skipQuoted(text, i + 1, end, BACKTICK, 0, false);
      continue;
    }
    i++;
  }
}
