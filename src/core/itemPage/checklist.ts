// Ticking an acceptance criterion from a rendered page: exactly one `- [ ]` line of the body
// changes, and only if that line still says what the page showed. The page names the line by
// its index in the body (markdown-it's source map), and sends the line's text as it saw it, so
// a body edited since (in the text editor, by a merge) is never ticked in the wrong place.

/** A task-list line the tree, the board and the page all count (see `checklistProgress`). */
export const CHECKLIST_LINE = /^([ \t]*[-*+][ \t]+\[)([ xX])(\][ \t]+\S.*)$/;

/** One line to replace in an item file: 0-based line of the whole file and its new text. */
export interface ChecklistEdit {
  readonly fileLine: number;
  readonly text: string;
}

export type ChecklistResult = { readonly ok: true; readonly edit: ChecklistEdit } | { readonly ok: false; readonly error: string };

/** Whether a body line is a task-list item, and whether it is ticked. */
export function checklistState(line: string): 'open' | 'done' | undefined {
  const m = CHECKLIST_LINE.exec(line.replace(/\r$/, ''));
  return m ? (m[2] === ' ' ? 'open' : 'done') : undefined;
}

/**
 * The one-line edit that sets the criterion at `bodyLine` to `checked`.
 * `fileText` is the whole item file; `body` its Markdown body (a suffix of the text, as parsed).
 * `expected` is the line as the page saw it, compared without its tick so that a second click
 * on a line another window already ticked is a no-op rather than a refusal.
 */
export function checklistEdit(fileText: string, body: string, bodyLine: number, expected: string, checked: boolean): ChecklistResult {
  if (!fileText.endsWith(body)) return { ok: false, error: 'the file no longer matches the item as read' };
  const lines = body.split('\n');
  if (!Number.isSafeInteger(bodyLine) || bodyLine < 0 || bodyLine >= lines.length) return { ok: false, error: `the description has no line ${bodyLine + 1}` };
  const eol = lines[bodyLine].endsWith('\r') ? '\r' : '';
  const current = lines[bodyLine].slice(0, lines[bodyLine].length - eol.length);
  const m = CHECKLIST_LINE.exec(current);
  if (!m) return { ok: false, error: `line ${bodyLine + 1} of the description is not a checklist item any more` };
  const seen = CHECKLIST_LINE.exec(expected);
  if (!seen || seen[1] + seen[3] !== m[1] + m[3]) return { ok: false, error: `line ${bodyLine + 1} of the description changed since the page showed it` };
  const bodyStart = fileText.length - body.length;
  const fileLine = countLines(fileText, bodyStart) + bodyLine;
  return { ok: true, edit: { fileLine, text: m[1] + (checked ? 'x' : ' ') + m[3] } };
}

/** The file text with the edit applied: only that line's text changes, its line end stays. */
export function applyChecklistEdit(fileText: string, edit: ChecklistEdit): string {
  const lines = fileText.split('\n');
  const eol = lines[edit.fileLine].endsWith('\r') ? '\r' : '';
  lines[edit.fileLine] = edit.text + eol;
  return lines.join('\n');
}

function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
