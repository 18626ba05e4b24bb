// An item's description as HTML for the item page and the board's detail pane. Item files come
// from any clone of any repository, so the Markdown is untrusted:
// - raw HTML is never passed through (`html: false` escapes it as text);
// - links keep only http(s), mailto and relative targets (markdown-it drops the rest, leaving
//   the text), and images become links (a webview must not fetch remote content on open);
// - task-list items get a checkbox that names its body line, so ticking it changes that line.
// The page's Content-Security-Policy still forbids every script but its own, as a second wall.
import MarkdownIt from 'markdown-it';
import { CHECKLIST_LINE } from './checklist';

/** Schemes a link may use; anything else (javascript:, data:, vscode:, file:…) is not a link. */
const SAFE_SCHEME = /^(?:https?|mailto):/i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Whether a link target may be followed from an item page: web, mail, or a path in the repository. */
export function isSafeLink(href: string): boolean {
  const url = href.trim();
  if (SAFE_SCHEME.test(url)) return true;
  // `//host/x` is a remote link without a scheme; `\\` too on Windows.
  if (/^[/\\]{2}/.test(url)) return false;
  // A colon before any '/', '?' or '#' starts a scheme (browsers ignore tabs and newlines in it).
  return !ANY_SCHEME.test(url.replace(/[\t\n\r]/g, ''));
}

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
md.validateLink = isSafeLink;

// Images would load remote content: show them as links to the image instead.
md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx];
  const src = String(token.attrGet('src') ?? '');
  const alt = token.children?.map((c) => c.content).join('') || src;
  return `<a href="${md.utils.escapeHtml(src)}" class="image-link">${md.utils.escapeHtml(alt)}</a>`;
};

// Task lists: `- [ ] text` becomes a checkbox. The source line travels with it (data-line) and
// so does the line's text (data-text), for checklistEdit to verify before writing.
md.core.ruler.push( 'task-lists', (state) => {
  const tokens = state.tokens;
  const lines = state.env.lines as string[];
  for (let i = 2; i < tokens.length; i++) {
    const inline = tokens[i];
    if (inline.type !== 'inline' || tokens[i - 1].type !== 'paragraph_open' || tokens[i - 2].type !== 'list_item_open') continue;
    const m = /^\[([ xX])\][ \t]+/.exec(inline.content);
    const first = inline.children?.[0];
    if (!m || !first || first.type !== 'text' || !first.content.startsWith(m[0].trimEnd())) continue;
    const item = tokens[i - 2];
    const line = item.map?.[0];
    // Only a line that checklistEdit can flip gets a live checkbox (not one inside a quote).
    const live = line !== undefined && CHECKLIST_LINE.test(lines[line]?.replace(/\r$/, '') ?? '');
    first.content = first.content.slice(m[0].trimEnd().length).replace(/^[ \t]+/, '');
    const box = new state.Token('html_inline', '', 0);
    const attrs = [`type="checkbox"`, m[1] === ' ' ? '' : 'checked', live ? `data-line="${line}" data-text="${md.utils.escapeHtml(lines[line].replace(/\r$/, ''))}"` : 'disabled']
      .filter(Boolean)
      .join(' ');
    box.content = `<input class="task" ${attrs}>`;
    inline.children!.unshift(box);
    item.attrJoin('class', 'task-item');
  }
});

/** Renders an item body (Markdown) as sanitised HTML. */
export function renderDescription(body: string): string {
  return md.render(body, { lines: body.split('\n') });
}
