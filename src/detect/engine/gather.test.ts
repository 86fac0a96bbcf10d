import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gather } from './gather.js';

describe('gather', () => {
  it('picks source[slot] for each slot, in the slots’ order', () => {
    const source = Int32Array.from([10, -1, 30, 40, 50]);
    assert.deepEqual([...gather(source, [4, 0, 0, 2])], [50, 10, 10, 30]);
    assert.equal(gather(source, []).length, 0);
  });
});
