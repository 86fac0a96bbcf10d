/**
 * Timing nulls for objects with one life — a post that is reposted or replied to, an article link, a
 * headline or message text: their actions come in one cascade after they appear, so two accounts that
 * both act on one are close in time because the object is, not because they are coordinated.
 *
 * 1. **Interest with the object's own timeline**: a and b keep which objects they act on (n_{a,o}),
 *    and on each shared object their times fall like everyone else's on it:
 *    E_tl = Σ_o n_{a,o} n_{b,o} · P_o, with P_o the share of o's pairs of eligible actions (different
 *    accounts) that lie within ± w, leaving out the pair's own (so a pair cannot explain itself):
 *    P_o = (C_o − x_{ab,o} + P̄) / (Π_o − n_{a,o} n_{b,o} + 1), C_o the co-actions on o, Π_o its pairs,
 *    shrunk by one pseudo-pair at the behaviour's pooled share P̄ = ΣC / ΣΠ (a post only the pair
 *    touched would otherwise get 0, as if its timeline said they could not meet). This is
 *    what explains a fan or activist community — each member reposts a share of its leaders' posts at
 *    its own heavy-tailed delay (Zhao et al. 2015, SEISMIC; Barabási 2005) — and feed bots posting an
 *    outlet's articles at their own poll times. Round 1 rejected a within-object time shuffle because
 *    on a hashtag only a campaign uses the timeline _is_ the campaign; that holds for recurring
 *    objects (hashtags, domains, mentions, images), so this null is used only for one-life objects.
 * 2. **Synchrony (lag) test**, which catches what (1) explains away on an object only a ring touches:
 *    the pair's co-actions within ± w have lags Δ = t_b − t_a; O_L is the most of them within ± s of
 *    one lag L (L = 0: acting together; L ≠ 0: a persona that always follows another by a fixed delay).
 *    Under the null, lags are draws from the population's lag distribution of the behaviour (all
 *    co-actions within ± w, symmetric), whose densest 2s-wide stretch holds a share π, so
 *    E_L = K_w · π (K_w the pair's co-actions); the p-value is Bonferroni-corrected over the
 *    G = ⌈w / s⌉ distinct lags that could have been chosen. The population must not be the rings
 *    themselves (a data set of one ring, a released troll archive): π is first the uniform reference
 *    s / w (lags spread evenly over the window), the pairs that pass at it are taken out of the
 *    population (`exclude`), and π becomes the larger of the reference and what the rest of the
 *    population shows — when at least MIN_POPULATION co-actions remain; otherwise the reference. Humans' reaction times are heavy-tailed,
 *    so two people's lags wander from post to post; a ring's or a scheduled persona's do not — the
 *    regularity that CooRTweet's and CooRnet's short windows look for (Giglietto et al. 2020), found
 *    at any lag within the window.
 *
 * Cost: building is O(eligible actions + co-actions) (the lag histogram walks every co-action once);
 * memory O(objects + w) plus the index. A pair costs O(n_a + n_b + their co-actions).
 */
import type { EligibleIndex } from './eligible-index.js';
import { clockPi, findClock, type Clock } from './clock-null.js';

export interface PairTiming {
  /** E_tl, the interest-with-timeline expectation of the pair's co-actions. */
  interestTimeline: number;
  /** K_w: the pair's co-actions within ± w. */
  coActions: number;
  /** O_L: the most co-actions within ± slack of one lag. */
  synchronous: number;
  /** L in seconds (t_b − t_a for the pair's a < b), the centre of the densest lags. */
  lag: number;
  /**
   * Sample-split form for sums over many pairs (a network): the lag is chosen on the pair's odd
   * co-actions (in time order) and the even ones within ± slack of it are counted, so the choice does
   * not inflate the count; expected = held · π.
   */
  heldObserved: number;
  held: number;
  /** The lag chosen on the odd co-actions, and the objects of the held (even) ones. */
  fitLag: number;
  heldObjects: readonly number[];
  /** The pair's lags in a's time order (kept for `exclude`, which needs only their sizes). */
  lags: readonly number[];
}

