/**
 * The k best documents of a query's accumulator: a bounded binary min-heap over the touched documents
 * (the worst kept one at the root, so most documents are rejected by one comparison), then sorted.
 * Order: higher score first, ties by lower document id — the order every fact-check ranking uses.
 *
 * Cost: O(n + m·log k) for n touched documents of which m enter the heap; O(k) memory.
 */

/** True when document a ranks below document b. */
function worse(score: Float32Array, a: number, b: number): boolean {
  const sa = score[a]!;
  const sb = score[b]!;
  return sa < sb || (sa === sb && a > b);
}

/** The `k` documents of `docs[0..n)` with the highest `score`, best first. */
export function topK(score: Float32Array, docs: Int32Array, n: number, k: number): number[] {
  const heap: number[] = [];
  if (k <= 0) return heap;
  for (let i = 0; i < n; i++) {
    const d = docs[i]!;
    if (heap.length < k) {
      let j = heap.push(d) - 1;
      while (j > 0) {
        const p = (j - 1) >> 1;
        if (!worse(score, d, heap[p]!)) break;
        heap[j] = heap[p]!;
        j = p;
      }
      heap[j] = d;
    } else if (worse(score, heap[0]!, d)) {
      let j = 0;
      for (;;) {
        const l = 2 * j + 1;
        if (l >= k) break;
        const r = l + 1;
        const c = r < k && worse(score, heap[r]!, heap[l]!) ? r : l;
        if (!worse(score, heap[c]!, d)) break;
        heap[j] = heap[c]!;
        j = c;
      }
      heap[j] = d;
    }
  }
  return heap.sort((a, b) => (worse(score, a, b) ? 1 : worse(score, b, a) ? -1 : 0));
}
