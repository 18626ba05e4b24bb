import {
  AT, BACKSLASH, BACKTICK, COLON, DOLLAR, DQUOTE, HASH, LBRACE, LBRACKET, LF, QUOTE, RBRACE, RBRACKET, RPAREN, SLASH, SPACE, STAR,
  blockCommentEnd, isIdentChar, lineCommentEnd, skipLongLines, skipPast, skipQuoted, type LexJob,
} from './lexer';

/** What differs between the languages that share `//` and `/* *\/` comments. */
export interface CDialect {
  /** `//` line comments (plain CSS has none). */
  readonly lineComments: boolean;
  /** `#` also starts a line comment (PHP, GNU assembler); `#[` is an attribute, not a comment. */
  readonly hashComments?: boolean;
  /** Block comments nest (Rust, Swift, Kotlin, Scala, Dart). */
  readonly nestedBlocks?: boolean;
  /** `'` starts a string (JS, PHP, CSS), a char literal (C, Java, C#, Go), a char or a lifetime (Rust), or nothing. */
  readonly singleQuote: 'string' | 'char' | 'rust' | 'none';
  /** `` ` `` starts a template literal with `${}` (JS), a raw multi-line string (Go), or nothing. */
  readonly backtick?: 'template' | 'raw';
  /** `/…/` regex literals (JS): a quote or `//` inside one is not a string or a comment. */
  readonly regexLiterals?: boolean;
  /** `"""` (and `'''` where `'` is a string) multi-line strings: Java, Kotlin, Swift, Scala, C#, Dart, Groovy. */
  readonly tripleQuotes?: boolean;
  /** Raw strings recognised by what precedes the quote: Rust `r#"…"#`, C++ `R"d(…)d"`, C# `@"…"`, Swift `#"…"#`. */
  readonly rawStrings?: boolean;
  /** `//` right after `:` is a URL (`url(http://…)` in SCSS/Less), not a comment. */
  readonly urlSafe?: boolean;
}

const REGEX_KEYWORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