export interface TimingNull {
  /** ± seconds around a lag that count as "at that lag". */
  slack: number;
  /** Distinct lags a pair's O_L could be centred on: the Bonferroni factor of the lag test. */
  positions: number;
  /** π: the share of lags expected in the densest 2·slack stretch (see the module comment). */
  pi(): number;
  /**
   * π for one pair: the population's, or more when the accounts post on clocks (engine/clock-null.ts:
   * two feed bots' steady lag is their clocks' phase difference).
   */
  piFor(a: number, b: number): number;
  /** The uniform reference s / w. */
  piReference: number;
  pair(a: number, b: number): PairTiming;
  /** `pair(a, b).interestTimeline` without the lag statistics (no sorts, no arrays kept). */
  interestTimeline(a: number, b: number): number;
  /** Takes a pair's co-actions out of the population that π is estimated from. */
  exclude(t: PairTiming): void;
  /** `exclude` from the pair's lags alone (any order): what lag-screen.ts hands over. */
  excludeLags(lags: ArrayLike<number>): void;
  /**
   * On object o, the pairs of actions by accounts for which `outside` holds: how many lie within ± w
   * of each other, and how many of those a lag drawn from them (either order) puts within ± slack of
   * `lag` — the object's own lag reference for a network's members (network-chance.ts).
   */
  outsiderLags(
    o: number,
    lag: number,
    outside: (account: number) => boolean,
  ): { near: number; pairs: number };
}

/** The densest ± slack stretch of sorted lags: [count, centre]. O(lags). */
export function densestLags(sorted: Float64Array, slack: number): [number, number] {
  let best = 0;
  let centre = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! > 2 * slack) i++;
    if (j - i + 1 > best) {
      best = j - i + 1;
      centre = (sorted[i]! + sorted[j]!) / 2;
    }
  }
  return [best, centre];
}

/**
 * The sample split of a pair's lags (PairTiming's heldObserved, held, fitLag), in reused scratch: the
 * lag is chosen on the co-actions at even positions of a's time order (0, 2, …) and those at odd
 * positions are counted within ± slack of it.
 */
export class LagSplit {
  fitLag = 0;
  heldObserved = 0;
  held = 0;
  private scratch = new Float64Array(1024);

  constructor(readonly slack: number) {}

  /** Splits the first n lags (in a's time order); sets fitLag, heldObserved and held. */
  split(lags: ArrayLike<number>, n: number): void {
    const half = (n + 1) >> 1;
    if (this.scratch.length < half) this.scratch = new Float64Array(Math.max(half, 2 * this.scratch.length));
    const fit = this.scratch;
    for (let k = 0; k < n; k += 2) fit[k >> 1] = lags[k]!;
    const fitLag = densestLags(fit.subarray(0, half).sort(), this.slack)[1];
    let heldObserved = 0;
    for (let k = 1; k < n; k += 2) if (Math.abs(lags[k]! - fitLag) <= this.slack) heldObserved++;
    this.fitLag = fitLag;
    this.heldObserved = half > 0 ? heldObserved : 0;
    this.held = n >> 1;
  }
}

/** Below this many co-actions left after `exclude`, the population is too thin to estimate π. */
export const MIN_POPULATION = 1000;

/** ± 60 s around a lag, or a tenth of shorter windows. */
export const slackFor = (window: number): number => Math.max(1, Math.min(60, Math.floor(window / 10)));

/**
 * The lag test's constants for a window: its Bonferroni positions (⌈w / s⌉ lags of width s) and the
 * uniform reference π = s / w, the most permissive π the test can end with. Data-free, so a screen can
 * ask before any timeline is built (detect/candidate-screen.ts).
 */
export function lagConstants(w: number): { positions: number; piReference: number } {
  const s = slackFor(w);
  return { positions: Math.max(1, Math.ceil(w / s)), piReference: Math.min(1, s / Math.max(w, 1)) };
}

