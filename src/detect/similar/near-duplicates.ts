/**
 * Near-duplicate text groups for the `co-similar` behaviour: MinHash + LSH banding over word shingles,
 * exact Jaccard verification of every candidate pair, union-find into groups (see minhash.ts for the
 * method and its references). Never all-pairs: the QUT coordination-network-toolkit's co-similar
 * compares messages pairwise within a window, which is the slow part of that tool.
 *
 * Pipeline, for N input texts of which U are distinct after normalisation, L tokens on average:
 *  1. Normalise, hash the tokens (text-scanner.ts: one pass, no string built, for text of ASCII and
 *     inert characters; the regular-expression definition otherwise) and de-duplicate: an
 *     open-addressing table on a 32-bit fingerprint of the token hashes, confirmed by comparing the
 *     normalised texts (the earlier text is normalised again, unless it is the same string) —
 *     identical texts share one set. O(N·length) time, O(N) 32-bit table slots; no normalised
 *     string is kept.
 *  2. Per new distinct text, at once: build the set of w-word shingles (32-bit hashes, sorted,
 *     de-duplicated), sign it with k rows — densified one-permutation hashing by default, O(L + k),
 *     or classic MinHash, O(L·k) — and keep b band keys. O(U·(L + k)) time; O(U·L) 32-bit shingles
 *     + O(N·b) band keys of memory (≈ 4·L bytes per distinct text and 4·(b + 5) per input: about
 *     150 bytes per tweet; ~250 MB peak for 1.5 M texts with the defaults).
 *  3. Per band: radix-sort the band keys (three passes of 11/11/10 bits, O(U)); texts sharing a key
 *     form a bucket. Each bucket member is verified against at most `maxBucketComparisons` earlier members of the
 *     bucket (the giant-bucket rule below), skipping pairs already joined. Verification is the exact
 *     Jaccard test of the two shingle sets (a merge, O(L), that stops once the outcome is known: join.ts
 *     `similarEnough`); pairs ≥ threshold are joined.
 *  4. Each input gets its distinct text's group; a group needs at least two input texts.
 * Stages 3–4 are join.ts, shared with signature-cache.ts, which keeps stages 1–2's work per distinct
 * text across a sliding window's ticks (the monitor).
 *
 * Giant-bucket rule (Lockstep's choice): very common short texts are left out entirely
 * (`minTokens`, default 5 tokens — below that, "thank you so much"-style phrases are shared by chance,
 * and co-post already covers exact repeats). A bucket of n members costs at most
 * n · maxBucketComparisons verifications (default 16) instead of n²/2: each member is compared with
 * the 16 members before it in input order. A bucket that really is one family of near-duplicates
 * stays connected through these chains (joins are transitive); a bucket that mixes unrelated texts
 * may lose a few of its pairs, and `diagnostics.cappedBuckets` says how often that could happen.
 *
 * Groups are the connected components of "verified similar" pairs, so two members of one group can be
 * less similar than the threshold when a chain of similar texts links them (single linkage).
 *
 * Deterministic for a fixed seed: hash seeds come from splitmix32(seed); the order of work follows
 * input order.
 */
import { LockstepError } from '../../core/errors.js';
import { DensifiedHasher, MinHasher, bandKeys, chooseBanding, type Banding } from './minhash.js';
import { normaliseTextReference } from './normalise.js';
import { groupsOfInputs, joinCandidates } from './join.js';
import { TextScanner } from './text-scanner.js';
import { fmix32 as importedFmix32 } from './tokens.js';

// A module-local binding: calls through an imported binding can cost a getter per call under some
// loaders (tsx), which shows on the per-text hot path.
const fmix32 = importedFmix32;

