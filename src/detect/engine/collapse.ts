/**
 * Lockstep mode's first step, shared by the in-memory engine (lockstep.ts) and the ClickHouse loader
 * (sql/clickhouse-engine.ts, whose 18.x SQL has no recursive CTE for the greedy chain): per
 * (object, account), in (time, row) order, an action within the window (inclusive) of the account's
 * latest *kept* action on that object is dropped as a repeat.
 *
 * Cost: O(n) time over the (object, time) order; memory one Int32Array and one Float64Array per
 * account plus the returned byte per action.
 */

/** `kept[r] = 1` for actions that survive (indexed by action row); `collapsed` counts the dropped ones. */
export function collapseRepeats(
  order: Int32Array,
  starts: Int32Array,
  time: Float64Array,
  accountOf: (row: number) => number,
  accountCount: number,
  w: number,
): { kept: Uint8Array; collapsed: number } {
  const n = order.length;
  const columns = sortedActions(order, time, accountOf);
  const sorted = collapseSorted(starts, columns.time, columns.account, accountCount, w);
  const kept = new Uint8Array(n);
  for (let i = 0; i < n; i++) kept[order[i]!] = sorted.kept[i]!;
  return { kept, collapsed: sorted.collapsed };
}

/**
 * The actions' times and accounts at their positions in `order`: sweeps in (object, time) order then
 * read them in sequence instead of through order → row → post → account, a cache miss per action
 * once the action columns outgrow the last-level cache (bench/RESULTS.md, h-sweep).
 */
export function sortedActions(
  order: Int32Array,
  time: Float64Array,
  accountOf: (row: number) => number,
): { time: Float64Array; account: Int32Array } {
  const n = order.length;
  const sortedTime = new Float64Array(n);
  const account = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = order[i]!;
    sortedTime[i] = time[r]!;
    account[i] = accountOf(r);
  }
  return { time: sortedTime, account };
}

/**
 * `collapseRepeats` on actions already laid out in (object, time, row) order: `time` and `account` per
 * position, object o's at `starts[o] … starts[o + 1]`; `kept` is indexed by position.
 */
export function collapseSorted(
  starts: Int32Array,
  time: Float64Array,
  account: Int32Array,
  accountCount: number,
  w: number,
): { kept: Uint8Array; collapsed: number } {
  const n = time.length;
  const objectCount = starts.length - 1;
  const kept = new Uint8Array(n);
  // Each account's latest kept action on the object being swept.
  const lastObject = new Int32Array(accountCount).fill(-1);
  const lastTime = new Float64Array(accountCount);
  let collapsed = 0;
  for (let o = 0; o < objectCount; o++) {
    const e = starts[o + 1]!;
    const s = starts[o]!;
    if (e - s < 2) {
      if (e > s) kept[s] = 1;
      continue;
    }
    collapsed += collapseObject(o, s, e, time, account, w, lastObject, lastTime, kept);
  }
  return { kept, collapsed };
}

/**
 * Step 1 for object o's positions s … e (≥ 2 of them): sets `kept` for the survivors and returns how
 * many collapsed. `lastObject`/`lastTime` per account carry each account's latest kept action on the
 * object being swept (−1 / any before the first). Shared with engine/object-steps.ts (a monitor's
 * per-object recomputation).
 */
export function collapseObject(
  o: number,
  s: number,
  e: number,
  time: Float64Array,
  account: Int32Array,
  w: number,
  lastObject: Int32Array,
  lastTime: Float64Array,
  kept: Uint8Array,
): number {
  let collapsed = 0;
  for (let i = s; i < e; i++) {
    const a = account[i]!;
    if (lastObject[a] === o && time[i]! - lastTime[a]! <= w) {
      collapsed++;
      continue;
    }
    lastObject[a] = o;
    lastTime[a] = time[i]!;
    kept[i] = 1;
  }
  return collapsed;
}
