import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { poissonUpperTail } from '../detect/index.js';
import { burstTest, seriesSpikes } from './burst.js';

const rule = { halfLifeBins: 4, alpha: 1e-4, minCount: 5, minRate: 0.05 };

describe('Poisson-surprise burst rule', () => {
  it('marks a surge above a steady baseline and not the steady bins', () => {
    const counts = [3, 2, 3, 2, 3, 2, 3, 30, 3, 2];
    const spikes = seriesSpikes(counts, rule);
    // Bins below minCount are never spikes; the steady 3s and 2s stay below it, the surge does not.
    assert.deepEqual(
      spikes.map((s) => s.index),
      [7],
    );
    const s = spikes[0]!;
    assert.equal(s.count, 30);
    assert.equal(s.expected, Math.round(spikesRate(counts.slice(0, 7)) * 1000) / 1000);
    assert.equal(s.pValue, poissonUpperTail(30, spikesRate(counts.slice(0, 7))));
    assert.equal(s.surprise, Math.round(-Math.log10(s.pValue) * 10) / 10);
  });

  it('stops calling a level a spike once the baseline has caught up', () => {
    const counts = Array.from({ length: 40 }, () => 20);
    const spikes = seriesSpikes(counts, rule).map((s) => s.index);
    assert.ok(spikes.includes(0), 'a first appearance can surge (baseline floored at minRate)');
    assert.ok(!spikes.includes(39), 'forty bins of the same level is the baseline');
  });

  it('tests one bin against minCount and alpha', () => {
    assert.equal(burstTest(4, 0, rule), undefined);
    assert.equal(burstTest(6, 6, rule), undefined);
    assert.ok(burstTest(6, 0, rule));
  });

  it('a seeded baseline does not flag a steady series for starting busy', () => {
    const counts = Array.from({ length: 40 }, () => 20);
    assert.deepEqual(seriesSpikes(counts, rule, 20), []);
    assert.deepEqual(
      seriesSpikes([...counts, 80], rule, 20).map((s) => s.index),
      [40],
    );
  });
});

/** The exponentially weighted baseline the rule builds, recomputed independently of burst.ts. */
function spikesRate(before: number[]): number {
  const d = Math.pow(0.5, 1 / rule.halfLifeBins);
  let r = 0;
  for (const c of before) r = d * r + (1 - d) * c;
  return Math.max(rule.minRate, r);
}
