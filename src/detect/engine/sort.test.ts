import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { orderByObjectTime, timeOrder } from './sort.js';

/** The definition: rows by (time, row), NaN last, by a comparator sort. */
function reference(times: Float64Array): number[] {
  const key = (t: number): number => (Number.isNaN(t) ? Infinity : t);
  return Array.from(times, (_, i) => i).sort((x, y) => {
    const a = key(times[x]!);
    const b = key(times[y]!);
    if (a === b)
      return Number.isNaN(times[x]!) === Number.isNaN(times[y]!) ? x - y : Number.isNaN(times[x]!) ? 1 : -1;
    return a < b ? -1 : 1;
  });
}

function randomTimes(n: number, seed: number, next: (r: number) => number): Float64Array {
  let s = seed;
  const rand = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  return Float64Array.from({ length: n }, () => next(rand()));
}

test('timeOrder orders whole-second times by (time, row), ties in row order (packed keys)', () => {
  // Unix seconds over a month with many ties, and negative times.
  const times = randomTimes(5000, 7, (r) => 1_700_000_000 + Math.floor(r * 2_600_000));
  assert.deepEqual([...timeOrder(times)], reference(times));
  const few = randomTimes(3000, 11, (r) => Math.floor(r * 20) - 10);
  assert.deepEqual([...timeOrder(few)], reference(few));
});

test('timeOrder falls back to ranks for fractional, NaN, infinite and very wide times', () => {
  const fractional = randomTimes(2000, 3, (r) => Math.floor(r * 50) + (r > 0.5 ? 0.25 : 0));
  assert.deepEqual([...timeOrder(fractional)], reference(fractional));
  const withNaN = Float64Array.from([5, NaN, 3, 5, NaN, 1, 3]);
  assert.deepEqual([...timeOrder(withNaN)], [5, 2, 6, 0, 3, 1, 4]);
  const infinite = Float64Array.from([2, Infinity, -Infinity, 2, 0]);
  assert.deepEqual([...timeOrder(infinite)], [2, 4, 0, 3, 1]);
  // A span of 2^52 leaves no room for the row index.
  const wide = Float64Array.from([2 ** 52, 0, 2 ** 52, 7, 0]);
  assert.deepEqual([...timeOrder(wide)], [1, 4, 3, 0, 2]);
});

test('orderByObjectTime groups by object, then (time, row)', () => {
  const objects = Int32Array.from([1, 0, 1, 0, 1, 2]);
  const times = Float64Array.from([30, 20, 10, 20, 30, 5]);
  const { order, starts } = orderByObjectTime(objects, times, 3);
  assert.deepEqual([...starts], [0, 2, 5, 6]);
  assert.deepEqual([...order], [1, 3, 2, 0, 4, 5]);
});
