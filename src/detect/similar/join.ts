/**
 * Stages 3 and 4 of near-duplicate grouping (near-duplicates.ts), over distinct texts whose shingles
 * and band keys are already computed — by `nearDuplicateGroupsDetailed` for one batch, or kept across
 * a sliding window's ticks (signature-cache.ts): bucket per band, verify candidates exactly, join,
 * and give each input its group.
 *
 * Cost: per band a three-pass radix sort, O(U + 2¹¹); at most `cap` verifications per bucket member,
 * each a merge of two shingle runs, O(L), cut short once the outcome is known; union-find O(α(U)) per operation. Memory O(U) (four U-sized
 * sort arrays, 16 bytes per distinct text, and the union-find) besides the
 * caller's keys and shingles.
 */
import type { SimilarParams } from './near-duplicates.js';
import { UnionFind } from './union-find.js';

/** The float test of an intersection x of two runs of S elements in all: x / (S − x) ≥ t (0 for an empty union). */
function passes(x: number, s: number, threshold: number): boolean {
  return s - x > 0 && x / (s - x) >= threshold;
}

/**
 * Whether two sorted, de-duplicated runs of one array are near duplicates: Jaccard similarity
 * inter / (|A| + |B| − inter) ≥ `threshold`, decided exactly as that float test would, but stopping as
 * soon as the answer is known (most candidate pairs are far below the threshold: at 10 M simulated
 * posts 85 % of the verified pairs have J < 0.2; bench/RESULTS.md, h-sim2).
 *
 * With S = |A| + |B| the quotient x / (S − x) grows with the intersection x, and a correctly rounded
 * division is monotone, so the float test passes exactly when inter ≥ `need`, the least x that
 * passes it. The merge stops with false when the intersection so far plus what is left of the
 * shorter remainder cannot reach `need` — before the first step that is the size filter (Arasu, Ganti
 * & Kaushik 2006, "Efficient exact set-similarity joins"), along the merge PPJoin's positional filter
 * (Xiao, Wang, Lin & Yu 2008, "Efficient similarity joins for near duplicate detection") — and with
 * true once it has. O(|A| + |B|) at worst, O(1) when the sizes
 * alone rule the pair out, without reading its shingles.
 */
export function similarEnough(
  a: Int32Array,
  a0: number,
  a1: number,
  b0: number,
  b1: number,
  threshold: number,
): boolean {
  const s = a1 - a0 + (b1 - b0);
  const most = Math.min(a1 - a0, b1 - b0);
  // The estimate from the real-number bound x ≥ t·S / (1 + t), then corrected to the float test.
  let need = Math.min(most + 1, Math.max(0, Math.ceil((threshold * s) / (1 + threshold))));
  while (need > 0 && passes(need - 1, s, threshold)) need--;
  while (need <= most && !passes(need, s, threshold)) need++;
  if (need > most) return false;
  let i = a0;
  let j = b0;
  let inter = 0;
  while (inter < need) {
    if (inter + Math.min(a1 - i, b1 - j) < need) return false;
    const x = a[i]!;
    const y = a[j]!;
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return true;
}

/**
 * Indices 0..n−1 ordered by key, and the keys in that order: a stable LSD radix sort in three passes
 * of 11, 11 and 10 bits that carries each key with its index, so that no pass (and no caller) reads
 * `keys` out of order. The same order as any stable sort by key. Digit tables of 2 048 entries stay
 * in cache where two 16-bit passes' 65 536-entry tables and scattered writes did not (measured 2.4×
 * faster at 1.4 M keys; bench/RESULTS.md, h-cosim). O(n) time; `scratch` and `scratchKeys` hold n.
 * Returns the array holding the order (`scratch`; its keys are in `sortedKeys`).
 */
function radixOrder(
  keys: Uint32Array,
  order: Int32Array,
  scratch: Int32Array,
  sortedKeys: Uint32Array,
  scratchKeys: Uint32Array,
  count: Int32Array,
): Int32Array {
  const n = keys.length;
  count.fill(0);
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    count[k & 0x7ff]!++;
    count[2048 + ((k >>> 11) & 0x7ff)]!++;
    count[4096 + (k >>> 22)]!++;
  }
  for (let base = 0; base < 6144; base += 2048) {
    let sum = 0;
    for (let d = base; d < base + 2048; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
  }
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    const at = count[k & 0x7ff]!++;
    scratch[at] = i;
    sortedKeys[at] = k;
  }
  for (let i = 0; i < n; i++) {
    const k = sortedKeys[i]!;
    const at = count[2048 + ((k >>> 11) & 0x7ff)]!++;
    order[at] = scratch[i]!;
    scratchKeys[at] = k;
  }
  for (let i = 0; i < n; i++) {
    const k = scratchKeys[i]!;
    const at = count[4096 + (k >>> 22)]!++;
    scratch[at] = order[i]!;
    sortedKeys[at] = k;
  }
  return scratch;
}

