import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GrowableFloat64, GrowableInt32 } from './growable.js';

describe('Growable arrays', () => {
  it('pushAll appends as pushing each value would, across growth', () => {
    const ints = new GrowableInt32(16);
    const floats = new GrowableFloat64(16);
    const expected: number[] = [];
    for (let round = 0; round < 6; round++) {
      ints.push(100 - round);
      floats.push(100.5 - round);
      expected.push(100 - round);
      const block = Array.from({ length: 7 * round * round }, (_, i) => round * 1000 + i);
      ints.pushAll(Int32Array.from(block));
      floats.pushAll(Float64Array.from(block, (v) => v + 0.5));
      expected.push(...block);
    }
    assert.deepEqual([...ints.toArray()], expected);
    assert.deepEqual(
      [...floats.toArray()],
      expected.map((v) => v + 0.5),
    );
  });
});
