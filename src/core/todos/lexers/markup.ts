import { DQUOTE, GT, LF, LT, QUOTE, SPACE, TAB, lineEnd, type LexJob, type Lexer } from './lexer';

/** Lexers for the code embedded in a markup file, chosen from the block's `lang`/`type` attribute. */
export interface EmbeddedLexers {
  script(lang: string | undefined): Lexer | undefined;
  style(lang: string | undefined): Lexer | undefined;
}

/**
 * A template language's own delimiters inside markup: `{{!-- --}}` (Handlebars), `<%# %>` (EJS,
 * ERB), `{# #}` (Twig, Jinja, Nunjucks), `@* *@` (Razor), `{/* *\/}` (MDX, Astro, Svelte).
 */
export interface TemplateSyntax {
  readonly open: string;
  readonly close: string;
  /** `comment`: the body is a comment; `skip`: an expression (strings in it are not markup); a lexer: code. */
  readonly body: 'comment' | 'skip' | Lexer;
}

/** What differs between the markup languages. */
export interface MarkupDialect {
  readonly embedded?: EmbeddedLexers;
  /** Checked in order at every position: list a longer opener before its prefix (`{{!--` before `{{!`). */
  readonly templates?: readonly TemplateSyntax[];
  /** `<!-- -->` comments (default true; MDX has none). */
  readonly htmlComments?: boolean;
  /** Markdown: fenced code blocks and code spans hold no comments. */
  readonly markdown?: boolean;
  /** A `---` fenced block at the very top is code for this lexer (Astro's component script). */
  readonly frontMatter?: Lexer;
  /** MDX: `import`/`export` lines at the top level are JavaScript. */
  readonly esm?: Lexer;
}

const EMBEDDED = /<(script|style)\b([^>]*)>/giy;

/**
 * Lexes HTML, XML, Markdown and the template languages built on them: `<!-- -->` comments (not
 * inside attribute values), the template's own comments, and (with `embedded`) the JavaScript and
 * CSS inside `<script>` and `<style>` blocks with their own lexers.
 */
export function lexMarkup(job: LexJob, d: MarkupDialect = {}): void {
  const { text, end, stopAt, sink } = job;
  const templates = d.templates ?? [];
  const htmlComments = d.htmlComments !== false;
  const code = d.markdown ? markdownCode(text, job.start, end) : [];
  let c = 0;
  let i = job.start;
  if (d.frontMatter && text.startsWith('---', i) && /^---[ \t]*\r?\n/.test(text.slice(i, i + 8))) {
    const close = /\r?\n---[ \t]*(?:\r?\n|$)/g;
    close.lastIndex = i + 3;
    const m = close.exec(text);
    const e = m && m.index < end ? m.index : end;
    d.frontMatter({ ...job, start: text.indexOf('\n', i) + 1, end: e });
    i = m ? m.index + m[0].length : end;
  }
  const firsts = new Set([...templates.map((t) => t.open.charCodeAt(0)), LT, ...(d.esm ? [105, 101] : [])]);
  while (i < end && i <= stopAt) {
    const ch = text.charCodeAt(i);
    if (!firsts.has(ch)) {
      i++;
      continue;
    }
    if (code.length > 0) {
      while (c < code.length && code[c][1] <= i) c++;
      if (c < code.length && code[c][0] <= i) {
        i = code[c][1];
        continue;
      }
    }
    const t = templates.find((s) => text.startsWith(s.open, i));
    if (t) {
      const bodyStart = i + t.open.length;
      const close = text.indexOf(t.close, bodyStart);
      const bodyEnd = close === -1 || close > end ? end : close;
      if (t.body === 'comment') sink(bodyStart, bodyEnd);
      else if (t.body !== 'skip') t.body({ ...job, start: bodyStart, end: bodyEnd });
      i = bodyEnd + t.close.length;
      continue;
    }
    if (d.esm && (ch === 105 || ch === 101) && (i === 0 || text.charCodeAt(i - 1) === LF) && /^(?:import|export)\b/.test(text.slice(i, i + 7))) {
      // An ESM block runs to the first blank line (as MDX reads it).
      const blank = /\n[ \t]*\r?\n/g;
      blank.lastIndex = i;
      const m = blank.exec(text);
      const e = m && m.index < end ? m.index : end;
      d.esm({ ...job, start: i, end: e });
      i = e;
      continue;
    }
    if (ch !== LT) {
      i++;
      continue;
    }
    if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      const e = close === -1 || close > end ? end : close;
      if (htmlComments) sink(i + 4, e);
      i = e + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      const close = text.indexOf(']]>', i + 9);
      i = close === -1 ? end : close + 3;
      continue;
    }
    if (d.embedded) {
      EMBEDDED.lastIndex = i;
      const m = EMBEDDED.exec(text);
      if (m) {
        const kind = m[1].toLowerCase();
        const attrs = m[2];
        const lang = /\blang\s*=\s*["']?([\w-]+)/i.exec(attrs)?.[1] ?? /\btype\s*=\s*["']?([\w/+-]+)/i.exec(attrs)?.[1];
        const bodyStart = i + m[0].length;
        const close = new RegExp(`</${kind}\\s*>`, 'ig');
        close.lastIndex = bodyStart;
        const cm = close.exec(text);
        const bodyEnd = cm && cm.index < end ? cm.index : end;
        const lexer = kind === 'script' ? d.embedded.script(lang?.toLowerCase()) : d.embedded.style(lang?.toLowerCase());
        if (lexer) lexer({ ...job, start: bodyStart, end: bodyEnd });
        i = bodyEnd;
        continue;
      }
    }
    i = skipTag(text, i, end);
  }
}