/**
 * Stage 3 for U distinct texts: per band, bucket by key (band t's key of text u at
 * `keys[t · stride + u]`), verify each member against at most `cap` earlier ones (exact Jaccard of the
 * shingle runs `sh[start[u], end[u])`), join those at or above the threshold.
 */
export function joinCandidates(
  p: SimilarParams,
  U: number,
  keys: Uint32Array,
  stride: number,
  sh: Int32Array,
  start: Int32Array,
  end: Int32Array,
): { uf: UnionFind; verified: number; joined: number; cappedBuckets: number } {
  const { threshold, cap, banding } = p;
  const uf = new UnionFind(U);
  const spare = new Int32Array(U);
  const scratch = new Int32Array(U);
  const sorted = new Uint32Array(U);
  const scratchKeys = new Uint32Array(U);
  const count = new Int32Array(6144);
  let verified = 0;
  let joined = 0;
  let cappedBuckets = 0;
  for (let band = 0; band < banding.bands; band++) {
    const bk = keys.subarray(band * stride, band * stride + U);
    const order = radixOrder(bk, spare, scratch, sorted, scratchKeys, count);
    let s0 = 0;
    while (s0 < U) {
      const key = sorted[s0]!;
      let e = s0 + 1;
      while (e < U && sorted[e] === key) e++;
      if (e - s0 > cap + 1) cappedBuckets++;
      for (let q1 = s0 + 1; q1 < e; q1++) {
        const a = order[q1]!;
        for (let q = Math.max(s0, q1 - cap); q < q1; q++) {
          const b = order[q]!;
          if (uf.find(a) === uf.find(b)) continue;
          verified++;
          if (similarEnough(sh, start[a]!, end[a]!, start[b]!, end[b]!, threshold)) {
            uf.union(a, b);
            joined++;
          }
        }
      }
      s0 = e;
    }
  }
  return { uf, verified, joined, cappedBuckets };
}

/**
 * Stage 4: each input gets its distinct text's group (`distinctOf[i]`, −1 for a short text); a group
 * needs at least two input texts; ids 0, 1, … by first appearance.
 */
export function groupsOfInputs(
  uf: UnionFind,
  U: number,
  distinctOf: Int32Array,
): { groups: Int32Array; count: number } {
  const n = distinctOf.length;
  const members = new Int32Array(U);
  for (let i = 0; i < n; i++) {
    const u = distinctOf[i]!;
    if (u >= 0) members[uf.find(u)]!++;
  }
  const groupOf = new Int32Array(U).fill(-1);
  const groups = new Int32Array(n).fill(-1);
  let next = 0;
  for (let i = 0; i < n; i++) {
    const u = distinctOf[i]!;
    if (u < 0) continue;
    const r = uf.find(u);
    if (members[r]! < 2) continue;
    if (groupOf[r] === -1) groupOf[r] = next++;
    groups[i] = groupOf[r]!;
  }
  return { groups, count: next };
}
