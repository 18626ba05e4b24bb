import type { ItemHistoryEntry } from '../../src/protocol/itemPageMessages';
import { el, icon } from '../shared/dom';

const FIELD_NAMES: Record<string, string> = { points: 'points', labels: 'labels', assignee: 'assignee', sprint: 'sprint' };

/** The history section: one row per commit, newest first, "who changed what, when". */
export function historyView(entries: readonly ItemHistoryEntry[], note: string | undefined): HTMLElement {
  const list = el('ol', { class: 'history' });
  for (const entry of entries) {
    const when = new Date(entry.at);
    const what = el('span', { class: 'history-what' });
    entry.changes.forEach((c, i) => {
      if (i) what.append('; ');
      what.append(...describe(c));
    });
    list.append(
      el('li', { class: 'history-entry' },
        icon(entry.changes[0]?.field === 'created' ? 'add' : 'git-commit', 'history-icon'),
        el('span', { class: 'history-line' },
          el('strong', {}, entry.author || 'Someone'), ' ', what, ' ',
          el('time', { class: 'muted', datetime: when.toISOString(), title: `${when.toLocaleString()} — ${entry.subject}` }, relative(entry.at))),
      ),
    );
  }
  const section = el('div', {}, list);
  if (!entries.length && !note) section.append(el('p', { class: 'muted' }, 'No commits changed this item yet.'));
  if (note) section.append(el('p', { class: 'muted' }, note));
  return section;
}

function describe(c: ItemHistoryEntry['changes'][number]): (string | Node)[] {
  const value = (v: string) => el('span', { class: 'history-value' }, v);
  switch (c.field) {
    case 'created': return ['created the item'];
    case 'deleted': return ['deleted the file'];
    case 'unreadable': return ['committed a version that could not be read'];
    case 'description': return ['edited the description'];
    case 'code links': return ['changed the code links'];
    default: {
      const name = FIELD_NAMES[c.field] ?? c.field;
      if (c.from === undefined) return [`set ${name} to `, value(c.to ?? '')];
      if (c.to === undefined) return [`removed ${name} `, value(c.from)];
      return [`changed ${name} from `, value(c.from), ' to ', value(c.to)];
    }
  }
}

function relative(at: number): string {
  const s = Math.round((Date.now() - at) / 1000);
  if (s < 60) return 'just now';
  const units: [number, string][] = [[60, 'minute'], [3600, 'hour'], [86400, 'day'], [2592000, 'month'], [31536000, 'year']];
  let unit = units[0];
  for (const u of units) if (s >= u[0]) unit = u;
  const n = Math.floor(s / unit[0]);
  return `${n} ${unit[1]}${n === 1 ? '' : 's'} ago`;
}
