/**
 * The matcher's retrieval fields: which text of a fact check, cut into which terms, indexed by BM25
 * (bm25.ts) — built here from fact checks or rebuilt from another thread's shared image. Cost: building
 * is O(total terms) and keeps 14 bytes per distinct (fact check, term) pair per field (bm25.ts); the
 * scratch accumulator is 8 bytes per fact check per field and thread.
 */
import type { GrowableInt32 } from '../core/growable.js';
import { sharedArray } from '../core/shared-array.js';
import { Bm25Field, DEFAULT_BM25 } from './bm25.js';
import type { Bm25Image, Bm25Options } from './bm25.js';
import { CharGramDictionary, StringTermDictionary } from './term-dictionary.js';
import type { CharGramImage, TermDictionary } from './term-dictionary.js';
import { wordBigrams, words } from './text.js';
import type { FactCheck } from './types.js';

/** One retrieval field: which text of the fact check, cut into which terms. */
export interface FieldSpec {
  name: string;
  source: 'all' | 'claim' | 'headline';
  unit: 'char' | 'word' | 'prefix' | 'bigram';
  /** n-gram length for `char`; kept prefix length for `prefix` (truncation stemming). */
  n?: number;
  bm25: Bm25Options;
  /** Whether the field's top candidates enter the re-ranking pool. */
  pool: boolean;
}

/**
 * Character 4-grams and words, both picking candidates. A third field of 5-character word prefixes
 * (truncation stemming, McNamee, Nicholas & Mayfield, SIGIR 2009) raised CheckThat! train MAP@5 by
 * another 0.004 but cost a quarter of the matching speed (each pooled candidate's forward entry
 * walked once more: a cache miss per candidate), so it stays in the bench (`--prefix`);
 * bench/RESULTS.md, round 5.
 */
export const DEFAULT_FIELDS: readonly FieldSpec[] = [
  { name: 'char', source: 'all', unit: 'char', n: 4, bm25: DEFAULT_BM25, pool: true },
  { name: 'word', source: 'all', unit: 'word', bm25: DEFAULT_BM25, pool: true },
];

/** A built field and this thread's scratch for scoring queries against it. */
export interface Field {
  spec: FieldSpec;
  dict: TermDictionary;
  index: Bm25Field;
  /** Per fact check, BM25's upper bound for it as a whole: (k1 + 1) · Σ idf of its distinct terms. */
  mass: Float32Array;
  /** Scratch of this thread: the accumulator and the documents it touched. */
  acc: Float32Array;
  touched: Int32Array;
}

/** A field as another thread receives it: shared typed arrays, a cloned word vocabulary. */
export interface FieldImage {
  dict: CharGramImage | Map<string, number>;
  index: Bm25Image;
  mass: Float32Array;
}

/** The text a fact check is indexed under. */
export function factCheckText(f: FactCheck, source: FieldSpec['source'] = 'all'): string {
  if (source === 'claim') return f.claim;
  if (source === 'headline') return f.headline ?? '';
  return f.headline && f.headline !== f.claim ? `${f.claim} ${f.headline}` : f.claim;
}

/** Indexes `texts` (normalised, one per fact check) under `spec`; `terms` is the caller's scratch. */
export function buildField(spec: FieldSpec, texts: readonly string[], terms: GrowableInt32): Field {
  const n = texts.length;
  const dict = dictionaryFor(spec);
  const index = new Bm25Field(spec.bm25);
  for (const norm of texts) {
    terms.length = 0;
    dict.intern(norm, terms);
    index.add(terms.view());
  }
  index.finish(dict.size);
  const mass = sharedArray(Float32Array, n);
  for (let doc = 0; doc < n; doc++) mass[doc] = index.idfMassOf(doc) * (spec.bm25.k1 + 1);
  return { spec, dict, index, mass, acc: new Float32Array(n), touched: new Int32Array(n) };
}

/** What another thread needs to rebuild `f` ({@link fieldFromImage}); shares, does not copy. */
export function fieldImage(f: Field): FieldImage {
  return { dict: dictImage(f.dict), index: f.index.share(), mass: f.mass };
}

/** A field from another thread's image, with scratch of its own for `n` fact checks. */
export function fieldFromImage(spec: FieldSpec, f: FieldImage, n: number): Field {
  const dict =
    f.dict instanceof Map
      ? new StringTermDictionary(splitterFor(spec), f.dict)
      : CharGramDictionary.fromImage(f.dict);
  return {
    spec,
    dict,
    index: Bm25Field.fromImage(f.index),
    mass: f.mass,
    acc: new Float32Array(n),
    touched: new Int32Array(n),
  };
}

function dictImage(d: TermDictionary): CharGramImage | Map<string, number> {
  if (d instanceof CharGramDictionary) return d.share();
  if (d instanceof StringTermDictionary) return d.ids;
  throw new Error('a term dictionary other than CharGramDictionary or StringTermDictionary cannot be shared');
}

function dictionaryFor(spec: FieldSpec): TermDictionary {
  if (spec.unit === 'char') return new CharGramDictionary(spec.n ?? 4);
  return new StringTermDictionary(splitterFor(spec));
}

function splitterFor(spec: FieldSpec): (norm: string) => readonly string[] {
  if (spec.unit === 'word') return words;
  if (spec.unit === 'bigram') return wordBigrams;
  return prefixer(spec.n ?? 5);
}

/** Words cut to their first `n` code points (UTF-16 units when the word has no astral ones). */
function prefixer(n: number): (norm: string) => string[] {
  return (norm) =>
    words(norm).map((w) =>
      w.length <= n ? w : ASTRAL_RE.test(w) ? Array.from(w).slice(0, n).join('') : w.slice(0, n),
    );
}
const ASTRAL_RE = /[\uD800-\uDBFF]/;
