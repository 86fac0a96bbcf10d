/**
 * Network-level signals over a detected network's members: accounts created together (a burst of
 * creation dates, compared with chance), a shared handle recipe, and synchronised hours of the day.
 * Each comes with a sentence carrying its numbers; thresholds and sources are in thresholds.ts.
 *
 * Creation burst: the densest window of `windowDays` among the members' creation dates (a scan,
 * O(m log m)). Chance model: each member's creation date falls in that window with probability p —
 * the share of the data set's accounts created in it when a population with at least 30 dated
 * accounts is given (members included, which only makes the test more cautious), else the window's
 * share of a uniform spread from 2006 (when today's large platforms opened to the public) to the
 * network's latest post. The binomial tail P(X ≥ k) is multiplied by the number of windows scanned
 * (span / window, a Bonferroni-style scan correction), so picking the densest window is paid for.
 *
 * Synchronised hours: mean pairwise cosine similarity of members' hour-of-day profiles, computed in
 * O(m · 24) from unit vectors u_i as (|Σu_i|² − m) / (m(m − 1)), so large networks cost no more
 * than small ones; the population's baseline uses the same formula.
 */
import type { AccountSignal } from '../../core/result.js';
import type { AccountActivity } from './activity.js';
import { handleShape } from './handle.js';
import { binomialTail, pct, round } from './stats.js';
import { THRESHOLDS } from './thresholds.js';

/** 2006-01-01T00:00:00Z: the start of the reference span when no population is given. */
const REFERENCE_START = 1136073600;

/** What the network signals compare against; build it once per run with `networkBaseline`. */
export interface NetworkBaseline {
  /** Sorted creation times (Unix s) of the data set's accounts that have one. */
  creationTimes: Float64Array;
  /** Mean pairwise cosine of hour-of-day profiles among the data set's accounts; null if too few. */
  hourCosine: number | null;
}

export interface NetworkSignalOptions {
  /** The run's baseline (preferred: computed once), or the population to compute it from. */
  baseline?: NetworkBaseline;
  population?: Iterable<AccountActivity>;
}

interface HourProfile {
  sum: Float64Array;
  count: number;
}

function hourProfiles(accounts: Iterable<AccountActivity>): HourProfile {
  const sum = new Float64Array(24);
  let count = 0;
  for (const a of accounts) {
    if (a.times.length < THRESHOLDS.syncHours.minPosts) continue;
    let norm = 0;
    for (let h = 0; h < 24; h++) norm += a.hours[h]! * a.hours[h]!;
    if (norm === 0) continue;
    norm = Math.sqrt(norm);
    for (let h = 0; h < 24; h++) sum[h]! += a.hours[h]! / norm;
    count++;
  }
  return { sum, count };
}

function meanPairwiseCosine(p: HourProfile): number | null {
  if (p.count < 2) return null;
  let sq = 0;
  for (let h = 0; h < 24; h++) sq += p.sum[h]! * p.sum[h]!;
  return Math.min(1, Math.max(0, (sq - p.count) / (p.count * (p.count - 1))));
}

/** One pass over the data set's accounts: creation dates and the hour-profile baseline. */
export function networkBaseline(population: Iterable<AccountActivity>): NetworkBaseline {
  const created: number[] = [];
  const list: AccountActivity[] = [];
  for (const a of population) {
    list.push(a);
    const c = a.profile?.createdAt;
    if (c !== undefined && Number.isFinite(c)) created.push(c);
  }
  const profiles = hourProfiles(list);
  return {
    creationTimes: Float64Array.from(created).sort(),
    hourCosine: profiles.count >= THRESHOLDS.syncHours.minMembers ? meanPairwiseCosine(profiles) : null,
  };
}

function countIn(sorted: Float64Array, from: number, to: number): number {
  const lower = (x: number): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let lo = lower(to);
  while (lo < sorted.length && sorted[lo] === to) lo++;
  return lo - lower(from);
}

function day(t: number): string {
  return new Date(t * 1000).toISOString().slice(0, 10);
}

function missing(name: string, what: string): AccountSignal {
  return { name, value: null, flagged: false, explanation: `Not available: ${what}.` };
}

