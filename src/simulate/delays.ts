/**
 * Heavy-tailed reaction delays of organic crowds.
 *
 * SEISMIC (Zhao, Erdogdu, He, Rajaraman & Leskovec 2015, "SEISMIC: A Self-Exciting Point Process Model
 * for Predicting Tweet Popularity", KDD) measured the memory kernel of retweet reactions on Twitter as
 * constant for the first s0 = 5 minutes and a power law s^-(1+θ) afterwards, θ ≈ 0.242: most reactions
 * come within minutes, yet a heavy tail keeps arriving for hours and days. Crane & Sornette (2008,
 * PNAS 105, "Robust dynamic classes revealed by measuring the response function of a social system")
 * found the same power-law relaxation after exogenous shocks (breaking news). We use that kernel,
 * truncated at a horizon (the end of the event's attention), as a density and sample it by its
 * closed-form inverse CDF. Cost: O(1) per draw.
 */
import type { Rng } from './rng.js';

export interface PowerLawDelay {
  /** Seconds of the flat head of the kernel (SEISMIC: 300). */
  s0: number;
  /** Tail exponent θ of s^-(1+θ) (SEISMIC: 0.242). */
  theta: number;
  /** Longest delay, seconds (the kernel is truncated here). */
  horizon: number;
}

export const SEISMIC: PowerLawDelay = { s0: 300, theta: 0.242, horizon: 24 * 3600 };

/** The delay at cumulative probability q ∈ [0, 1) (inverse CDF of the truncated kernel). */
export function powerLawDelayQuantile(q: number, k: PowerLawDelay): number {
  const head = k.s0;
  const tail = (k.s0 / k.theta) * (1 - Math.pow(k.horizon / k.s0, -k.theta));
  const m = q * (head + tail);
  if (m <= head) return m;
  return k.s0 * Math.pow(1 - (k.theta * (m - head)) / k.s0, -1 / k.theta);
}

export function powerLawDelay(rng: Rng, k: PowerLawDelay): number {
  return powerLawDelayQuantile(rng.next(), k);
}

/** A log-normal delay's quantile: median · exp(σ · z_q), for the tests and the docs. */
export function logNormalQuantile(median: number, sigma: number, z: number): number {
  return median * Math.exp(sigma * z);
}
