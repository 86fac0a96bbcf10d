import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from './rng.js';
import { SEISMIC, powerLawDelay, powerLawDelayQuantile, logNormalQuantile } from './delays.js';
import { DIURNAL, diurnalDelay, localHour } from './diurnal.js';

const quantile = (xs: number[], q: number): number => xs[Math.floor(q * (xs.length - 1))]!;

describe('reaction delays', () => {
  it('the truncated SEISMIC kernel: flat head to 5 min, then a power law — median ≈ 16.6 min, 95th ≈ 11.6 h', () => {
    // Closed form (delays.ts): head mass s0 = 300, tail mass (s0/θ)(1 − (H/s0)^−θ) = 925.2 with H = 24 h.
    const median = powerLawDelayQuantile(0.5, SEISMIC);
    const p95 = powerLawDelayQuantile(0.95, SEISMIC);
    assert.ok(median > 15 * 60 && median < 18 * 60, `median ${median}`);
    assert.ok(p95 > 11 * 3600 && p95 < 12.2 * 3600, `95th ${p95}`);
    assert.ok(Math.abs(powerLawDelayQuantile(300 / 1225.2, SEISMIC) - 300) < 1, 'head ends at s0');
    assert.ok(powerLawDelayQuantile(0.999999, SEISMIC) <= SEISMIC.horizon + 1e-6);
    const rng = new Rng(1);
    const xs = Array.from({ length: 200_000 }, () => powerLawDelay(rng, SEISMIC)).sort((a, b) => a - b);
    assert.ok(Math.abs(quantile(xs, 0.5) / median - 1) < 0.03, `sampled median ${quantile(xs, 0.5)}`);
    assert.ok(Math.abs(quantile(xs, 0.95) / p95 - 1) < 0.05, `sampled 95th ${quantile(xs, 0.95)}`);
    assert.ok(xs[0]! >= 0 && xs.at(-1)! <= SEISMIC.horizon);
  });

  it('a heavier tail (smaller θ) pushes the 95th percentile out, not the head', () => {
    const light = { s0: 300, theta: 1.5, horizon: 86400 };
    assert.ok(powerLawDelayQuantile(0.95, light) < powerLawDelayQuantile(0.95, SEISMIC) / 20);
    assert.ok(Math.abs(powerLawDelayQuantile(0.1, light) - powerLawDelayQuantile(0.1, light)) < 1e-9);
  });

  it('log-normal quantiles: median · e^(σ·1.645) at the 95th', () => {
    const rng = new Rng(2);
    const xs = Array.from({ length: 100_000 }, () => rng.logNormal(600, 1.2)).sort((a, b) => a - b);
    assert.ok(Math.abs(quantile(xs, 0.5) / 600 - 1) < 0.03);
    assert.ok(Math.abs(quantile(xs, 0.95) / logNormalQuantile(600, 1.2, 1.645) - 1) < 0.05);
  });
});

describe('diurnal profile', () => {
  it('has mean 1, a night trough and an evening peak', () => {
    assert.ok(Math.abs(DIURNAL.reduce((s, x) => s + x, 0) / 24 - 1) < 1e-12);
    assert.equal(DIURNAL.indexOf(Math.min(...DIURNAL)), 3);
    assert.equal(DIURNAL.indexOf(Math.max(...DIURNAL)), 20);
    assert.equal(localHour(Date.UTC(2024, 2, 4, 23, 30) / 1000, 2), 1);
    assert.equal(localHour(Date.UTC(2024, 2, 4, 2, 30) / 1000, -5), 21);
  });

  it('thinning moves uniform reaction times out of the night', () => {
    const rng = new Rng(3);
    const byHour = new Array<number>(24).fill(0);
    const at = Date.UTC(2024, 2, 4) / 1000;
    for (let i = 0; i < 100_000; i++) {
      const d = diurnalDelay(rng, at, 0, () => rng.next() * 86400);
      byHour[localHour(at + d, 0)]!++;
    }
    // Without thinning every hour gets 1/24; with it, 3–4 a.m. is several times rarer than 8 p.m.
    assert.ok(byHour[20]! > 3 * byHour[3]!, `${byHour[20]} vs ${byHour[3]}`);
    assert.ok(Math.abs(byHour.reduce((s, x) => s + x, 0) - 100_000) === 0);
  });
});
