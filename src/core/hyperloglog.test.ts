import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HyperLogLog } from './hyperloglog.js';

describe('HyperLogLog', () => {
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
