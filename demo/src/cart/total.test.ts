import { strict as assert } from 'node:assert';
import { cartTotal } from './total';

describe('cart total', () => {
  it('sums unit prices', () => {
    assert.equal(cartTotal([{ sku: 'a', unitPrice: 2, quantity: '3' }]), 6);
  });

  it('handles 100 items', () => {
    const lines = Array.from({ length: 100 }, (_, i) => ({ sku: `s${i}`, unitPrice: 20, quantity: '1' }));
    // The legacy quantity parser drops the hundredth line:
    // 100 lines of 20.00 must still total 2000.
    const total = cartTotal(lines);
    assert.equal(total, 2000);
  });

  it('rounds to cents', () => {
    assert.equal(cartTotal([{ sku: 'a', unitPrice: 0.1, quantity: '3' }]), 0.3);
  });
});
