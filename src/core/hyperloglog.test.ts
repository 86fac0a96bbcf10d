import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HyperLogLog } from './hyperloglog.js';

describe('HyperLogLog over integers', () => {
  it('estimates distinct counts within a few standard errors, merges as a union', () => {
    for (const n of [10, 1_000, 50_000, 400_000]) {
      const h = new HyperLogLog();
      for (let i = 0; i < n; i++) {
        h.add(i * 7);
        h.add(i * 7); // repeats do not count
      }
      const e = h.estimate();
      assert.ok(Math.abs(e - n) <= Math.max(1, 0.05 * n), `n ${n}: estimate ${e}`);
    }
    const a = new HyperLogLog();
    const b = new HyperLogLog();
    for (let i = 0; i < 30_000; i++) a.add(i);
    for (let i = 20_000; i < 60_000; i++) b.add(i);
    a.merge(b);
    assert.ok(Math.abs(a.estimate() - 60_000) <= 3_000, `union ${a.estimate()}`);
  });
});

describe('HyperLogLog over strings', () => {
  it('counts a handful of names exactly and ignores repeats', () => {
    const c = new HyperLogLog();
    assert.equal(c.estimate(), 0);
    for (let r = 0; r < 3; r++) for (const n of ['a.com', 'b.com', 'faceb00k.com']) c.addString(n);
    assert.equal(c.estimate(), 3);
  });

  it('stays within 4 standard errors (6.5 %) from hundreds to hundreds of thousands', () => {
    for (const n of [500, 20_000, 300_000]) {
      const c = new HyperLogLog();
      for (let i = 0; i < n; i++) {
        const name = `name${i}.example.com`;
        c.addString(name);
        if (i % 3 === 0) c.addString(name); // repeats change nothing
      }
      const e = c.estimate();
      assert.ok(Math.abs(e - n) / n < 0.065, `${n} names estimated as ${e}`);
    }
  });
});
