import * as assert from 'node:assert/strict';
import { compareRanks, isValidRank, planMove, type Ranked } from '../../src/core/rank';

function apply(list: Ranked[], changes: { id: string; rank: string }[]): string[] {
  const next = list.map((r) => ({ ...r }));
  for (const c of changes) {
    const existing = next.find((r) => r.id === c.id);
    if (existing) existing.rank = c.rank;
    else next.push({ id: c.id, rank: c.rank });
  }
  return next.sort((a, b) => compareRanks(a.rank, b.rank) || (a.id < b.id ? -1 : 1)).map((r) => r.id);
}

/** Small deterministic PRNG so the property test is reproducible. */
function prng(seed: number): () => number {
  return () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

describe('ranks', () => {
  const list: Ranked[] = [
    { id: 'A', rank: 'a0' },
    { id: 'B', rank: 'a1' },
    { id: 'C', rank: 'a2' },
  ];

  it('moves an item with a single write', () => {
    const changes = planMove(list, 'C', 0);
    assert.equal(changes.length, 1);
    assert.deepEqual(apply(list, changes), ['C', 'A', 'B']);
    assert.deepEqual(apply(list, planMove(list, 'A', 2)), ['B', 'C', 'A']);
    assert.deepEqual(apply(list, planMove(list, 'A', 1)), ['B', 'A', 'C']);
  });

  it('re-ranks only the tied neighbours a merge left behind', () => {
    const tied: Ranked[] = [{ id: 'A', rank: 'a0' }, { id: 'B', rank: 'a0' }, { id: 'C', rank: 'a0V' }, { id: 'D', rank: 'a1' }];
    const changes = planMove(tied, 'X', 1);
    assert.deepEqual(changes.map((c) => c.id), ['X', 'B']);
    assert.deepEqual(apply(tied, changes), ['A', 'X', 'B', 'C', 'D']);
  });

  it('gives unranked and invalid-ranked items ranks when something is placed among them', () => {
    const odd: Ranked[] = [{ id: 'A', rank: 'a0' }, { id: 'B', rank: 'not valid!' }, { id: 'C' }, { id: 'D' }];
    const changes = planMove(odd, 'X', 2);
    const order = apply(odd, changes);
    assert.ok(order.indexOf('X') < order.indexOf('C') && order.indexOf('C') < order.indexOf('D'));
    assert.ok(changes.every((c) => isValidRank(c.rank)));
  });

  it('always produces the requested order (property test, 2,000 random moves)', () => {
    const rand = prng(42);
    let items: { id: string; rank: string | undefined }[] = [];
    for (let i = 0; i < 30; i++) items.push({ id: `I${String(i).padStart(2, '0')}`, rank: rand() < 0.15 ? items[items.length - 1]?.rank : undefined });
    // Start from a messy state: some ties, some unranked.
    items = items.map((r, i) => ({ ...r, rank: r.rank ?? (rand() < 0.8 ? `a${String.fromCharCode(48 + (i % 10))}` : undefined) }));
    let order = apply(items, []);
    for (let step = 0; step < 2000; step++) {
      const moving = order[Math.floor(rand() * order.length)];
      const others = order.filter((id) => id !== moving);
      const index = Math.floor(rand() * (others.length + 1));
      const ordered = order.map((id) => items.find((r) => r.id === id)!);
      const changes = planMove(ordered, moving, index);
      for (const c of changes) items.find((r) => r.id === c.id)!.rank = c.rank;
      const expected = [...others.slice(0, index), moving, ...others.slice(index)];
      order = apply(items, []);
      assert.deepEqual(order, expected, `step ${step}`);
    }
    assert.ok(items.every((r) => r.rank !== undefined && isValidRank(r.rank) && r.rank.length < 40), 'ranks stay short');
  });
});
