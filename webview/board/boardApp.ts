import type { BoardCard, BoardSnapshot } from '../../src/core/board/boardCard';
import { layoutBoard, type BoardLayout } from '../../src/core/board/boardLayout';
import { applyMove, type BoardMove } from '../../src/core/board/boardMove';
import type { BoardMatches } from '../../src/core/board/boardMatches';
import { DEFAULT_VIEW, inScope, sanitizeView, type BoardView } from '../../src/core/board/boardView';
import type { BoardUpdate, BoardViewState, CardChanges, NoticeLevel } from '../../src/protocol/boardMessages';
import { cardElement, pointsText } from './cardElement';
import { DetailPane } from './detailPane';
import { el, icon } from '../shared/dom';
import { installDragAndDrop } from './dragAndDrop';
import { installKeyboard } from './keyboard';
import { renderToolbar } from './toolbar';
import { host, type BoardUiState } from './vscodeApi';

/**
 * The board page: keeps the last snapshot from the host and the UI state, and redraws from them.
 * Card elements are reused between snapshots while their item is unchanged, so a change on disk
 * redraws one card, not two thousand.
 */
export class BoardApp {
  snapshot: BoardSnapshot | undefined;
  /** The snapshot's cards, or an optimistic reordering of them while a move is being written. */
  private cards: readonly BoardCard[] = [];
  layout: BoardLayout | undefined;
  view: BoardView;
  /** The host's answer to the filter (it matches descriptions too, which the page never holds). */
  matches: BoardMatches | undefined;
  /** A restored scroll position to apply once the cards it needs are in the page. */
  private restoreScroll: { top: number; left: number } | undefined;
  private scrollTimer: ReturnType<typeof setTimeout> | undefined;
  /** The view state last reported to the host (reported only when it changes). */
  private reported = '';
  private collapsedLanes: Set<string>;
  focusedId: string | undefined;
  private seq = 0;
  /** See BoardUiState.firstPage. */
  firstPage: string | undefined;
  /** When the current snapshot arrived (epoch ms), for the `rendered` timings. */
  private receivedAt = 0;
  /** Cards of long columns still to be added to the page after the first paint. */
  private fill: { cell: HTMLElement; cards: readonly BoardCard[]; next: number }[] = [];
  private fillTimer: ReturnType<typeof setTimeout> | undefined;
  /** A card to focus once it is in the page (it may be further down a column still filling). */
  private focusWhenDrawn: string | undefined;
  private readonly cardCache = new Map<string, { key: string; node: HTMLElement }>();
  private cacheConfig = '';
  private announceAfterRender: string | undefined;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  readonly toolbar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Board filters' });
  readonly summary = el('div', { class: 'summary', 'aria-live': 'off' });
  readonly notice = el('div', { class: 'notice', role: 'alert', hidden: true });
  readonly board = el('div', { class: 'board', role: 'region', 'aria-label': 'Board' });
  readonly live = el('div', { class: 'sr-only', 'aria-live': 'polite' });
  readonly detail: DetailPane;

  constructor(private readonly root: HTMLElement) {
    const saved = host.getState() ?? {};
    this.view = sanitizeView(saved.view);
    this.collapsedLanes = new Set(Array.isArray(saved.collapsedLanes) ? saved.collapsedLanes.filter((k): k is string => typeof k === 'string') : []);
    this.focusedId = typeof saved.focusedId === 'string' ? saved.focusedId : undefined;
    this.firstPage = typeof saved.firstPage === 'string' ? saved.firstPage : undefined;
    const top = typeof saved.scrollTop === 'number' ? saved.scrollTop : 0;
    const left = typeof saved.scrollLeft === 'number' ? saved.scrollLeft : 0;
    if (top > 0 || left > 0) this.restoreScroll = { top, left };
    this.detail = new DetailPane(this);
    const main = el('div', { class: 'main' }, this.board, this.detail.node);
    root.replaceChildren(this.toolbar, this.summary, this.notice, main, this.live);
    this.board.addEventListener('click', (e) => this.onBoardClick(e));
    this.board.addEventListener('scroll', () => {
      clearTimeout(this.scrollTimer);
      this.scrollTimer = setTimeout(() => {
        // Scrolling by the user (not by a redraw still restoring) wins over the restored position.
        if (!this.fill.length) this.restoreScroll = undefined;
        this.saveState();
      }, 200);
    });
    installDragAndDrop(this);
    installKeyboard(this);
    if (typeof saved.detailId === 'string') this.detail.open(saved.detailId, false);
  }

