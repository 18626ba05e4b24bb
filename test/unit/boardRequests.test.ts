import * as assert from 'node:assert/strict';
import { parseBoardRequest } from '../../src/core/board/boardRequests';
import { jsonForHtml } from '../../src/core/board/jsonForHtml';

const ok = (value: unknown) => {
  const r = parseBoardRequest(value);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.request;
};
const refused = (value: unknown, pattern: RegExp) => {
  const r = parseBoardRequest(value);
  assert.equal(r.ok, false, `accepted ${JSON.stringify(value)}`);
  if (!r.ok) assert.match(r.error, pattern);
};

describe('board messages from the webview', () => {
  it('accepts well-formed requests and copies only the known fields', () => {
    const move = ok({ type: 'move', root: '/w', id: 'BL-1', hash: 'abc', status: 'Done', index: 0, within: ['BL-2'], extra: 'dropped' });
    assert.deepEqual(move, { type: 'move', root: '/w', id: 'BL-1', hash: 'abc', status: 'Done', index: 0, within: ['BL-2'] });
    const update = ok({ type: 'update', ref: { root: '/w', id: 'BL-1', hash: 'abc' }, changes: { points: null, labels: ['a'], priority: 'must' } });
    assert.deepEqual(update, { type: 'update', ref: { root: '/w', id: 'BL-1', hash: 'abc' }, changes: { points: null, labels: ['a'], priority: 'must' } });
    assert.deepEqual(ok({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(ok({ type: 'ready', seq: 3 }), { type: 'ready', seq: 3 });
    assert.deepEqual(ok({ type: 'move', root: '/w', id: 'BL-1', hash: 'h', status: 'S', index: 2, within: [], changes: { assignee: null } }).type, 'move');
  });

  it('accepts the sprint from the detail pane and quick-create, and the page\'s view state', () => {
    const update = ok({ type: 'update', ref: { root: '/w', id: 'BL-1', hash: 'h' }, changes: { sprint: 's14' } });
    assert.deepEqual(update.type === 'update' && update.changes, { sprint: 's14' });
    assert.deepEqual(ok({ type: 'create', root: '/w', status: 'Ready', title: 'T', sprint: 's14' }), { type: 'create', root: '/w', status: 'Ready', title: 'T', sprint: 's14' });
    const state = { view: { scope: { kind: 'sprint', name: 's14' }, query: 'type:bug', swimlanes: 'type' }, detailId: 'BL-1', scrollTop: 120, scrollLeft: 0 };
    assert.deepEqual(ok({ type: 'viewState', state }), { type: 'viewState', state });
    assert.deepEqual(ok({ type: 'ready', seq: 2, state }), { type: 'ready', seq: 2, state });
    // The view is read leniently, like the page's own saved state: an old or odd view falls back.
    const odd = ok({ type: 'viewState', state: { view: { swimlanes: 'colour' }, scrollTop: 0, scrollLeft: 0 } });
    assert.deepEqual(odd.type === 'viewState' && odd.state.view, { scope: { kind: 'all' }, query: '', swimlanes: 'none' });
  });

  it('refuses anything else with a reason', () => {
    refused({ type: 'viewState', state: { view: {}, detailId: '../x', scrollTop: 0, scrollLeft: 0 } }, /item ids/);
    refused({ type: 'viewState', state: { view: {}, scrollTop: -5, scrollLeft: 0 } }, /scrollTop/);
    refused({ type: 'viewState', state: { view: { query: 'x'.repeat(5000) }, scrollTop: 0, scrollLeft: 0 } }, /query is too long/);
    refused({ type: 'create', root: '/w', status: 'Ready', title: 'T', sprint: '' }, /sprint/);
    refused(null, /object/);
    refused(['ready'], /object/);
    refused({ type: 'ready', seq: -1 }, /seq/);
    refused({ type: 'ready', seq: '1' }, /seq/);
    refused({ type: 'exec', command: 'rm -rf /' }, /unknown message type/);
    refused({ type: 'move', root: '/w', id: '../../etc/passwd', hash: 'h', status: 'Done', index: 0, within: [] }, /item ids/);
    refused({ type: 'move', root: '/w', id: 'BL-1', hash: 'h', status: 'Done', index: -1, within: [] }, /index/);
    refused({ type: 'move', root: '/w', id: 'BL-1', hash: 'h', status: 'Done', index: 0.5, within: [] }, /index/);
    refused({ type: 'move', root: '/w', id: 'BL-1', hash: 'h', status: 'Done', index: 0, within: 'BL-2' }, /within/);
    refused({ type: 'move', root: '/w', id: 'BL-1', hash: 'h', status: 'Done', index: 0, within: [], changes: { rank: 'a0' } }, /cannot set "rank"/);
    refused({ type: 'move', root: '/w', id: 'BL-1', hash: 'h', status: 'Done', index: 0, within: [], changes: { type: 'bug', priority: 'must' } }, /exactly one/);
    refused({ type: 'update', ref: { root: '/w', id: 'BL-1', hash: 'h' }, changes: { id: 'BL-2' } }, /cannot change "id"/);
    refused({ type: 'update', ref: { root: '/w', id: 'BL-1', hash: 'h' }, changes: { created: 'x' } }, /cannot change "created"/);
    refused({ type: 'update', ref: { root: '/w', id: 'BL-1', hash: 'h' }, changes: {} }, /at least one/);
    refused({ type: 'update', ref: { root: '/w', id: 'BL-1', hash: 'h' }, changes: { points: -3 } }, /points/);
    refused({ type: 'update', ref: { root: '/w', id: 'BL-1', hash: 'h' }, changes: { title: 'x'.repeat(5000) } }, /title/);
    refused({ type: 'update', ref: { root: '/w', id: 'BL-1', hash: 'h' }, changes: { labels: [1] } }, /label/);
    refused({ type: 'create', root: '/w', status: 'Ready', title: '' }, /title/);
    refused({ type: 'rendered', seq: 1, phase: 'visible', cards: 1, total: 1, renderMs: Number.NaN, startedAt: 0, receivedAt: 0, paintedAt: 0 }, /renderMs/);
  });
});

describe('the first snapshot in the board page', () => {
  it('is JSON that no item text can break out of, and reads back unchanged', () => {
    const hostile = ['</script><script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<!-- x', ']]>', '&lt;', 'a\u2028b\u2029c', '"quoted" \\ back'];
    const value = { type: 'snapshot', seq: 1, snapshot: { cards: hostile.map((title, i) => ({ id: `BL-${i}`, title, labels: [title] })) } };
    const text = jsonForHtml(value);
    assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
    assert.deepEqual(JSON.parse(text), value);
  });
});
