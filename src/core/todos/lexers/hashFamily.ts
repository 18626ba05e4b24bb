import {
  BACKSLASH, DOLLAR, DQUOTE, EQUALS, HASH, LF, LT, QUOTE, SPACE, TAB,
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
  let heredoc: Heredoc | undefined;

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
    // `<<EOF`, `<<-EOF`, `<< 'EOF'` (shell); `<<~EOS`, `<<-EOS` (Ruby).
    let indented = false;
    const mark = text.charCodeAt(j);
    if (mark === 45 || (mark === 126 && d.rubyHeredocs)) {
      indented = true;
      j++;
    } else if (d.rubyHeredocs && !d.shell) return undefined;
    if (d.shell) while (text.charCodeAt(j) === SPACE) j++;
    const q = text.charCodeAt(j);
    if (q === QUOTE || q === DQUOTE) j++;
    let k = j;
    while (k < end && /[A-Za-z0-9_]/.test(text[k])) k++;
    if (k === j) return undefined;
    return { word: text.slice(j, k), indented };
  };

  while (i < end && i <= stopAt) {
    const c = text.charCodeAt(i);
    if (c === LF) {
      i = i + 1;
      if (heredoc) {
        i = skipHeredoc(i, heredoc);
        heredoc = undefined;
        continue;
      }
      i = skipLongLines(text, i, end, max);
      continue;
    }
    if (c === SPACE || c === TAB || c === 13) {
      i++;
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
      i = skipQuoted(text, i + 1, end, c, escape, d.multilineStrings === true);
      continue;
    }
    if (c === BACKSLASH) {
      // An escaped quote or `#` in code (`echo \"`, `\#` in a Makefile) is a plain character.
      i += 2;
      continue;
    }
    if (c === LT && (d.shell || d.rubyHeredocs) && text.charCodeAt(i + 1) === LT && text.charCodeAt(i + 2) !== LT) {
      heredoc = parseHeredoc(i + 2) ?? heredoc;
      i += 2;
      continue;
    }
    i++;
  }
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