  receive(update: BoardUpdate): void {
    switch (update.type) {
      case 'snapshot':
        if (update.seq < this.seq) return;
        this.seq = update.seq;
        this.receivedAt = epochNow();
        if (this.snapshot?.root !== update.snapshot.root) queueMicrotask(() => this.saveState());
        this.snapshot = update.snapshot;
        this.cards = update.snapshot.cards;
        // A snapshot answers the filter the host knew when it was built; without one, keep the last answer.
        if (update.snapshot.matches || !this.view.query.trim()) this.matches = update.snapshot.matches;
        this.render();
        return;
      case 'matches':
        if (update.query !== this.view.query) return;
        this.matches = update.matches;
        this.render();
        return;
      case 'filter':
        this.setView({ ...this.view, query: update.query });
        return;
      case 'notice':
        this.showNotice(update.level, update.message, update.id);
        return;
      case 'detail':
        this.detail.showBody(update);
        return;
      case 'reveal':
        this.reveal(update.id);
        return;
    }
  }

  /** Changes the view settings (filters, scope, lanes) and redraws; persisted as UI state. */
  setView(view: BoardView): void {
    this.view = view;
    this.saveState();
    this.render();
  }

  clearFilters(): void {
    this.setView({ ...this.view, query: '' });
  }

  toggleLane(key: string): void {
    if (this.collapsedLanes.has(key)) this.collapsedLanes.delete(key);
    else this.collapsedLanes.add(key);
    this.saveState();
    this.render();
  }

  card(id: string): BoardCard | undefined {
    return this.cards.find((c) => c.id === id);
  }

  /** Sends a move to the host and shows it at once; the next snapshot confirms or undoes it. */
  requestMove(move: BoardMove): void {
    const card = this.card(move.id);
    const root = this.snapshot?.root;
    if (!card || !root) return;
    host.postMessage({ type: 'move', root, hash: card.hash, ...move });
    this.cards = applyMove(this.cards, move);
    this.focusedId = move.id;
    this.announceAfterRender = move.id;
    this.render();
  }

  requestUpdate(id: string, changes: CardChanges): void {
    const card = this.card(id);
    const root = this.snapshot?.root;
    if (!card || !root) return;
    host.postMessage({ type: 'update', ref: { root, id, hash: card.hash }, changes });
  }

  /**
   * Quick-create; while a sprint is in scope the item joins it, so it appears where it was made.
   * `parent`: the item it is a child of ("New child").
   */
  requestCreate(status: string, title: string, lane: BoardMove['changes'], parent?: string): void {
    const root = this.snapshot?.root;
    if (!root) return;
    const sprint = this.scopeSprint();
    host.postMessage({ type: 'create', root, status, title, ...(lane ? { lane } : {}), ...(sprint ? { sprint } : {}), ...(parent ? { parent } : {}) });
  }

  /** The sprint in scope, if the board shows one sprint. */
  scopeSprint(): string | undefined {
    return this.view.scope.kind === 'sprint' ? this.view.scope.name : undefined;
  }

  openFile(id: string): void {
    const root = this.snapshot?.root;
    if (root) host.postMessage({ type: 'open', root, id });
  }

  loadDetail(id: string): void {
    const root = this.snapshot?.root;
    if (root) host.postMessage({ type: 'loadDetail', root, id });
  }

  selectFolder(root: string): void {
    host.postMessage({ type: 'selectFolder', root });
  }

  private onBoardClick(e: MouseEvent): void {
    const target = e.target as HTMLElement;
    const add = target.closest<HTMLElement>('[data-add-status]');
    if (add?.dataset.addStatus) {
      this.detail.compose(add.dataset.addStatus);
      return;
    }
    const lane = target.closest<HTMLElement>('.lane-header');
    if (lane?.dataset.lane !== undefined) {
      this.toggleLane(lane.dataset.lane);
      return;
    }
    const card = target.closest<HTMLElement>('.card');
    if (card?.dataset.id) {
      this.focusCard(card.dataset.id, false);
      if (e.detail >= 2 || e.ctrlKey || e.metaKey) this.openFile(card.dataset.id);
      else this.detail.open(card.dataset.id, false);
    }
  }

  /** Highlights the card whose details are open. */
  markSelected(id: string | undefined): void {
    for (const node of this.board.querySelectorAll('.card.selected')) node.classList.remove('selected');
    if (id) this.cardNode(id)?.classList.add('selected');
  }