export function buildTimingNull(index: EligibleIndex, uniformOnly = false): TimingNull {
  const { time, account, objectStart, offset, timeOf, objectOf } = index;
  const w = index.window;
  const s = slackFor(w);
  const objects = objectStart.length - 1;
  const coact = new Float64Array(objects);
  const pairs = new Float64Array(objects);
  const width = Math.floor(w);
  const absHist = new Float64Array(width + 1);
  const perAccount = new Int32Array(offset.length);
  const touched: number[] = [];
  for (let o = 0; o < objects; o++) {
    const first = objectStart[o]!;
    const end = objectStart[o + 1]!;
    const n = end - first;
    if (n < 2) continue;
    let same = 0;
    touched.length = 0;
    for (let i = first; i < end; i++) {
      const a = account[i]!;
      if (perAccount[a] === 0) touched.push(a);
      same += perAccount[a]!;
      perAccount[a]! += 1;
    }
    for (const a of touched) perAccount[a] = 0;
    pairs[o] = (n * (n - 1)) / 2 - same;
    let c = 0;
    for (let i = first; i < end; i++)
      for (let j = i + 1; j < end; j++) {
        const d = time[j]! - time[i]!;
        if (d > w) break;
        c++;
        absHist[Math.min(width, Math.floor(d))]! += 1;
      }
    coact[o] = c;
  }
  // The behaviour's pooled share of pairs within ± w: what an object with no other pairs is given, as
  // one pseudo-pair, so that a post only the pair touched does not get expectation 0.
  let allPairs = 0;
  let allClose = 0;
  for (let o = 0; o < objects; o++) {
    allPairs += pairs[o]!;
    allClose += coact[o]!;
  }
  const pooled = allPairs > 0 ? allClose / allPairs : 0;
  const { positions, piReference } = lagConstants(w);
  let piCache: number | undefined;
  /** Densest 2s + 1 seconds of the signed, symmetric lag distribution over [−w, w], as a share. */
  const populationPi = (): number => {
    const signed = new Float64Array(2 * width + 2);
    let total = 0;
    for (let d = 0; d <= width; d++) {
      const h = absHist[d]!;
      total += h;
      if (d === 0) signed[width + 1]! += h;
      else {
        signed[width + 1 + d]! += h / 2;
        signed[width + 1 - d]! += h / 2;
      }
    }
    if (total < MIN_POPULATION) return piReference;
    for (let i = 1; i < signed.length; i++) signed[i]! += signed[i - 1]!;
    let densest = 0;
    for (let c = 0; c <= 2 * width; c++) {
      const mass = signed[Math.min(2 * width, c + s) + 1]! - signed[Math.max(0, c - s)]!;
      if (mass > densest) densest = mass;
    }
    return Math.max(piReference, Math.min(1, densest / total));
  };

  // Per-object scratch for pair(): dense counters reset through the lists of objects touched, not
  // Maps — pair() runs for every member pair of every candidate network, and Map churn was most of
  // the evidence stage's time and garbage at 1M posts. `sharedList` keeps b's first-hit order so the
  // sum below adds in the same order as before (bit-identical expectations).
  const countA = new Int32Array(objects);
  const countB = new Int32Array(objects);
  const xOn = new Int32Array(objects);
  const touchedA: number[] = [];
  /** The account whose n_{a,o} `countA` holds (objects in `touchedA`). */
  let markedA = -1;
  const sharedList: number[] = [];
  const lags: number[] = [];
  const lagObjects: number[] = [];
  let sortScratch = new Float64Array(1024);
  const splitter = new LagSplit(s);
  const outsideTimes: number[] = [];
  const densestOf = (sorted: Float64Array): [number, number] => densestLags(sorted, s);
  // Per account: its clock, null when it has none, undefined until asked (piFor runs for every
  // member pair of every candidate network; a Map and a copy of the timeline per account showed).
  const clocks: (Clock | null | undefined)[] = new Array<Clock | null | undefined>(offset.length - 1);
  const clockOf = (a: number): Clock | undefined => {
    let c = clocks[a];
    if (c === undefined) c = clocks[a] = findClock(timeOf.subarray(offset[a], offset[a + 1])) ?? null;
    return c ?? undefined;
  };
  /**
   * Fills `lags` and `lagObjects` with the pair's co-actions within ± w (a's time order) and returns
   * its interest-with-timeline expectation E_tl.
   */
  const walk = (a: number, b: number): number => {
    // a's actions per object, then b's: n_{a,o}, n_{b,o} on the objects both acted on.
    // n_{a,o} stays marked from the previous call with the same a: callers that ask many pairs
    // group them by a (network-chance.ts), and marking and clearing a's timeline was ~15% of a call's line ticks at 1M posts.
    if (a !== markedA) {
      for (const o of touchedA) countA[o] = 0;
      touchedA.length = 0;
      markedA = a;
      for (let i = offset[a]!; i < offset[a + 1]!; i++) {
        const o = objectOf[i]!;
        if (countA[o] === 0) touchedA.push(o);
        countA[o]! += 1;
      }
    }
    sharedList.length = 0;
    for (let j = offset[b]!; j < offset[b + 1]!; j++) {
      const o = objectOf[j]!;
      if (countA[o] === 0) continue;
      if (countB[o] === 0) sharedList.push(o);
      countB[o]! += 1;
    }
    // Co-actions within ± w through a merge of the two time-ordered lists, with their lags.
    lags.length = 0;
    lagObjects.length = 0;
    if (sharedList.length > 0) {
      let lo = offset[b]!;
      const be = offset[b + 1]!;
      for (let i = offset[a]!; i < offset[a + 1]!; i++) {
        const oi = objectOf[i]!;
        // Only actions on shared objects can co-act with b's.
        if (countB[oi] === 0) continue;
        const t = timeOf[i]!;
        while (lo < be && timeOf[lo]! < t - w) lo++;
        for (let j = lo; j < be; j++) {
          if (timeOf[j]! > t + w) break;
          if (objectOf[j] !== oi) continue;
          lags.push(timeOf[j]! - t);
          lagObjects.push(oi);
          xOn[oi]! += 1;
        }
      }
    }
    let interestTimeline = 0;
    for (const o of sharedList) {
      const na = countA[o]!;
      const nb = countB[o]!;
      const others = Math.max(0, pairs[o]! - na * nb);
      const close = Math.max(0, coact[o]! - xOn[o]!);
      interestTimeline += (na * nb * (close + pooled)) / (others + 1);
      countB[o] = 0;
      xOn[o] = 0;
    }
    return interestTimeline;
  };
  const excludeLags = (lags: ArrayLike<number>): void => {
    for (let k = 0; k < lags.length; k++) absHist[Math.min(width, Math.floor(Math.abs(lags[k]!)))]! -= 1;
    piCache = undefined;
  };
  // A released archive's population is the operation itself: the uniform reference only.
  const pi = (): number => (piCache ??= uniformOnly ? piReference : populationPi());
  return {
    slack: s,
    positions,
    piReference,
    pi,
    piFor: (a, b) => Math.max(pi(), clockPi(clockOf(a), clockOf(b), s)),
    outsiderLags(o, lag, outside) {
      outsideTimes.length = 0;
      for (let k = objectStart[o]!; k < objectStart[o + 1]!; k++)
        if (outside(account[k]!)) outsideTimes.push(time[k]!);
      // Sorted times; d = t_j − t_i ≥ 0 for i < j. A signed lag L is met by d ∈ [L − s, L + s] in one
      // order and d ∈ [−L − s, −L + s] in the other, each with weight ½.
      const n = outsideTimes.length;
      const within = (lo: number, hi: number): number => {
        if (hi < 0) return 0;
        let count = 0;
        let from = 0;
        let to = 0;
        for (let i = 0; i < n; i++) {
          if (from <= i) from = i + 1;
          while (from < n && outsideTimes[from]! - outsideTimes[i]! < lo) from++;
          if (to < from) to = from;
          while (to < n && outsideTimes[to]! - outsideTimes[i]! <= hi) to++;
          count += to - from;
        }
        return count;
      };
      return {
        pairs: within(0, w),
        near: (within(lag - s, Math.min(w, lag + s)) + within(-lag - s, Math.min(w, -lag + s))) / 2,
      };
    },
    exclude(t: PairTiming): void {
      excludeLags(t.lags);
    },
    excludeLags,
    pair(a: number, b: number): PairTiming {
      const interestTimeline = walk(a, b);
      // `lags` is in a's time order here: split it before sorting. Sorting happens in reused typed
      // scratch (native numeric sort, no per-pair typed array): pair() runs for every lag candidate
      // of fusion, and three typed arrays per call, each with its own backing store, were a third of
      // its time plus most of the evidence stage's garbage at 1M posts.
      const n = lags.length;
      splitter.split(lags, n);
      const heldObjects: number[] = [];
      for (let k = 1; k < n; k += 2) heldObjects.push(lagObjects[k]!);
      if (sortScratch.length < n) sortScratch = new Float64Array(Math.max(n, 2 * sortScratch.length));
      for (let k = 0; k < n; k++) sortScratch[k] = lags[k]!;
      const [best, lag] = densestOf(sortScratch.subarray(0, n).sort());
      return {
        heldObserved: splitter.heldObserved,
        held: splitter.held,
        fitLag: splitter.fitLag,
        heldObjects,
        lags: lags.slice(),
        interestTimeline,
        coActions: n,
        synchronous: best,
        lag,
      };
    },
    interestTimeline: (a, b) => walk(a, b),
  };
}
