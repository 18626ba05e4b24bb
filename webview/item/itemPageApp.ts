import type { ItemPageModel, ItemPageRef, ItemPageUpdate } from '../../src/protocol/itemPageMessages';
import { descriptionView } from '../shared/description';
import { el, icon } from '../shared/dom';
import { itemFieldControls, keepingFocus } from '../shared/itemFields';
import { ChildList } from './childList';
import { historyView } from './history';
import { host } from './vscodeApi';

/**
 * The item page: title, fields (the shared controls the board's detail pane uses too), the
 * rendered description with tickable criteria, code links, test state, and git history. Draws
 * whatever the host last sent; every edit is a request, and the host's next model is the truth.
 */
export class ItemPageApp {
  private model: ItemPageModel | undefined;
  private seq = 0;
  private editing: { draft: string } | undefined;
  private readonly notice = el('div', { class: 'notice', role: 'status', hidden: true });
  private readonly page = el('div', { class: 'item-page' });
  private readonly history = el('section', { class: 'section history-section', 'aria-label': 'History' });
  private historyAsked = false;
  private readonly childList = new ChildList({
    send: (request) => host.postMessage(request),
    itemLink: (child) => this.itemLink(child, `Open ${child.id}`),
  });

  constructor(private readonly root: HTMLElement) {
    root.replaceChildren(this.notice, this.page);
  }

  receive(update: ItemPageUpdate): void {
    switch (update.type) {
      case 'model':
        if (update.seq < this.seq) return;
        this.seq = update.seq;
        if (this.model && this.model.fields.id !== update.model.fields.id) this.forgetItem();
        if (this.model && this.model.hash !== update.model.hash) this.historyAsked = false;
        this.model = update.model;
        this.childList.answered();
        this.draw();
        this.reportPainted(update.seq);
        return;
      case 'unreadable':
        this.seq = update.seq;
        this.forgetItem();
        this.model = undefined;
        this.page.replaceChildren(
          el('div', { class: 'unreadable' },
            el('h2', {}, icon('warning'), ' ', update.fileName, ' cannot be shown as an item'),
            el('p', {}, update.message),
            this.openFileButton('Open in the text editor')),
        );
        this.root.removeAttribute('aria-busy');
        this.reportPainted(update.seq);
        return;
      case 'notice':
        this.notice.className = `notice notice-${update.level}`;
        this.notice.replaceChildren(icon(update.level === 'error' ? 'error' : update.level === 'warning' ? 'warning' : 'info', 'notice-icon'), el('span', { class: 'notice-text' }, update.message), this.dismissButton());
        this.notice.hidden = false;
        return;
      case 'history':
        this.history.replaceChildren(el('h3', {}, 'History'), historyView(update.entries, update.note));
        return;
    }
  }

  /**
   * The page now shows another item (a preview page reused): a draft, a notice or the history
   * of the old one must not stay, and a draft must never be saved into the new one.
   */
  private forgetItem(): void {
    this.editing = undefined;
    this.historyAsked = false;
    this.notice.hidden = true;
    this.history.replaceChildren();
    window.scrollTo(0, 0);
  }

  private draw(): void {
    const m = this.model!;
    keepingFocus(this.page, () => this.page.replaceChildren(this.header(m), this.body(m)));
    this.root.removeAttribute('aria-busy');
    if (!this.historyAsked) {
      this.historyAsked = true;
      this.history.replaceChildren(el('h3', {}, 'History'), el('p', { class: 'muted' }, 'Reading history from git…'));
      // After the first paint: git is never on the way to seeing the item.
      requestAnimationFrame(() => setTimeout(() => host.postMessage({ type: 'loadHistory' }), 0));
    }
  }

  private header(m: ItemPageModel): HTMLElement {
    const controls = itemFieldControls(m.fields, m.choices, (changes) => host.postMessage({ type: 'update', hash: m.hash, changes }), 'item');
    this.properties = controls.properties;
    return el('header', { class: 'item-header' },
      el('div', { class: 'item-crumbs' },
        ...this.parentCrumb(m),
        el('span', { class: 'item-id' }, m.fields.id),
        el('span', { class: 'item-type' }, m.fields.type),
        el('span', { class: 'spacer' }),
        this.openFileButton('Open file')),
      controls.title,
      m.unsaved ? el('p', { class: 'notice notice-warning' }, icon('warning', 'notice-icon'), el('span', { class: 'notice-text' }, 'The file has unsaved changes in the text editor. The page shows the saved item; save or revert there before editing here.')) : undefined,
    );
  }

  private properties: HTMLElement | undefined;

