import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../test-helpers/seeded-random.js';
import { flatSeries, ItemLog } from './item-log.js';

describe('ItemLog', () => {
  it('gives each item the hourly series and total a Map of hours per item would', () => {
    const rnd = seededRandom(11);
    const log = new ItemLog();
    const naive = new Map<string, Map<number, number>>();
    const firstLabel = new Map<string, string>();
    // Hours out of order and repeated, items of very different popularity, more items than the
    // first typed-array capacity so the columns grow.
    for (let n = 0; n < 20_000; n++) {
      const key = `k${Math.floor(3000 * rnd() * rnd())}`;
      const hour = 470_000 + Math.floor(200 * rnd());
      const label = `label ${String(n)}`;
      log.add(key, hour, label, null);
      if (!firstLabel.has(key)) firstLabel.set(key, label);
      let m = naive.get(key);
      if (!m) naive.set(key, (m = new Map<number, number>()));
      m.set(hour, (m.get(hour) ?? 0) + 1);
    }
    const series = log.series();
    assert.equal(log.size, naive.size);
    assert.deepEqual(log.keys, [...naive.keys()]);
    for (const [key, hours] of naive) {
      const id = log.idOf(key)!;
      const want = [...hours].sort((a, b) => a[0] - b[0]).flat();
      assert.deepEqual(flatSeries(series, id), want, key);
      assert.equal(
        log.total(id),
        [...hours.values()].reduce((a, b) => a + b, 0),
      );
      // The label is the first occurrence's, not a later one's.
      assert.equal(log.labels[id], firstLabel.get(key));
    }
  });

  it('is empty when nothing was added', () => {
    const s = new ItemLog().series();
    assert.deepEqual([s.start.length, s.slots.length, s.counts.length], [1, 0, 0]);
  });
});