export interface NearDuplicateOptions {
  /** Jaccard similarity of word shingles at or above which two texts are near duplicates (default 0.7). */
  threshold?: number;
  /** Seed of the MinHash family (default 1). */
  seed?: number;
  /** Texts with fewer tokens (after normalisation) are never grouped (default 5, at least 1). */
  minTokens?: number;
  /** Words per shingle (default 2: one changed word in a 15-word text keeps J = 0.75). */
  shingleSize?: number;
  /**
   * Signature rows k (default 32: measured recall at J = 0.73 with threshold 0.7 is 0.99 for both 32
   * and 64 rows — bench/similar-recall.ts — and 32 rows cost less).
   */
  hashes?: number;
  /**
   * Signature scheme: `densified` one-permutation hashing (default, O(L + k) per text) or classic
   * `minhash` with k hash functions (O(L · k)). Both give P[rows agree] = J; verification is exact
   * either way, so they differ only in speed and in which borderline pairs become candidates.
   */
  scheme?: 'densified' | 'minhash';
  /** Verifications per bucket member, the giant-bucket cap (default 16). */
  maxBucketComparisons?: number;
  /** Set when `texts` are already `normaliseText` output (saves the second normalisation). */
  normalised?: boolean;
}

export interface NearDuplicateDiagnostics {
  texts: number;
  /** Distinct normalised texts with at least minTokens tokens. */
  distinct: number;
  /** Input texts left out for having fewer than minTokens tokens. */
  short: number;
  banding: Banding;
  /** Candidate pairs verified exactly. */
  verified: number;
  /** Verified pairs that reached the threshold and joined two groups. */
  joined: number;
  /** Bucket visits where the per-member cap skipped some pairs. */
  cappedBuckets: number;
  /** Groups with at least two input texts. */
  groups: number;
  /** Wall milliseconds per stage: normalise + de-duplicate + shingle + sign, buckets + verify, groups. */
  ms: { prepare: number; verify: number; groups: number };
}

export interface NearDuplicateResult {
  /** Group id per input text (0, 1, … in order of first appearance), −1 when it has no near duplicate. */
  groups: Int32Array;
  diagnostics: NearDuplicateDiagnostics;
}

function option(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
  integer: boolean,
): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw new LockstepError(
      'ERR_DETECT_SIMILAR_OPTION',
      `co-similar option ${name} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got ${v}`,
      { option: name, value: v },
    );
  }
  return v;
}

/** A growable Int32Array (the shingle store grows while distinct texts are processed). */
export class IntBuffer {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(capacity);
  }
  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    let cap = this.data.length * 2;
    while (cap < this.length + extra) cap *= 2;
    const next = new Int32Array(cap);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

function sortUnique(a: Int32Array, from: number, to: number): number {
  const n = to - from;
  if (n <= 32) {
    for (let i = from + 1; i < to; i++) {
      const v = a[i]!;
      let j = i - 1;
      while (j >= from && a[j]! > v) {
        a[j + 1] = a[j]!;
        j--;
      }
      a[j + 1] = v;
    }
  } else {
    a.subarray(from, to).sort();
  }
  let w = from;
  for (let i = from; i < to; i++) if (i === from || a[i] !== a[w - 1]) a[w++] = a[i]!;
  return w;
}

/**
 * Normalises and tokenizes one text into `scanner` (tokens in `scanner.tokens`, normalised code units
 * in `scanner.units`) and returns its number of tokens: the one-pass scanner when it accepts the text,
 * else the definition (normalise.ts); `normalised` texts are taken as they are.
 */
function scanText(scanner: TextScanner, raw: string, normalised: boolean): number {
  if (!normalised) {
    const t = scanner.scan(raw);
    if (t >= 0) return t;
  }
  return scanner.load(normalised ? raw : normaliseTextReference(raw));
}

/** The options, checked and resolved once, and the hasher they call for. */
export interface SimilarParams {
  threshold: number;
  minTokens: number;
  shingleSize: number;
  cap: number;
  banding: Banding;
  normalised: boolean;
  hasher: MinHasher | DensifiedHasher;
}

