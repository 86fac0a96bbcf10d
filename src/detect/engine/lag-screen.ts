/**
 * The lag test's screening statistics (engine/timing-null.ts) for many pairs at once: per pair, K_w
 * (its co-actions within ± w) and O_L (the most of them within ± slack of one lag), exactly as
 * `TimingNull.pair` gives them, so fusion can drop the pairs that fail the first stage of the lag
 * test without building each pair's full timing.
 *
 * Why: fusion asks the first stage of nearly every co-acting pair of the one-life behaviours (243,000
 * at 1M posts, of which 14,000 pass), and `pair` walks both accounts' whole timelines for each —
 * Σ (n_a + n_b), 54M actions at 1M posts, plus three arrays per pair. Here the pairs are grouped by
 * their first account a, and each of a's actions reads only the actions of the same object within ± w
 * (a contiguous run of the (object, time)-ordered index): the cost is a's co-actions with everyone,
 * not its partners' timelines.
 *
 * Cost: O(P + A) to group P pairs by account (A accounts), then Σ_a (n_a · log crowd + co-actions of a
 * within ± w) for the accounts a that head a pair, plus sorting each pair's lags; memory O(P + A) and
 * the lags of one account at a time.
 */
import type { EligibleIndex } from './eligible-index.js';
import { densestLags } from './timing-null.js';

export interface LagScreen {
  /** K_w per pair, in the order the pairs were given. */
  coActions: Int32Array;
  /** O_L per pair. */
  synchronous: Int32Array;
}

/** K_w and O_L for the pairs (as[p], bs[p]); lags are t_b − t_a, as in `TimingNull.pair`. */
export function lagScreen(index: EligibleIndex, slack: number, as: Int32Array, bs: Int32Array): LagScreen {
  const { time, account, objectStart, offset, timeOf, objectOf } = index;
  const w = index.window;
  const accounts = offset.length - 1;
  const n = as.length;
  const coActions = new Int32Array(n);
  const synchronous = new Int32Array(n);
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

  /**
   * Every action of a partner within ± w of one of a's actions on its object: counted into
   * `coActions`, or (`write`) its lag written at its pair's fill position in `lags`.
   */
  const sweep = (a: number, write: boolean): void => {
    for (let i = offset[a]!; i < offset[a + 1]!; i++) {
      const o = objectOf[i]!;
      const t = timeOf[i]!;
      // First action of o at or after t − w (binary search over o's time-ordered run).
      let lo = objectStart[o]!;
      let hi = objectStart[o + 1]!;
      const end = hi;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (time[mid]! < t - w) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < end && time[k]! <= t + w; k++) {
        const p = pairOf[account[k]!]!;
        if (p < 0) continue;
        if (write) lags[at[p]!++] = time[k]! - t;
        else coActions[p]! += 1;
      }
    }
  };

  for (let a = 0; a < accounts; a++) {
    const first = headStart[a]!;
    const last = headStart[a + 1]!;
    if (first === last) continue;
    for (let h = first; h < last; h++) pairOf[bs[byHead[h]!]!] = byHead[h]!;
    sweep(a, false);
    let total = 0;
    for (let h = first; h < last; h++) {
      const p = byHead[h]!;
      at[p] = total;
      total += coActions[p]!;
    }
    if (lags.length < total) lags = new Float64Array(Math.max(total, lags.length * 2));
    sweep(a, true);
    for (let h = first; h < last; h++) {
      const p = byHead[h]!;
      const k = coActions[p]!;
      if (k > 0) {
        const own = lags.subarray(at[p]! - k, at[p]).sort();
        synchronous[p] = densestLags(own, slack)[0];
      }
      pairOf[bs[p]!] = -1;
    }
  }
  return { coActions, synchronous };
}
