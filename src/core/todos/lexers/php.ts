import type { LexJob, Lexer } from './lexer';

/**
 * Lexes a PHP file: text outside `<?php … ?>` is HTML (with its comments, scripts and styles), and
 * each PHP block is PHP code, which ends at a `?>` outside strings and block comments (in a line
 * comment too: PHP's own rule). `php` must return the offset after the `?>` it stopped at.
 */
export function lexPhp(job: LexJob, php: Lexer, html: Lexer): void {
  const { text, end, stopAt } = job;
  let i = job.start;
  while (i < end && i <= stopAt) {
    let open = text.indexOf('<?', i);
    // `<?xml …?>` in a template is text for the HTML around it, not PHP.
    while (open !== -1 && open < end && /^<\?xml\b/i.test(text.slice(open, open + 6))) open = text.indexOf('<?', open + 2);
    const htmlEnd = open === -1 || open > end ? end : open;
    if (htmlEnd > i) html({ ...job, start: i, end: htmlEnd });
    if (htmlEnd >= end) return;
    let codeStart = open + 2;
    if (/^php\b/i.test(text.slice(codeStart, codeStart + 4))) codeStart += 3;
    else if (text.charCodeAt(codeStart) === 61 /* = */) codeStart++;
    const stopped = php({ ...job, start: codeStart, end });
    i = typeof stopped === 'number' && stopped > codeStart ? stopped : end;
  }
}
