/**
 * Clock-driven accounts in the lag test (engine/timing-null.ts). A feed bot, an aggregator or any
 * cron job posts at the ticks of its own clock — every P seconds from a fixed phase — so the seconds
 * of its posts modulo P are not uniform (Zhang & Paxson 2011, "Detecting and analyzing automated
 * activity on Twitter", PAM: automated accounts' minute-of-hour and second-of-minute distributions
 * fail a uniformity test). Two such accounts that pick up the same items (an outlet's articles) post
 * each at its next tick, so their lag is fixed by the clocks' phase difference: the steady lag the
 * synchrony test looks for, with no coordination behind it. This module finds each account's clock
 * and gives the share of lags the clocks alone put in the densest ± slack stretch:
 * - both clocked (periods P_a, P_b, phases φ_a, φ_b): an item appearing at a uniformly random moment
 *   u is posted at a's and b's next ticks; the lag's distribution over u ∈ [0, lcm(P_a, P_b)) is
 *   computed exactly on a 1-second grid and its densest ± slack share returned (often 1);
 * - one clocked (period P): whatever the other does, the clocked one posts within [0, P) of it, so
 *   no ± slack stretch can be expected to hold more than 2·slack / P of their lags — the bound used;
 * - neither: 0 (the population's π stands).
 * A campaign's scheduled reposts follow the posts they amplify, which appear at any moment, so its
 * accounts are not clocked; a ring that also posts on a wall-clock grid would be explained away here
 * — the price of not accusing feed bots (docs/DETECT.md).
 *
 * Clock test: periods 300, 600, 900, 1200, 1800 and 3600 s (what feed readers and schedulers offer);
 * an account with at least MIN_POSTS actions is clocked at the largest period whose densest 60-second
 * phase stretch holds at least LOCKED of its actions (uniform times put 60/P ≤ 20 % there; a clock at
 * P is also one at each divisor of P, hence the largest). Cost: O(n · periods) per account with n
 * actions, memoised; a clocked pair costs O(lcm) ≤ 3,600 steps.
 */

export interface Clock {
  period: number;
  phase: number;
}

export const CLOCK_PERIODS = [300, 600, 900, 1200, 1800, 3600] as const;
/** Fewer actions than this cannot show a clock. */
export const MIN_POSTS = 20;
/** Share of an account's actions in its densest 60-second phase stretch that makes it clocked. */
export const LOCKED = 0.7;
const STRETCH = 60;
const BIN = 10;

/** The account's clock from its action times, or undefined if it has none. */
export function findClock(times: ArrayLike<number>): Clock | undefined {
  const n = times.length;
  if (n < MIN_POSTS) return undefined;
  for (let p = CLOCK_PERIODS.length - 1; p >= 0; p--) {
    const period = CLOCK_PERIODS[p]!;
    const bins = period / BIN;
    const hist = new Int32Array(bins);
    for (let i = 0; i < n; i++) {
      const x = ((times[i]! % period) + period) % period;
      hist[Math.min(bins - 1, Math.floor(x / BIN))]! += 1;
    }
    // Circular sliding window of STRETCH / BIN bins.
    const k = STRETCH / BIN;
    let mass = 0;
    for (let i = 0; i < k; i++) mass += hist[i]!;
    let best = mass;
    let at = 0;
    for (let i = 1; i < bins; i++) {
      mass += hist[(i + k - 1) % bins]! - hist[i - 1]!;
      if (mass > best) {
        best = mass;
        at = i;
      }
    }
    if (best >= LOCKED * n) return { period, phase: (at * BIN + STRETCH / 2) % period };
  }
  return undefined;
}

const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
/** The first tick ≥ u of a clock. */
const nextTick = (u: number, c: Clock): number => c.phase + Math.ceil((u - c.phase) / c.period) * c.period;

/** The share of the pair's lags their clocks alone put in the densest ± slack stretch (see above). */
export function clockPi(a: Clock | undefined, b: Clock | undefined, slack: number): number {
  if (!a && !b) return 0;
  if (!a || !b) return Math.min(1, (2 * slack) / (a ?? b)!.period);
  const span = (a.period * b.period) / gcd(a.period, b.period);
  const lags: number[] = [];
  for (let u = 0; u < span; u++) lags.push(nextTick(u, b) - nextTick(u, a));
  lags.sort((x, y) => x - y);
  let best = 0;
  for (let i = 0, j = 0; j < lags.length; j++) {
    while (lags[j]! - lags[i]! > 2 * slack) i++;
    if (j - i + 1 > best) best = j - i + 1;
  }
  return best / lags.length;
}
