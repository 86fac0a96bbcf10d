/**
 * Finds the fact checks a post repeats: two BM25 fields over each fact check's claim + headline
 * (character n-grams, language-agnostic; Unicode words), exact canonical-URL hits on the review and
 * appearance URLs, and the logistic re-ranker of rerank.ts over the union of the fields' top
 * candidates. Every match carries its reasons (shared words, shared n-grams, the URL).
 *
 * Cost: building is O(total n-grams) and keeps 14 bytes per distinct (fact check, term) pair per
 * field (bm25.ts); a query costs the postings of its terms below the df cap (bm25.ts), a walk of
 * each pooled candidate's word forward entry for the pair features, a dot product per candidate and,
 * for the K kept, a merge of forward entries for the reasons.
 */
import { canonicalUrl } from '../ingest/url-canonical.js';
import { GrowableInt32 } from '../core/growable.js';
import { pairFeatures, PAIR_FEATURES, numberTables, sharedGrams, sharedWords } from './match-reasons.js';
import { buildField, DEFAULT_FIELDS, factCheckText, fieldFromImage, fieldImage } from './matcher-fields.js';
import type { Field, FieldImage, FieldSpec } from './matcher-fields.js';
import { combine, DEFAULT_MODEL, DENSE_MODEL } from './rerank.js';
import type { Features, RerankModel } from './rerank.js';
import { cleanPostText, normalise } from './text.js';
import type { FactCheck } from './types.js';
import { DENSE_FEATURES, denseFeatures, type DenseIndex } from './dense.js';

export { DEFAULT_FIELDS, factCheckText };
export type { FieldSpec };

export interface MatcherOptions {
  fields: readonly FieldSpec[];
  /** Candidates taken from each pooled field before re-ranking (default 30). */
  pool: number;
  model: RerankModel;
  /** Sentence embeddings of the fact checks (dense.ts): their nearest add to the pool, cosine is a feature. */
  dense?: DenseIndex;
  /** How many of the dense side's nearest join the pool (default: {@link pool}). */
  densePool?: number;
}

export const DEFAULT_MATCHER: MatcherOptions = { fields: DEFAULT_FIELDS, pool: 30, model: DEFAULT_MODEL };

export interface MatchQuery {
  text?: string;
  /** URLs the post links (canonicalised here; Post.urls already are). */
  urls?: readonly string[];
  /** The post's sentence embedding, unit length, in the dense index's space (used only with one). */
  vector?: Float32Array;
}

export interface MatchReasons {
  /** Words the post and the fact check share, rarest first (at most 8). */
  sharedWords: string[];
  /** How many distinct character 4-grams they share. */
  sharedGrams: number;
  /** The post's URL that is the review or a listed appearance of the claim. */
  url?: string;
  /** Cosine of the two sentence embeddings, when the matcher has a dense index (dense.ts). */
  cosine?: number;
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

/** A match with its fact check named by index only (what worker threads send back). */
export type DocMatch = Omit<FactCheckMatch, 'factCheck'>;

/** A built matcher for other threads ({@link FactCheckMatcher.share}): shared typed arrays, cloned Maps. */
export interface MatcherImage {
  options: MatcherOptions;
  /** How many fact checks were indexed. */
  count: number;
  /** Per field of `options.fields`: a gram table or a word vocabulary, the index, the mass. */
  fields: FieldImage[];
  byUrl: Map<string, number[]>;
  isNumber: Uint8Array;
  numbersIn: Int32Array;
}

function isImage(source: readonly FactCheck[] | MatcherImage): source is MatcherImage {
  return !Array.isArray(source);
}

export interface Candidate {
  doc: number;
  features: Features;
  score: number;
}

/** Feature rows of a query's pooled candidates: `x` holds `docs.length` rows of `featureNames`. */
interface Scored {
  docs: number[];
  x: Float64Array;
  scores: Float64Array;
  /** The gram field's distinct known term ids of the query (the field's ids, first occurrence first). */
  grams: readonly number[] | undefined;
  /** Every fact check's cosine to the post, when the dense side ran. */
  cos: Float32Array | undefined;
}

const FEATURES_PER_FIELD = ['cover', 'rel', 'claimCover'] as const;
export class FactCheckMatcher {
  readonly factChecks: readonly FactCheck[];
  readonly options: MatcherOptions;
  /** Feature names in row order: per field `<name>.cover`, `.rel`, `.claimCover`; then `url`. */
  readonly featureNames: readonly string[];
  readonly #fields: Field[];
  readonly #count: number;
  readonly #byUrl: Map<string, number[]>;
  readonly #weights: Float64Array;
  readonly #terms = new GrowableInt32(512);
  readonly #inPool: Uint8Array;
  /** The character 4-gram field over claim + headline, which the reasons count shared grams in. */
  readonly #gramField: Field | undefined;
  readonly #wordField: Field | undefined;
  /** Per word-field term id, 1 for a number ({@link NUMBER_RE}). */
  #isNumber: Uint8Array;
  /** Per fact check, how many distinct numbers its word entry holds. */
  #numbersIn: Int32Array;

