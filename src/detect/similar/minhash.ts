/**
 * MinHash signatures and LSH banding (Broder 1997, "On the resemblance and containment of documents";
 * Leskovec, Rajaraman & Ullman, Mining of Massive Datasets, ch. 3.3–3.4).
 *
 * For a set S of 32-bit shingle hashes and k hash functions h_i, the signature is
 * sig_i = min over x in S of h_i(x); P[sig_i(A) = sig_i(B)] = J(A, B) (Jaccard similarity). The k rows are
 * cut into b bands of r rows; two sets become a candidate pair when all r rows of at least one band
 * agree, which happens with probability 1 − (1 − J^r)^b: an S-curve whose steep part sits near
 * (1/b)^(1/r). Candidates are then verified exactly by the caller, so banding only decides recall and
 * how much verification work there is — never correctness.
 *
 * Hash family: h_i(x) = (a_i · (x ⊕ c_i)) mod 2^32 with a_i odd, compared as signed integers. Each h_i is a
 * bijection on 32-bit words; on inputs that are already avalanche-mixed shingle hashes it behaves as a
 * random permutation for min-wise purposes (Mitzenmacher & Vadhan 2008, "Why simple hash functions
 * work"), at two instructions per row instead of a full mixer. The seeds come from a seeded splitmix32,
 * so signatures are reproducible.
 *
 * Cost: O(|S| · k) multiply-xors per set, O(k) scratch memory; band keys are O(b) per set.
 */
import { fmix32 as importedFmix32 } from './normalise.js';

// A module-local binding: calls through an imported binding can cost a getter per call under some
// loaders (tsx), which shows on the per-shingle hot path.
const fmix32 = importedFmix32;

/** splitmix32: a tiny seeded generator (hand-written: five lines, no dependency needed). */
export function splitmix32(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    return fmix32(s ^ (s >>> 15));
  };
}

/** Rows per band (r) and bands (b) for k = r·b hash functions. */
export interface Banding {
  rows: number;
  bands: number;
}

/** Probability that a pair with Jaccard `j` shares at least one band: 1 − (1 − j^r)^b. */
export function candidateProbability(j: number, banding: Banding): number {
  return 1 - Math.pow(1 - Math.pow(j, banding.rows), banding.bands);
}

/**
 * Picks the banding for a similarity threshold: the largest r (fewest false candidates, so the least
 * verification work) whose candidate probability at the threshold is still ≥ `recall`, with
 * b = floor(k / r). Lockstep's choice of recall 0.97 keeps missed pairs near the threshold rare while
 * pairs further above it are found almost surely (the S-curve rises steeply).
 */
export function chooseBanding(threshold: number, k: number, recall = 0.97): Banding {
  let best: Banding = { rows: 1, bands: k };
  for (let r = 1; r <= k; r++) {
    const b = Math.floor(k / r);
    if (b < 1) break;
    const banding = { rows: r, bands: b };
    if (candidateProbability(threshold, banding) >= recall) best = banding;
  }
  return best;
}

/** A seeded family of k MinHash functions with the scratch space to sign one set at a time. */
export class MinHasher {
  readonly k: number;
  private readonly mul: Int32Array;
  private readonly xor: Int32Array;
  /** The last signature computed; overwritten by every `sign` call. */
  readonly signature: Int32Array;

  constructor(k: number, seed: number) {
    this.k = k;
    this.mul = new Int32Array(k);
    this.xor = new Int32Array(k);
    this.signature = new Int32Array(k);
    const next = splitmix32(seed);
    for (let i = 0; i < k; i++) {
      this.mul[i] = next() | 1;
      this.xor[i] = next();
    }
  }

  /**
   * Signs `shingles[from, to)`; the result is in `this.signature`. Minima are taken in signed 32-bit
   * order (any fixed total order of a permutation's outputs is as good for min-wise hashing, and it
   * keeps V8 on small integers). Rows outer, shingles inner keeps each running minimum in a register.
   * An empty range signs every row 0x7fffffff.
   */
  sign(shingles: Int32Array, from: number, to: number): Int32Array {
    const { k, mul, xor, signature } = this;
    for (let i = 0; i < k; i++) {
      const a = mul[i]!;
      const c = xor[i]!;
      let min = 0x7fffffff;
      for (let s = from; s < to; s++) {
        const v = Math.imul(shingles[s]! ^ c, a);
        if (v < min) min = v;
      }
      signature[i] = min;
    }
    return signature;
  }

  /** Estimated Jaccard similarity of two signatures: the fraction of agreeing rows. */
  static estimate(a: Int32Array, b: Int32Array): number {
    let same = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
    return a.length === 0 ? 0 : same / a.length;
  }
}

