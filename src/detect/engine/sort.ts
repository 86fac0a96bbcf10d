/**
 * Orders action rows by (object, time, row): counting sorts on typed arrays, no comparator sort.
 *
 * When the rows' times are already non-decreasing in row order (streams read in time order, the usual
 * case), one stable counting sort by the dense object integer gives the order directly. Otherwise the
 * rows are first ranked by time — a native Float64Array sort of the times plus a binary search per
 * row — and counting-sorted by that rank (stable, so ties keep row order), then by object.
 *
 * Cost: O(n + objects) when times are ordered, else O(n log n) (native numeric sort; binary searches
 * only when times are not whole numbers, packedTimeOrder) plus O(n + objects); memory three Int32Array
 * of n, one of objects + 1, one Float64Array of n.
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
  const packed = packedTimeOrder(times);
  if (packed !== undefined) return packed;
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

/**
 * `timeOrder` for whole-number times (Unix seconds, the readers' unit) whose span leaves room for the
 * row index: each row becomes the exact integer (t − min)·2^k + row (2^k > n, below 2^53), one native
 * Float64Array sort orders by (time, row) — what the ranked counting sort gives — and the row is the
 * key's low k bits. No binary search per row: at 3M posts those were a cache miss per step for every
 * eligible action. Undefined when a time is fractional or NaN or the span is too wide.
 *
 * Cost: O(n) checks, one native sort of n doubles; memory one Float64Array of n besides the result.
 */
function packedTimeOrder(times: Float64Array): Int32Array | undefined {
  const n = times.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = times[i]!;
    // NaN and fractions fail this test (NaN !== NaN).
    if (Math.floor(t) !== t) return undefined;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  let scale = 1;
  while (scale <= n) scale *= 2;
  // Infinite times make the span NaN, which fails this test too.
  if (n === 0 || !((max - min + 1) * scale <= Number.MAX_SAFE_INTEGER)) return undefined;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (times[i]! - min) * scale + i;
  keys.sort();
  const out = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const key = keys[r]!;
    out[r] = key - Math.floor(key / scale) * scale;
  }
  return out;
}
