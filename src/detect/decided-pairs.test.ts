import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { COUNT_TEST, DecidedPairs, LAG_TEST } from './decided-pairs.js';

/** What fusion kept before: a Map from slot to decision, lag decisions replacing larger p-values. */
function asMap(
  counts: [number, number][],
  lags: [number, number][],
): Map<number, { test: number; pValue: number; lag: number }> {
  const m = new Map<number, { test: number; pValue: number; lag: number }>();
  for (const [slot, p] of counts) m.set(slot, { test: COUNT_TEST, pValue: p, lag: 0 });
  for (const [slot, p] of lags) {
    const d = m.get(slot);
    if (d === undefined || p < d.pValue) m.set(slot, { test: LAG_TEST, pValue: p, lag: slot * 10 });
  }
  return m;
}

describe('DecidedPairs', () => {
  it('keeps a slot-keyed Map’s entries, in its order and, by bySlot, in slot order', () => {
    let s = 7;
    const rnd = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let round = 0; round < 50; round++) {
      const counts: [number, number][] = [];
      const lags: [number, number][] = [];
      for (let slot = 0; slot < 200; slot++) {
        const u = rnd();
        if (u < 0.3) counts.push([slot, Math.round(rnd() * 8) / 8]);
        if (u > 0.15 && u < 0.5) lags.push([slot, Math.round(rnd() * 8) / 8]);
      }
      const d = new DecidedPairs();
      for (const [slot, p] of counts) d.count(slot, slot + 1, slot / 2, p);
      for (const [slot, p] of lags) d.lagged(slot, slot + 2, slot / 3, p, slot * 10);
      const want = asMap(counts, lags);
      const slots = d.slot.view();
      assert.deepEqual([...slots], [...want.keys()], 'insertion order');
      for (let i = 0; i < d.length; i++) {
        const w = want.get(slots[i]!)!;
        assert.equal(d.test.view()[i], w.test);
        assert.equal(d.pValue.view()[i], w.pValue);
        assert.equal(d.observed.view()[i], slots[i]! + (w.test === LAG_TEST ? 2 : 1));
        if (w.test === LAG_TEST) assert.equal(d.lag.view()[i], w.lag);
      }
      const bySlot = Array.from(d.bySlot(), (i) => slots[i]!);
      assert.deepEqual(
        bySlot,
        [...want.keys()].sort((x, y) => x - y),
        'slot order',
      );
    }
  });

  it('refuses a count decision once the lag run has begun', () => {
    const d = new DecidedPairs();
    d.count(1, 1, 1, 0.1);
    d.lagged(2, 1, 1, 0.1, 5);
    assert.throws(() => {
      d.count(3, 1, 1, 0.1);
    }, /after the lag run/);
  });
});
