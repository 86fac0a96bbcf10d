/**
 * Finds the fact checks a post repeats: two BM25 fields over each fact check's claim + headline
 * (character n-grams, language-agnostic; Unicode words), exact canonical-URL hits on the review and
 * appearance URLs, and the logistic re-ranker of rerank.ts over the union of the fields' top
 * candidates. Every match carries its reasons (shared words, shared n-grams, the URL).
 *
 * Cost: building is O(total n-grams) and keeps ~6 bytes per distinct (fact check, term) pair per
 * field; a query costs the postings of its terms below the df cap (bm25.ts) plus a dot product per
 * candidate and, for the K kept, one n-gram pass over the fact check's text for the reasons.
 */
import { canonicalUrl } from '../ingest/url-canonical.js';
import { Bm25Field, DEFAULT_BM25 } from './bm25.js';
import type { Bm25Options } from './bm25.js';
import { DEFAULT_MODEL, probability } from './rerank.js';
import type { Features, RerankModel } from './rerank.js';
import { charGrams, cleanPostText, normalise, wordBigrams, words } from './text.js';
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

export const DEFAULT_FIELDS: readonly FieldSpec[] = [
  { name: 'char', source: 'all', unit: 'char', n: 4, bm25: DEFAULT_BM25, pool: true },
  { name: 'word', source: 'all', unit: 'word', bm25: DEFAULT_BM25, pool: true },
];

export interface MatcherOptions {
  fields: readonly FieldSpec[];
  /** Candidates taken from each pooled field before re-ranking (default 30). */
  pool: number;
  model: RerankModel;
}

export const DEFAULT_MATCHER: MatcherOptions = { fields: DEFAULT_FIELDS, pool: 30, model: DEFAULT_MODEL };

export interface MatchQuery {
  text?: string;
  /** URLs the post links (canonicalised here; Post.urls already are). */
  urls?: readonly string[];
}

export interface MatchReasons {
  /** Words the post and the fact check share, rarest first (at most 8). */
  sharedWords: string[];
  /** How many distinct character 4-grams they share. */
  sharedGrams: number;
  /** The post's URL that is the review or a listed appearance of the claim. */
  url?: string;
}

export interface FactCheckMatch {
  /** Index of the fact check in the matcher's list. */
  doc: number;
  factCheck: FactCheck;
  rank: number;
  /** Calibrated score in [0, 1] (rerank.ts). */
  score: number;
  features: Features;
  reasons: MatchReasons;
}

export interface Candidate {
  doc: number;
  features: Features;
  score: number;
}

/** The text a fact check is indexed under. */
export function factCheckText(f: FactCheck, source: FieldSpec['source'] = 'all'): string {
  if (source === 'claim') return f.claim;
  if (source === 'headline') return f.headline ?? '';
  return f.headline && f.headline !== f.claim ? `${f.claim} ${f.headline}` : f.claim;
}

function terms(spec: FieldSpec, norm: string): string[] {
  if (spec.unit === 'char') return charGrams(norm, spec.n ?? 4);
  if (spec.unit === 'prefix')
    return words(norm).map((w) =>
      Array.from(w)
        .slice(0, spec.n ?? 5)
        .join(''),
    );
  return spec.unit === 'word' ? words(norm) : wordBigrams(norm);
}

interface Field {
  spec: FieldSpec;
  index: Bm25Field;
  /** Per fact check, BM25's upper bound for it as a whole: (k1 + 1) · Σ idf of its distinct terms. */
  mass: Float32Array;
  acc: Float32Array;
  touched: Int32Array;
}

export class FactCheckMatcher {
  readonly factChecks: readonly FactCheck[];
  readonly options: MatcherOptions;
  readonly #fields: Field[];
  readonly #byUrl = new Map<string, number[]>();

