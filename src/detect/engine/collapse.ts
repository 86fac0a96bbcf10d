/**
 * Lockstep mode's first step, shared by the in-memory engine (lockstep.ts) and the ClickHouse loader
 * (sql/clickhouse-engine.ts, whose 18.x SQL has no recursive CTE for the greedy chain): per
 * (object, account), in (time, row) order, an action within the window (inclusive) of the account's
 * latest *kept* action on that object is dropped as a repeat.
 *
 * Cost: O(n) time over the (object, time) order; memory one Int32Array and one Float64Array per
 * account plus the returned byte per action.
 */

/** `kept[r] = 1` for actions that survive; `collapsed` counts the dropped ones. */
export function collapseRepeats(
  order: Int32Array,
  starts: Int32Array,
  time: Float64Array,
  accountOf: (row: number) => number,
  accountCount: number,
  w: number,
): { kept: Uint8Array; collapsed: number } {
  const n = order.length;
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
      if (e > s) kept[order[s]!] = 1;
      continue;
    }
    for (let i = s; i < e; i++) {
      const r = order[i]!;
      const a = accountOf(r);
      if (lastObject[a] === o && time[r]! - lastTime[a]! <= w) {
        collapsed++;
        continue;
      }
      lastObject[a] = o;
      lastTime[a] = time[r]!;
      kept[r] = 1;
    }
  }
  return { kept, collapsed };
}
