/**
 * Sentence embeddings of the fact checks, for the matcher's optional semantic side: the fact checks
 * nearest a post by cosine join the lexical fields' candidate pool, and each pooled candidate gets the
 * cosine as a re-ranker feature. Dense retrieval beside BM25 is what the best CheckThat! 2020 Task 2
 * systems did (Shaar et al., "Overview of CheckThat! 2020", CLEF 2020: sentence-BERT scores re-ranked
 * with BM25's); the vectors come from whatever model embedded both sides (embedder.ts).
 *
 * Exact search, written here because it is a dot product per fact check: the stored vectors are unit
 * length, so the cosine is the dot product. Cost per post: n × dim multiply-adds (10,375 × 512 ≈ 5.3M,
 * a few ms) and n floats of scratch; memory 4 × n × dim bytes (21 MB for 10,375 fact checks at 512).
 * An approximate index would pay only past ~10^5–10^6 fact checks, more than any desk's archive.
 */

/** Re-ranker features of the dense side: the cosine, and the cosine over the best one in the pool. */
export const DENSE_FEATURES = ['dense.cos', 'dense.rel'] as const;

/** One post's cosines against every fact check, and the best k of them. */
export interface DenseHits {
  /** Fact checks by cosine, best first (ties by index), excluded ones left out. */
  top: number[];
  /** Cosine of every fact check (index = fact check). */
  cos: Float32Array;
}

export class DenseIndex {
  readonly dim: number;
  readonly count: number;
  readonly #vectors: Float32Array;
  readonly #cos: Float32Array;

  /**
   * `vectors`: `count` rows of `dim` floats, fact check order, each of unit length (or zero for a fact
   * check with no text).
   */
  constructor(vectors: Float32Array, dim: number) {
    if (!Number.isInteger(dim) || dim <= 0 || vectors.length % dim !== 0)
      throw new Error(`dense vectors: ${vectors.length} floats are not rows of ${dim}`);
    this.dim = dim;
    this.count = vectors.length / dim;
    this.#vectors = vectors;
    this.#cos = new Float32Array(this.count);
  }

  /**
   * Cosines of `v` (unit length, `dim` floats) against every fact check, and the nearest `k` not in
   * `exclude` (the matcher asks for its lexical fields' pool size). The cosines live in a buffer
   * reused by the next call.
   */
  nearest(v: Float32Array, k: number, exclude?: ReadonlySet<number>): DenseHits {
    if (v.length !== this.dim)
      throw new Error(`dense query: ${v.length} floats, the index holds vectors of ${this.dim}`);
    const cos = this.#cos;
    const m = this.#vectors;
    const dim = this.dim;
    for (let d = 0, o = 0; d < this.count; d++, o += dim) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += v[j]! * m[o + j]!;
      cos[d] = s;
    }
    // Top-k by insertion into a short sorted list: O(n) tests, O(k) shifts only for a fact check that
    // enters the list (k ≪ n, so few do once it is full).
    const top: number[] = [];
    for (let d = 0; d < this.count; d++) {
      if (exclude?.has(d)) continue;
      const c = cos[d]!;
      if (top.length === k && c <= cos[top[k - 1]!]!) continue;
      let i = top.length === k ? k - 1 : top.length;
      while (i > 0 && cos[top[i - 1]!]! < c) {
        top[i] = top[i - 1]!;
        i--;
      }
      top[i] = d;
    }
    return { top, cos };
  }
}

/** Writes {@link DENSE_FEATURES} of each pooled candidate at column `col` of its row of `x`. */
export function denseFeatures(
  hits: DenseHits,
  pool: Int32Array,
  x: Float64Array,
  col: number,
  rowLength: number,
): void {
  let best = 0;
  for (const d of pool) best = Math.max(best, hits.cos[d]!);
  for (let i = 0; i < pool.length; i++) {
    const c = hits.cos[pool[i]!]!;
    x[i * rowLength + col] = c;
    x[i * rowLength + col + 1] = best > 0 ? c / best : 0;
  }
}
