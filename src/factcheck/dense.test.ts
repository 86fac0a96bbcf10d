import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DENSE_FEATURES, DenseIndex, denseFeatures } from './dense.js';

/** Unit vectors in 2-D at these angles (degrees). */
const at = (...deg: number[]): Float32Array =>
  Float32Array.from(deg.flatMap((d) => [Math.cos((d * Math.PI) / 180), Math.sin((d * Math.PI) / 180)]));

describe('DenseIndex', () => {
  it('returns the nearest fact checks by cosine, best first, ties by index, excluded ones left out', () => {
    const index = new DenseIndex(at(90, 10, 0, 45, 10, 180), 2);
    const q = at(0);
    const hits = index.nearest(q, 3);
    assert.deepEqual(hits.top, [2, 1, 4]);
    assert.ok(Math.abs(hits.cos[5]! + 1) < 1e-6, 'opposite vector: cosine −1');
    assert.deepEqual(index.nearest(q, 3, new Set([1, 2])).top, [4, 3, 0]);
    assert.deepEqual(new DenseIndex(at(30), 2).nearest(q, 5).top, [0], 'fewer fact checks than the pool');
  });

  it('refuses vectors that are not rows of its dimension, and queries of another dimension', () => {
    assert.throws(() => new DenseIndex(new Float32Array(5), 2), /5 floats are not rows of 2/);
    assert.throws(
      () => new DenseIndex(at(0), 2).nearest(new Float32Array(3), 1),
      /3 floats, the index holds vectors of 2/,
    );
  });

  it('writes the cosine and the cosine over the pool’s best into each candidate’s row', () => {
    const index = new DenseIndex(at(0, 60, 90), 2);
    const hits = index.nearest(at(0), 3);
    const pool = Int32Array.from([1, 2]);
    const x = new Float64Array(2 * 4);
    denseFeatures(hits, pool, x, 1, 4);
    assert.equal(DENSE_FEATURES.length, 2);
    assert.ok(Math.abs(x[1]! - 0.5) < 1e-6 && Math.abs(x[2]! - 1) < 1e-6, `row 0: ${x[1]}, ${x[2]}`);
    assert.ok(Math.abs(x[5]!) < 1e-6 && Math.abs(x[6]!) < 1e-6, `row 1: ${x[5]}, ${x[6]}`);
  });
});
