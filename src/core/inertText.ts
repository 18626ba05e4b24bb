// Untrusted text (titles, test names, TODO comments, report messages, paths) may carry terminal
// escape sequences (ESC[2J clears the screen, ESC]0;…BEL retitles the window), C1 controls that
// some terminals treat like ESC, bidi overrides that reorder what a reader sees (Trojan Source),
// and lone surrogates. Every CLI line and every view label goes through `inertText`, so such
// characters are shown as a visible escape (`\x1B`, `\u202E`) and never act.

/**
 * Characters that never reach a terminal or a view as themselves: C0 controls (tab and line
 * feed are handled by the caller's mode), DEL, C1 controls, the bidi embeddings, overrides,
 * isolates and marks, the line and paragraph separators, the byte-order mark, and UTF-16
 * surrogates that are not part of a pair. Zero-width joiners stay: scripts and emoji need them.
 */
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escape notation a reader recognises, and that says which character was there. */
function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * `text` made inert for a terminal or a view. `multiline` keeps line feeds and tabs (CLI output,
 * item bodies); otherwise they are shown escaped too, as a label is one line. A CR before LF is
 * a line ending and goes; a lone CR (which rewrites the line) is escaped.
 */
export function inertText(text: string, options: { readonly multiline?: boolean } = {}): string {
  if (options.multiline) return text.replace(/\r\n/g, '\n').replace(UNSAFE, visible);
  return text.replace(/[\t\n\r]/g, visible).replace(UNSAFE, visible);
}

/**
 * JSON text for a value, safe to print: `JSON.stringify` already escapes C0 controls and lone
 * surrogates, but leaves C1, bidi and the line separators raw. They can only occur inside string
 * literals, where `\uXXXX` is the same value, so a JSON reader gets the exact data back while a
 * terminal showing the output sees only escapes.
 */
export function inertJson(value: unknown, indent?: number): string {
  return (JSON.stringify(value, null, indent) ?? 'null').replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
