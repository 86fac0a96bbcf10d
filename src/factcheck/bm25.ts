/**
 * Okapi BM25 (Robertson & Zaragoza 2009, "The Probabilistic Relevance Framework: BM25 and Beyond")
 * over one field of integer term ids (term-dictionary.ts), with Lucene's idf
 * `ln(1 + (N − df + 0.5)/(df + 0.5))` so no term scores below zero. Built once, then queried
 * term-at-a-time into a dense accumulator.
 *
 * Each posting stores its precomputed impact `(k1 + 1) · tf / (tf + k1 · (1 − b + b · len/avglen))`
 * (float32), so a query adds `weight · impact` per posting with no division (the impact-scored index
 * of Anh & Moffat 2006); a query term's weight is `idf · (1 + ln qtf)`, so a repeated phrase does not
 * swamp a post.
 *
 * A query runs in two phases (the candidate-generation / rescoring split of MaxScore-style
 * evaluation, Turtle & Flood 1995): terms in at most `maxDfRatio` of the documents are accumulated
 * over their postings, which picks the candidates; the frequent terms (low idf, long postings) are
 * then added to the chosen candidates only, by walking each candidate's forward entry. Candidate
 * scores are exact BM25; only a document sharing nothing but frequent terms with the query can be
 * missed. Phase 1 stops at a postings budget (`maxPostings`, rarest terms first): at 100,000 fact
 * checks a post's rare character 4-grams had ~14,800 postings, and capping them at 2,000 lifted
 * matching from ~1,900 to ~2,800 posts/s CPU while CheckThat! train MAP@5 stayed within 0.002
 * (bench/RESULTS.md). Cost: min(budget, the rare terms' postings) + the candidates' distinct terms.
 *
 * Memory: each distinct (document, term) pair is held twice: in the inverted index at 8 bytes (int32
 * document + float32 impact) and in the forward index at 6 (int32 term + uint16 count); plus 16 bytes
 * per term (offsets, idf, id map, scratch) and 16 per document (forward offset, length norm).
 */
import { GrowableInt32 } from '../core/growable.js';
import { sharedArray, toShared } from '../core/shared-array.js';
import { topK } from './top-k.js';

export interface Bm25Options {
  k1: number;
  b: number;
  /** Terms in more than this share of the documents score candidates but do not pick them (0–1]. */
  maxDfRatio: number;
  /**
   * Phase 1's postings per query (unset: no limit): rare terms are accumulated rarest first until
   * the next would pass this many postings, and the rest join the frequent terms in the rescoring
   * (the "continue" strategy of Moffat & Zobel 1996, "Self-indexing inverted files for fast text
   * retrieval"). The first term is always accumulated.
   */
  maxPostings?: number;
}

export const DEFAULT_BM25: Bm25Options = { k1: 1.2, b: 0.75, maxDfRatio: 0.01, maxPostings: 2000 };

/** A query's distinct known term ids with their counts, first occurrence first. */
export interface TermCounts {
  ids: number[];
  counts: number[];
}

/**
 * A finished field's index in shared memory (core/shared-array.ts): what a worker thread needs to
 * query it without building or copying it.
 */
export interface Bm25Image {
  options: Bm25Options;
  n: number;
  avgLength: number;
  fwdStart: Int32Array;
  fwdIds: Int32Array;
  fwdTf: Uint16Array;
  offsets: Int32Array;
  docs: Int32Array;
  impact: Float32Array;
  idf: Float64Array;
  docNorm: Float64Array;
  remap: Int32Array;
}

export class Bm25Field {
  readonly options: Bm25Options;
  /**
   * Forward index: document d's distinct term ids (ascending) and their counts at
   * fwdStart[d]..fwdStart[d+1]. Counts, not impacts: rescore() computes an impact only for the few
   * entries that are query terms, and 2 bytes instead of 4 per entry is less memory to walk.
   */
  fwdStart: Int32Array = new Int32Array(1);
  fwdIds: Int32Array = new Int32Array(0);
  fwdTf: Uint16Array = new Uint16Array(0);
  /** Inverted index: term t's documents (ascending) and impacts at offsets[t]..offsets[t+1]. */
  offsets: Int32Array = new Int32Array(1);
  docs: Int32Array = new Int32Array(0);
  impact: Float32Array = new Float32Array(0);
  idf: Float64Array = new Float64Array(0);
  avgLength = 0;
  #ids: GrowableInt32 | undefined = new GrowableInt32();
  #tfs: GrowableInt32 | undefined = new GrowableInt32();
  #starts: GrowableInt32 | undefined = new GrowableInt32();
  #lengths: GrowableInt32 | undefined = new GrowableInt32();
  #n = 0;
  /** Scratch: per-term query counts (lookup) and weights (rescore); zero between calls. */
  #qc = new Int32Array(0);
  #qw = new Float64Array(0);
  /** Per document, BM25's length normalisation k1 · (1 − b + b · len/avglen). */
  #docNorm: Float64Array = new Float64Array(0);
  /** Dictionary term id → the field's term id. */
  #remap: Int32Array = new Int32Array(0);
  /** Scratch for rescore: one bit per term, set for the terms being rescored; zero between calls. */
  #bits = new Int32Array(0);
  /** Scratch for rescore's gather pass (grown to the largest pool seen). */
  #from = new Int32Array(64);
  #to = new Int32Array(64);
  #norms = new Float64Array(64);
  #touched = new Int32Array(1);

