/**
 * The eligible actions of one behaviour pass, indexed the ways the pair-level nulls need them
 * (engine/local-null.ts, engine/timing-null.ts): in (object, time) order with each action's crowd,
 * and per account in time order (CSR). Built once per behaviour, and only when some pair needs a null
 * beyond the crowd and shared-interest ones.
 *
 * Cost: one pass over the pass's ordered actions, a native sort of the N eligible times and a counting
 * bucket by account; memory ≈ 36 bytes per eligible action.
 */
import type { ActionTable, PostColumns } from './actions.js';
import { timeOrder } from './sort.js';

/** What the index needs of a behaviour pass (engine/lockstep.ts BehaviourPass). */
export interface EligibleInput {
  table: ActionTable;
  window: number;
  order: Int32Array;
  starts: Int32Array;
  kept: Uint8Array;
}

export interface EligibleIndex {
  window: number;
  /** Eligible actions in (object, time) order: k = 0 … n − 1. */
  time: Float64Array;
  object: Int32Array;
  account: Int32Array;
  /** Eligible actions of other accounts on the same object within ± window. */
  crowd: Int32Array;
  /** Per object, its eligible actions' range [objectStart[o], objectStart[o + 1]). */
  objectStart: Int32Array;
  /** All actions ordered by time (indices k). */
  byTime: Int32Array;
  /** Per account a, its actions in time order: rowsOf[offset[a] … offset[a + 1]). */
  offset: Int32Array;
  rowsOf: Int32Array;
  /**
   * time[rowsOf[i]] and object[rowsOf[i]], laid out per account: the pair-level nulls walk two
   * accounts' actions for every pair they test, and reading them through rowsOf was a cache miss per
   * action (at 3M posts, most of the timing null's cost).
   */
  timeOf: Float64Array;
  objectOf: Int32Array;
}

export function buildEligibleIndex(pass: EligibleInput, columns: PostColumns): EligibleIndex {
  const { table, order, starts, kept } = pass;
  const w = pass.window;
  const accountCount = columns.accounts.size;
  const objectCount = table.objects.size;
  let n = 0;
  for (let r = 0; r < kept.length; r++) n += kept[r]!;
  const time = new Float64Array(n);
  const object = new Int32Array(n);
  const account = new Int32Array(n);
  const crowd = new Int32Array(n);
  const objectStart = new Int32Array(objectCount + 1);
  let k = 0;
  for (let o = 0; o < objectCount; o++) {
    const first = k;
    for (let i = starts[o]!; i < starts[o + 1]!; i++) {
      const r = order[i]!;
      if (!kept[r]) continue;
      const p = table.post[r]!;
      time[k] = columns.time[p]!;
      object[k] = o;
      account[k++] = columns.account[p]!;
    }
    objectStart[o + 1] = k;
    // Two pointers over the object's time-ordered eligible actions: an account's own eligible
    // actions on one object are more than w apart (collapse), so every neighbour is another account.
    let lo = first;
    let hi = first;
    for (let i = first; i < k; i++) {
      while (time[lo]! < time[i]! - w) lo++;
      if (hi < i) hi = i;
      while (hi + 1 < k && time[hi + 1]! <= time[i]! + w) hi++;
      crowd[i] = hi - lo;
    }
  }
  const byTime = timeOrder(time);
  // Bucketing the time-sorted actions by account keeps each bucket in time order.
  const offset = new Int32Array(accountCount + 1);
  for (let i = 0; i < n; i++) offset[account[i]! + 1]! += 1;
  for (let a = 0; a < accountCount; a++) offset[a + 1]! += offset[a]!;
  const fill = offset.slice(0, accountCount);
  const rowsOf = new Int32Array(n);
  const timeOf = new Float64Array(n);
  const objectOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = byTime[i]!;
    const at = fill[account[row]!]!++;
    rowsOf[at] = row;
    timeOf[at] = time[row]!;
    objectOf[at] = object[row]!;
  }
  return { window: w, time, object, account, crowd, objectStart, byTime, offset, rowsOf, timeOf, objectOf };
}
