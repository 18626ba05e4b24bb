import * as assert from 'node:assert/strict';
import { parseBoardRequest } from '../../src/core/board/boardRequests';

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
    assert.deepEqual(ok({ type: 'move', root: '/w', id: 'BL-1', hash: 'h', status: 'S', index: 2, within: [], changes: { assignee: null } }).type, 'move');
  });

  it('refuses anything else with a reason', () => {
    refused(null, /object/);
    refused(['ready'], /object/);
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
