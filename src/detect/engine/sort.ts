/**
 * Orders action rows by (object, time): a counting sort on the dense object integer, then a sort of
 * each object's bucket by time (ties by row number, so results never depend on engine sort details).
 *
 * Cost: O(n + objects) for the buckets plus O(Σ k log k) inside buckets of size k; memory two Int32Array
 * of n and one of objects + 1.
 */
export function orderByObjectTime(
  objects: Int32Array,
  times: Float64Array,
  objectCount: number,
): { order: Int32Array; starts: Int32Array } {
  const n = objects.length;
  const starts = new Int32Array(objectCount + 1);
  for (let i = 0; i < n; i++) starts[objects[i]! + 1]! += 1;
  for (let o = 0; o < objectCount; o++) starts[o + 1]! += starts[o]!;
  const fill = starts.slice(0, objectCount);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[objects[i]!]!++] = i;
  const byTime = (x: number, y: number): number => times[x]! - times[y]! || x - y;
  for (let o = 0; o < objectCount; o++) {
    const s = starts[o]!;
    const e = starts[o + 1]!;
    if (e - s < 2) continue;
    if (e - s === 2) {
      if (byTime(order[s]!, order[s + 1]!) > 0) {
        const t = order[s]!;
        order[s] = order[s + 1]!;
        order[s + 1] = t;
      }
      continue;
    }
    const bucket = Array.from(order.subarray(s, e)).sort(byTime);
    order.set(bucket, s);
  }
  return { order, starts };
}
