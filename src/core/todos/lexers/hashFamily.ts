import {
  BACKSLASH, BACKTICK, DASH, DOLLAR, DQUOTE, EQUALS, HASH, LBRACE, LF, LT, PERCENT, QUOTE, RBRACE, RPAREN, SLASH, SPACE, TAB,
  atLineStart, blockCommentEnd, isSpace, lineCommentEnd, lineEnd, skipLongLines, skipQuoted, type LexJob,
} from './lexer';

/** A block comment: opener, closer, and whether it nests. */
export type BlockDelimiters = readonly [open: string, close: string, nested: boolean];

/** What differs between the languages that comment with `#` (Python, Ruby, shell, YAML, TOML, Perl, R, …). */
export interface HashDialect {
  /** Triple-quoted strings; one that starts a line is a docstring and is read as a comment (Python, GraphQL). */
  readonly docstrings?: boolean;
  /** Triple-quoted strings that are only strings (TOML, Julia, Elixir, CoffeeScript). */
  readonly tripleQuotes?: boolean;
  /** `#` starts a comment only at the start of a word (`$#`, `${#x}`, `a#b` are not comments); heredocs. */
  readonly shell?: boolean;
  /** `#` starts a comment only after whitespace; quotes only open a scalar where a value starts. */
  readonly yaml?: boolean;
  /** `#` is a comment only at the start of a line (Dockerfile, .gitignore, .env). */
  readonly lineStartOnly?: boolean;
  /** Quotes delimit strings (default true; false where quotes are plain text). */
  readonly quotes?: boolean;
  /** `'` strings have no escapes (shell, TOML literal strings). */
  readonly literalSingle?: boolean;
  /** Quoted strings may span lines (shell, YAML flow scalars). */
  readonly multilineStrings?: boolean;
  /** Block comments, e.g. `<#`…`#>` (PowerShell), `#[`…`]#` (Nim), `#=`…`=#` (Julia), `###` (CoffeeScript). */
  readonly blocks?: readonly BlockDelimiters[];
  /** Blocks whose delimiters stand at column 0: Ruby `=begin`/`=end`, Perl POD `=pod`…`=cut`. */
  readonly lineBlocks?: readonly (readonly [open: string, close: string])[];
  /** `<<~EOS` heredocs (Ruby) in addition to the shell's `<<EOF`. */
  readonly rubyHeredocs?: boolean;
  /** Ruby: `%q(…)`/`%w[…]` literals, `/regex/`, `?#` characters and `#{…}` code inside strings. */
  readonly ruby?: boolean;
  /** Perl: `q{}`, `qq##`, `m//`, `s###`, `tr///`, `/regex/`, `$#array` and `<<"EOF"` heredocs. */
  readonly perl?: boolean;
  /** Makefile: a line starting with a tab is a recipe, lexed as shell; elsewhere quotes are text. */
  readonly makefile?: boolean;
}

interface Heredoc {
  readonly word: string;
  readonly indented: boolean;
}

