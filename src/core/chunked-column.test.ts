import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkedFloat64, ChunkedInt32, ChunkedUint8 } from './chunked-column.js';

describe('Chunked columns', () => {
  it('join pushes and pushAll runs across chunk boundaries in order', () => {
    const ints = new ChunkedInt32(16);
    const floats = new ChunkedFloat64(16);
    const bytes = new ChunkedUint8(16);
    const expected: number[] = [];
    // Runs of 0..~3,000 values: some fit the open chunk, some span several chunks (16, 32, 64, …).
    for (let round = 0; round < 12; round++) {
      ints.push(-round - 1);
      floats.push(-round - 1.5);
      bytes.push((-round - 1) & 0xff);
      expected.push(-round - 1);
      const block = Array.from({ length: 21 * round * round }, (_, i) => round * 10000 + i);
      ints.pushAll(Int32Array.from(block));
      floats.pushAll(Float64Array.from(block, (v) => v - 0.5));
      bytes.pushAll(Uint8Array.from(block, (v) => v & 0xff));
      expected.push(...block);
      assert.equal(ints.length, expected.length);
    }
    assert.deepEqual([...ints.toArray()], expected);
    assert.deepEqual(
      [...floats.toArray()],
      expected.map((v) => v - 0.5),
    );
    assert.deepEqual(
      [...bytes.toArray()],
      expected.map((v) => v & 0xff),
    );
  });

  it('gives an exact-length array, empty when nothing was pushed, and keeps growing after toArray', () => {
    const c = new ChunkedInt32(16);
    assert.equal(c.toArray().length, 0);
    for (let i = 0; i < 16; i++) c.push(i);
    // Exactly one full chunk: nothing of the next (empty) chunk may appear.
    assert.deepEqual(
      [...c.toArray()],
      Array.from({ length: 16 }, (_, i) => i),
    );
    c.push(16);
    assert.deepEqual(
      [...c.toArray()],
      Array.from({ length: 17 }, (_, i) => i),
    );
    assert.equal(c.length, 17);
  });
});
