import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../test-helpers/seeded-random.js';
import { PairIndex } from './pair-index.js';

describe('the pair index', () => {
  it('numbers pairs in first-seen order, as a Map keyed by a·A + b does, across growth', () => {
    const next = seededRandom(9);
    const A = 100_000;
    const index = new PairIndex(4);
    const map = new Map<number, number>();
    for (let i = 0; i < 50_000; i++) {
      // Few accounts on one side so that pairs repeat; keys above 2³¹ on the other.
      const a = Math.floor(next() * 300);
      const b = A - 1 - Math.floor(next() * 200);
      const key = a * A + b;
      if (!map.has(key)) map.set(key, map.size);
      assert.equal(index.id(a, b), map.get(key), `pair ${a},${b}`);
    }
    assert.equal(index.size, map.size);
    assert.ok(map.size > 20_000 && map.size < 50_000, `${map.size} distinct pairs`);
    for (const [key, id] of map) {
      const a = Math.floor(key / A);
      const b = key % A;
      assert.equal(index.find(a, b), id);
      assert.equal(index.a(id), a);
      assert.equal(index.b(id), b);
    }
    // Unseen pairs, including the reversed order of seen ones.
    assert.equal(index.find(A - 1, 0), -1);
    assert.equal(index.find(300, A - 1), -1);
  });
});