  private body(m: ItemPageModel): HTMLElement {
    const main = el('div', { class: 'item-main' }, this.descriptionSection(m), this.childrenSection(m));
    const dependencies = this.dependenciesSection(m);
    if (dependencies) main.append(dependencies);
    if (m.codeLinks.length) main.append(this.codeLinksSection(m));
    main.append(this.history);
    const facts = el('dl', { class: 'facts' });
    if (m.checklist.total) {
      const pct = Math.round((m.checklist.done / m.checklist.total) * 100);
      facts.append(el('dt', {}, 'Criteria'), el('dd', {}, `${m.checklist.done} of ${m.checklist.total} done `, el('span', { class: 'progress', role: 'img', 'aria-label': `${pct}% done` }, el('span', { class: 'progress-fill' }))));
    }
    if (m.test) {
      facts.append(el('dt', {}, 'Test'), el('dd', { class: `test-state test-${m.test.state}`, title: m.test.label }, icon(m.test.state === 'failing' ? 'error' : 'pass'), ` ${m.test.text}`));
      for (const f of m.test.facts) facts.append(el('dt', {}, f.label), el('dd', {}, f.value));
    }
    if (m.created) facts.append(el('dt', {}, 'Created'), el('dd', {}, m.created));
    if (m.updated) facts.append(el('dt', {}, 'Updated'), el('dd', {}, m.updated));
    const aside = el('aside', { class: 'item-aside', 'aria-label': 'Properties' }, this.properties, facts);
    // Widths are set from script: the CSP allows no inline style attributes in markup.
    const fill = facts.querySelector<HTMLElement>('.progress-fill');
    if (fill) fill.style.width = `${Math.round((m.checklist.done / m.checklist.total) * 100)}%`;
    const rollupFill = main.querySelector<HTMLElement>('.rollup .progress-fill');
    const rollup = m.relations.rollup;
    if (rollupFill && rollup) rollupFill.style.width = `${Math.round((rollup.done / Math.max(1, rollup.total)) * 100)}%`;
    return el('div', { class: 'item-layout' }, main, aside);
  }

  /** The parent as a link before the id, like a breadcrumb. */
  private parentCrumb(m: ItemPageModel): HTMLElement[] {
    const { parent, unknownParent } = m.relations;
    if (parent) return [this.itemLink(parent, `Parent: ${parent.title}`), el('span', { class: 'muted' }, '›')];
    if (unknownParent) return [el('span', { class: 'muted', title: 'The parent named in the file is not in the backlog' }, `${unknownParent} (missing)`), el('span', { class: 'muted' }, '›')];
    return [];
  }

  /** Children with the roll-up over everything under the item, "Add child…" and "Add existing item as child…". */
  private childrenSection(m: ItemPageModel): HTMLElement {
    const add = el('button', { class: 'icon-button', title: 'Add a child item', 'aria-label': 'Add child' }, icon('add'));
    add.addEventListener('click', () => host.postMessage({ type: 'addChild' }));
    const adopt = el('button', { class: 'icon-button', title: 'Add an existing item as a child', 'aria-label': 'Add existing item as child' }, icon('link'));
    adopt.addEventListener('click', () => host.postMessage({ type: 'addExistingChild' }));
    const head = el('div', { class: 'section-head' }, el('h3', {}, 'Children'), el('span', { class: 'spacer' }), add, adopt);
    const { children, rollup } = m.relations;
    if (children.length === 0) return el('section', { class: 'section' }, head, el('p', { class: 'muted' }, 'No children. Add child… creates an item under this one; Add existing item as child… puts one under it.'));
    const parts = [head];
    if (rollup) {
      const pct = Math.round((rollup.done / Math.max(1, rollup.total)) * 100);
      parts.push(el('p', { class: 'rollup' }, `${rollup.done} of ${rollup.total} done below it, ${rollup.pointsDone} of ${rollup.pointsTotal} points `, el('span', { class: 'progress', role: 'img', 'aria-label': `${pct}% done` }, el('span', { class: 'progress-fill' }))));
    }
    return el('section', { class: 'section' }, ...parts, this.childList.render(m.fields.id, children));
  }

  /** "Blocked by" and "Blocks", or nothing when the item has neither. */
  private dependenciesSection(m: ItemPageModel): HTMLElement | undefined {
    const { blockedBy, unknownBlockers, blocks } = m.relations;
    if (blockedBy.length === 0 && unknownBlockers.length === 0 && blocks.length === 0) return undefined;
    const section = el('section', { class: 'section' });
    if (blockedBy.length > 0 || unknownBlockers.length > 0) {
      const open = blockedBy.filter((b) => !b.done).length;
      section.append(el('h3', {}, open > 0 ? `Blocked by (${open} not done)` : 'Blocked by (all done)'), this.itemList(blockedBy));
      if (unknownBlockers.length > 0) section.append(el('p', { class: 'muted' }, `Not in the backlog: ${unknownBlockers.join(', ')}`));
    }
    if (blocks.length > 0) section.append(el('h3', {}, 'Blocks'), this.itemList(blocks));
    return section;
  }

