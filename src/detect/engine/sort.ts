/**
 * Orders action rows by (object, time, row): counting sorts on typed arrays, no comparator sort.
 *
 * When the rows' times are already non-decreasing in row order (streams read in time order, the usual
 * case), one stable counting sort by the dense object integer gives the order directly. Otherwise the
 * rows are first ranked by time — a native Float64Array sort of the times plus a binary search per
 * row — and counting-sorted by that rank (stable, so ties keep row order), then by object.
 *
 * Cost: O(n + objects) when times are ordered, else O(n log n) (native numeric sort, binary searches)
 * plus O(n + objects); memory three Int32Array of n, one of objects + 1, one Float64Array of n.
 */
export function orderByObjectTime(
  objects: Int32Array,
  times: Float64Array,
  objectCount: number,
): { order: Int32Array; starts: Int32Array } {
  const n = objects.length;
  let rows: Int32Array | undefined;
  for (let i = 1; i < n; i++) {
    if (times[i]! < times[i - 1]! || Number.isNaN(times[i])) {
      rows = timeOrder(times);
      break;
    }
  }
  const starts = new Int32Array(objectCount + 1);
  for (let i = 0; i < n; i++) starts[objects[i]! + 1]! += 1;
  for (let o = 0; o < objectCount; o++) starts[o + 1]! += starts[o]!;
  const fill = starts.slice(0, objectCount);
  const order = new Int32Array(n);
  if (rows === undefined) for (let i = 0; i < n; i++) order[fill[objects[i]!]!++] = i;
  else
    for (let k = 0; k < n; k++) {
      const i = rows[k]!;
      order[fill[objects[i]!]!++] = i;
    }
  return { order, starts };
}

/** Row indices ordered by (time, row); NaN times sort last. */
export function timeOrder(times: Float64Array): Int32Array {
  const n = times.length;
  const sorted = Float64Array.from(times).sort();
  const rankStart = new Int32Array(n + 1);
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const t = times[i]!;
    // first index of t in `sorted` (NaN sorts to the end of a Float64Array)
    let lo = 0;
    let hi = n;
    if (Number.isNaN(t)) {
      lo = n - 1;
      while (lo > 0 && Number.isNaN(sorted[lo - 1])) lo--;
    } else
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid]! < t) lo = mid + 1;
        else hi = mid;
      }
    rank[i] = lo;
    rankStart[lo + 1]! += 1;
  }
  for (let r = 0; r < n; r++) rankStart[r + 1]! += rankStart[r]!;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[rankStart[rank[i]!]!++] = i;
  return out;
}
