/**
 * Lockstep's co-action sweep (engine/lockstep.ts step 4): every pair of eligible actions of different
 * accounts on one object within the window (inclusive), gathered per smaller account so that
 * engine/pair-aggregate.ts can total each pair with dense per-partner counters instead of a hash table.
 *
 * The sweep runs twice: first counting co-actions per smaller account (and each account's co-action
 * degree D_a), then writing each co-action's two eligible positions into that account's segment — a
 * counting sort, so the gathered co-actions take 8 bytes each and no growable buffer.
 *
 * Tried in session 12 (bench/RESULTS.md, h-growth): writing in two levels (per bucket of 4,096 accounts,
 * then per account) so that the writes stay in cache past a few hundred thousand accounts. At 3M posts
 * (155,717 accounts, the write positions fit the cache) it cost up to a third more CPU on co-hashtag and
 * co-domain; not kept without a measurement at 10M.
 *
 * Cost: O(co-actions + accounts) time, two sweeps; memory 8 bytes per co-action + 16 per account.
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

/**
 * @param starts eligible positions per object (object o's are `starts[o] … starts[o + 1]`), in time order
 * @param account, time  per eligible position
 */
export function gatherCoActions(
  starts: Int32Array,
  account: Int32Array,
  time: Float64Array,
  accountCount: number,
  w: number,
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
  writeCoActions(starts, account, time, w, coRows, segment.slice(0, accountCount));
  return { degree, segment, coRows, coActions };
}

/** The second sweep: each co-action's (i, j) written at `2 · fill[lo]++`, lo its smaller account. */
function writeCoActions(
  starts: Int32Array,
  account: Int32Array,
  time: Float64Array,
  w: number,
  coRows: Int32Array,
  fill: Float64Array,
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
        const at = 2 * fill[ai < aj ? ai : aj]!++;
        coRows[at] = i;
        coRows[at + 1] = j;
      }
    }
  }
}