  /** The card element for an id (it may not be in the page yet while a long column fills). */
  cardNode(id: string): HTMLElement | undefined {
    return this.cardCache.get(id)?.node;
  }

  focusCard(id: string, scroll = true): void {
    const previous = this.focusedId ? this.cardNode(this.focusedId) : undefined;
    const node = this.cardNode(id);
    if (!node || !node.isConnected) {
      if (this.fill.length) this.focusWhenDrawn = id;
      return;
    }
    if (previous && previous !== node) previous.tabIndex = -1;
    node.tabIndex = 0;
    this.focusedId = id;
    node.focus({ preventScroll: !scroll });
    if (scroll) node.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    this.saveState();
  }

  reveal(id: string): void {
    const card = this.card(id);
    if (!this.layout?.positions.has(id) && card) {
      // Hidden by the filter or the sprint scope: widen only what hides it, rather than fail silently.
      this.setView({ ...this.view, query: '', scope: inScope(card, this.view.scope) ? this.view.scope : DEFAULT_VIEW.scope });
    }
    if (this.layout?.positions.has(id)) {
      this.focusCard(id);
      this.detail.open(id, false);
    }
  }

  showNotice(level: NoticeLevel, message: string, id?: string): void {
    clearTimeout(this.noticeTimer);
    const iconName = level === 'error' ? 'error' : level === 'warning' ? 'warning' : 'info';
    const close = el('button', { class: 'icon-button', title: 'Dismiss', 'aria-label': 'Dismiss message' }, icon('close'));
    close.addEventListener('click', () => this.hideNotice());
    this.notice.className = `notice notice-${level}`;
    this.notice.replaceChildren(icon(iconName, 'notice-icon'), el('span', { class: 'notice-text' }, message), close);
    this.notice.hidden = false;
    if (level === 'info') this.noticeTimer = setTimeout(() => this.hideNotice(), 6000);
    if (id) {
      const node = this.cardNode(id);
      node?.classList.add('flash');
      setTimeout(() => node?.classList.remove('flash'), 2000);
    }
  }

  hideNotice(): void {
    this.notice.hidden = true;
    this.notice.replaceChildren();
  }

  saveState(): void {
    const scroll = this.restoreScroll ?? { top: this.board.scrollTop, left: this.board.scrollLeft };
    const state: BoardUiState = {
      root: this.snapshot?.root,
      view: this.view,
      collapsedLanes: [...this.collapsedLanes],
      focusedId: this.focusedId,
      detailId: this.detail.id,
      firstPage: this.firstPage,
      scrollTop: Math.max(0, Math.round(scroll.top)),
      scrollLeft: Math.max(0, Math.round(scroll.left)),
    };
    host.setState(state);
    const report = this.viewState();
    const key = JSON.stringify(report);
    if (key !== this.reported) {
      this.reported = key;
      host.postMessage({ type: 'viewState', state: report });
    }
  }

  /** What the page shows besides the data, as the host is told it (see BoardViewState). */
  viewState(): BoardViewState {
    const scroll = this.restoreScroll ?? { top: this.board.scrollTop, left: this.board.scrollLeft };
    const detailId = this.detail.id;
    return { view: this.view, ...(detailId ? { detailId } : {}), scrollTop: Math.max(0, Math.round(scroll.top)), scrollLeft: Math.max(0, Math.round(scroll.left)) };
  }

  /** Called with the `ready` message: the host learns the restored state without a second message. */
  markReported(state: BoardViewState): void {
    this.reported = JSON.stringify(state);
  }

