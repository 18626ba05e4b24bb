import { BacklogError } from './backlog';

// Edits of an item's Markdown body by section, for callers that cannot open an editor (the MCP
// server's agents, scripts). Each edit touches only its own lines; everything else stays as written.

export const DESCRIPTION_HEADING = 'Description';
export const CRITERIA_HEADING = 'Acceptance criteria';
export const NOTES_HEADING = 'Notes';

/** One edit of a body. */
export type BodyEdit =
  | { readonly kind: 'replaceSection'; readonly heading: string; readonly text: string }
  | { readonly kind: 'appendToSection'; readonly heading: string; readonly text: string }
  | { readonly kind: 'addCriterion'; readonly text: string }
  | { readonly kind: 'checkCriterion'; readonly which: number | string; readonly done: boolean };

const CHECKBOX = /^([ \t]*[-*+][ \t]+\[)([ xX])(\][ \t]*)(.*)$/;

interface Section {
  /** Line index of the heading, or -1 when the section is missing. */
  readonly heading: number;
  /** First line after the section (the next heading of the same or a higher level, or the end). */
  readonly end: number;
}

function findSection(lines: readonly string[], heading: string): Section {
  const wanted = heading.trim().toLowerCase();
  for (let i = 0; i < lines.length; i++) {
    const m = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/.exec(lines[i]);
    if (!m || m[2].trim().toLowerCase() !== wanted) continue;
    const level = m[1].length;
    let end = i + 1;
    while (end < lines.length && !isHeadingUpTo(lines[end], level)) end++;
    return { heading: i, end };
  }
  return { heading: -1, end: lines.length };
}

function isHeadingUpTo(line: string, level: number): boolean {
  const m = /^(#{1,6})[ \t]/.exec(line);
  return m !== null && m[1].length <= level;
}

/** Lines of new text: one paragraph, line endings normalised, no trailing blank lines. */
function textLines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').replace(/\s+$/, '').split('\n');
}

/** The section's content lines without blank lines at either end, and where they sit. */
function trimmedRange(lines: readonly string[], s: Section): { from: number; to: number } {
  let from = s.heading + 1;
  let to = s.end;
  while (from < to && lines[from].trim() === '') from++;
  while (to > from && lines[to - 1].trim() === '') to--;
  return { from, to };
}

function withSection(lines: string[], heading: string, content: string[]): string[] {
  const s = findSection(lines, heading);
  if (s.heading === -1) {
    const out = [...lines];
    while (out.length > 0 && out[out.length - 1].trim() === '') out.pop();
    return [...out, ...(out.length > 0 ? [''] : []), `## ${heading}`, '', ...content, ''];
  }
  const before = lines.slice(0, s.heading + 1);
  const after = lines.slice(s.end);
  return [...before, '', ...content, '', ...after];
}

/** Applies edits in order; throws a BacklogError naming what could not be found. */
export function editBody(body: string, edits: readonly BodyEdit[]): string {
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  let lines = body.replace(/\r\n/g, '\n').split('\n');
  const hadFinalNewline = body.endsWith('\n');
  if (hadFinalNewline) lines.pop();
  for (const edit of edits) lines = applyEdit(lines, edit);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  return lines.join(eol) + eol;
}

function applyEdit(lines: string[], edit: BodyEdit): string[] {
  switch (edit.kind) {
    case 'replaceSection':
      return withSection(lines, edit.heading, textLines(edit.text));
    case 'appendToSection': {
      const s = findSection(lines, edit.heading);
      if (s.heading === -1) return withSection(lines, edit.heading, textLines(edit.text));
      const { from, to } = trimmedRange(lines, s);
      const existing = lines.slice(from, to);
      return withSection(lines, edit.heading, [...existing, ...(existing.length > 0 ? [''] : []), ...textLines(edit.text)]);
    }
    case 'addCriterion': {
      const text = edit.text.replace(/\s+/g, ' ').trim();
      if (!text) throw new BacklogError('An acceptance criterion needs text', 'invalid-value');
      const s = findSection(lines, CRITERIA_HEADING);
      const { from, to } = s.heading === -1 ? { from: 0, to: 0 } : trimmedRange(lines, s);
      // The empty `- [ ]` a new item starts with is a placeholder, not a criterion.
      const existing = lines.slice(from, to).filter((l) => !/^[ \t]*[-*+][ \t]+\[ \][ \t]*$/.test(l));
      return withSection(lines, CRITERIA_HEADING, [...existing, `- [ ] ${text}`]);
    }
    case 'checkCriterion': {
      const s = findSection(lines, CRITERIA_HEADING);
      // Criteria are the checkboxes of their section, or of the whole body when it has none.
      const from = s.heading === -1 ? 0 : s.heading + 1;
      const to = s.heading === -1 ? lines.length : s.end;
      const boxes: number[] = [];
      for (let i = from; i < to; i++) {
        const m = CHECKBOX.exec(lines[i]);
        if (m && m[4].trim() !== '') boxes.push(i);
      }
      let at: number | undefined;
      if (typeof edit.which === 'number') at = boxes[edit.which - 1];
      else {
        const wanted = edit.which.trim().toLowerCase();
        const matching = boxes.filter((i) => CHECKBOX.exec(lines[i])![4].toLowerCase().includes(wanted));
        if (matching.length > 1) throw new BacklogError(`"${edit.which}" matches ${matching.length} acceptance criteria; give its number (1-${boxes.length}) instead`, 'invalid-value');
        at = matching[0];
      }
      if (at === undefined) {
        throw new BacklogError(
          boxes.length === 0 ? 'The item has no acceptance criteria to check' : `No acceptance criterion ${typeof edit.which === 'number' ? `#${edit.which}` : `"${edit.which}"`}; it has ${boxes.length} (numbered from 1)`,
          'invalid-value',
        );
      }
      const out = [...lines];
      out[at] = out[at].replace(CHECKBOX, (_all, open: string, _mark: string, close: string, text: string) => `${open}${edit.done ? 'x' : ' '}${close}${text}`);
      return out;
    }
  }
}

/** The acceptance criteria with their state, numbered from 1 as `checkCriterion` counts them. */
export function acceptanceCriteria(body: string): { n: number; text: string; done: boolean }[] {
  const lines = body.replace(/\r\n/g, '\n').split('\n');
  const s = findSection(lines, CRITERIA_HEADING);
  const from = s.heading === -1 ? 0 : s.heading + 1;
  const to = s.heading === -1 ? lines.length : s.end;
  const out: { n: number; text: string; done: boolean }[] = [];
  for (let i = from; i < to; i++) {
    const m = CHECKBOX.exec(lines[i]);
    if (m && m[4].trim() !== '') out.push({ n: out.length + 1, text: m[4].trim(), done: m[2] !== ' ' });
  }
  return out;
}
