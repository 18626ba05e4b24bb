import {
  AT, BACKSLASH, BACKTICK, COLON, DASH, DOLLAR, DQUOTE, GT, HASH, LBRACE, LBRACKET, LF, LPAREN, LT, QUESTION, QUOTE, RBRACE, RBRACKET, RPAREN, SLASH, SPACE, STAR,
  blockCommentEnd, isIdentChar, lineCommentEnd, lineEnd, skipLongLines, skipPast, skipQuoted, type LexJob,
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
  /** `url(` + an unquoted URL is one token up to `)` (CSS Syntax §4.3.6): `url(//x/TODO.png)`. */
  readonly cssUrls?: boolean;
  /**
   * Code inside strings, which may itself hold strings: `${…}` (Kotlin, Groovy, Dart, Scala),
   * `\(…)` (Swift), `{…}` in `$"…"` (C#), `{$…}` and `${…}` (PHP).
   */
  readonly interpolation?: 'dollar-brace' | 'backslash-paren' | 'csharp' | 'php';
  /** Single-quoted strings never interpolate (Groovy), unlike Dart's. */
  readonly plainSingle?: boolean;
  /** Dart raw strings: `r'…'`, `r"""…"""` have no escapes and no interpolation. */
  readonly rPrefixRaw?: boolean;
  /** PHP: `<<<ID` heredocs and `<<<'ID'` nowdocs; `?>` leaves PHP, even inside a line comment. */
  readonly php?: boolean;
}

const REGEX_KEYWORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

/** How a string that holds code resumes after the code: its closing quote and whether `\\` escapes. */
interface StringKind {
  readonly close: string;
  readonly escapes: boolean;
  readonly multiline: boolean;
  /** This string interpolates (JS templates always, C# only with a `$` prefix). */
  readonly interpolates: boolean;
  /** PHP heredoc: the closing identifier, matched at a line start after optional indentation. */
  readonly heredoc?: string;
}

/**
 * Lexes C-family source (JS/TS, Java, C/C++, C#, Go, Rust, Swift, Kotlin, PHP, CSS, …). Returns
 * the offset where it stopped: `end`, or for PHP just after a `?>` that leaves PHP mode.
 */
