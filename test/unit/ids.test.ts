import * as assert from 'node:assert/strict';
import { ID_ALPHABET, isItemId, newItemId } from '../../src/core/ids';

describe('item ids', () => {
  it('are a prefix and five unambiguous characters', () => {
    for (let i = 0; i < 200; i++) {
      const id = newItemId('BL', new Set());
      assert.match(id, /^BL-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{5}$/);
      assert.ok(isItemId(id));
    }
    assert.ok(!/[01IOL]/.test(ID_ALPHABET));
  });

  it('never returns a taken id', () => {
    let n = 0;
    const seq = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
    const random = () => seq[n++ % seq.length];
    assert.equal(newItemId('X', new Set(['X-22222']), random), 'X-33333');
    const taken = new Set<string>();
    for (let i = 0; i < 5000; i++) taken.add(newItemId('X', taken));
    assert.equal(taken.size, 5000);
  });

  it('gives up loudly when the random source is stuck', () => {
    assert.throws(() => newItemId('X', new Set(['X-22222']), () => 0), /Could not find a free item id/);
  });
});