export function creationBurstSignal(
  members: readonly AccountActivity[],
  baseline?: NetworkBaseline,
): AccountSignal {
  const name = 'creation-burst';
  const { windowDays, minMembers, minShare, maxP } = THRESHOLDS.creationBurst;
  const c = Float64Array.from(
    members
      .map((m) => m.profile?.createdAt)
      .filter((x): x is number => x !== undefined && Number.isFinite(x)),
  ).sort();
  const n = c.length;
  if (n < minMembers) {
    return missing(name, `only ${n} of ${members.length} members have a creation date (needs ${minMembers})`);
  }
  const w = windowDays * 86400;
  let best = 1;
  let bestStart = 0;
  for (let i = 0, j = 0; j < n; j++) {
    while (c[j]! - c[i]! > w) i++;
    if (j - i + 1 > best) {
      best = j - i + 1;
      bestStart = i;
    }
  }
  const from = c[bestStart]!;
  const to = from + w;
  let p: number;
  let windows: number;
  let model: string;
  const ref = baseline?.creationTimes;
  if (ref !== undefined && ref.length >= 10 * minMembers) {
    p = countIn(ref, from, to) / ref.length;
    windows = Math.max(1, (ref[ref.length - 1]! - ref[0]!) / w);
    model = `creation dates spread like those of the data set's ${ref.length} accounts`;
  } else {
    let latest = c[n - 1]!;
    for (const m of members) if (m.times.length > 0) latest = Math.max(latest, m.times[m.times.length - 1]!);
    const start = Math.min(REFERENCE_START, c[0]!);
    const span = Math.max(w, latest - start);
    p = w / span;
    windows = span / w;
    model = `creation dates spread evenly from ${day(start)} to ${day(latest)}`;
  }
  const expected = n * p;
  const pValue = Math.min(1, windows * binomialTail(best, n, p));
  const share = best / n;
  const flagged = best >= minMembers && share >= minShare && pValue <= maxP;
  return {
    name,
    value: round(share),
    flagged,
    explanation:
      `${best} of the ${n} members with a known creation date were created within ${windowDays} days (from ${day(from)}); ` +
      `with ${model}, about ${round(expected, 2)} would be expected in such a window, and a cluster this tight has a chance probability of ${pValue.toPrecision(2)} after scanning every window` +
      ` (flagged when at least ${minMembers} members and ${pct(minShare)} of them, at p ≤ ${maxP}).`,
  };
}

export function sharedHandleSignal(members: readonly AccountActivity[]): AccountSignal {
  const name = 'shared-handle-pattern';
  const { minMembers, minShare, minDigits } = THRESHOLDS.sharedHandle;
  const counts = new Map<string, number>();
  let known = 0;
  for (const m of members) {
    const h = m.screenName ?? m.profile?.screenName;
    if (h === undefined || h === '') continue;
    known++;
    const s = handleShape(h);
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  if (known < minMembers)
    return missing(
      name,
      `only ${known} of ${members.length} members have a screen name (needs ${minMembers})`,
    );
  let shape = '';
  let count = 0;
  for (const [s, k] of counts) if (k > count || (k === count && s < shape)) [shape, count] = [s, k];
  const digits = shape.split('9').length - 1;
  const share = count / known;
  const flagged = count >= minMembers && share >= minShare && digits >= minDigits;
  return {
    name,
    value: round(share),
    flagged,
    explanation:
      `${count} of ${known} members' handles share the shape "${shape}" (A = letters, 9 = a digit)` +
      (flagged
        ? ': one recipe, as when accounts are registered in a batch.'
        : digits < minDigits
          ? `; shapes with fewer than ${minDigits} digits are too common to mean anything.`
          : ` (flagged from ${pct(minShare)}).`),
  };
}

export function synchronisedHoursSignal(
  members: readonly AccountActivity[],
  baseline?: NetworkBaseline,
): AccountSignal {
  const name = 'synchronised-hours';
  const { minPosts, minMembers, minCosine, aboveBaseline } = THRESHOLDS.syncHours;
  const profiles = hourProfiles(members);
  const cos = profiles.count >= minMembers ? meanPairwiseCosine(profiles) : null;
  if (cos === null) {
    return missing(
      name,
      `only ${profiles.count} members have ${minPosts} or more posts (needs ${minMembers})`,
    );
  }
  const base = baseline?.hourCosine ?? null;
  const cut = base === null ? minCosine : Math.min(0.97, Math.max(0.8, base + aboveBaseline));
  const pooled = new Float64Array(24);
  let total = 0;
  for (const m of members) {
    for (let h = 0; h < 24; h++) {
      pooled[h]! += m.hours[h]!;
      total += m.hours[h]!;
    }
  }
  const top = [...pooled.keys()].sort((x, y) => pooled[y]! - pooled[x]! || x - y).slice(0, 3);
  const topShare = total === 0 ? 0 : top.reduce((s, h) => s + pooled[h]!, 0) / total;
  const flagged = cos >= cut;
  return {
    name,
    value: round(cos),
    flagged,
    explanation:
      `The ${profiles.count} members with ${minPosts}+ posts have hour-of-day profiles with a mean pairwise cosine similarity of ${round(cos, 2)}` +
      (base === null ? '' : ` (the data set's accounts: ${round(base, 2)})`) +
      `; ${pct(topShare)} of their posts fall in the UTC hours ${top.map((h) => `${h}:00`).join(', ')}` +
      `${flagged ? ': they are active at the same times, as a shift would be' : ''} (flagged from ${round(cut, 2)}).`,
  };
}

/** All network-level signals for one network's members, in a fixed order. */
export function networkSignals(
  members: readonly AccountActivity[],
  options: NetworkSignalOptions = {},
): AccountSignal[] {
  const baseline = options.baseline ?? (options.population ? networkBaseline(options.population) : undefined);
  return [
    creationBurstSignal(members, baseline),
    sharedHandleSignal(members),
    synchronisedHoursSignal(members, baseline),
  ];
}