export function lexCFamily(job: LexJob, d: CDialect): number {
  const { text, end, stopAt, maxLineLength: max, sink } = job;
  const start = job.start;
  let i = skipLongLines(text, start, end, max);
  // Last significant code character: decides whether `/` starts a regex or divides.
  let prev = 0;
  // Open interpolations: the string to resume, and the brace (or paren) depth its code started at.
  const frames: { kind: StringKind; depth: number; paren: boolean }[] = [];
  let depth = 0;
  let parens = 0;

  /** Scans a string body from `j` to after its close, or to the start of an interpolation (pushed on `frames`). */
  const scanString = (j: number, k: StringKind): number => {
    const q = k.close.charCodeAt(0);
    while (j < end) {
      const c = text.charCodeAt(j);
      if (k.heredoc !== undefined) {
        if (c === LF) {
          const e = heredocEnd(text, j + 1, end, k.heredoc);
          if (e !== -1) return e;
        }
      } else if (c === q && (k.close.length === 1 || text.startsWith(k.close, j))) {
        let e = j + k.close.length;
        // `""""` closing a `"""` string: the extra quotes belong to the string.
        if (k.close.length === 3) while (text.charCodeAt(e) === q) e++;
        return e;
      }
      if (c === LF && !k.multiline) return j;
      if (c === BACKSLASH && k.escapes) {
        if (k.interpolates && d.interpolation === 'backslash-paren' && text.charCodeAt(j + 1) === LPAREN) {
          frames.push({ kind: k, depth: parens, paren: true });
          return j + 2;
        }
        j += 2;
        continue;
      }
      if (k.interpolates) {
        const n = text.charCodeAt(j + 1);
        if (c === DOLLAR && n === LBRACE && d.interpolation !== 'csharp') {
          frames.push({ kind: k, depth, paren: false });
          return j + 2;
        }
        if (c === LBRACE && (d.interpolation === 'csharp' || (d.interpolation === 'php' && n === DOLLAR))) {
          if (d.interpolation === 'csharp' && n === LBRACE) {
            j += 2; // `{{` is a literal brace
            continue;
          }
          frames.push({ kind: k, depth, paren: false });
          return j + 1;
        }
      }
      j++;
    }
    return end;
  };

  /** Dart `r'…'`: a raw string whose quote is at `q`; returns its end, or -1 when it is not one. */
  const skipRPrefixed = (q: number): number => {
    if (!d.rPrefixRaw || text.charCodeAt(q - 1) !== 114 || isIdentChar(text.charCodeAt(q - 2))) return -1;
    const quote = text[q];
    if (text.startsWith(quote.repeat(3), q)) return skipPast(text, q + 3, end, quote.repeat(3));
    return skipQuoted(text, q + 1, end, text.charCodeAt(q), 0, false);
  };

  const skipDouble = (q: number): number => {
    const raw = skipRPrefixed(q);
    if (raw !== -1) return raw;
    const interpolates = d.interpolation !== undefined && d.interpolation !== 'csharp';
    if (d.tripleQuotes && text.charCodeAt(q + 1) === DQUOTE && text.charCodeAt(q + 2) === DQUOTE) {
      let n = 3;
      while (text.charCodeAt(q + n) === DQUOTE) n++;
      if (n >= 6) return q + n; // `""""""`: an empty triple-quoted string
      // C# raw strings `"""…"""` close with as many quotes as opened them; Kotlin, Swift, Java use three.
      if (n > 3 || !interpolates) return skipPast(text, q + n, end, '"'.repeat(n));
      // Kotlin raw strings have no escapes; Swift, Java, Dart, Groovy multi-line strings do.
      return scanString(q + 3, { close: '"""', escapes: d.singleQuote !== 'char' || d.interpolation !== 'dollar-brace', multiline: true, interpolates });
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
      const verbatim = p === AT || ((p === DOLLAR && text.charCodeAt(k - 2) === AT) || (p === AT && text.charCodeAt(k - 2) === DOLLAR));
      if (verbatim) {
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
    const csharp = d.interpolation === 'csharp' && text.charCodeAt(q - 1) === DOLLAR;
    if (interpolates || csharp) return scanString(q + 1, { close: '"', escapes: true, multiline: d.php === true, interpolates: true });
    return skipQuoted(text, q + 1, end, DQUOTE, BACKSLASH, d.php === true);
  };

  const skipSingle = (q: number): number => {
    switch (d.singleQuote) {
      case 'string': {
        const raw = skipRPrefixed(q);
        if (raw !== -1) return raw;
        const interpolates = d.interpolation === 'dollar-brace' && !d.plainSingle;
        if (d.tripleQuotes && text.charCodeAt(q + 1) === QUOTE && text.charCodeAt(q + 2) === QUOTE) {
          if (interpolates) return scanString(q + 3, { close: "'''", escapes: true, multiline: true, interpolates: true });
          return skipPast(text, q + 3, end, "'''");
        }
        if (interpolates) return scanString(q + 1, { close: "'", escapes: true, multiline: false, interpolates: true });
        return skipQuoted(text, q + 1, end, QUOTE, BACKSLASH, d.php === true);
      }
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
      else if (c === LBRACKET) {
        inClass = true;
        j++;
      } else if (c === RBRACKET) {
        inClass = false;
        j++;
      } else if (c === SLASH && !inClass) return j + 1;
      else j++;
    }
    return end;
  };

  /** PHP: a line comment ends at the line end or at `?>`, whichever comes first. */
  const commentEnd = (j: number): number => {
    const e = lineCommentEnd(text, j, end);
    if (!d.php) return e;
    const close = text.indexOf('?>', j);
    return close !== -1 && close < e ? close : e;
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
    if (c >= 128 || SPECIAL[c] === 0) {
      // Most characters are plain code: one table look-up instead of the switch's comparisons.
      prev = c;
      i++;
      continue;
    }
    switch (c) {
      case SLASH: {
        const n = text.charCodeAt(i + 1);
        if (n === SLASH && d.lineComments && !(d.urlSafe && text.charCodeAt(i - 1) === COLON)) {
          const e = commentEnd(i + 2);
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
          i = scanString(i + 1, TEMPLATE);
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
          const e = commentEnd(i + 1);
          sink(i + 1, e);
          i = e;
          continue;
        }
        break;
      case QUESTION:
        if (d.php && text.charCodeAt(i + 1) === GT) return i + 2;
        break;
      case LT:
        if (d.php && text.startsWith('<<<', i)) {
          const h = /^<<<[ \t]*(["']?)([A-Za-z_][A-Za-z0-9_]*)\1\r?\n/.exec(text.slice(i, i + 100));
          if (h) {
            // A nowdoc (`<<<'ID'`) is literal; a heredoc interpolates like a double-quoted string.
            const kind: StringKind = { close: '', escapes: h[1] !== "'", multiline: true, interpolates: h[1] !== "'", heredoc: h[2] };
            i = scanString(i + h[0].length - 1, kind);
            prev = DQUOTE;
            continue;
          }
        }
        break;
      case LPAREN:
        parens++;
        break;
      case RPAREN:
        if (frames.length > 0 && frames[frames.length - 1].paren && frames[frames.length - 1].depth === parens) {
          i = scanString(i + 1, frames.pop()!.kind);
          prev = DQUOTE;
          continue;
        }
        parens--;
        break;
      case LBRACE:
        depth++;
        break;
      case RBRACE:
        if (frames.length > 0 && !frames[frames.length - 1].paren && frames[frames.length - 1].depth === depth) {
          i = scanString(i + 1, frames.pop()!.kind);
          prev = BACKTICK;
          continue;
        }
        depth--;
        break;
      case 117: // u
      case 85: // U
        if (d.cssUrls && /^url\([ \t]*[^"' \t)]/i.test(text.slice(i, i + 7)) && !isIdentChar(text.charCodeAt(i - 1)) && text.charCodeAt(i - 1) !== DASH) {
          const close = text.indexOf(')', i + 4);
          const e = lineEnd(text, i, end);
          i = close !== -1 && close < e ? close + 1 : e;
          prev = RPAREN;
          continue;
        }
        break;
    }
    prev = c;
    i++;
  }
  return i;
}

/** The characters the switch in `lexCFamily` acts on. */
const SPECIAL = new Uint8Array(128);
for (const ch of '/"\'`#?<(){}uU') SPECIAL[ch.charCodeAt(0)] = 1;

const TEMPLATE: StringKind = { close: '`', escapes: true, multiline: true, interpolates: true };

/**
 * PHP heredoc close (PHP 7.3+): at the line start `j`, optional indentation, the identifier, and
 * no identifier character after it. Returns the offset after the identifier, or -1.
 */
function heredocEnd(text: string, j: number, end: number, id: string): number {
  let s = j;
  while (s < end && (text.charCodeAt(s) === SPACE || text.charCodeAt(s) === 9)) s++;
  if (!text.startsWith(id, s)) return -1;
  return isIdentChar(text.charCodeAt(s + id.length)) ? -1 : s + id.length;
}
