/**
 * Lockstep's co-action sweep (engine/lockstep.ts step 4): every pair of eligible actions of different
 * accounts on one object within the window (inclusive), gathered per smaller account so that
 * engine/pair-aggregate.ts can total each pair with dense per-partner counters instead of a hash table.
 *
 * The sweep runs twice: first counting co-actions per smaller account (and each account's co-action
 * degree D_a), then writing each co-action's two eligible positions into that account's segment — a
 * counting sort, so the gathered co-actions take 8 bytes each and no growable buffer.
 *
 * Past 2^16 accounts the second sweep writes in two levels (first per bucket of 4,096 accounts, then
 * per account within each bucket; see gatherCoActions), so that its writes stay in cache.
 *
 * Cost: O(co-actions + accounts) time, two sweeps (+ one sequential copy of the co-actions in two
 * levels); memory 8 bytes per co-action + 16 per account (+ 8 per co-action of the largest bucket).
 */

/** Co-actions per smaller account: `coRows[2k], coRows[2k + 1]` for k in `segment[a] … segment[a + 1]`. */
export interface GatheredCoActions {
  /** Per account: the co-actions its eligible actions take part in (D_a). */
  degree: Float64Array;
  /** Per account a, the start of its co-actions in `coRows` (in co-actions, not elements); one more at the end. */
  segment: Float64Array;
  /** Each co-action's two eligible positions, i (earlier in the sweep) then j. */
  coRows: Int32Array;
  coActions: number;
}

/** Accounts per bucket of the two-level write: their write positions take 4,096 × 64 bytes (in L2). */
const BUCKET_BITS = 12;
/**
 * From this many accounts the co-actions are written in two levels. Below it every account's write
 * position stays in cache anyway (2^16 accounts: 4 MB of cache lines) and one level is cheaper.
 */
export const TWO_LEVEL_ACCOUNTS = 1 << 16;

/**
 * @param starts eligible positions per object (object o's are `starts[o] … starts[o + 1]`), in time order
 * @param account, time  per eligible position
 * @param twoLevelFrom accounts from which to write in two levels (tests lower it)
 */
export function gatherCoActions(
  starts: Int32Array,
  account: Int32Array,
  time: Float64Array,
  accountCount: number,
  w: number,
  twoLevelFrom = TWO_LEVEL_ACCOUNTS,
): GatheredCoActions {
  const objectCount = starts.length - 1;
  const degree = new Float64Array(accountCount);
  const segment = new Float64Array(accountCount + 1);
  let coActions = 0;
  // The within-window pair loop is written out here and in writeCoActions: a callback per co-action
  // would cost a call on the hottest loop of the stage.
  for (let o = 0; o < objectCount; o++) {
    const e = starts[o + 1]!;
    for (let i = starts[o]!; i < e; i++) {
      const ti = time[i]!;
      const ai = account[i]!;
      for (let j = i + 1; j < e; j++) {
        if (time[j]! - ti > w) break;
        const aj = account[j]!;
        if (aj === ai) continue;
        degree[ai]! += 1;
        degree[aj]! += 1;
        segment[(ai < aj ? ai : aj) + 1]! += 1;
        coActions++;
      }
    }
  }
  for (let a = 0; a < accountCount; a++) segment[a + 1]! += segment[a]!;
  const coRows = new Int32Array(2 * coActions);
  if (accountCount < twoLevelFrom) {
    writeCoActions(starts, account, time, w, coRows, segment.slice(0, accountCount), 0);
    return { degree, segment, coRows, coActions };
  }
  // Two levels. Written straight to its account's segment, every co-action is a write to one of
  // `accountCount` places: past a few hundred thousand accounts those cache lines no longer fit in
  // the last-level cache and nearly every write misses (at 10M simulated posts ~520k accounts). So the
  // sweep first writes each co-action to its bucket of 4,096 accounts (a few hundred places), in sweep
  // order, then each bucket is copied out and written to its accounts' segments — the same stable
  // order as one level, two sequential passes instead of one scattered one.
  const buckets = ((accountCount - 1) >>> BUCKET_BITS) + 1;
  const bucketFill = new Float64Array(buckets);
  let largest = 0;
  for (let k = 0; k < buckets; k++) {
    const from = segment[k << BUCKET_BITS]!;
    const to = segment[Math.min(accountCount, (k + 1) << BUCKET_BITS)]!;
    bucketFill[k] = from;
    if (to - from > largest) largest = to - from;
  }
  writeCoActions(starts, account, time, w, coRows, bucketFill, BUCKET_BITS);
  const held = new Int32Array(2 * largest);
  const fill = new Float64Array(1 << BUCKET_BITS);
  for (let k = 0; k < buckets; k++) {
    const first = k << BUCKET_BITS;
    const last = Math.min(accountCount, (k + 1) << BUCKET_BITS);
    const from = segment[first]!;
    const size = segment[last]! - from;
    held.set(coRows.subarray(2 * from, 2 * (from + size)));
    for (let a = first; a < last; a++) fill[a - first] = segment[a]!;
    for (let c = 0; c < 2 * size; c += 2) {
      const i = held[c]!;
      const j = held[c + 1]!;
      const ai = account[i]!;
      const aj = account[j]!;
      const at = 2 * fill[(ai < aj ? ai : aj) - first]!++;
      coRows[at] = i;
      coRows[at + 1] = j;
    }
  }
  return { degree, segment, coRows, coActions };
}

/**
 * The second sweep: each co-action's (i, j) written at `2 · fill[lo >>> shift]++`, lo its smaller
 * account — per account (shift 0) or per bucket of 2^shift accounts.
 */
function writeCoActions(
  starts: Int32Array,
  account: Int32Array,
  time: Float64Array,
  w: number,
  coRows: Int32Array,
  fill: Float64Array,
  shift: number,
): void {
  const objectCount = starts.length - 1;
  for (let o = 0; o < objectCount; o++) {
    const e = starts[o + 1]!;
    for (let i = starts[o]!; i < e; i++) {
      const ti = time[i]!;
      const ai = account[i]!;
      for (let j = i + 1; j < e; j++) {
        if (time[j]! - ti > w) break;
        const aj = account[j]!;
        if (aj === ai) continue;
        // i and j side by side: one scattered write per co-action, not one per column.
        const at = 2 * fill[(ai < aj ? ai : aj) >>> shift]!++;
        coRows[at] = i;
        coRows[at + 1] = j;
      }
    }
  }
}