  constructor(factChecks: readonly FactCheck[], options: Partial<MatcherOptions> = {}) {
    this.factChecks = factChecks;
    this.options = { ...DEFAULT_MATCHER, ...options };
    const n = factChecks.length;
    const norms = new Map<FieldSpec['source'], string[]>();
    const normsOf = (source: FieldSpec['source']): string[] => {
      let v = norms.get(source);
      if (!v) norms.set(source, (v = factChecks.map((f) => normalise(factCheckText(f, source)))));
      return v;
    };
    this.#fields = this.options.fields.map((spec) => {
      const index = new Bm25Field(spec.bm25);
      for (const norm of normsOf(spec.source)) index.add(terms(spec, norm));
      index.finish();
      const mass = new Float32Array(n);
      for (let doc = 0; doc < n; doc++) mass[doc] = index.idfMassOf(doc) * (spec.bm25.k1 + 1);
      return { spec, index, mass, acc: new Float32Array(n), touched: new Int32Array(n) };
    });
    factChecks.forEach((f, doc) => {
      for (const u of [f.key, ...f.appearances]) {
        const list = this.#byUrl.get(u);
        if (!list) this.#byUrl.set(u, [doc]);
        else if (!list.includes(doc)) list.push(doc);
      }
    });
  }

  /** The best `k` fact checks for a post with score ≥ `minScore`, best first. */
  match(q: MatchQuery, k = 5, minScore = 0): FactCheckMatch[] {
    const norm = normalise(cleanPostText(q.text ?? ''));
    const urlHits = new Map<number, string>();
    for (const raw of q.urls ?? []) {
      const u = canonicalUrl(raw) ?? raw;
      for (const d of this.#byUrl.get(u) ?? []) if (!urlHits.has(d)) urlHits.set(d, u);
    }
    const scored = this.#score(norm, urlHits);
    scored.sort((a, b) => b.score - a.score || a.doc - b.doc);
    const out: FactCheckMatch[] = [];
    for (const s of scored) {
      if (out.length >= k || s.score < minScore) break;
      const f = this.factChecks[s.doc]!;
      const url = urlHits.get(s.doc);
      out.push({
        doc: s.doc,
        factCheck: f,
        rank: out.length + 1,
        score: s.score,
        features: s.features,
        reasons: { ...this.#shared(norm, f), ...(url ? { url } : {}) },
      });
    }
    return out;
  }

  /**
   * Scored candidates of a text, unsorted. The bench fits the re-ranker on these; `exclude` hides fact
   * checks as if they were not indexed (it fits on posts whose true match is absent, too).
   */
  candidates(q: MatchQuery, exclude?: ReadonlySet<number>): Candidate[] {
    return this.#score(normalise(cleanPostText(q.text ?? '')), new Map(), exclude);
  }

  #score(norm: string, urlHits: ReadonlyMap<number, string>, exclude?: ReadonlySet<number>): Candidate[] {
    const pool = new Set<number>(urlHits.keys());
    const runs = this.#fields.map((f) => {
      const q = f.index.lookup(terms(f.spec, norm));
      const r = f.index.accumulate(q.known, f.acc, f.touched, 0);
      if (f.spec.pool)
        for (const d of topK(f.acc, f.touched, r.touched, this.options.pool + (exclude?.size ?? 0)))
          pool.add(d);
      return {
        f,
        q,
        touched: r.touched,
        frequent: r.frequent,
        den: q.idfMass * (f.spec.bm25.k1 + 1),
        best: 0,
      };
    });
    for (const d of exclude ?? []) pool.delete(d);
    for (const run of runs) {
      run.f.index.rescore(run.q.known, run.frequent, pool, run.f.acc);
      for (const d of pool) run.best = Math.max(run.best, run.f.acc[d]!);
    }
    const out: Candidate[] = [];
    for (const doc of pool) {
      const features: Features = { url: urlHits.has(doc) ? 1 : 0 };
      for (const { f, best, den } of runs) {
        const s = f.acc[doc]!;
        const name = f.spec.name;
        features[`${name}.cover`] = den > 0 ? Math.min(1, s / den) : 0;
        features[`${name}.rel`] = best > 0 ? s / best : 0;
        features[`${name}.claimCover`] = f.mass[doc]! > 0 ? Math.min(1, s / f.mass[doc]!) : 0;
      }
      out.push({ doc, features, score: probability(this.options.model, features) });
    }
    for (const { f, touched } of runs) {
      for (let i = 0; i < touched; i++) f.acc[f.touched[i]!] = 0;
      for (const d of pool) f.acc[d] = 0;
    }
    return out;
  }

  #shared(norm: string, f: FactCheck): { sharedWords: string[]; sharedGrams: number } {
    const fnorm = normalise(factCheckText(f));
    const fWords = new Set(words(fnorm));
    const fGrams = new Set(charGrams(fnorm, 4));
    const shared = [...new Set(words(norm))].filter((w) => fWords.has(w));
    const wordField = this.#fields.find((x) => x.spec.unit === 'word' && x.spec.source === 'all');
    const idf = (w: string): number => {
      const id = wordField?.index.vocab.get(w);
      return id === undefined ? 0 : wordField!.index.idf[id]!;
    };
    shared.sort((a, b) => idf(b) - idf(a) || (a < b ? -1 : 1));
    let sharedGrams = 0;
    for (const g of new Set(charGrams(norm, 4))) if (fGrams.has(g)) sharedGrams++;
    return { sharedWords: shared.slice(0, 8), sharedGrams };
  }
}

/** The `k` touched documents with the highest accumulated score, best first (ties: lower id). */
function topK(acc: Float32Array, touched: Int32Array, n: number, k: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = touched[i]!;
    const s = acc[d]!;
    if (top.length === k) {
      const last = top[k - 1]!;
      if (s < acc[last]! || (s === acc[last]! && d > last)) continue;
      top.pop();
    }
    let j = top.length;
    while (j > 0 && (acc[top[j - 1]!]! < s || (acc[top[j - 1]!]! === s && top[j - 1]! > d))) j--;
    top.splice(j, 0, d);
  }
  return top;
}