  render(): void {
    const started = performance.now();
    const snapshot = this.snapshot;
    this.root.removeAttribute('aria-busy');
    renderToolbar(this);
    if (!snapshot || snapshot.root === undefined) {
      this.layout = undefined;
      const initialize = el('button', { class: 'button' }, 'Initialize Backlog');
      initialize.addEventListener('click', () => host.postMessage({ type: 'initialize' }));
      this.summary.replaceChildren();
      this.board.replaceChildren(
        el('div', { class: 'empty' },
          el('p', {}, 'There is no backlog in this workspace yet.'),
          el('p', {}, 'Initializing writes a .backlog/ folder of plain Markdown files, versioned with your code.'),
          initialize),
      );
      this.detail.close(false);
      this.finishRender(started, 0, 0);
      return;
    }
    const configKey = JSON.stringify([snapshot.priorities, snapshot.types]);
    if (configKey !== this.cacheConfig) {
      this.cardCache.clear();
      this.cacheConfig = configKey;
    }
    const layout = layoutBoard({ ...snapshot, cards: this.cards, matches: this.matches }, this.view);
    this.layout = layout;
    this.renderSummary(layout);
    const hadFocus = this.board.contains(document.activeElement);
    this.renderGrid(layout, snapshot);
    this.detail.refresh();
    this.markSelected(this.detail.id);
    if (this.focusedId && !layout.positions.has(this.focusedId)) this.focusedId = undefined;
    const first = this.focusedId ?? layout.lanes.find((l) => l.cells.some((c) => c.length))?.cells.find((c) => c.length)?.[0]?.id;
    const focusNode = first ? this.cardNode(first) : undefined;
    if (focusNode) focusNode.tabIndex = 0;
    if (hadFocus && first) {
      if (focusNode?.isConnected) this.focusCard(first, false);
      else this.focusWhenDrawn = first;
    }
    if (this.announceAfterRender) {
      this.announce(this.announceAfterRender, layout);
      this.announceAfterRender = undefined;
    }
    const drawn = layout.summary.count - this.fill.reduce((n, f) => n + f.cards.length - f.next, 0);
    // The rest of long columns is added once the first screen has been painted.
    this.finishRender(started, drawn, layout.summary.count, undefined, () => {
      if (this.fill.length) this.fillTimer = setTimeout(() => this.fillMore(), 0);
    });
  }

  /** Reports a painted frame: after the next animation frame and the task that follows it. */
  private finishRender(started: number, cards: number, total: number, phase: 'visible' | 'complete' = cards === total ? 'complete' : 'visible', then?: () => void): void {
    const renderMs = performance.now() - started;
    const { seq, receivedAt } = this;
    requestAnimationFrame(() =>
      setTimeout(() => {
        host.postMessage({ type: 'rendered', seq, phase, cards, total, renderMs, startedAt: performance.timeOrigin, receivedAt, paintedAt: epochNow() });
        then?.();
      }, 0),
    );
  }

  /**
   * Adds the rest of long columns a batch at a time, so the first screenful paints at once and
   * the page stays responsive while the remaining cards (off screen) are added.
   */
  private fillMore(): void {
    const started = performance.now();
    let budget = FILL_BATCH;
    while (this.fill.length && budget > 0) {
      const f = this.fill[0];
      const end = Math.min(f.cards.length, f.next + budget);
      const priorities = this.snapshot?.priorities ?? [];
      const part = document.createDocumentFragment();
      for (let i = f.next; i < end; i++) part.append(this.cachedCard(f.cards[i], priorities));
      f.cell.append(part);
      budget -= end - f.next;
      f.next = end;
      if (f.next >= f.cards.length) this.fill.shift();
    }
    if (this.fill.length) {
      this.fillTimer = setTimeout(() => this.fillMore(), 0);
      return;
    }
    this.fillTimer = undefined;
    this.applyRestoredScroll(true);
    if (this.focusWhenDrawn) {
      const id = this.focusWhenDrawn;
      this.focusWhenDrawn = undefined;
      this.focusCard(id, false);
    }
    const total = this.layout?.summary.count ?? 0;
    this.finishRender(started, total, total, 'complete');
  }

  private announce(id: string, layout: BoardLayout): void {
    const at = layout.positions.get(id);
    if (!at) return;
    const cell = layout.lanes[at.lane].cells[at.column];
    const lane = layout.lanes[at.lane].label;
    this.live.textContent = `${id} moved to ${layout.columns[at.column].status}${lane ? `, ${lane}` : ''}, position ${at.index + 1} of ${cell.length}`;
  }