/** Checks `options` (coded errors for out-of-range values) and builds the seeded hasher. */
export function similarParams(options: NearDuplicateOptions = {}): SimilarParams {
  const threshold = option('threshold', options.threshold, 0.7, Number.MIN_VALUE, 1, false);
  const seed = option('seed', options.seed, 1, -(2 ** 53), 2 ** 53, true);
  const minTokens = option('minTokens', options.minTokens, 5, 1, 1e6, true);
  const shingleSize = option('shingleSize', options.shingleSize, 2, 1, 16, true);
  const k = option('hashes', options.hashes, 32, 1, 1024, true);
  const cap = option('maxBucketComparisons', options.maxBucketComparisons, 16, 1, 1e6, true);
  const scheme: string = options.scheme ?? 'densified';
  if (scheme !== 'densified' && scheme !== 'minhash') {
    throw new LockstepError(
      'ERR_DETECT_SIMILAR_OPTION',
      `co-similar option scheme must be 'densified' or 'minhash', got ${scheme}`,
      { option: 'scheme', value: scheme },
    );
  }
  return {
    threshold,
    minTokens,
    shingleSize,
    cap,
    banding: chooseBanding(threshold, k),
    normalised: options.normalised === true,
    hasher: scheme === 'minhash' ? new MinHasher(k, seed) : new DensifiedHasher(k, seed),
  };
}

/**
 * Stage 2 for one distinct text of `t` token hashes: its w-word shingles appended to `shingles`
 * (sorted, de-duplicated; the new length is `shingles.length`), its band keys written to
 * `keys[band · stride + id]`. O(t + k).
 */
export function shingleAndSign(
  p: SimilarParams,
  tokens: Int32Array,
  t: number,
  shingles: IntBuffer,
  keys: Uint32Array,
  stride: number,
  id: number,
): void {
  const from = shingles.length;
  const count = t < p.shingleSize ? 1 : t - p.shingleSize + 1;
  const w = Math.min(p.shingleSize, t);
  shingles.reserve(count);
  const buf = shingles.data;
  for (let q = 0; q < count; q++) {
    let h = tokens[q]!;
    for (let j = 1; j < w; j++) h = fmix32(Math.imul(h, 0x9e3779b1) ^ tokens[q + j]!);
    buf[from + q] = h;
  }
  shingles.length = sortUnique(buf, from, from + count);
  bandKeys(p.hasher.sign(buf, from, shingles.length), p.banding, keys, stride, id);
}

/**
 * Near-duplicate groups with diagnostics (how many pairs were verified, joined, capped …).
 *
 * @example
 * const { groups } = nearDuplicateGroupsDetailed(['vote for anna today in the city', 'vote for anna today in the town']);
 */
export function nearDuplicateGroupsDetailed(
  texts: readonly string[],
  options: NearDuplicateOptions = {},
): NearDuplicateResult {
  return groupInputs(
    {
      length: texts.length,
      text: (i) => texts[i],
      earlier: () => -1,
    },
    options,
  );
}

/**
 * What stages 1–4 read of their input: input i's text (undefined or not a string: never grouped),
 * and an earlier input known to hold the same text (−1: none known, or not looked for). `earlier` is
 * asked once per input, in input order; its answer lets an input take that input's distinct text
 * without being scanned again — the distinct text scanning would find (see `groupInputs`).
 */
export interface TextInputs {
  readonly length: number;
  text(i: number): unknown;
  earlier(i: number): number;
}