/** Lexes `#`-comment languages. */
export function lexHashFamily(job: LexJob, d: HashDialect): void {
  const { text, end, stopAt, maxLineLength: max, sink } = job;
  const start = job.start;
  const quotes = d.quotes !== false;
  let i = skipLongLines(text, start, end, max);
  // Heredocs opened on the current line, read in order once it ends (`cat <<A <<B`).
  const heredocs: Heredoc[] = [];
  // Last significant code character: decides whether `/` starts a regex (Ruby, Perl).
  let prev = 0;

  const skipTriple = (q: number, quote: string): number => {
    let j = q + 3;
    for (;;) {
      const at = text.indexOf(quote, j);
      if (at === -1 || at + 3 > end) return end;
      let slashes = 0;
      while (text.charCodeAt(at - 1 - slashes) === BACKSLASH) slashes++;
      if (slashes % 2 === 0) return at;
      j = at + 1;
    }
  };

  const skipHeredoc = (j: number, h: Heredoc): number => {
    while (j < end) {
      const e = lineEnd(text, j, end);
      let s = j;
      if (h.indented) while (s < e && (text.charCodeAt(s) === SPACE || text.charCodeAt(s) === TAB)) s++;
      let t = e;
      if (t > s && text.charCodeAt(t - 1) === 13) t--;
      if (text.slice(s, t) === h.word) return e;
      j = e + 1;
    }
    return end;
  };

  const parseHeredoc = (j: number): Heredoc | undefined => {
    // `<<EOF`, `<<-EOF`, `<< 'EOF'`, `<<\\EOF` (shell); `<<~EOS`, `<<-EOS`, `<<EOS` (Ruby); `<<"EOF"`, `<<~EOF` (Perl).
    let indented = false;
    const mark = text.charCodeAt(j);
    if ((mark === DASH && !d.perl) || (mark === 126 && (d.rubyHeredocs || d.perl))) {
      indented = true;
      j++;
    } else if (!d.shell && !/[A-Z_"'`]/.test(text[j] ?? '')) return undefined; // `a << b`, `1 <<2`: a shift
    if (d.shell) while (text.charCodeAt(j) === SPACE || text.charCodeAt(j) === BACKSLASH) j++;
    const q = text.charCodeAt(j);
    if (q === QUOTE || q === DQUOTE || q === BACKTICK) j++;
    let k = j;
    while (k < end && /[A-Za-z0-9_]/.test(text[k])) k++;
    if (k === j || /[0-9]/.test(text[j])) return undefined;
    return { word: text.slice(j, k), indented };
  };

  while (i < end && i <= stopAt) {
    const c = text.charCodeAt(i);
    if (c === LF) {
      i = i + 1;
      if (heredocs.length > 0) {
        for (const h of heredocs.splice(0)) i = Math.min(end, skipHeredoc(i, h) + 1);
        continue;
      }
      if (d.makefile && text.charCodeAt(i) === TAB) {
        // A recipe line (with its `\` continuations) is shell, run by the shell, not read by make.
        let e = lineEnd(text, i, end);
        while (e < end && text.charCodeAt(e - 1 - (text.charCodeAt(e - 1) === 13 ? 1 : 0)) === BACKSLASH) e = lineEnd(text, e + 1, end);
        lexHashFamily({ ...job, start: i + 1, end: e }, RECIPE_SHELL);
        i = e;
        continue;
      }
      i = skipLongLines(text, i, end, max);
      continue;
    }
    if (c === SPACE || c === TAB || c === 13) {
      i++;
      continue;
    }
    if (d.ruby || d.perl) {
      const skipped = d.ruby ? skipRuby(i) : skipPerl(i);
      if (skipped > i) {
        i = skipped;
        continue;
      }
    }
    if (d.shell && c === DOLLAR && text.charCodeAt(i + 1) === LBRACE) {
      // `${x#TODO}`, `${x%%#*}`: a parameter expansion is one word, whatever `#` it holds.
      i = skipBalanced(i + 2, LBRACE, RBRACE);
      prev = RPAREN;
      continue;
    }
    if (c === EQUALS && d.lineBlocks && (i === start || text.charCodeAt(i - 1) === LF)) {
      const block = d.lineBlocks.find(([open]) => text.startsWith(open, i));
      if (block) {
        const close = text.indexOf('\n' + block[1], i);
        const e = close === -1 || close >= end ? end : close + 1;
        sink(i + block[0].length, e);
        i = e >= end ? end : lineEnd(text, e, end);
        continue;
      }
    }
    if (d.blocks) {
      const block = d.blocks.find(([open]) => open.charCodeAt(0) === c && text.startsWith(open, i));
      if (block) {
        const e = blockCommentEnd(text, i + block[0].length, end, block[0], block[1], block[2]);
        sink(i + block[0].length, e);
        i = e + block[1].length;
        continue;
      }
    }
    if (c === HASH) {
      const before = text.charCodeAt(i - 1);
      const first = i === start || before === LF;
      let comment = true;
      if (d.lineStartOnly) comment = first || atLineStart(text, i, start);
      else if (d.shell) comment = first || isSpace(before) || before === 59 || before === 124 || before === 38 || before === 40 || before === 41;
      else if (d.yaml) comment = first || isSpace(before);
      else if (d.perl || d.ruby) comment = before !== DOLLAR && before !== 64 /* @ */;
      if (comment) {
        const e = lineCommentEnd(text, i + 1, end);
        sink(i + 1, e);
        i = e;
        continue;
      }
      i++;
      continue;
    }
    if ((c === DQUOTE || c === QUOTE) && quotes) {
      if (d.yaml && !yamlValueStart(text, i, start)) {
        i++;
        continue;
      }
      if ((d.docstrings || d.tripleQuotes) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c) {
        const close = skipTriple(i, c === DQUOTE ? '"""' : "'''");
        if (d.docstrings && startsStatement(text, i, start)) sink(i + 3, close);
        i = close + 3;
        continue;
      }
      const escape = c === QUOTE && d.literalSingle && text.charCodeAt(i - 1) !== DOLLAR ? 0 : BACKSLASH;
      i = d.ruby && c === DQUOTE ? skipRubyString(i + 1, '"', 0) : skipQuoted(text, i + 1, end, c, escape, d.multilineStrings === true || d.ruby === true || d.perl === true);
      prev = DQUOTE;
      continue;
    }
    if (c === BACKSLASH) {
      // An escaped quote or `#` in code (`echo \"`, `\#` in a Makefile) is a plain character.
      i += 2;
      continue;
    }
    if (c === LT && (d.shell || d.rubyHeredocs || d.perl) && text.charCodeAt(i + 1) === LT && text.charCodeAt(i + 2) !== LT) {
      const h = parseHeredoc(i + 2);
      if (h) heredocs.push(h);
      i += 2;
      prev = LT;
      continue;
    }
    prev = c;
    i++;
  }

  /** After the `}` (or `)`, `]`) that closes a group opened just before `j`; quotes inside are skipped. */
  function skipBalanced(j: number, open: number, close: number): number {
    let depth = 1;
    while (j < end) {
      const ch = text.charCodeAt(j);
      if (ch === BACKSLASH) j += 2;
      else if (ch === open) {
        depth++;
        j++;
      }
      else if (ch === close) {
        if (--depth === 0) return j + 1;
        j++;
      } else if (ch === DQUOTE || (ch === QUOTE && open !== LBRACE)) j = skipQuoted(text, j + 1, end, ch, BACKSLASH, true);
      else if (ch === QUOTE) j = skipQuoted(text, j + 1, end, ch, 0, true);
      else j++;
    }
    return end;
  }

  /** A Ruby string body from `j` to after `close`, skipping `#{…}` code (which may hold strings). */
  function skipRubyString(j: number, close: string, depth: number): number {
    const q = close.charCodeAt(0);
    const open = OPENERS.get(close);
    let nest = 0;
    while (j < end) {
      const ch = text.charCodeAt(j);
      if (ch === BACKSLASH) j += 2;
      else if (open !== undefined && ch === open) {
        nest++;
        j++;
      }
      else if (ch === q) {
        if (nest === 0) return j + 1;
        nest--;
        j++;
      } else if (ch === HASH && text.charCodeAt(j + 1) === LBRACE && depth < 8) j = skipRubyCode(j + 2, depth + 1);
      else j++;
    }
    return end;
  }

  /** Ruby code inside `#{`, to after its `}`. */
  function skipRubyCode(j: number, depth: number): number {
    let braces = 1;
    while (j < end) {
      const ch = text.charCodeAt(j);
      if (ch === LBRACE) braces++;
      else if (ch === RBRACE && --braces === 0) return j + 1;
      else if (ch === DQUOTE) {
        j = skipRubyString(j + 1, '"', depth);
        continue;
      } else if (ch === QUOTE) {
        j = skipQuoted(text, j + 1, end, QUOTE, BACKSLASH, true);
        continue;
      } else if (ch === BACKSLASH) j++;
      j++;
    }
    return end;
  }

  /** Ruby literals that may hold `#` or quotes at `j`; returns `j` when there is none. */
  function skipRuby(j: number): number {
    const k = skipRubyLiteral(j);
    if (k > j) prev = RPAREN;
    return k;
  }

  function skipRubyLiteral(j: number): number {
    const ch = text.charCodeAt(j);
    if (ch === PERCENT && regexAllowed(j)) {
      const m = /^%([qQwWiIrsx]?)([^\w\s])/.exec(text.slice(j, j + 3));
      if (m && (m[1] !== '' || m[2] !== '=')) {
        const close = CLOSERS.get(m[2]) ?? m[2];
        const interpolates = m[1] === '' || 'QWIrx'.includes(m[1]);
        return interpolates ? skipRubyString(j + m[0].length, close, 0) : skipDelimited(j + m[0].length, m[2], close);
      }
    }
    if (ch === SLASH && regexAllowed(j)) return skipRubyString(j + 1, '/', 0);
    if (ch === 63 /* ? */ && !isValueEnd(prev) && !isSpace(text.charCodeAt(j + 1)) && !isWord(text.charCodeAt(j + 2))) return j + (text.charCodeAt(j + 1) === BACKSLASH ? 3 : 2);
    if (ch === BACKTICK) return skipRubyString(j + 1, '`', 0);
    return j;
  }

  /** Perl quote-like operators and regexes at `j`; returns `j` when there is none. */
  function skipPerl(j: number): number {
    const ch = text.charCodeAt(j);
    if (ch === SLASH && regexAllowed(j)) {
      prev = RPAREN;
      return skipDelimited(j + 1, '/', '/');
    }
    const before = text.charCodeAt(j - 1);
    if (!isWord(ch) || isWord(before) || before === DOLLAR || before === 64 || before === PERCENT || before === 38 || before === 42) return j;
    const m = /^(qq|qw|qr|qx|q|m|s|tr|y)(?:(#)|\s*([^\w\s#=,;)]))/.exec(text.slice(j, j + 40));
    // Not after `->`, `{` (a hash key), `-` (the `-s $file` test), nor before `=>` (a bare key).
    if (!m || before === 62 || before === LBRACE || before === DASH || /^\s*=>/.test(text.slice(j + m[1].length, j + m[1].length + 8))) {
      let k = j;
      while (isWord(text.charCodeAt(k))) k++;
      prev = REGEX_KEYWORDS.has(text.slice(j, k)) ? 0 : RPAREN;
      return k;
    }
    prev = RPAREN;
    const delim = m[2] ?? m[3];
    let k = j + m[0].length;
    const close = CLOSERS.get(delim) ?? delim;
    k = skipDelimited(k, delim, close);
    if (m[1] === 's' || m[1] === 'tr' || m[1] === 'y') {
      if (close !== delim) {
        // `s{…}{…}`: the replacement has its own delimiters, maybe after spaces.
        while (isSpace(text.charCodeAt(k))) k++;
        const d2 = text[k];
        k = skipDelimited(k + 1, d2, CLOSERS.get(d2) ?? d2);
      } else k = skipDelimited(k, delim, close);
    }
    while (isWord(text.charCodeAt(k))) k++;
    return k;
  }

  /** Whether `/` (or Ruby's `%`) at `j` starts a literal: after an operator, or a keyword like `split`. */
  function regexAllowed(j: number): boolean {
    if (!isValueEnd(prev)) return true;
    if (!isWord(prev)) return false;
    let e = j;
    while (e > 0 && isSpace(text.charCodeAt(e - 1))) e--;
    if (e === j) return false; // `a/b`, `a%b`
    let s = e;
    while (s > 0 && isWord(text.charCodeAt(s - 1))) s--;
    return REGEX_KEYWORDS.has(text.slice(s, e));
  }

  /** A delimited body from `j` to after `close`; bracket delimiters nest; `\\` escapes. */
  function skipDelimited(j: number, open: string, close: string): number {
    const o = open.charCodeAt(0);
    const q = close.charCodeAt(0);
    let nest = 0;
    while (j < end) {
      const ch = text.charCodeAt(j);
      if (ch === BACKSLASH) j += 2;
      else if (ch === q) {
        if (nest === 0) return j + 1;
        nest--;
        j++;
      } else if (ch === o && o !== q) {
        nest++;
        j++;
      }
      else j++;
    }
    return end;
  }
}

const REGEX_KEYWORDS = new Set(['if', 'elsif', 'unless', 'when', 'while', 'until', 'and', 'or', 'not', 'return', 'split', 'grep', 'map', 'join', 'push', 'unshift', 'puts', 'print', 'scan', 'sub', 'gsub', 'match', 'x', 'lt', 'gt', 'le', 'ge', 'eq', 'ne', 'cmp']);
const RECIPE_SHELL: HashDialect = { shell: true, literalSingle: true, multilineStrings: true };
const CLOSERS = new Map([['(', ')'], ['[', ']'], ['{', '}'], ['<', '>']]);
const OPENERS = new Map([[')', 40], [']', 91], ['}', 123], ['>', 60]]);

function isWord(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** A character a value ends with: after it, `/` divides and `%` is modulo. */
function isValueEnd(c: number): boolean {
  return isWord(c) || c === RPAREN || c === 93 || c === RBRACE || c === DQUOTE || c === QUOTE;
}

/** A Python docstring (or any bare string statement) is the first thing on its line, after an optional prefix. */
function startsStatement(text: string, q: number, min: number): boolean {
  let k = q;
  while (k > min && q - k < 2 && /[rRuUbBfF]/.test(text[k - 1])) k--;
  return atLineStart(text, k, min);
}

/** In YAML a quote opens a scalar only where a value starts: line start, after `: `, `- `, `[`, `{`, `,`, `? `. */
function yamlValueStart(text: string, q: number, min: number): boolean {
  let k = q - 1;
  while (k >= min && (text.charCodeAt(k) === SPACE || text.charCodeAt(k) === TAB)) k--;
  if (k < min) return true;
  const c = text.charCodeAt(k);
  return c === LF || c === 58 || c === 45 || c === 91 || c === 123 || c === 44 || c === 63;
}
