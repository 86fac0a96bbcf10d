/**
 * co-similar's per-text work kept across a sliding window's ticks (the monitor): each distinct text is
 * normalised, tokenized, shingled, signed and banded once, when a tick first meets it, and every later
 * tick over a window that still holds it only buckets and verifies (join.ts). `groups(entries)` returns
 * exactly what `nearDuplicateGroups` returns for the same texts in the same order with the same
 * options: the per-text work is the same function (`shingleAndSign`), distinct texts are numbered by
 * first appearance in the input as there (two texts are one distinct text when their co-similar
 * normalisation is the same string, as there), and stages 3–4 are the same code.
 *
 * Cost: `entry` O(length + k) the first time a text is met; `groups` O(n + entries ever made) to number
 * the inputs' texts, then join.ts's O(bands · (U + 2¹⁶)) bucketing and the verifications — instead of
 * O(total text length + U · k) per call. Memory per distinct text with at least `minTokens` tokens: its
 * shingles (4 bytes each, about one per word), `bands` 32-bit keys and a Map entry for its normalised
 * string; a short text costs nothing here. Entries are never dropped: the owner starts a new cache when
 * its window has turned over (WindowActions does so when it compacts).
 */
import { GrowableInt32 } from '../../core/growable.js';
import { groupsOfInputs, joinCandidates } from './join.js';
import {
  IntBuffer,
  shingleAndSign,
  similarParams,
  type NearDuplicateOptions,
  type SimilarParams,
} from './near-duplicates.js';
import { normaliseText, tokenHashes } from './normalise.js';

export class SignatureCache {
  private readonly p: SimilarParams;
  /** Normalised text → entry, for the texts with at least minTokens tokens. */
  private readonly entries = new Map<string, number>();
  private readonly shingles = new IntBuffer(1 << 12);
  private readonly start = new GrowableInt32();
  private readonly end = new GrowableInt32();
  /** Band keys, entry-major: entry e's key of band t at e · bands + t. */
  private keys = new Uint32Array(1024);
  private tokens = new Int32Array(1024);

  constructor(readonly options: NearDuplicateOptions) {
    this.p = similarParams(options);
  }

  /** Distinct texts signed so far. */
  get size(): number {
    return this.start.length;
  }

  /** The text's entry (signing it the first time), or −1 when it is too short to be grouped. */
  entry(raw: string): number {
    const p = this.p;
    const s = p.normalised ? raw : normaliseText(raw);
    if (s.length > this.tokens.length) this.tokens = new Int32Array(s.length);
    const t = tokenHashes(s, this.tokens);
    if (t < p.minTokens || t === 0) return -1;
    let e = this.entries.get(s);
    if (e !== undefined) return e;
    e = this.start.length;
    // Keyed by the caller's string when normalising did not change it (a monitor's window passes its
    // interned, already normalised texts): the normalised copy would be a second string per text
    // held as long as the cache (~40 MB at 5M posts in bench/monitor-memory.ts).
    this.entries.set(s === raw ? raw : s, e);
    const bands = p.banding.bands;
    if ((e + 1) * bands > this.keys.length) {
      const next = new Uint32Array(this.keys.length * 2);
      next.set(this.keys);
      this.keys = next;
    }
    this.start.push(this.shingles.length);
    shingleAndSign(p, this.tokens, t, this.shingles, this.keys, 1, e * bands);
    this.end.push(this.shingles.length);
    return e;
  }

  /**
   * Group ids per input, from each input's entry (−1: too short): `nearDuplicateGroups` of the inputs'
   * texts, as explained above.
   */
  groups(inputs: Int32Array): Int32Array {
    const n = inputs.length;
    const bands = this.p.banding.bands;
    const distinctOf = new Int32Array(n).fill(-1);
    const uOf = new Int32Array(this.size).fill(-1);
    const entryOf: number[] = [];
    for (let i = 0; i < n; i++) {
      const e = inputs[i]!;
      if (e < 0) continue;
      let u = uOf[e]!;
      if (u < 0) {
        u = uOf[e] = entryOf.length;
        entryOf.push(e);
      }
      distinctOf[i] = u;
    }
    const U = entryOf.length;
    const keys = new Uint32Array(Math.max(1, U) * bands);
    const start = new Int32Array(U);
    const end = new Int32Array(U);
    const cachedStart = this.start.view();
    const cachedEnd = this.end.view();
    for (let u = 0; u < U; u++) {
      const e = entryOf[u]!;
      start[u] = cachedStart[e]!;
      end[u] = cachedEnd[e]!;
      for (let t = 0; t < bands; t++) keys[t * U + u] = this.keys[e * bands + t]!;
    }
    const { uf } = joinCandidates(this.p, U, keys, U, this.shingles.data, start, end);
    return groupsOfInputs(uf, U, distinctOf).groups;
  }
}

/**
 * A window's co-similar texts already signed (WindowActions.prepare): per distinct original text of the
 * prepared columns (`originalTexts` numbering), its entry in `cache`; detect's co-similar stage groups
 * from them instead of signing the texts again, when its seed is the cache's.
 */
export interface SignedTexts {
  seed: number;
  cache: SignatureCache;
  entries: Int32Array;
}
