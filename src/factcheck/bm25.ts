/**
 * Okapi BM25 (Robertson & Zaragoza 2009, "The Probabilistic Relevance Framework: BM25 and Beyond")
 * over one field of string terms, with Lucene's idf `ln(1 + (N − df + 0.5)/(df + 0.5))` so no term
 * scores below zero. Built once, then queried term-at-a-time into a dense accumulator.
 *
 * Cost: build O(total terms + distinct pairs); memory two copies of each distinct (doc, term) pair at
 * 6 bytes each (inverted and forward index) plus the vocabulary map. A query runs in two phases (the candidate-generation / rescoring split of
 * MaxScore-style evaluation, Turtle & Flood 1995): terms in at most `maxDfRatio` of the documents are
 * accumulated over their postings, which picks the candidates; the frequent terms (low idf, long
 * postings) are then added to the chosen candidates only, by walking each candidate's forward entry.
 * Candidate scores are exact BM25; only a document sharing nothing but frequent terms with the query
 * can be missed. Cost: the rare terms' postings + the candidates' distinct terms.
 */

export interface Bm25Options {
  k1: number;
  b: number;
  /** Terms in more than this share of the documents score candidates but do not pick them (0–1]. */
  maxDfRatio: number;
}

export const DEFAULT_BM25: Bm25Options = { k1: 1.2, b: 0.75, maxDfRatio: 0.01 };

/** Term ids with their counts in one text. */
export interface TermCounts {
  ids: number[];
  counts: number[];
}

/** An Int32Array that doubles when full (the build's flat forward index). */
class Growable {
  a = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = v;
  }
  view(): Int32Array {
    return this.a.subarray(0, this.length);
  }
}

export class Bm25Field {
  readonly options: Bm25Options;
  readonly vocab = new Map<string, number>();
  /** Forward index: document d's distinct term ids (sorted) and counts at fwdStart[d]..fwdStart[d+1]. */
  fwdStart = new Int32Array(1);
  fwdIds = new Int32Array(0);
  fwdTfs = new Uint16Array(0);
  #ids = new Growable();
  #tfs = new Growable();
  #starts: number[] = [0];
  #lengths: number[] = [];
  /** Inverted index: term t's documents (ascending) and counts at offsets[t]..offsets[t+1]. */
  offsets = new Int32Array(1);
  docs = new Int32Array(0);
  tfs = new Uint16Array(0);
  idf = new Float32Array(0);
  /** Per document: k1 · (1 − b + b · len/avglen), BM25's length normaliser. */
  norm = new Float32Array(0);
  avgLength = 0;
  /** Per-term query weights during a rescore (zero between calls). */
  #qw = new Float32Array(0);

  constructor(options: Bm25Options = DEFAULT_BM25) {
    this.options = options;
  }

  get size(): number {
    return this.#lengths.length;
  }

