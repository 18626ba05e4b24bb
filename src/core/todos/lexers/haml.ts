import { LF, SPACE, TAB, lineEnd, type LexJob, type Lexer } from './lexer';

/** The lexers HAML hands its Ruby lines and filters to. */
export interface HamlLexers {
  readonly ruby: Lexer;
  readonly javascript: Lexer;
  readonly css: Lexer;
}

/**
 * Lexes HAML, which is line-based (HAML reference, "Comments"): `-#` is a silent comment and `/`
 * an HTML comment, each with the lines indented below it; `-`, `=`, `~`, `!=`, `&=` lines are
 * Ruby; `:javascript`, `:css` and `:ruby` filters are code in their language. A `#` elsewhere is
 * an element id (`#main`), never a comment.
 */
export function lexHaml(job: LexJob, lexers: HamlLexers): void {
  const { text, end, stopAt, sink } = job;
  let i = job.start;
  while (i < end && i <= stopAt) {
    const e = lineEnd(text, i, end);
    let s = i;
    while (s < e && (text.charCodeAt(s) === SPACE || text.charCodeAt(s) === TAB)) s++;
    const indent = s - i;
    const rest = text.slice(s, Math.min(e, s + 12));
    const nested = () => blockEnd(text, e, end, indent);
    if (rest.startsWith('-#') || (rest.startsWith('/') && !rest.startsWith('//'))) {
      const b = nested();
      sink(s + (rest.startsWith('-#') ? 2 : 1), b);
      i = b + 1;
      continue;
    }
    const filter = /^:(javascript|css|ruby|scss|sass)\b/.exec(rest);
    if (filter) {
      const b = nested();
      const lexer = filter[1] === 'javascript' ? lexers.javascript : filter[1] === 'ruby' ? lexers.ruby : lexers.css;
      if (b > e) lexer({ ...job, start: e + 1, end: b });
      i = b + 1;
      continue;
    }
    const code = /^(?:[-=~]|!=|&=)/.exec(rest) ?? /^[%.#][\w.#-]*(?:\{[^}\n]*\}|\([^)\n]*\))?(?:[-=~]|!=|&=)/.exec(text.slice(s, e));
    if (code) {
      // Ruby to the line end, and past it while the line ends with `,` or `|` (HAML's multi-line rules).
      let b = e;
      while (b < end && /[,|][ \t]*\r?$/.test(text.slice(Math.max(s, b - 4), b))) b = lineEnd(text, b + 1, end);
      lexers.ruby({ ...job, start: s + code[0].length, end: b });
      i = b + 1;
      continue;
    }
    i = e + 1;
  }
}

/** End of the lines indented deeper than `indent` that follow the line ending at `e` (blank lines included). */
function blockEnd(text: string, e: number, end: number, indent: number): number {
  let b = e;
  let j = e + 1;
  while (j < end) {
    const le = lineEnd(text, j, end);
    let s = j;
    while (s < le && (text.charCodeAt(s) === SPACE || text.charCodeAt(s) === TAB)) s++;
    const blank = s === le || (s === le - 1 && text.charCodeAt(s) === 13);
    if (!blank && s - j <= indent) break;
    if (!blank) b = le;
    if (le >= end || text.charCodeAt(le) !== LF) break;
    j = le + 1;
  }
  return b;
}
