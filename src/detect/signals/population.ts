/**
 * What is typical in the data set, so explanations can put an account's numbers beside the
 * population's ("the data set's median is 0.31"). Flags never depend on it: a data set that is all
 * bots must not make bots look normal. One pass over the accounts, O(accounts) memory.
 */
import type { AccountActivity } from './activity.js';
import { median } from './stats.js';

export interface PopulationStats {
  accounts: number;
  /** Medians over accounts with at least one post; NaN-free: null when no account qualifies. */
  repostRatio: number | null;
  postsPerDay: number | null;
  cadenceCv: number | null;
}

/** Posts per day over the account's active span (at least one day). */
export function postsPerDay(a: AccountActivity): number {
  const n = a.times.length;
  if (a.posts === 0) return 0;
  const span = n > 1 ? a.times[n - 1]! - a.times[0]! : 0;
  return a.posts / Math.max(1, span / 86400);
}

/** Coefficient of variation of the gaps between consecutive posts; null with fewer than 2 gaps. */
export function cadenceCv(times: Float64Array): number | null {
  const gaps = times.length - 1;
  if (gaps < 2) return null;
  let sum = 0;
  for (let i = 1; i < times.length; i++) sum += times[i]! - times[i - 1]!;
  const mean = sum / gaps;
  if (mean <= 0) return null;
  let ss = 0;
  for (let i = 1; i < times.length; i++) ss += (times[i]! - times[i - 1]! - mean) ** 2;
  return Math.sqrt(ss / (gaps - 1)) / mean;
}

/**
 * How timer-like the gaps are: the median gap and the share of gaps within ±jitter of it (a low-jitter
 * schedule shows even when long pauses inflate the coefficient of variation). O(n log n).
 */
export function gapRegularity(times: Float64Array, jitter: number): { medianGap: number; share: number } {
  const gaps = times.length - 1;
  if (gaps < 1) return { medianGap: 0, share: 0 };
  const g = new Float64Array(gaps);
  for (let i = 0; i < gaps; i++) g[i] = times[i + 1]! - times[i]!;
  const sorted = g.slice().sort();
  const med = (sorted[(gaps - 1) >> 1]! + sorted[gaps >> 1]!) / 2;
  let regular = 0;
  for (let i = 0; i < gaps; i++) if (Math.abs(g[i]! - med) <= jitter * med) regular++;
  return { medianGap: med, share: regular / gaps };
}

/**
 * The longest run of consecutive quiet hours of the day (UTC, wrapping midnight; an hour is quiet
 * with under `quietShare` of the posts) and the number of hours that are not quiet. O(48).
 */
export function quietStretch(
  hours: Uint32Array,
  quietShare: number,
): { longest: number; activeHours: number } {
  let total = 0;
  for (let h = 0; h < 24; h++) total += hours[h]!;
  const quiet = (h: number): boolean => hours[h % 24]! < quietShare * total;
  let longest = 0;
  let run = 0;
  for (let i = 0; i < 48; i++) {
    if (quiet(i)) {
      run++;
      longest = Math.max(longest, Math.min(run, 24));
    } else run = 0;
  }
  let activeHours = 0;
  for (let h = 0; h < 24; h++) if (!quiet(h)) activeHours++;
  return { longest, activeHours };
}

function orNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export function populationStats(activities: Iterable<AccountActivity>): PopulationStats {
  const ratios: number[] = [];
  const rates: number[] = [];
  const cvs: number[] = [];
  let accounts = 0;
  for (const a of activities) {
    accounts++;
    if (a.posts === 0) continue;
    ratios.push(a.reposts / a.posts);
    rates.push(postsPerDay(a));
    const cv = cadenceCv(a.times);
    if (cv !== null) cvs.push(cv);
  }
  return {
    accounts,
    repostRatio: orNull(median(ratios)),
    postsPerDay: orNull(median(rates)),
    cadenceCv: orNull(median(cvs)),
  };
}