/** Lexes C-family source (JS/TS, Java, C/C++, C#, Go, Rust, Swift, Kotlin, PHP, CSS, …). */
export function lexCFamily(job: LexJob, d: CDialect): void {
  const { text, end, stopAt, maxLineLength: max, sink } = job;
  const start = job.start;
  let i = skipLongLines(text, start, end, max);
  // Last significant code character: decides whether `/` starts a regex or divides.
  let prev = 0;
  // Brace depth at each open `${` of a template literal, so `}` knows when the template resumes.
  const templates: number[] = [];
  let depth = 0;

  const continueTemplate = (j: number): number => {
    while (j < end) {
      const c = text.charCodeAt(j);
      if (c === BACKTICK) return j + 1;
      if (c === BACKSLASH) j += 2;
      else if (c === DOLLAR && text.charCodeAt(j + 1) === LBRACE) {
        templates.push(depth);
        return j + 2;
      } else j++;
    }
    return end;
  };

  const skipDouble = (q: number): number => {
    if (d.tripleQuotes && text.charCodeAt(q + 1) === DQUOTE && text.charCodeAt(q + 2) === DQUOTE) {
      let n = 3;
      while (text.charCodeAt(q + n) === DQUOTE) n++;
      if (n >= 6) return q + n; // `""""""`: an empty triple-quoted string
      return skipPast(text, q + n, end, '"'.repeat(n));
    }
    if (d.rawStrings) {
      let k = q;
      while (k > 0 && text.charCodeAt(k - 1) === HASH) k--;
      const hashes = q - k;
      const p = text.charCodeAt(k - 1);
      const rustRaw = p === 114 && (!isIdentChar(text.charCodeAt(k - 2)) || (text.charCodeAt(k - 2) === 98 && !isIdentChar(text.charCodeAt(k - 3))));
      if (rustRaw || hashes > 0) return skipPast(text, q + 1, end, '"' + '#'.repeat(hashes));
      if (p === 82) {
        const before = text.charCodeAt(k - 2);
        if (!isIdentChar(before) || before === 76 || before === 117 || before === 85 || before === 56) {
          const open = text.indexOf('(', q + 1);
          if (open !== -1 && open - q - 1 <= 16 && !text.slice(q + 1, open).includes('\n')) return skipPast(text, open + 1, end, ')' + text.slice(q + 1, open) + '"');
        }
      }
      if (p === AT || (p === DOLLAR && text.charCodeAt(k - 2) === AT)) {
        // C# verbatim string: multi-line, `""` is an escaped quote.
        let j = q + 1;
        for (;;) {
          const at = text.indexOf('"', j);
          if (at === -1 || at >= end) return end;
          if (text.charCodeAt(at + 1) === DQUOTE) j = at + 2;
          else return at + 1;
        }
      }
    }
    return skipQuoted(text, q + 1, end, DQUOTE, BACKSLASH, false);
  };

  const skipSingle = (q: number): number => {
    switch (d.singleQuote) {
      case 'string':
        if (d.tripleQuotes && text.charCodeAt(q + 1) === QUOTE && text.charCodeAt(q + 2) === QUOTE) return skipPast(text, q + 3, end, "'''");
        return skipQuoted(text, q + 1, end, QUOTE, BACKSLASH, false);
      case 'char':
        // `1'000'000` (C++ digit separators) and `x'` are not literals.
        if (isIdentChar(text.charCodeAt(q - 1))) return q + 1;
        return skipQuoted(text, q + 1, end, QUOTE, BACKSLASH, false);
      case 'rust': {
        // 'a' and '\n' are chars; 'a without a closing quote is a lifetime or a loop label.
        if (text.charCodeAt(q + 1) === BACKSLASH) return skipQuoted(text, q + 1, end, QUOTE, BACKSLASH, false);
        const width = text.charCodeAt(q + 1) >= 0xd800 && text.charCodeAt(q + 1) <= 0xdbff ? 2 : 1;
        return text.charCodeAt(q + 1 + width) === QUOTE ? q + 2 + width : q + 1;
      }
      default:
        return q + 1;
    }
  };

  const regexAllowed = (at: number): boolean => {
    if (prev === 0) return true;
    if (prev === RPAREN || prev === RBRACKET || prev === RBRACE || prev === DQUOTE || prev === QUOTE || prev === BACKTICK) return false;
    if (!isIdentChar(prev)) return true;
    let e = at;
    while (e > 0 && text.charCodeAt(e - 1) <= SPACE) e--;
    let s = e;
    while (s > 0 && isIdentChar(text.charCodeAt(s - 1))) s--;
    return REGEX_KEYWORDS.has(text.slice(s, e));
  };

  const skipRegex = (j: number): number => {
    let inClass = false;
    while (j < end) {
      const c = text.charCodeAt(j);
      if (c === BACKSLASH) j += 2;
      else if (c === LF) return j;
      else if (c === LBRACKET) (inClass = true), j++;
      else if (c === RBRACKET) (inClass = false), j++;
      else if (c === SLASH && !inClass) return j + 1;
      else j++;
    }
    return end;
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
    switch (c) {
      case SLASH: {
        const n = text.charCodeAt(i + 1);
        if (n === SLASH && d.lineComments && !(d.urlSafe && text.charCodeAt(i - 1) === COLON)) {
          const e = lineCommentEnd(text, i + 2, end);
          sink(i + 2, e);
          i = e;
          continue;
        }
        if (n === STAR) {
          const e = blockCommentEnd(text, i + 2, end, '/*', '*/', d.nestedBlocks === true);
          sink(i + 2, e);
          i = e + 2;
          continue;
        }
        if (d.regexLiterals && regexAllowed(i)) {
          i = skipRegex(i + 1);
          prev = RPAREN; // a regex ends like an operand: a following `/` divides
          continue;
        }
        break;
      }
      case DQUOTE:
        i = skipDouble(i);
        prev = DQUOTE;
        continue;
      case QUOTE:
        i = skipSingle(i);
        prev = QUOTE;
        continue;
      case BACKTICK:
        if (d.backtick === 'template') {
          i = continueTemplate(i + 1);
          prev = BACKTICK;
          continue;
        }
        if (d.backtick === 'raw') {
          i = skipPast(text, i + 1, end, '`');
          prev = BACKTICK;
          continue;
        }
        break;
      case HASH:
        if (d.hashComments && text.charCodeAt(i + 1) !== LBRACKET) {
          const e = lineCommentEnd(text, i + 1, end);
          sink(i + 1, e);
          i = e;
          continue;
        }
        break;
      case LBRACE:
        depth++;
        break;
      case RBRACE:
        if (templates.length > 0 && templates[templates.length - 1] === depth) {
          templates.pop();
          i = continueTemplate(i + 1);
          prev = BACKTICK;
          continue;
        }
        depth--;
        break;
    }
    prev = c;
    i++;
  }
}
