/**
 * JSON for a `<script type="application/json">` data block: every character that means
 * something to the HTML parser (`<`, `>`, `&`) is written as a `\uXXXX` escape, so no text in
 * the data can close the block or start markup, and `JSON.parse` of the block's text gives the
 * value back. (Those characters only ever occur inside JSON strings, where the escape is valid.)
 */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
