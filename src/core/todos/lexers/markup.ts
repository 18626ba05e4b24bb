import { type LexJob, type Lexer } from './lexer';

/** Lexers for the code embedded in a markup file, chosen from the block's `lang`/`type` attribute. */
export interface EmbeddedLexers {
  script(lang: string | undefined): Lexer | undefined;
  style(lang: string | undefined): Lexer | undefined;
}

const EMBEDDED = /<(script|style)\b([^>]*)>/gi;

/**
 * Lexes HTML, XML, Markdown, Vue and Svelte: `<!-- -->` comments, and (with `embedded`) the
 * JavaScript and CSS inside `<script>` and `<style>` blocks with their own lexers.
 */
export function lexMarkup(job: LexJob, embedded?: EmbeddedLexers): void {
  const { text, end, stopAt, sink } = job;
  let i = job.start;
  while (i < end && i <= stopAt) {
    const lt = text.indexOf('<', i);
    if (lt === -1 || lt >= end || lt > stopAt) return;
    if (text.startsWith('<!--', lt)) {
      const close = text.indexOf('-->', lt + 4);
      const e = close === -1 || close > end ? end : close;
      sink(lt + 4, e);
      i = e + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      const close = text.indexOf(']]>', lt + 9);
      i = close === -1 ? end : close + 3;
      continue;
    }
    if (embedded) {
      EMBEDDED.lastIndex = lt;
      const m = EMBEDDED.exec(text);
      if (m && m.index === lt) {
        const kind = m[1].toLowerCase();
        const attrs = m[2];
        const lang = /\blang\s*=\s*["']?([\w-]+)/i.exec(attrs)?.[1] ?? /\btype\s*=\s*["']?([\w/+-]+)/i.exec(attrs)?.[1];
        const bodyStart = lt + m[0].length;
        const close = new RegExp(`</${kind}\\s*>`, 'ig');
        close.lastIndex = bodyStart;
        const c = close.exec(text);
        const bodyEnd = c && c.index < end ? c.index : end;
        const lexer = kind === 'script' ? embedded.script(lang?.toLowerCase()) : embedded.style(lang?.toLowerCase());
        if (lexer) lexer({ ...job, start: bodyStart, end: bodyEnd });
        i = bodyEnd;
        continue;
      }
    }
    i = lt + 1;
  }
}
