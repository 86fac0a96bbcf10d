/**
 * Okapi BM25 (Robertson & Zaragoza 2009, "The Probabilistic Relevance Framework: BM25 and Beyond")
 * over one field of string terms, with Lucene's idf `ln(1 + (N − df + 0.5)/(df + 0.5))` so no term
 * scores below zero. Built once, then queried term-at-a-time into a dense accumulator.
 *
 * Cost: build O(total terms); memory one posting (4-byte doc + 2-byte tf) per distinct (doc, term)
 * plus the vocabulary map. A query costs the summed posting lengths of its terms; terms in more than
 * `maxDfRatio` of the documents are skipped (their idf is under ln 1/maxDfRatio and they add a nearly
 * constant amount to every candidate), which bounds the cost on 100k documents.
 */

export interface Bm25Options {
  k1: number;
  b: number;
  /** Skip query terms found in more than this share of the documents (0–1]. */
  maxDfRatio: number;
}

export const DEFAULT_BM25: Bm25Options = { k1: 1.2, b: 0.75, maxDfRatio: 0.1 };

/** Term ids with their counts in one text. */
export interface TermCounts {
  ids: number[];
  counts: number[];
}

export class Bm25Field {
  readonly options: Bm25Options;
  readonly vocab = new Map<string, number>();
  #building: { docs: number[]; tfs: number[] }[] = [];
  #lengths: number[] = [];
  offsets = new Int32Array(1);
  docs = new Int32Array(0);
  tfs = new Uint16Array(0);
  idf = new Float32Array(0);
  /** Per document: k1 · (1 − b + b · len/avglen), BM25's length normaliser. */
  norm = new Float32Array(0);
  avgLength = 0;

  constructor(options: Bm25Options = DEFAULT_BM25) {
    this.options = options;
  }

  get size(): number {
    return this.#lengths.length;
  }

  /** Adds the next document (its id is the number of documents added before it). */
  add(terms: readonly string[]): void {
    const doc = this.#lengths.length;
    this.#lengths.push(terms.length);
    const counts = new Map<string, number>();
    for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [t, c] of counts) {
      let id = this.vocab.get(t);
      if (id === undefined) {
        id = this.#building.length;
        this.vocab.set(t, id);
        this.#building.push({ docs: [], tfs: [] });
      }
      const p = this.#building[id]!;
      p.docs.push(doc);
      p.tfs.push(Math.min(c, 65535));
    }
  }

  /** Freezes the postings into typed arrays; call once after the last `add`. */
  finish(): void {
    const n = this.#lengths.length;
    const terms = this.#building.length;
    let total = 0;
    for (const p of this.#building) total += p.docs.length;
    this.offsets = new Int32Array(terms + 1);
    this.docs = new Int32Array(total);
    this.tfs = new Uint16Array(total);
    this.idf = new Float32Array(terms);
    let at = 0;
    for (let t = 0; t < terms; t++) {
      const p = this.#building[t]!;
      this.offsets[t] = at;
      this.docs.set(p.docs, at);
      this.tfs.set(p.tfs, at);
      at += p.docs.length;
      this.idf[t] = idfOf(n, p.docs.length);
    }
    this.offsets[terms] = at;
    this.#building = [];
    let sum = 0;
    for (const l of this.#lengths) sum += l;
    this.avgLength = n > 0 ? sum / n : 0;
    const { k1, b } = this.options;
    this.norm = new Float32Array(n);
    for (let d = 0; d < n; d++)
      this.norm[d] = k1 * (1 - b + (b * this.#lengths[d]!) / Math.max(this.avgLength, 1e-9));
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

  /**
   * Adds the BM25 score of every document sharing a term with the query into `acc`, recording each
   * document touched for the first time in `touched` (returns its new length). Query term frequency
   * counts as `1 + ln(qtf)` so a repeated phrase does not swamp the rest of a post.
   */
  accumulate(q: TermCounts, acc: Float32Array, touched: Int32Array, touchedLength: number): number {
    const maxDf = Math.max(1, Math.floor(this.options.maxDfRatio * this.size));
    const k1p1 = this.options.k1 + 1;
    let nt = touchedLength;
    for (let i = 0; i < q.ids.length; i++) {
      const id = q.ids[i]!;
      const start = this.offsets[id]!;
      const end = this.offsets[id + 1]!;
      if (end - start > maxDf) continue;
      const w = this.idf[id]! * (1 + Math.log(q.counts[i]!)) * k1p1;
      for (let j = start; j < end; j++) {
        const d = this.docs[j]!;
        const tf = this.tfs[j]!;
        if (acc[d] === 0) touched[nt++] = d;
        acc[d]! += (w * tf) / (tf + this.norm[d]!);
      }
    }
    return nt;
  }
}

export function idfOf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}
