import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DenseIds, decimalValue } from './dense-ids.js';

/** A seeded generator (mulberry32) so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('DenseIds', () => {
  it('numbers strings in first-seen order exactly as a Map would, across table growth', () => {
    const rnd = random(9);
    const shapes = [
      () => String(Math.floor(rnd() * 3e9) + 1e9), // 10-digit user ids
      () => String(Math.floor(rnd() * 1e15) + 1e15), // 16-digit tweet ids
      () => '0' + String(Math.floor(rnd() * 1000)), // leading zero: not the number
      () => String(Math.floor(rnd() * 1000)), // the number itself
      () => '9' + String(Math.floor(rnd() * 1e15)).padStart(15, '0'), // 16 digits, some over 2^53
      () => '1' + String(Math.floor(rnd() * 1e16)).padStart(16, '0'), // 17 digits
      () => `user_${Math.floor(rnd() * 500)}`,
      () => ['', '0', '-1', '1.0', '١٢', ' 12', '12 ', '1e3'][Math.floor(rnd() * 8)]!,
    ];
    const ids = new DenseIds();
    const reference = new Map<string, number>();
    for (let k = 0; k < 60_000; k++) {
      const s = shapes[Math.floor(rnd() * shapes.length)]!();
      const expected = reference.get(s) ?? reference.size;
      reference.set(s, expected);
      const before = ids.size;
      assert.equal(ids.id(s), expected, JSON.stringify(s));
      assert.equal(ids.size, reference.size);
      assert.equal(expected === before, reference.size > before);
    }
  });

  it('reads a decimal value only from canonical safe-integer digits', () => {
    assert.equal(decimalValue('0'), 0);
    assert.equal(decimalValue('1048412414'), 1048412414);
    assert.equal(decimalValue('9007199254740991'), Number.MAX_SAFE_INTEGER);
    for (const s of ['', '007', '9007199254740992', '99999999999999999', '12a', '+1', '١']) {
      assert.equal(decimalValue(s), -1, s);
    }
  });
});
