// An item's description as the host rendered it: sanitised HTML (src/core/itemPage/description.ts:
// raw HTML escaped, links limited to web, mail and repository paths). Shared by the item page and
// the board's detail pane. Links never navigate the webview; they go to the host, which decides
// how to open them. Checkboxes tick only where the caller handles it.
import { el } from './dom';

export interface DescriptionActions {
  /** A criterion was ticked or unticked: the body line and its text as rendered. */
  readonly check?: (line: number, text: string, checked: boolean) => void;
  /** Where the caller opens links itself; without it web links are left to VS Code and repository paths do nothing. */
  readonly openLink?: (href: string) => void;
}

export function descriptionView(html: string, actions: DescriptionActions): HTMLElement {
  const node = el('div', { class: 'markdown-body' });
  // The only place a webview takes HTML, and it is the host's markdown-it output, not item text.
  node.innerHTML = html;
  if (!html.trim()) node.append(el('p', { class: 'muted' }, 'No description.'));
  for (const box of node.querySelectorAll<HTMLInputElement>('input.task')) {
    const line = Number(box.dataset.line);
    const text = box.dataset.text;
    if (!actions.check || box.disabled || !Number.isSafeInteger(line) || !text) {
      box.disabled = true;
      continue;
    }
    box.setAttribute('aria-label', box.parentElement?.textContent?.trim() || 'Acceptance criterion');
    box.addEventListener('change', () => actions.check!(line, text, box.checked));
  }
  node.addEventListener('click', (e) => {
    const link = e.target instanceof Element ? e.target.closest('a') : null;
    if (!link) return;
    const href = link.getAttribute('href') ?? '';
    if (!actions.openLink && /^(?:https?|mailto):/i.test(href)) return;
    e.preventDefault();
    if (href && actions.openLink) actions.openLink(href);
  });
  return node;
}
