import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DensifiedHasher,
  MinHasher,
  bandKeys,
  candidateProbability,
  chooseBanding,
  splitmix32,
} from './minhash.js';
import { UnionFind } from './union-find.js';

/** Two random sets of 32-bit values with `shared` common elements and `only` elements of their own. */
function pair(next: () => number, shared: number, only: number): [Int32Array, Int32Array] {
  const common = Array.from({ length: shared }, next);
  const a = Int32Array.from([...common, ...Array.from({ length: only }, next)]);
  const b = Int32Array.from([...common, ...Array.from({ length: only }, next)]);
  return [a, b];
}

describe('MinHasher', () => {
  it('estimates Jaccard similarity within sampling error', () => {
    const next = splitmix32(7);
    const hasher = new MinHasher(256, 3);
    for (const [shared, only, j] of [
      [100, 50, 0.5],
      [180, 10, 0.9],
      [40, 80, 0.2],
      [0, 100, 0],
    ] as const) {
      let sum = 0;
      const trials = 20;
      for (let t = 0; t < trials; t++) {
        const [a, b] = pair(next, shared, only);
        const sa = hasher.sign(a, 0, a.length).slice();
        const sb = hasher.sign(b, 0, b.length).slice();
        sum += MinHasher.estimate(sa, sb);
      }
      // 20 × 256 rows: the mean's standard error is below 0.01.
      assert.ok(Math.abs(sum / trials - j) < 0.04, `J=${j} estimated ${sum / trials}`);
    }
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const set = Int32Array.from([1, 2, 3, 4, 5, 99, -7]);
    const a = new MinHasher(32, 11).sign(set, 0, set.length).slice();
    const b = new MinHasher(32, 11).sign(set, 0, set.length).slice();
    const c = new MinHasher(32, 12).sign(set, 0, set.length).slice();
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it('signs a sub-range only and an empty range to the sentinel', () => {
    const h = new MinHasher(8, 1);
    const arr = Int32Array.from([5, 6, 7, 8]);
    const part = h.sign(arr, 1, 3).slice();
    assert.deepEqual(part, h.sign(Int32Array.from([6, 7]), 0, 2).slice());
    assert.ok(h.sign(arr, 2, 2).every((v) => v === 0x7fffffff));
  });
});

describe('DensifiedHasher', () => {
  it('estimates Jaccard similarity for tweet-sized and larger sets', () => {
    const next = splitmix32(8);
    for (const [shared, only, j] of [
      [12, 2, 12 / 16],
      [9, 5, 9 / 19],
      [100, 50, 0.5],
      [180, 10, 0.9],
      [0, 15, 0],
    ] as const) {
      let sum = 0;
      const trials = 200;
      for (let t = 0; t < trials; t++) {
        const hasher = new DensifiedHasher(64, t);
        const [a, b] = pair(next, shared, only);
        const sa = hasher.sign(a, 0, a.length).slice();
        const sb = hasher.sign(b, 0, b.length).slice();
        sum += MinHasher.estimate(sa, sb);
      }
      assert.ok(Math.abs(sum / trials - j) < 0.04, `J=${j.toFixed(3)} estimated ${sum / trials}`);
    }
  });

  it('signs equal sets equally whatever their order, and differs between seeds', () => {
    const a = Int32Array.from([5, -3, 77, 1024, 9]);
    const b = Int32Array.from([9, 1024, 77, -3, 5]);
    const h = new DensifiedHasher(32, 4);
    assert.deepEqual(h.sign(a, 0, a.length).slice(), h.sign(b, 0, b.length).slice());
    assert.notDeepEqual(
      h.sign(a, 0, a.length).slice(),
      new DensifiedHasher(32, 5).sign(a, 0, a.length).slice(),
    );
  });

  it('fills every row of a one-element set from that element (probes past the table)', () => {
    const h = new DensifiedHasher(1024, 1);
    const sig = h.sign(Int32Array.from([42]), 0, 1);
    assert.ok(sig.every((v) => v === sig[0]));
    assert.ok(h.sign(Int32Array.from([]), 0, 0).every((v) => v === 0x7fffffff));
  });
});

describe('banding', () => {
  it('candidate probability is the S-curve 1 − (1 − j^r)^b', () => {
    assert.equal(candidateProbability(1, { rows: 4, bands: 16 }), 1);
    assert.equal(candidateProbability(0, { rows: 4, bands: 16 }), 0);
    assert.ok(Math.abs(candidateProbability(0.5, { rows: 2, bands: 2 }) - (1 - 0.75 ** 2)) < 1e-12);
  });

  it('chooses the largest rows-per-band that keeps recall at the threshold', () => {
    for (const t of [0.3, 0.5, 0.7, 0.8, 0.9]) {
      const b = chooseBanding(t, 64);
      assert.ok(b.rows * b.bands <= 64);
      assert.ok(candidateProbability(t, b) >= 0.97, `t=${t}`);
      const more = { rows: b.rows + 1, bands: Math.floor(64 / (b.rows + 1)) };
      assert.ok(more.bands < 1 || candidateProbability(t, more) < 0.97, `t=${t} could use r+1`);
    }
    assert.ok(chooseBanding(0.9, 64).rows > chooseBanding(0.5, 64).rows);
  });

  it('band keys agree exactly when the band rows agree', () => {
    const out = new Uint32Array(4);
    const banding = { rows: 2, bands: 2 };
    bandKeys(Int32Array.from([1, 2, 3, 4]), banding, out, 2, 0);
    bandKeys(Int32Array.from([1, 2, 3, 5]), banding, out, 2, 1);
    assert.equal(out[0], out[1]); // band 0 rows equal
    assert.notEqual(out[2], out[3]); // band 1 rows differ
  });
});

describe('UnionFind', () => {
  it('joins sets transitively and reports repeated unions', () => {
    const uf = new UnionFind(5);
    assert.equal(uf.union(0, 1), true);
    assert.equal(uf.union(3, 4), true);
    assert.equal(uf.union(1, 0), false);
    assert.equal(uf.find(0), uf.find(1));
    assert.notEqual(uf.find(0), uf.find(3));
    uf.union(1, 4);
    assert.equal(uf.find(0), uf.find(3));
    assert.notEqual(uf.find(2), uf.find(0));
  });
});
