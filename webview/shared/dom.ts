// Element building for the board. Item text only ever goes through `textContent` and attribute
// setters here: there is no way to hand this module HTML.

type Attrs = Record<string, string | number | boolean | undefined>;

/** Creates an element with attributes and children (strings become text nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string | undefined | false)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (key === 'class') node.className = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** A codicon (the font is shipped with the extension). */
export function icon(name: string, extraClass = ''): HTMLSpanElement {
  return el('span', { class: `codicon codicon-${name}${extraClass ? ' ' + extraClass : ''}`, 'aria-hidden': 'true' });
}

/** A `<select>` with options; the current value is selected. */
export function select(attrs: Attrs, options: readonly { value: string; label: string }[], current: string): HTMLSelectElement {
  const node = el('select', attrs);
  for (const o of options) {
    const option = el('option', { value: o.value }, o.label);
    if (o.value === current) option.selected = true;
    node.append(option);
  }
  return node;
}