  /**
   * Builds the index over `source`, or takes another thread's built index ({@link share}). A matcher
   * from an image holds no fact checks: it answers {@link matchDocs} (fact checks by index).
   */
  constructor(source: readonly FactCheck[] | MatcherImage, options: Partial<MatcherOptions> = {}) {
    const image = isImage(source) ? source : undefined;
    this.factChecks = image ? [] : (source as readonly FactCheck[]);
    // With a dense index the default re-ranker is the one fitted with its features.
    this.options = image
      ? image.options
      : { ...DEFAULT_MATCHER, ...(options.dense ? { model: DENSE_MODEL } : {}), ...options };
    const n = image ? image.count : this.factChecks.length;
    this.#count = n;
    const norms = new Map<FieldSpec['source'], string[]>();
    const normsOf = (source: FieldSpec['source']): string[] => {
      let v = norms.get(source);
      if (!v) norms.set(source, (v = this.factChecks.map((f) => normalise(factCheckText(f, source)))));
      return v;
    };
    this.#fields = image
      ? image.fields.map((f, i) => fieldFromImage(this.options.fields[i]!, f, n))
      : this.options.fields.map((spec) => buildField(spec, normsOf(spec.source), this.#terms));
    this.featureNames = [
      ...this.#fields.flatMap((f) => FEATURES_PER_FIELD.map((x) => `${f.spec.name}.${x}`)),
      ...PAIR_FEATURES,
      ...(this.options.dense ? DENSE_FEATURES : []),
      'url',
    ];
    this.#weights = Float64Array.from(this.featureNames, (f) => this.options.model.weights[f] ?? 0);
    this.#inPool = new Uint8Array(n);
    this.#gramField = this.#fields.find(
      (f) => f.spec.unit === 'char' && f.spec.n === 4 && f.spec.source === 'all',
    );
    this.#wordField = this.#fields.find((f) => f.spec.unit === 'word' && f.spec.source === 'all');
    if (image) {
      this.#isNumber = image.isNumber;
      this.#numbersIn = image.numbersIn;
      this.#byUrl = image.byUrl;
      return;
    }
    ({ isNumber: this.#isNumber, numbersIn: this.#numbersIn } = numberTables(this.#wordField, n));
    this.#byUrl = new Map();
    this.factChecks.forEach((f, doc) => {
      for (const u of [f.key, ...f.appearances]) {
        const list = this.#byUrl.get(u);
        if (!list) this.#byUrl.set(u, [doc]);
        else if (!list.includes(doc)) list.push(doc);
      }
    });
  }

  /**
   * The built index for worker threads: its typed arrays were allocated in shared memory
   * (core/shared-array.ts), so posting the image shares them, not copies; the word vocabulary and
   * the URL map (plain Maps) are cloned. Cost: none here.
   */
  share(): MatcherImage {
    return {
      options: this.options,
      count: this.#count,
      fields: this.#fields.map(fieldImage),
      byUrl: this.#byUrl,
      isNumber: this.#isNumber,
      numbersIn: this.#numbersIn,
    };
  }

  /** The best `k` fact checks for a post with score ≥ `minScore`, best first. */
  match(q: MatchQuery, k = 5, minScore = 0): FactCheckMatch[] {
    return this.matchDocs(q, k, minScore).map((m) => ({
      doc: m.doc,
      factCheck: this.#factCheck(m.doc),
      rank: m.rank,
      score: m.score,
      features: m.features,
      reasons: m.reasons,
    }));
  }

  /** {@link match} with the fact checks named by index only (all a matcher from an image can say). */
  matchDocs(q: MatchQuery, k = 5, minScore = 0): DocMatch[] {
    const norm = normalise(cleanPostText(q.text ?? ''));
    const urlHits = new Map<number, string>();
    for (const raw of q.urls ?? []) {
      const u = canonicalUrl(raw) ?? raw;
      for (const d of this.#byUrl.get(u) ?? []) if (!urlHits.has(d)) urlHits.set(d, u);
    }
    const s = this.#score(norm, urlHits, undefined, q.vector);
    const order = s.docs.map((_, i) => i);
    order.sort((a, b) => s.scores[b]! - s.scores[a]! || s.docs[a]! - s.docs[b]!);
    const out: DocMatch[] = [];
    let postGrams: Int32Array | undefined;
    for (const i of order) {
      const score = s.scores[i]!;
      if (out.length >= k || score < minScore) break;
      const doc = s.docs[i]!;
      const url = urlHits.get(doc);
      const docText = (): string => normalise(factCheckText(this.#factCheck(doc)));
      postGrams ??= s.grams && Int32Array.from(s.grams).sort();
      out.push({
        doc,
        rank: out.length + 1,
        score,
        features: this.#record(s.x, i),
        reasons: {
          sharedWords: sharedWords(this.#wordField, norm, doc, docText),
          sharedGrams: sharedGrams(this.#gramField, postGrams, doc, norm, docText),
          ...(url ? { url } : {}),
          ...(s.cos ? { cosine: Math.round(s.cos[doc]! * 1000) / 1000 } : {}),
        },
      });
    }
    return out;
  }

  #factCheck(doc: number): FactCheck {
    const f = this.factChecks[doc];
    if (!f) throw new Error(`fact check ${doc} is not held here (a matcher from an image answers matchDocs)`);
    return f;
  }

  /**
   * Scored candidates of a text, unsorted. The bench fits the re-ranker on these; `exclude` hides fact
   * checks as if they were not indexed (it fits on posts whose true match is absent, too).
   */
  candidates(q: MatchQuery, exclude?: ReadonlySet<number>): Candidate[] {
    const s = this.#score(normalise(cleanPostText(q.text ?? '')), new Map(), exclude, q.vector);
    return s.docs.map((doc, i) => ({ doc, features: this.#record(s.x, i), score: s.scores[i]! }));
  }

  #record(x: Float64Array, row: number): Features {
    const f = this.featureNames.length;
    const out: Features = {};
    this.featureNames.forEach((name, j) => (out[name] = x[row * f + j]!));
    return out;
  }

  /**
   * Every pooled candidate is rescored exactly in every field. Skipping the ones whose score bound
   * cannot reach the top k or `--min-score` (early termination, Turtle & Flood 1995; the re-ranker
   * rises with each field's BM25, and `rel` bounded through the best partial score) was measured
   * and not built: bounding the rescored terms by each term's largest impact (MaxScore's bound)
   * overstates what they add by a median 19× on the synthetic bench (100,000 fact checks), so the
   * bound ruled out 0.13 % of the pooled candidates at `--min-score 0.5` (h-fc round 6).
   */
  #score(
    norm: string,
    urlHits: ReadonlyMap<number, string>,
    exclude?: ReadonlySet<number>,
    vector?: Float32Array,
  ): Scored {
    const inPool = this.#inPool;
    const docs: number[] = [];
    const add = (d: number): void => {
      if (inPool[d] === 0 && !exclude?.has(d)) {
        inPool[d] = 1;
        docs.push(d);
      }
    };
    for (const d of urlHits.keys()) add(d);
    const dense =
      this.options.dense && vector
        ? this.options.dense.nearest(vector, this.options.densePool ?? this.options.pool, exclude)
        : undefined;
    if (dense) for (const d of dense.top) add(d);
    const terms = this.#terms;
    const runs = this.#fields.map((f) => {
      terms.length = 0;
      const unknown = f.dict.lookup(norm, terms);
      const q = f.index.lookup(terms.view(), unknown);
      const k = f.spec.pool ? this.options.pool + (exclude?.size ?? 0) : 0;
      const r = f.index.select(q.known, k, f.acc, f.touched);
      for (const d of r.top) add(d);
      return { f, q, touched: r.touched, rest: r.rest, den: q.idfMass * (f.spec.bm25.k1 + 1) };
    });
    const pool = Int32Array.from(docs);
    const nf = this.featureNames.length;
    const x = new Float64Array(pool.length * nf);
    runs.forEach(({ f, q, rest, den }, fi) => {
      f.index.rescore(q.known, rest, pool, pool.length, f.acc);
      let best = 0;
      for (const d of pool) best = Math.max(best, f.acc[d]!);
      for (let i = 0; i < pool.length; i++) {
        const d = pool[i]!;
        const s = f.acc[d]!;
        const row = i * nf + fi * FEATURES_PER_FIELD.length;
        x[row] = den > 0 ? Math.min(1, s / den) : 0;
        x[row + 1] = best > 0 ? s / best : 0;
        x[row + 2] = f.mass[d]! > 0 ? Math.min(1, s / f.mass[d]!) : 0;
      }
    });
    pairFeatures(
      this.#wordField,
      this.#numbersIn,
      norm,
      pool,
      x,
      runs.length * FEATURES_PER_FIELD.length,
      nf,
    );
    if (dense)
      denseFeatures(dense, pool, x, runs.length * FEATURES_PER_FIELD.length + PAIR_FEATURES.length, nf);
    const scores = new Float64Array(pool.length);
    const w = this.#weights;
    for (let i = 0; i < pool.length; i++) {
      const d = pool[i]!;
      const url = urlHits.has(d);
      x[i * nf + nf - 1] = url ? 1 : 0;
      let z = this.options.model.bias;
      for (let j = 0; j < nf - 1; j++) z += w[j]! * x[i * nf + j]!;
      scores[i] = combine(z, url);
    }
    for (const { f, touched } of runs) {
      const acc = f.acc;
      for (let i = 0; i < touched; i++) acc[f.touched[i]!] = 0;
      for (const d of pool) acc[d] = 0;
    }
    for (const d of pool) inPool[d] = 0;
    const grams = runs.find((r) => r.f === this.#gramField)?.q.known.ids;
    return { docs, x, scores, grams, cos: dense?.cos };
  }
}