  private renderSummary(layout: BoardLayout): void {
    const s = layout.summary;
    const parts: (Node | string)[] = [];
    const scope = this.view.scope;
    const sprint = scope.kind === 'sprint' ? this.snapshot?.sprints.find((x) => x.id === scope.name) : undefined;
    const pct = s.points > 0 ? Math.round((s.donePoints / s.points) * 100) : s.count > 0 ? Math.round((s.doneCount / s.count) * 100) : 0;
    parts.push(
      el('span', { class: 'summary-item' }, el('strong', {}, 'Committed '), `${s.count} item${s.count === 1 ? '' : 's'} · ${pointsText(s.points)}`),
      el('span', { class: 'summary-item' }, el('strong', {}, 'Done '), `${s.doneCount} item${s.doneCount === 1 ? '' : 's'} · ${pointsText(s.donePoints)}`),
    );
    const bar = el('span', { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': pct, 'aria-label': `${pct}% done`, title: `${pct}% done` });
    const fill = el('span', { class: 'progress-fill' });
    fill.style.setProperty('width', `${pct}%`);
    bar.append(fill);
    parts.push(bar, el('span', { class: 'summary-item' }, `${pct}%`));
    if (sprint?.capacity !== undefined) {
      const over = s.points > sprint.capacity;
      parts.push(el('span', { class: `summary-item${over ? ' over' : ''}` }, `Capacity ${sprint.capacity} pts${over ? ` (over by ${s.points - sprint.capacity})` : ''}`));
    }
    if (s.unestimated > 0) parts.push(el('span', { class: 'summary-item muted' }, `${s.unestimated} not estimated`));
    if (layout.filtering) parts.push(el('span', { class: 'summary-item muted' }, `${layout.hidden} hidden by the filter`));
    for (const problem of this.matches?.query === this.view.query ? this.matches.problems : []) {
      parts.push(el('span', { class: 'summary-item warning', role: 'status' }, icon('warning'), ` ${problem}`));
    }
    const problems = this.snapshot?.problems ?? 0;
    if (problems > 0) parts.push(el('span', { class: 'summary-item warning', title: 'See the Problems panel' }, icon('warning'), ` ${problems} problem${problems === 1 ? '' : 's'} in .backlog/`));
    this.summary.replaceChildren(...parts);
  }

  private cachedCard(card: BoardCard, priorities: readonly string[]): HTMLElement {
    const key = cardKey(card);
    const hit = this.cardCache.get(card.id);
    if (hit && hit.key === key) return hit.node;
    const node = cardElement(card, priorities);
    if (this.focusedId === card.id) node.tabIndex = 0;
    this.cardCache.set(card.id, { key, node });
    return node;
  }

  private renderGrid(layout: BoardLayout, snapshot: BoardSnapshot): void {
    clearTimeout(this.fillTimer);
    this.fill = [];
    // Only a board that is mostly new (the first snapshot, another folder) is drawn in steps;
    // redraws after a change reuse the card elements and are drawn whole, keeping scroll positions.
    let fresh = 0;
    for (const c of this.cards) if (this.cardCache.get(c.id)?.key !== cardKey(c)) fresh++;
    const progressive = fresh > FIRST_PASS_CARDS * 4;
    const grid = el('div', { class: layout.swimlanes === 'none' ? 'grid no-lanes' : 'grid' });
    grid.style.setProperty('--columns', String(layout.columns.length));
    layout.columns.forEach((column, i) => {
      const wip = column.wip !== undefined ? `${column.wipCount}/${column.wip}` : undefined;
      // The limit counts the whole backlog (as the tree does), which a sprint-scoped board must say.
      const wipScope = this.view.scope.kind === 'all' ? '' : ' in all sprints';
      const count = layout.filtering && column.shown !== column.total ? `${column.shown} of ${column.total}` : String(column.total);
      const label = `${column.status}: ${count} item${column.total === 1 ? '' : 's'}, ${pointsText(column.points)}${
        wip ? `, work in progress ${column.wipCount}${wipScope} of limit ${column.wip}${column.overWip ? ', over the limit' : ''}` : ''}${column.declared ? '' : ', not in config.yaml'}`;
      const header = el('div', { class: `column-header category-${column.category ?? 'unknown'}${column.overWip ? ' over-wip' : ''}`, role: 'heading', 'aria-level': 2, 'aria-label': label });
      header.dataset.column = String(i);
      header.style.setProperty('grid-column', String(i + 1));
      header.style.setProperty('grid-row', '1');
      const title = el('span', { class: 'column-title', title: column.status }, column.status);
      const counts = el('span', { class: 'column-count', title: 'Items' }, count);
      const top = el('div', { class: 'column-top' }, title, counts);
      if (!column.declared) top.append(el('span', { class: 'column-stray', title: 'This status is not in .backlog/config.yaml; move the items to a listed status' }, icon('warning')));
      if (column.declared) {
        const add = el('button', { class: 'icon-button column-add', title: `New item in ${column.status}`, 'aria-label': `New item in ${column.status}` }, icon('add'));
        add.dataset.addStatus = column.status;
        top.append(add);
      }
      const meta = el('div', { class: 'column-meta' }, el('span', { class: 'column-points', title: pointsText(column.points) }, `${column.points} pts`));
      if (wip) {
        const title = `${column.overWip ? 'Over the' : 'The'} work-in-progress limit of ${column.wip}: ${column.wipCount} item${column.wipCount === 1 ? '' : 's'} in ${column.status} across the whole backlog (every sprint and the product backlog), as the tree counts them`;
        meta.append(el('span', { class: 'column-wip', title }, column.overWip ? icon('warning') : '', `WIP ${wip}${wipScope ? ' · all sprints' : ''}`));
      }
      header.append(top, meta);
      grid.append(header);
    });

    const lanesOn = layout.swimlanes !== 'none';
    let row = 2;
    layout.lanes.forEach((lane, laneIndex) => {
      const collapsed = lanesOn && this.collapsedLanes.has(lane.key);
      if (lanesOn) {
        const toggle = el('button', { class: 'lane-header', 'aria-expanded': String(!collapsed) },
          icon(collapsed ? 'chevron-right' : 'chevron-down'), el('span', { class: 'lane-title' }, lane.label),
          el('span', { class: 'lane-count' }, `${lane.count} item${lane.count === 1 ? '' : 's'}${lane.points ? ` · ${lane.points} pts` : ''}`));
        toggle.dataset.lane = lane.key;
        toggle.style.setProperty('grid-row', String(row++));
        grid.append(toggle);
      }
      if (collapsed) return;
      lane.cells.forEach((cards, columnIndex) => {
        const column = layout.columns[columnIndex];
        const cell = el('div', {
          class: `cell${column.declared ? '' : ' no-drop'}${column.overWip ? ' over-wip' : ''}`,
          role: 'list',
          'aria-label': `${column.status}${lanesOn ? `, ${lane.label}` : ''}`,
        });
        cell.dataset.column = String(columnIndex);
        cell.dataset.lane = String(laneIndex);
        cell.style.setProperty('grid-column', String(columnIndex + 1));
        cell.style.setProperty('grid-row', String(row));
        const now = progressive ? Math.min(cards.length, FIRST_PASS_CARDS) : cards.length;
        for (let i = 0; i < now; i++) cell.append(this.cachedCard(cards[i], snapshot.priorities));
        if (now < cards.length) this.fill.push({ cell, cards, next: now });
        grid.append(cell);
      });
      row++;
    });
    if (layout.lanes.length === 0 || layout.summary.count === 0) {
      const message = layout.filtering ? 'No cards match the filters.' : layout.inScope === 0 && this.view.scope.kind !== 'all' ? 'Nothing in this sprint scope yet.' : undefined;
      if (message) {
        const clear = el('button', { class: 'link-button' }, layout.filtering ? 'Clear filters' : 'Show all items');
        clear.addEventListener('click', () => (layout.filtering ? this.clearFilters() : this.setView({ ...this.view, scope: DEFAULT_VIEW.scope })));
        const empty = el('div', { class: 'empty grid-empty' }, el('p', {}, message), clear);
        empty.style.setProperty('grid-row', String(row));
        grid.append(empty);
      }
    }
    // Keep the user's scroll position across redraws (a change on disk must not jump the board).
    const { scrollTop, scrollLeft } = this.board;
    this.board.replaceChildren(grid);
    this.board.scrollTop = scrollTop;
    this.board.scrollLeft = scrollLeft;
    this.applyRestoredScroll(this.fill.length === 0);
  }

  /**
   * Scrolls to where the board was before it was hidden or reloaded. Long columns fill in over
   * several frames, so the position is applied again once they are complete.
   */
  private applyRestoredScroll(complete: boolean): void {
    const at = this.restoreScroll;
    if (!at) return;
    this.board.scrollTop = at.top;
    this.board.scrollLeft = at.left;
    if (complete) this.restoreScroll = undefined;
  }
}

/** Cards per cell drawn before the first paint: more than a tall screen shows. */
const FIRST_PASS_CARDS = 30;
/** Cards added per task while long columns fill. */
const FILL_BATCH = 250;

/** What a card element depends on: its file version, and fields a move changes optimistically. */
function cardKey(card: BoardCard): string {
  // Parent and blockers come from other items' files: a blocker done elsewhere changes this card.
  const related = card.parent || card.blockers ? JSON.stringify([card.parent, card.blockers]) : '';
  return `${card.hash}\n${card.status}\n${card.type}\n${card.priority ?? ''}\n${card.assignee ?? ''}\n${related}`;
}

function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
