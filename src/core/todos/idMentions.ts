import { PLAINTEXT, type SourceLanguage } from './languages';
import { isIdentChar } from './lexers/lexer';

/** An item id written in a comment: `TODO(BL-7K3QM)`, `see BL-7K3QM`. Offsets index the text. */
export interface IdMention {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Item ids with `idPrefix` inside the comments of `text` (ids in strings or code are not
 * links: `"BL-…"` in a test fixture is data). For text of an unknown kind every mention counts.
 * Cheap when there is none: the comment lexer runs only if the prefix occurs at all.
 */
export function findIdMentions(text: string, idPrefix: string, language: SourceLanguage = PLAINTEXT, maxLineLength = 1000): IdMention[] {
  const needle = `${idPrefix}-`;
  const last = text.lastIndexOf(needle);
  if (last === -1) return [];
  const out: IdMention[] = [];
  const collect = (from: number, to: number) => {
    for (let at = text.indexOf(needle, from); at !== -1 && at < to; at = text.indexOf(needle, at + 1)) {
      if (at > 0 && isIdentChar(text.charCodeAt(at - 1))) continue;
      let end = at + needle.length;
      while (end < to && end - at - needle.length < 12 && isIdChar(text.charCodeAt(end))) end++;
      if (end === at + needle.length || (end < text.length && isIdentChar(text.charCodeAt(end)))) continue;
      out.push({ id: text.slice(at, end), start: at, end });
    }
  };
  if (!language.lex) collect(0, text.length);
  else language.lex({ text, start: 0, end: text.length, stopAt: last, maxLineLength, sink: collect });
  return out;
}

function isIdChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}