  private itemList(items: readonly ItemPageRef[]): HTMLElement {
    const list = el('ul', { class: 'code-links' });
    for (const ref of items) list.append(el('li', {}, icon(ref.done ? 'pass' : 'circle-large-outline'), ' ', this.itemLink(ref, `Open ${ref.id}`), ' ', ref.title, ' ', el('span', { class: 'muted' }, ref.status)));
    return list;
  }

  private itemLink(ref: ItemPageRef, title: string): HTMLButtonElement {
    const button = el('button', { class: 'link-button', title }, ref.id);
    button.addEventListener('click', () => host.postMessage({ type: 'openItem', id: ref.id }));
    return button;
  }

  private descriptionSection(m: ItemPageModel): HTMLElement {
    const edit = el('button', { class: 'icon-button', title: 'Edit the description here', 'aria-label': 'Edit description' }, icon('edit'));
    const beside = el('button', { class: 'icon-button', title: 'Edit in the text editor, side by side', 'aria-label': 'Edit in the text editor' }, icon('split-horizontal'));
    edit.addEventListener('click', () => {
      this.editing = { draft: m.body };
      host.postMessage({ type: 'editing' });
      this.draw();
      this.page.querySelector<HTMLTextAreaElement>('textarea[name="body"]')?.focus();
    });
    beside.addEventListener('click', () => host.postMessage({ type: 'openText' }));
    const head = el('div', { class: 'section-head' }, el('h3', {}, 'Description'), el('span', { class: 'spacer' }), edit, beside);
    if (this.editing) return el('section', { class: 'section' }, head, this.bodyEditor(m));
    return el('section', { class: 'section' }, head, descriptionView(m.descriptionHtml, {
      check: (line, text, checked) => host.postMessage({ type: 'check', hash: m.hash, line, text, checked }),
      openLink: (href) => host.postMessage({ type: 'openLink', href }),
    }));
  }

  private bodyEditor(m: ItemPageModel): HTMLElement {
    const area = el('textarea', { name: 'body', class: 'body-editor', 'aria-label': 'Description (Markdown)', spellcheck: 'true' });
    area.value = this.editing!.draft;
    area.rows = Math.min(30, Math.max(8, area.value.split('\n').length + 2));
    area.addEventListener('input', () => {
      if (this.editing) this.editing.draft = area.value;
    });
    const save = el('button', { class: 'button primary', type: 'submit' }, 'Save');
    const cancel = el('button', { class: 'button secondary', type: 'button' }, 'Cancel');
    const form = el('form', { class: 'body-form' }, area, el('div', { class: 'buttons' }, save, cancel, el('span', { class: 'muted' }, 'Markdown. Ctrl+Enter saves, Escape cancels.')));
    const finish = (send: boolean) => {
      if (send && area.value !== m.body) host.postMessage({ type: 'editBody', hash: m.hash, body: area.value });
      this.editing = undefined;
      this.draw();
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      finish(true);
    });
    area.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) finish(true);
      if (e.key === 'Escape') finish(false);
    });
    cancel.addEventListener('click', () => finish(false));
    return form;
  }

  private codeLinksSection(m: ItemPageModel): HTMLElement {
    const list = el('ul', { class: 'code-links' });
    for (const link of m.codeLinks) {
      const where = link.line === undefined ? link.path : `${link.path}:${link.line}`;
      const button = el('button', { class: 'link-button', title: `Open ${where}` }, where);
      button.addEventListener('click', () => host.postMessage({ type: 'openCodeLink', index: link.index }));
      const kind = link.kind === 'todo' ? 'TODO comment' : link.kind === 'test' ? 'test' : 'code';
      list.append(el('li', {}, icon(link.kind === 'test' ? 'beaker' : link.kind === 'todo' ? 'checklist' : 'file-code'), ' ', button, ' ', el('span', { class: 'muted' }, link.state === 'lost' ? `${kind}, lost` : kind)));
    }
    return el('section', { class: 'section' }, el('h3', {}, 'Code links'), list);
  }

  private openFileButton(label: string): HTMLButtonElement {
    const button = el('button', { class: 'button', title: 'Open the raw file in the text editor, beside the page' }, icon('go-to-file'), ` ${label}`);
    button.addEventListener('click', () => host.postMessage({ type: 'openText' }));
    return button;
  }

  private dismissButton(): HTMLButtonElement {
    const button = el('button', { class: 'icon-button', title: 'Dismiss', 'aria-label': 'Dismiss' }, icon('close'));
    button.addEventListener('click', () => {
      this.notice.hidden = true;
    });
    return button;
  }

  private reportPainted(seq: number): void {
    // Two frames: the first runs before the paint, the second after it.
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const paintedAt = Date.now();
      // Also on the page, for browser tests that time a click to the painted page.
      document.body.dataset.paintedAt = String(paintedAt);
      host.postMessage({ type: 'rendered', seq, startedAt: performance.timeOrigin, paintedAt });
    }));
  }
}
