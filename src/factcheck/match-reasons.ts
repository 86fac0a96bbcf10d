/**
 * What the matcher reads from fact checks' forward entries (bm25.ts: each fact check's distinct term
 * ids, ascending) once a post's candidates are pooled: the pair features the re-ranker weighs and the
 * reasons a match gives (shared words and n-grams). Reading the entries rather than the texts means no
 * fact check is normalised again per match. Cost: a binary search per post number per candidate, a
 * merge of two sorted id lists per reported match.
 */
import { sharedArray } from '../core/shared-array.js';
import type { Field } from './matcher-fields.js';
import { StringTermDictionary } from './term-dictionary.js';
import { charGrams, words } from './text.js';

/**
 * Pairwise features from the word field's forward entry (no second pass over the text): `number` —
 * the post and the fact check share a number; `missingNumbers` — the share of the fact check's
 * numbers the post lacks (a claim about 2016 is not one about 2020); `lengthRatio` — ln((post
 * words + 1) / (fact check's distinct words + 1)), so a long fact check covering a short post is not
 * taken for the same claim. Chosen on CheckThat! train (bench/RESULTS.md, round 5).
 */
export const PAIR_FEATURES = ['pair.number', 'pair.missingNumbers', 'pair.lengthRatio'] as const;
/** A number as a word: digits only, short enough to be a year, count or amount rather than an id. */
const NUMBER_RE = /^\d{1,7}$/;

/** Which word-field terms are numbers, and how many each fact check holds (shared memory). */
export interface NumberTables {
  /** Per word-field term id, 1 for a number ({@link NUMBER_RE}). */
  isNumber: Uint8Array;
  /** Per fact check, how many distinct numbers its word entry holds. */
  numbersIn: Int32Array;
}

export function numberTables(wf: Field | undefined, n: number): NumberTables {
  const isNumber = sharedArray(Uint8Array, wf?.dict.size ?? 0);
  if (wf?.dict instanceof StringTermDictionary)
    for (const [w, id] of wf.dict.ids) if (NUMBER_RE.test(w)) isNumber[wf.index.termId(id)] = 1;
  const numbersIn = sharedArray(Int32Array, wf ? n : 0);
  if (wf) {
    const { fwdStart, fwdIds } = wf.index;
    for (let d = 0; d < n; d++) {
      let numbers = 0;
      for (let k = fwdStart[d]!; k < fwdStart[d + 1]!; k++) numbers += isNumber[fwdIds[k]!]!;
      numbersIn[d] = numbers;
    }
  }
  return { isNumber, numbersIn };
}

/** Writes {@link PAIR_FEATURES} of each pooled candidate at column `col` of its row of `x`. */
export function pairFeatures(
  wf: Field | undefined,
  numbersIn: Int32Array,
  norm: string,
  pool: Int32Array,
  x: Float64Array,
  col: number,
  nf: number,
): void {
  const vocab = wf?.dict instanceof StringTermDictionary ? wf.dict.ids : undefined;
  if (!wf || !vocab) return;
  const postWords = words(norm);
  // The post's distinct numbers as word-field ids, ascending; usually none, and then no entry is read.
  const postNumbers: number[] = [];
  for (const w of postWords) {
    if (!NUMBER_RE.test(w)) continue;
    const id = vocab.get(w);
    if (id !== undefined) postNumbers.push(wf.index.termId(id));
  }
  const sought = [...new Set(postNumbers)].sort((a, b) => a - b);
  const { fwdStart, fwdIds } = wf.index;
  for (let i = 0; i < pool.length; i++) {
    const d = pool[i]!;
    const lo = fwdStart[d]!;
    const hi = fwdStart[d + 1]!;
    // A count per fact check and a binary search per post number in its (ascending) entry, where
    // a walk of every candidate's whole entry testing each id against a vocabulary-sized table cost
    // a cache miss per entry.
    const numbers = numbersIn[d]!;
    let shared = 0;
    if (numbers > 0) for (const id of sought) if (hasTerm(fwdIds, lo, hi, id)) shared++;
    const row = i * nf + col;
    x[row] = shared > 0 ? 1 : 0;
    x[row + 1] = numbers > 0 ? (numbers - shared) / numbers : 0;
    x[row + 2] = Math.log((postWords.length + 1) / (hi - lo + 1));
  }
}

/**
 * How many distinct character 4-grams the post (`post`: its gram-field ids, ascending) and fact check
 * `doc` share; without the gram field, from the texts (`docText`: the fact check's normalised text).
 */
export function sharedGrams(
  g: Field | undefined,
  post: Int32Array | undefined,
  doc: number,
  norm: string,
  docText: () => string,
): number {
  if (!g || !post) {
    const fGrams = new Set(charGrams(docText(), 4));
    let n = 0;
    for (const x of new Set(charGrams(norm, 4))) if (fGrams.has(x)) n++;
    return n;
  }
  const { fwdStart, fwdIds } = g.index;
  let n = 0;
  let i = 0;
  for (let k = fwdStart[doc]!, end = fwdStart[doc + 1]!; k < end && i < post.length;) {
    const a = fwdIds[k]!;
    const b = post[i]!;
    if (a === b) n++;
    if (a <= b) k++;
    if (b <= a) i++;
  }
  return n;
}

/**
 * Words the post and the fact check share, rarest first (at most 8). With the word field, the fact
 * check's words are its forward entry (ids ascending), so its text is not normalised again for
 * each match (that was ~5 % of matching a post with matches).
 */
export function sharedWords(
  wf: Field | undefined,
  norm: string,
  doc: number,
  docText: () => string,
): string[] {
  const vocab = wf?.dict instanceof StringTermDictionary ? wf.dict.ids : undefined;
  let shared: string[];
  if (wf && vocab) {
    const { fwdStart, fwdIds } = wf.index;
    const lo = fwdStart[doc]!;
    const hi = fwdStart[doc + 1]!;
    shared = [...new Set(words(norm))].filter((w) => {
      const dictId = vocab.get(w);
      if (dictId === undefined) return false;
      return hasTerm(fwdIds, lo, hi, wf.index.termId(dictId));
    });
  } else {
    const fWords = new Set(words(docText()));
    shared = [...new Set(words(norm))].filter((w) => fWords.has(w));
  }
  const idf = (w: string): number => {
    const id = vocab?.get(w);
    return id === undefined ? 0 : wf!.index.idf[wf!.index.termId(id)]!;
  };
  shared.sort((a, b) => idf(b) - idf(a) || (a < b ? -1 : 1));
  return shared.slice(0, 8);
}

/** Whether `ids[lo..hi)` (ascending) holds `id`. */
function hasTerm(ids: Int32Array, lo: number, hi: number, id: number): boolean {
  let a = lo;
  let b = hi;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (ids[mid]! < id) a = mid + 1;
    else b = mid;
  }
  return a < hi && ids[a] === id;
}
