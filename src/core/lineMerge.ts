// Line-level three-way merge (diff3), the fallback for every part of an item file that cannot be
// merged key by key: a body edited on both sides, a comment changed on both sides, front matter in
// a style the key merge does not handle. Markers follow git's default style (`<<<<<<< ours`,
// `=======`, `>>>>>>> theirs`) around only the conflicting hunk, so `check`, editors and
// `git mergetool` all recognise them. Texts here use LF line breaks; the caller restores ours'.
import { diff3Merge } from 'node-diff3';

/** The outcome of a line merge: the text, with conflict markers when `conflicted`. */
export interface LineMerge {
  readonly text: string;
  readonly conflicted: boolean;
}

/** Merges `ours` and `theirs`, both descended from `base`, line by line. */
export function mergeLines(base: string, ours: string, theirs: string): LineMerge {
  let conflicted = false;
  let text = '';
  for (const region of diff3Merge(lines(ours), lines(base), lines(theirs))) {
    if (region.ok) text += region.ok.join('');
    else if (region.conflict) {
      conflicted = true;
      text += conflictBlock(region.conflict.a.join(''), undefined, region.conflict.b.join(''));
    }
  }
  return { text, conflicted };
}

/**
 * The whole of both sides (and the base) between conflict markers: what a merge leaves when it
 * cannot merge at all, so that nothing of either side is lost. Kept trivially simple because the
 * driver also writes it when it crashed.
 */
export function wholeFileConflict(base: string, ours: string, theirs: string, eol: '\n' | '\r\n' = '\n'): string {
  return conflictBlock(ours, base, theirs, eol);
}

function conflictBlock(ours: string, base: string | undefined, theirs: string, eol: '\n' | '\r\n' = '\n'): string {
  const side = (s: string) => (s === '' || s.endsWith('\n') ? s : s + eol);
  const baseSection = base === undefined ? '' : `||||||| base${eol}${side(base)}`;
  return `<<<<<<< ours${eol}${side(ours)}${baseSection}=======${eol}${side(theirs)}>>>>>>> theirs${eol}`;
}

/** Lines with their line breaks, so joining them gives the text back exactly. */
function lines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}