  /** Adds the next document (its id is the number of documents added before it). */
  add(terms: readonly string[]): void {
    this.#lengths.push(terms.length);
    const ids = new Int32Array(terms.length);
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i]!;
      let id = this.vocab.get(t);
      if (id === undefined) {
        id = this.vocab.size;
        this.vocab.set(t, id);
      }
      ids[i] = id;
    }
    ids.sort();
    for (let i = 0; i < ids.length;) {
      let j = i + 1;
      while (j < ids.length && ids[j] === ids[i]) j++;
      this.#ids.push(ids[i]!);
      this.#tfs.push(Math.min(j - i, 65535));
      i = j;
    }
    this.#starts.push(this.#ids.length);
  }

  /** Builds the inverted index from the forward one; call once after the last `add`. */
  finish(): void {
    const n = this.#lengths.length;
    const terms = this.vocab.size;
    this.fwdIds = this.#ids.view().slice();
    this.fwdTfs = Uint16Array.from(this.#tfs.view());
    this.fwdStart = Int32Array.from(this.#starts);
    this.#ids = new Growable();
    this.#tfs = new Growable();
    this.#starts = [];
    const df = new Int32Array(terms);
    for (const t of this.fwdIds) df[t]!++;
    this.offsets = new Int32Array(terms + 1);
    for (let t = 0; t < terms; t++) this.offsets[t + 1] = this.offsets[t]! + df[t]!;
    const at = this.offsets.slice(0, terms);
    this.docs = new Int32Array(this.fwdIds.length);
    this.tfs = new Uint16Array(this.fwdIds.length);
    for (let d = 0; d < n; d++)
      for (let k = this.fwdStart[d]!; k < this.fwdStart[d + 1]!; k++) {
        const t = this.fwdIds[k]!;
        const slot = at[t]!++;
        this.docs[slot] = d;
        this.tfs[slot] = this.fwdTfs[k]!;
      }
    this.idf = new Float32Array(terms);
    for (let t = 0; t < terms; t++) this.idf[t] = idfOf(n, df[t]!);
    let sum = 0;
    for (const l of this.#lengths) sum += l;
    this.avgLength = n > 0 ? sum / n : 0;
    const { k1, b } = this.options;
    this.norm = new Float32Array(n);
    for (let d = 0; d < n; d++)
      this.norm[d] = k1 * (1 - b + (b * this.#lengths[d]!) / Math.max(this.avgLength, 1e-9));
    this.#qw = new Float32Array(terms);
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

  /** The query's known terms with counts, and the idf mass of all its terms (unknown ones at df 0). */
  lookup(terms: readonly string[]): { known: TermCounts; idfMass: number } {
    const counts = new Map<string, number>();
    for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
    const ids: number[] = [];
    const cs: number[] = [];
    let idfMass = 0;
    const unknownIdf = idfOf(this.size, 0);
    for (const [t, c] of counts) {
      const id = this.vocab.get(t);
      if (id === undefined) {
        idfMass += unknownIdf;
        continue;
      }
      idfMass += this.idf[id]!;
      ids.push(id);
      cs.push(c);
    }
    return { known: { ids, counts: cs }, idfMass };
  }

  /** The query term weight: idf · (k1 + 1) · (1 + ln qtf), so a repeated phrase does not swamp a post. */
  #weight(q: TermCounts, i: number): number {
    return this.idf[q.ids[i]!]! * (1 + Math.log(q.counts[i]!)) * (this.options.k1 + 1);
  }

  /**
   * Phase 1: adds the BM25 contribution of the query's rare terms (df ≤ maxDfRatio · N) to every
   * document in their postings (`acc`), recording each document touched for the first time in
   * `touched`. Returns the new touched length and the indexes (into `q`) of the frequent terms left
   * for {@link rescore}.
   */
  accumulate(
    q: TermCounts,
    acc: Float32Array,
    touched: Int32Array,
    touchedLength: number,
  ): { touched: number; frequent: number[] } {
    const maxDf = Math.max(1, Math.floor(this.options.maxDfRatio * this.size));
    let nt = touchedLength;
    const frequent: number[] = [];
    for (let i = 0; i < q.ids.length; i++) {
      const id = q.ids[i]!;
      const start = this.offsets[id]!;
      const end = this.offsets[id + 1]!;
      if (end - start > maxDf) {
        frequent.push(i);
        continue;
      }
      const w = this.#weight(q, i);
      for (let j = start; j < end; j++) {
        const d = this.docs[j]!;
        const tf = this.tfs[j]!;
        if (acc[d] === 0) touched[nt++] = d;
        acc[d]! += (w * tf) / (tf + this.norm[d]!);
      }
    }
    return { touched: nt, frequent };
  }

  /** Phase 2: adds the frequent terms' contribution to the candidates `docs` (forward index walk). */
  rescore(q: TermCounts, frequent: readonly number[], docs: Iterable<number>, acc: Float32Array): void {
    if (frequent.length === 0) return;
    const qw = this.#qw;
    for (const i of frequent) qw[q.ids[i]!] = this.#weight(q, i);
    for (const d of docs) {
      const norm = this.norm[d]!;
      for (let k = this.fwdStart[d]!; k < this.fwdStart[d + 1]!; k++) {
        const w = qw[this.fwdIds[k]!]!;
        if (w !== 0) {
          const tf = this.fwdTfs[k]!;
          acc[d]! += (w * tf) / (tf + norm);
        }
      }
    }
    for (const i of frequent) qw[q.ids[i]!] = 0;
  }
}

export function idfOf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}