/**
 * One-permutation hashing with optimal densification (Li, Owen & Zhang, "One Permutation Hashing",
 * NIPS 2012; Shrivastava, "Optimal Densification for Fast and Accurate Minwise Hashing", ICML 2017).
 * One hash per shingle picks a bin (its high bits) and the bin keeps its minimum; each bin that stayed
 * empty then copies the value of the first non-empty bin along its own seeded probe sequence, which
 * depends only on the bin and the seed — so two sets with the same content densify the same way, and
 * P[sig_i(A) = sig_i(B)] = J(A, B) still holds for every row.
 *
 * Cost: O(|S| + k · k/m) per set, with m ≤ min(|S|, k) non-empty bins, instead of MinHasher's
 * O(|S| · k): for a 17-shingle tweet and k = 64, about 230 cheap steps instead of 1 088 hash
 * evaluations. Probe steps come from a precomputed table of PROBES per bin (O(k · PROBES) memory, 64 KiB
 * for k = 64); a set so small that its probes run past the table computes further steps on the fly.
 */
export class DensifiedHasher {
  readonly k: number;
  readonly signature: Int32Array;
  /**
   * Bin i holds a value of this call when `stamp[i] === generation`: a counter per call instead of
   * clearing k flags per call (the clearing was a builtin call per text on co-similar's hot path).
   */
  private readonly stamp: Int32Array;
  private generation = 0;
  /** For k a power of two ≥ 2, the bin is the hash's top log2(k) bits: h >>> shift; else −1. */
  private readonly shift: number;
  private readonly seed: number;
  private readonly probeSeed: number;
  private readonly probes: Uint16Array;
  private static readonly PROBES = 256;

  constructor(k: number, seed: number) {
    if (k > 65535) throw new RangeError('DensifiedHasher supports k ≤ 65535');
    this.k = k;
    this.signature = new Int32Array(k);
    this.stamp = new Int32Array(k);
    this.shift = k >= 2 && (k & (k - 1)) === 0 ? 32 - Math.log2(k) : -1;
    const next = splitmix32(seed ^ 0x5bd1e995);
    this.seed = next();
    this.probeSeed = next();
    const P = DensifiedHasher.PROBES;
    this.probes = new Uint16Array(k * P);
    for (let i = 0; i < k; i++) for (let a = 0; a < P; a++) this.probes[i * P + a] = this.probe(i, a);
  }

  private probe(bin: number, attempt: number): number {
    const h = fmix32(Math.imul(bin + 1, 0x9e3779b1) ^ fmix32(attempt ^ this.probeSeed));
    return Math.floor(((h >>> 0) * this.k) / 4294967296);
  }

  /** Signs `shingles[from, to)` into `this.signature`; an empty range signs every row 0x7fffffff. */
  sign(shingles: Int32Array, from: number, to: number): Int32Array {
    const { k, signature: sig, stamp, seed, shift } = this;
    if (to <= from) return sig.fill(0x7fffffff);
    if (this.generation === 0x7fffffff) {
      stamp.fill(0);
      this.generation = 0;
    }
    const g = ++this.generation;
    for (let s = from; s < to; s++) {
      const h = fmix32(shingles[s]! ^ seed);
      // floor(h · k / 2³²), which for k = 2^b is exactly the top b bits.
      const bin = shift >= 0 ? h >>> shift : Math.floor(((h >>> 0) * k) / 4294967296);
      if (stamp[bin] !== g || h < sig[bin]!) {
        sig[bin] = h;
        stamp[bin] = g;
      }
    }
    const P = DensifiedHasher.PROBES;
    const probes = this.probes;
    for (let i = 0; i < k; i++) {
      if (stamp[i] === g) continue;
      let a = 0;
      let j = probes[i * P]!;
      while (stamp[j] !== g) {
        a++;
        j = a < P ? probes[i * P + a]! : this.probe(i, a);
      }
      sig[i] = sig[j]!;
    }
    return sig;
  }
}

/** Hashes each band of `signature` to one 32-bit key, writing key of band t to `out[t * stride + id]`. */
export function bandKeys(
  signature: Int32Array,
  banding: Banding,
  out: Uint32Array,
  stride: number,
  id: number,
): void {
  const { rows, bands } = banding;
  for (let t = 0; t < bands; t++) {
    let h = Math.imul(t + 1, 0x9e3779b1);
    const base = t * rows;
    for (let r = 0; r < rows; r++) h = Math.imul(h ^ signature[base + r]!, 0x01000193) ^ (h >>> 15);
    out[t * stride + id] = fmix32(h) >>> 0;
  }
}
