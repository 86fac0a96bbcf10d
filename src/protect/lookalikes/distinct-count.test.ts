import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DistinctCounter } from './distinct-count.js';

describe('DistinctCounter (HyperLogLog)', () => {
  it('counts a handful of names exactly and ignores repeats', () => {
    const c = new DistinctCounter();
    assert.equal(c.estimate(), 0);
    for (let r = 0; r < 3; r++) for (const n of ['a.com', 'b.com', 'faceb00k.com']) c.add(n);
    assert.equal(c.estimate(), 3);
  });

  it('stays within 4 standard errors (6.5 %) from hundreds to hundreds of thousands', () => {
    for (const n of [500, 20_000, 300_000]) {
      const c = new DistinctCounter();
      for (let i = 0; i < n; i++) {
        const name = `name${i}.example.com`;
        c.add(name);
        if (i % 3 === 0) c.add(name); // repeats change nothing
      }
      const e = c.estimate();
      assert.ok(Math.abs(e - n) / n < 0.065, `${n} names estimated as ${e}`);
    }
  });
});
