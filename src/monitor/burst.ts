/**
 * The burst rule shared by the monitor's watchlists (watchlist.ts, live) and the workspace's data-set
 * dashboard (over stored per-bin counts): Poisson surprise (Legéndy & Salcman 1985, "Bursts and
 * recurrences of bursts in the spike trains of spontaneously active striate cortex neurons",
 * J. Neurophysiol. 53(4)). A bin's count x is tested against the item's own baseline rate λ — an
 * exponentially weighted mean of its earlier bins (half-life `halfLifeBins`), floored at `minRate` so an
 * item never seen before can surge — and is a spike when P(X ≥ x | Poisson(λ)) ≤ `alpha` and
 * x ≥ `minCount`. Surprise S = −log10 P.
 * Cost: O(1) per bin tested; {@link seriesSpikes} is O(bins) time, O(spikes) memory.
 */
import { poissonUpperTail } from '../detect/index.js';

export interface BurstOptions {
  binSeconds?: number;
  halfLifeBins?: number;
  alpha?: number;
  minCount?: number;
  minRate?: number;
}

export type BurstRule = Required<Omit<BurstOptions, 'binSeconds'>>;

/** A bin that passed the rule: its count, the baseline it was tested against, P and surprise. */
export interface BurstHit {
  count: number;
  expected: number;
  pValue: number;
  surprise: number;
}

/** The per-bin decay of the baseline for a half-life in bins. */
export const decayPerBin = (rule: BurstRule): number => Math.pow(0.5, 1 / rule.halfLifeBins);

/** Tests one closed bin of `count` against the item's baseline `rate`; undefined when no spike. */
export function burstTest(count: number, rate: number, rule: BurstRule): BurstHit | undefined {
  if (count < rule.minCount) return undefined;
  const lambda = Math.max(rule.minRate, rate);
  const p = poissonUpperTail(count, lambda);
  if (p > rule.alpha) return undefined;
  return {
    count,
    expected: Math.round(lambda * 1000) / 1000,
    pValue: p,
    surprise: Math.round(-Math.log10(Math.max(p, 1e-300)) * 10) / 10,
  };
}

/** The baseline after a bin of `count`: the exponentially weighted mean moves toward it. */
export const nextRate = (rate: number, count: number, decay: number): number =>
  decay * rate + (1 - decay) * count;

/**
 * The spikes of a dense series of bin counts, each with its bin's index (oldest bin first). Live, the
 * monitor starts every baseline at 0; over a stored series the baseline may start at `seed` instead —
 * the usual EWMA start at the mean of the first observations (NIST/SEMATECH e-Handbook of Statistical
 * Methods, §6.3.2.4) — so a steady item's first busy bins are not all spikes.
 */
export function seriesSpikes(
  counts: readonly number[],
  rule: BurstRule,
  seed = 0,
): (BurstHit & { index: number })[] {
  const decay = decayPerBin(rule);
  const out: (BurstHit & { index: number })[] = [];
  let rate = seed;
  counts.forEach((c, index) => {
    const hit = burstTest(c, rate, rule);
    if (hit) out.push({ ...hit, index });
    rate = nextRate(rate, c, decay);
  });
  return out;
}