  constructor(options: Bm25Options = DEFAULT_BM25) {
    this.options = options;
    this.#starts!.push(0);
  }

  /** The field's id of a dictionary term id (the field numbers its terms by df, most frequent first). */
  termId(dictId: number): number {
    return this.#remap[dictId]!;
  }

  get size(): number {
    return this.#n;
  }

  /** Adds the next document (its id is the number added before it): its term ids, repeats kept. */
  add(termIds: Int32Array): void {
    const ids = this.#ids;
    const tfs = this.#tfs;
    if (!ids || !tfs) throw new Error('Bm25Field.add after finish');
    this.#lengths!.push(termIds.length);
    const sorted = termIds.slice().sort();
    for (let i = 0; i < sorted.length;) {
      let j = i + 1;
      while (j < sorted.length && sorted[j] === sorted[i]) j++;
      ids.push(sorted[i]!);
      tfs.push(j - i);
      i = j;
    }
    this.#starts!.push(ids.length);
    this.#n++;
  }

  /** Builds the impacts and the inverted index; call once after the last `add`. */
  finish(vocabularySize: number): void {
    const n = this.#n;
    const terms = vocabularySize;
    const tfs = this.#tfs!.view();
    const lengths = this.#lengths!.view();
    // The index lives in shared memory from the start, so handing it to worker threads copies nothing.
    this.fwdIds = toShared(this.#ids!.view());
    this.fwdStart = toShared(this.#starts!.view());
    let sum = 0;
    for (let d = 0; d < n; d++) sum += lengths[d]!;
    this.avgLength = n > 0 ? sum / n : 0;
    const { k1, b } = this.options;
    this.#docNorm = sharedArray(Float64Array, n);
    for (let d = 0; d < n; d++)
      this.#docNorm[d] = k1 * (1 - b + (b * lengths[d]!) / Math.max(this.avgLength, 1e-9));
    // Renumber the terms by df, most frequent first (ties by dictionary id), so that a document's
    // forward entry lists its frequent terms first and rescore() stops early (see there).
    const dictDf = new Int32Array(terms);
    for (const t of this.fwdIds) dictDf[t]!++;
    const byDf = Int32Array.from({ length: terms }, (_, t) => t).sort(
      (x, y) => dictDf[y]! - dictDf[x]! || x - y,
    );
    this.#remap = sharedArray(Int32Array, terms);
    for (let r = 0; r < terms; r++) this.#remap[byDf[r]!] = r;
    this.offsets = sharedArray(Int32Array, terms + 1);
    for (let r = 0; r < terms; r++) this.offsets[r + 1] = this.offsets[r]! + dictDf[byDf[r]!]!;
    const at = this.offsets.slice(0, terms);
    this.docs = sharedArray(Int32Array, this.fwdIds.length);
    this.impact = sharedArray(Float32Array, this.fwdIds.length);
    const slotTf = new Uint16Array(this.fwdIds.length);
    for (let d = 0; d < n; d++) {
      const norm = this.#docNorm[d]!;
      for (let k = this.fwdStart[d]!; k < this.fwdStart[d + 1]!; k++) {
        const slot = at[this.#remap[this.fwdIds[k]!]!]!++;
        const tf = tfs[k]!;
        this.docs[slot] = d;
        this.impact[slot] = ((k1 + 1) * tf) / (tf + norm);
        slotTf[slot] = Math.min(tf, MAX_TF);
      }
    }
    this.#ids = this.#tfs = this.#starts = this.#lengths = undefined;
    // The forward index again, from the inverted one: walking the terms in their new order appends
    // each document's entries in ascending new id (a transpose, O(pairs)).
    const fill = this.fwdStart.slice(0, n);
    this.fwdTf = sharedArray(Uint16Array, this.fwdIds.length);
    for (let t = 0; t < terms; t++)
      for (let j = this.offsets[t]!; j < this.offsets[t + 1]!; j++) {
        const slot = fill[this.docs[j]!]!++;
        this.fwdIds[slot] = t;
        this.fwdTf[slot] = slotTf[j]!;
      }
    const df = new Int32Array(terms);
    for (let t = 0; t < terms; t++) df[t] = this.offsets[t + 1]! - this.offsets[t]!;

    this.idf = sharedArray(Float64Array, terms);
    for (let t = 0; t < terms; t++) this.idf[t] = idfOf(n, df[t]!);
    this.#scratch(terms);
  }

  /** The finished index, built in shared memory (`finish`): no copy is made here. */
  share(): Bm25Image {
    if (this.#ids) throw new Error('Bm25Field.share before finish');
    const { options, avgLength, fwdStart, fwdIds, fwdTf, offsets, docs, impact, idf } = this;
    return {
      options,
      n: this.#n,
      avgLength,
      fwdStart,
      fwdIds,
      fwdTf,
      offsets,
      docs,
      impact,
      idf,
      docNorm: this.#docNorm,
      remap: this.#remap,
    };
  }

  /** A finished field over a shared index (another thread's {@link share}), with scratch of its own. */
  static fromImage(image: Bm25Image): Bm25Field {
    const f = new Bm25Field(image.options);
    f.#ids = f.#tfs = f.#starts = f.#lengths = undefined;
    f.#n = image.n;
    f.avgLength = image.avgLength;
    f.fwdStart = image.fwdStart;
    f.fwdIds = image.fwdIds;
    f.fwdTf = image.fwdTf;
    f.offsets = image.offsets;
    f.docs = image.docs;
    f.impact = image.impact;
    f.idf = image.idf;
    f.#docNorm = image.docNorm;
    f.#remap = image.remap;
    f.#scratch(image.idf.length);
    return f;
  }

  #scratch(terms: number): void {
    this.#qc = new Int32Array(terms);
    this.#qw = new Float64Array(terms);
    this.#bits = new Int32Array((terms + 31) >>> 5);
  }

  /** Σ idf of document d's distinct terms. */
  idfMassOf(d: number): number {
    let m = 0;
    for (let k = this.fwdStart[d]!; k < this.fwdStart[d + 1]!; k++) m += this.idf[this.fwdIds[k]!]!;
    return m;
  }

  df(id: number): number {
    return this.offsets[id + 1]! - this.offsets[id]!;
  }

  /**
   * The query's known terms (dictionary ids, repeats kept) as the field's term ids with counts, and
   * the idf mass of all its distinct terms, the `unknown` ones (not in the index) at df 0.
   */
  lookup(termIds: Int32Array, unknown: number): { known: TermCounts; idfMass: number } {
    const qc = this.#qc;
    const remap = this.#remap;
    const ids: number[] = [];
    for (const dictId of termIds) {
      const id = remap[dictId]!;
      if (qc[id]!++ === 0) ids.push(id);
    }
    const counts = ids.map((id) => qc[id]!);
    let idfMass = unknown * idfOf(this.#n, 0);
    for (const id of ids) {
      idfMass += this.idf[id]!;
      qc[id] = 0;
    }
    return { known: { ids, counts }, idfMass };
  }

  #weight(q: TermCounts, i: number): number {
    return this.idf[q.ids[i]!]! * (1 + Math.log(q.counts[i]!));
  }

  /**
   * Phase 1: adds the BM25 contribution of the query's rare terms (df ≤ maxDfRatio · N; rarest first,
   * while they fit in `maxPostings`) to every document in their postings (`acc`), recording each document touched for the first time in
   * `touched`, and returns the `k` best documents by that partial score (best first, ties by lower
   * id), the touched count (the caller zeroes `acc` there) and the indexes (into `q`) of the terms
   * left for {@link rescore} (the frequent ones and those over the budget).
   *
   * MaxScore's skipping of non-essential terms was tried here and dropped: with k = 30 candidates the
   * 30th best partial score is so low that nearly every touched document stayed a candidate to
   * rescore (10× slower on the synthetic bench); with a guard that skips only when it pays, nothing
   * was skipped. A field with k = 0 (not pooled) skips phase 1 altogether.
   */
  select(
    q: TermCounts,
    k: number,
    acc: Float32Array,
    touched: Int32Array,
  ): { touched: number; top: number[]; rest: number[] } {
    const maxDf = Math.max(1, Math.floor(this.options.maxDfRatio * this.#n));
    const rest: number[] = [];
    // A field that picks no candidates only scores the pool: every term goes to the forward walk.
    if (k === 0) return { touched: 0, top: [], rest: q.ids.map((_, i) => i) };
    let nt = 0;
    const budget = this.options.maxPostings ?? Infinity;
    const rare: number[] = [];
    for (let i = 0; i < q.ids.length; i++) {
      if (this.df(q.ids[i]!) > maxDf) rest.push(i);
      else rare.push(i);
    }
    // Rarest first (ties: first occurrence in the post), so the budget goes to the most telling terms.
    rare.sort((a, b) => this.df(q.ids[a]!) - this.df(q.ids[b]!) || a - b);
    let spent = 0;
    for (const i of rare) {
      const df = this.df(q.ids[i]!);
      if (spent > 0 && spent + df > budget) rest.push(i);
      else {
        spent += df;
        nt = this.#add(q, i, acc, touched, nt);
      }
    }
    return { touched: nt, top: topK(acc, touched, nt, k), rest };
  }

  /** Adds query term `i`'s contribution to every document in its postings. */
  #add(q: TermCounts, i: number, acc: Float32Array, touched: Int32Array, nt: number): number {
    const { offsets, docs, impact } = this;
    const id = q.ids[i]!;
    const w = this.#weight(q, i);
    for (let j = offsets[id]!, end = offsets[id + 1]!; j < end; j++) {
      const d = docs[j]!;
      const a = acc[d]!;
      if (a === 0) touched[nt++] = d;
      acc[d] = a + w * impact[j]!;
    }
    return nt;
  }

  #gather(count: number): { from: Int32Array; to: Int32Array; norms: Float64Array } {
    if (this.#from.length < count) {
      this.#from = new Int32Array(count * 2);
      this.#to = new Int32Array(count * 2);
      this.#norms = new Float64Array(count * 2);
    }
    return { from: this.#from, to: this.#to, norms: this.#norms };
  }

  /**
   * Phase 2: adds query terms `terms` (indexes into `q`) to the documents `docs[0..count)` by walking
   * each document's forward entry (ids ascending) and testing each id against a bitset of the terms
   * (one bit per vocabulary term: 64 KB at 0.5 M terms, so it stays in cache, where the vocabulary-
   * sized weight array it replaces, 4 MB, missed on most entries). Only the entries that are query
   * terms read their weight. The sum runs over the same terms in the same (ascending id) order as the
   * sorted merge this replaced, so the scores are bit-identical; the merge's per-entry branches cost
   * ~1.4× more. Cost: O(|forward entry|) per document, O(|terms|) to set and clear the bits.
   */
  rescore(q: TermCounts, terms: readonly number[], docs: Int32Array, count: number, acc: Float32Array): void {
    if (terms.length === 0) return;
    const qw = this.#qw;
    const bits = this.#bits;
    let last = 0;
    for (const i of terms) {
      const id = q.ids[i]!;
      qw[id] = this.#weight(q, i);
      bits[id >>> 5]! |= 1 << (id & 31);
      if (id > last) last = id;
    }
    const { fwdStart, fwdIds, fwdTf } = this;
    const k1p1 = this.options.k1 + 1;
    // Gather pass: each candidate's entry bounds and length norm, then one load of the first entry
    // of its ids and counts. These loads do not depend on one another, so the CPU keeps many of
    // their cache misses in flight at once; the walk below then finds the lines in cache, where
    // before it met each candidate's misses one after the other (~1.2× posts/s, h-fc round 6).
    const { from, to, norms } = this.#gather(count);
    const docNorm = this.#docNorm;
    for (let c = 0; c < count; c++) {
      const d = docs[c]!;
      from[c] = fwdStart[d]!;
      to[c] = fwdStart[d + 1]!;
      norms[c] = docNorm[d]!;
    }
    let touch = 0;
    for (let c = 0; c < count; c++) {
      const k = from[c]!;
      if (k < to[c]!) touch += fwdIds[k]! + fwdTf[k]!;
    }
    // Stored so the compiler cannot drop the loads as dead code.
    this.#touched[0] = touch;
    for (let c = 0; c < count; c++) {
      const d = docs[c]!;
      const norm = norms[c]!;
      let s = 0;
      for (let k = from[c]!, end = to[c]!; k < end; k++) {
        const id = fwdIds[k]!;
        if (id > last) break;
        if ((bits[id >>> 5]! >>> (id & 31)) & 1) {
          // The impact as the inverted index holds it (rounded to float32), so sums are unchanged.
          const tf = fwdTf[k]!;
          s += qw[id]! * Math.fround((k1p1 * tf) / (tf + norm));
        }
      }
      acc[d]! += s;
    }
    for (const i of terms) {
      const id = q.ids[i]!;
      qw[id] = 0;
      bits[id >>> 5] = 0;
    }
  }
}

/**
 * Term counts in the forward index saturate here (uint16): for a term repeated 65,536+ times in one
 * fact check, rescoring's impact is within (k1 + 1) · norm / 65,535 of the exact one (a relative
 * 4e-6 for a document 4× the average length), where BM25's saturation has long flattened it.
 */
const MAX_TF = 0xffff;

export function idfOf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}