/**
 * Skips a start or end tag at `<`: its attribute values are quoted text, so `title="<!-- x -->"`
 * holds no comment (HTML §13.2.5.36–38). `<` not followed by a name is text.
 */
function skipTag(text: string, i: number, end: number): number {
  const n = text.charCodeAt(i + 1);
  const name = (n >= 97 && n <= 122) || (n >= 65 && n <= 90) || n === 47 /* / */;
  if (!name) return i + 1;
  let j = i + 2;
  while (j < end) {
    const c = text.charCodeAt(j);
    if (c === GT) return j + 1;
    if (c === LT) return j; // an unclosed tag: markup again from here
    if ((c === DQUOTE || c === QUOTE) && isAttributeValueStart(text, j)) {
      const close = text.indexOf(c === DQUOTE ? '"' : "'", j + 1);
      if (close === -1 || close >= end) return end;
      j = close + 1;
      continue;
    }
    j++;
  }
  return end;
}

/** A quote opens an attribute value only right after `=` (and optional spaces). */
function isAttributeValueStart(text: string, q: number): boolean {
  let k = q - 1;
  while (text.charCodeAt(k) === SPACE || text.charCodeAt(k) === TAB || text.charCodeAt(k) === LF) k--;
  return text.charCodeAt(k) === 61;
}

/**
 * Code in Markdown (CommonMark §4.5 fenced code blocks, §6.1 code spans) as sorted [start, end)
 * ranges: a comment or a task there is an example, not a note.
 */
export function markdownCode(text: string, start = 0, end = text.length): [number, number][] {
  const out: [number, number][] = [];
  let i = start;
  while (i < end) {
    const e = lineEnd(text, i, end);
    const fence = /^ {0,3}(`{3,}|~{3,})/.exec(text.slice(i, Math.min(e, i + 40)));
    if (fence && !(fence[1][0] === '`' && text.slice(i + fence[0].length, e).includes('`'))) {
      const marker = fence[1];
      let j = e + 1;
      let close = end;
      while (j < end) {
        const le = lineEnd(text, j, end);
        const m = /^ {0,3}(`{3,}|~{3,})[ \t]*\r?$/.exec(text.slice(j, le));
        if (m && m[1][0] === marker[0] && m[1].length >= marker.length) {
          close = le;
          break;
        }
        j = le + 1;
      }
      out.push([i, close]);
      i = close + 1;
      continue;
    }
    // Code spans on this line: a run of backticks closed by a run of the same length.
    for (let k = text.indexOf('`', i); k !== -1 && k < e; ) {
      let n = 1;
      while (text.charCodeAt(k + n) === 96) n++;
      const run = '`'.repeat(n);
      let close = text.indexOf(run, k + n);
      while (close !== -1 && text.charCodeAt(close + n) === 96) close = text.indexOf(run, close + n + 1);
      const para = paragraphEnd(text, e, end);
      if (close === -1 || close >= para) {
        k = text.indexOf('`', k + n);
        continue;
      }
      out.push([k, close + n]);
      k = text.indexOf('`', close + n);
      if (close + n > e) break;
    }
    const last = out.length > 0 ? out[out.length - 1][1] : i;
    i = Math.max(e, last) + 1;
  }
  return out;
}

/** End of the paragraph that the line ending at `e` is part of: the next blank line. */
function paragraphEnd(text: string, e: number, end: number): number {
  const blank = /\n[ \t]*\r?\n/g;
  blank.lastIndex = e;
  const m = blank.exec(text);
  return m && m.index < end ? m.index : end;
}
