/**
 * Many pairs' lags at once (engine/timing-null.ts's co-actions within ± w, t_b − t_a), for the stages
 * that ask for them in bulk: the lag test's first stage over nearly every co-acting pair of a
 * one-life behaviour (fusion.ts: K_w and O_L, `lagScreen`), and the sample-split lag statistics of
 * every member pair of every candidate network (network-chance.ts, `sweepPairLags` + `LagSplit`).
 *
 * Why: `TimingNull.pair` walks both accounts' whole timelines for one pair — Σ (n_a + n_b) over the
 * pairs, 54M actions for fusion's 243,000 pairs at 1M posts and 87M for the 548,000 member pairs.
 * Here the pairs are grouped by their first account a, and each of a's actions reads only the actions
 * of the same object within ± w (a contiguous run of the (object, time)-ordered index): the cost is
 * a's co-actions with everyone, not its partners' timelines.
 *
 * Cost: O(P + A) to group P pairs by account (A accounts), then Σ_a (n_a · log crowd + co-actions of a
 * within ± w) for the accounts a that head a pair (one scan each), plus what the visitor does with each
 * pair's lags; memory O(P + A) and the lags of one account at a time (twice: as found, then by pair).
 */
import type { EligibleIndex } from './eligible-index.js';
import { densestLags } from './timing-null.js';

export interface LagScreen {
  /** K_w per pair, in the order the pairs were given. */
  coActions: Int32Array;
  /** O_L per pair. */
  synchronous: Int32Array;
  /** L per pair: the centre of its densest lags (0 without co-actions), as `TimingNull.pair` gives it. */
  lag: Float64Array;
}

/**
 * K_w, O_L and L for the pairs (as[p], bs[p]); lags are t_b − t_a, as in `TimingNull.pair`.
 * `onLags`, when given, sees each pair's lags (sorted; scratch, valid during the call) with its O_L
 * and K_w: fusion takes the pairs that pass the first stage out of π's population there
 * (`TimingNull.excludeLags`), so no pair's timeline is walked a second time.
 */
export function lagScreen(
  index: EligibleIndex,
  slack: number,
  as: Int32Array,
  bs: Int32Array,
  onLags?: (p: number, sorted: Float64Array, synchronous: number, coActions: number) => void,
): LagScreen {
  const synchronous = new Int32Array(as.length);
  const lag = new Float64Array(as.length);
  const coActions = sweepPairLags(index, as, bs, (p, lags) => {
    if (lags.length > 0) {
      const [count, centre] = densestLags(lags.sort(), slack);
      synchronous[p] = count;
      lag[p] = centre;
    }
    onLags?.(p, lags, synchronous[p]!, lags.length);
  });
  return { coActions, synchronous, lag };
}

/**
 * Gives `visit` every pair's lags and their objects, in the order `TimingNull.pair` lists them (a's
 * actions in time order, and for each the partner's actions on its object in time order), pairs
 * grouped by a. The views are scratch, valid during the call only (the visitor may sort them).
 * Returns K_w per pair, in the order the pairs were given.
 */
export function sweepPairLags(
  index: EligibleIndex,
  as: Int32Array,
  bs: Int32Array,
  visit: (p: number, lags: Float64Array, objects: Int32Array) => void,
): Int32Array {
  const { time, object, account, offset, rowsOf, timeOf, objectOf } = index;
  const w = index.window;
  const eligible = time.length;
  const accounts = offset.length - 1;
  const n = as.length;
  const coActions = new Int32Array(n);
  // The pairs grouped by a (a counting sort: CSR over accounts).
  const headStart = new Int32Array(accounts + 1);
  for (let p = 0; p < n; p++) headStart[as[p]! + 1]! += 1;
  for (let a = 0; a < accounts; a++) headStart[a + 1]! += headStart[a]!;
  const fill = headStart.slice(0, accounts);
  const byHead = new Int32Array(n);
  for (let p = 0; p < n; p++) byHead[fill[as[p]!]!++] = p;

  /** For the current a: partner b → its pair, −1 for accounts that are not a's partners. */
  const pairOf = new Int32Array(accounts).fill(-1);
  /** For the current a: each pair's start in `lags`, then its fill position. */
  const at = new Int32Array(n);
  let lags = new Float64Array(1024);
  let objects = new Int32Array(1024);
  // One sweep per a writes its matches (pair, lag, object) in sweep order; a stable counting sort by
  // pair then lays them out pair by pair. Scanning the crowd around a's actions is the cost, and it
  // used to run twice (count, then write); the matches are a small part of what is scanned.
  let matchPair: Int32Array = new Int32Array(64);
  let matchLag = new Float64Array(64);
  let matchObject: Int32Array = new Int32Array(64);

  /** Every action of a partner within ± w of one of a's actions on its object; returns the matches. */
  const sweep = (a: number): number => {
    let m = 0;
    for (let i = offset[a]!; i < offset[a + 1]!; i++) {
      const o = objectOf[i]!;
      const t = timeOf[i]!;
      // First action of o at or after t − w. a's own action sits at rowsOf[i] in o's time-ordered
      // run, so the run is walked back from there over what the loop below reads anyway — the binary
      // search from the run's start that this replaces read o's start and log(run) probes at random
      // (a third of the sweep's line ticks at 10M posts).
      let lo = rowsOf[i]!;
      while (lo > 0 && object[lo - 1] === o && time[lo - 1]! >= t - w) lo--;
      for (let k = lo; k < eligible && object[k] === o && time[k]! <= t + w; k++) {
        const p = pairOf[account[k]!]!;
        if (p < 0) continue;
        if (m === matchPair.length) {
          matchPair = grownInt(matchPair);
          matchObject = grownInt(matchObject);
          const bigger = new Float64Array(2 * m);
          bigger.set(matchLag);
          matchLag = bigger;
        }
        matchPair[m] = p;
        matchLag[m] = time[k]! - t;
        matchObject[m++] = o;
        coActions[p]! += 1;
      }
    }
    return m;
  };

  for (let a = 0; a < accounts; a++) {
    const first = headStart[a]!;
    const last = headStart[a + 1]!;
    if (first === last) continue;
    for (let h = first; h < last; h++) pairOf[bs[byHead[h]!]!] = byHead[h]!;
    const total = sweep(a);
    let start = 0;
    for (let h = first; h < last; h++) {
      const p = byHead[h]!;
      at[p] = start;
      start += coActions[p]!;
    }
    if (lags.length < total) {
      lags = new Float64Array(Math.max(total, lags.length * 2));
      objects = new Int32Array(lags.length);
    }
    for (let k = 0; k < total; k++) {
      const j = at[matchPair[k]!]!++;
      lags[j] = matchLag[k]!;
      objects[j] = matchObject[k]!;
    }
    for (let h = first; h < last; h++) {
      const p = byHead[h]!;
      const end = at[p]!;
      const start = end - coActions[p]!;
      visit(p, lags.subarray(start, end), objects.subarray(start, end));
      pairOf[bs[p]!] = -1;
    }
  }
  return coActions;
}

function grownInt(a: Int32Array): Int32Array {
  const bigger = new Int32Array(2 * a.length);
  bigger.set(a);
  return bigger;
}