/** {@link nearDuplicateGroupsDetailed} over any {@link TextInputs} (similar/shared-inputs.ts: texts in shared memory). */
export function groupInputs(texts: TextInputs, options: NearDuplicateOptions = {}): NearDuplicateResult {
  const p = similarParams(options);
  const { minTokens, banding } = p;

  // 1. normalise + de-duplicate
  let clock = performance.now();
  const lap = (): number => {
    const now = performance.now();
    const ms = now - clock;
    clock = now;
    return ms;
  };
  const n = texts.length;

  // 1–2. normalise, tokenize, de-duplicate (open addressing on a token fingerprint; on a fingerprint
  // match, the normalised texts are compared: the distinct text's first input is normalised again
  // unless it is the same string), and shingle + sign + band each new distinct text at once.
  let bits = 4;
  while (1 << bits < 2 * n) bits++;
  const mask = (1 << bits) - 1;
  const table = new Int32Array(1 << bits).fill(-1);
  const fingerprint = new Int32Array(Math.max(1, n));
  const firstInput = new Int32Array(Math.max(1, n));
  const distinctOf = new Int32Array(n).fill(-1);
  const shingles = new IntBuffer(Math.min(Math.max(n * 16, 1 << 12), 1 << 26));
  const start = new Int32Array(n + 1);
  const keys = new Uint32Array(Math.max(1, n) * banding.bands);
  const scanner = new TextScanner();
  const again = new TextScanner();
  let m = 0;
  let short = 0;
  for (let i = 0; i < n; i++) {
    // A repeat of an earlier input: scanning it again would give the same tokens, and the probe below
    // the same distinct text (a probe sequence only ever gains entries at its end).
    const e = texts.earlier(i);
    if (e >= 0) {
      distinctOf[i] = distinctOf[e]!;
      if (distinctOf[i]! < 0) short++;
      continue;
    }
    const raw = texts.text(i);
    const t = typeof raw !== 'string' ? 0 : scanText(scanner, raw, p.normalised);
    if (t < minTokens || t === 0) {
      short++;
      continue;
    }
    const tokens = scanner.tokens;
    let fp = t;
    for (let j = 0; j < t; j++) fp = Math.imul(fp ^ tokens[j]!, 0x01000193) ^ (fp >>> 13);
    fp = fmix32(fp);
    let slot = fp & mask;
    let u = -1;
    for (;;) {
      const v = table[slot]!;
      if (v === -1) break;
      if (fingerprint[v] === fp) {
        const first = texts.text(firstInput[v]!) as string;
        if (first === raw) {
          u = v;
          break;
        }
        scanText(again, first, p.normalised);
        if (again.sameAs(scanner)) {
          u = v;
          break;
        }
      }
      slot = (slot + 1) & mask;
    }
    if (u === -1) {
      u = m++;
      table[slot] = u;
      fingerprint[u] = fp;
      firstInput[u] = i;
      start[u] = shingles.length;
      shingleAndSign(p, tokens, t, shingles, keys, n, u);
      start[u + 1] = shingles.length;
    }
    distinctOf[i] = u;
  }
  const U = m;
  const prepareMs = lap();

  // 3. bucket per band, verify, join (text u's shingles end where text u + 1's start)
  const { uf, verified, joined, cappedBuckets } = joinCandidates(
    p,
    U,
    keys,
    n,
    shingles.data,
    start,
    start.subarray(1),
  );
  const verifyMs = lap();

  // 4. groups over inputs: a component counts when it holds at least two input texts
  const { groups, count } = groupsOfInputs(uf, U, distinctOf);

  return {
    groups,
    diagnostics: {
      texts: n,
      distinct: U,
      short,
      banding,
      verified,
      joined,
      cappedBuckets,
      groups: count,
      ms: { prepare: prepareMs, verify: verifyMs, groups: lap() },
    },
  };
}

/**
 * One group id per input text, −1 when the text has no near duplicate: texts whose word-shingle
 * Jaccard similarity reaches `threshold` (directly or through a chain of such texts) share an id.
 *
 * @example
 * nearDuplicateGroups([
 *   'Vote for Anna on Sunday, she will fix the roads https://t.co/a',
 *   'vote for Anna on Sunday she will fix the streets https://t.co/b',
 *   'Lovely weather at the lake this weekend with friends',
 * ]); // → Int32Array [0, 0, -1]
 */
export function nearDuplicateGroups(texts: readonly string[], options?: NearDuplicateOptions): Int32Array {
  return nearDuplicateGroupsDetailed(texts, options).groups;
}
