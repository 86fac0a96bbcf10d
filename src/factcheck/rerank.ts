/**
 * The re-ranker that fuses the lexical fields and the URL evidence into one calibrated score: a
 * logistic regression over per-candidate features (a learned linear fusion of normalised scores,
 * the usual step up from reciprocal-rank fusion, Cormack et al. 2009). Its output is the estimated
 * probability that the fact check addresses the post's claim, as fitted on the CheckThat! 2020 Task 2
 * English *train* split (tweets → Snopes claims); `bench/factcheck-quality.ts --fit` refits it and
 * prints these numbers. docs/FACTCHECK.md gives precision at thresholds on dev.
 *
 * Cost: a dot product per candidate.
 */

/**
 * Feature names: `<field>.cover` (the field's BM25 over the query's idf mass: how much of the post
 * the fact check covers), `<field>.rel` (BM25 relative to the post's best candidate in that field),
 * `<field>.claimCover` (BM25 over the fact check's own idf mass: how much of it the post repeats),
 * `pair.*` (numbers shared and missing, length ratio; matcher.ts) and `url` (1 when the post links the review or a listed appearance of the claim; see
 * {@link URL_PROBABILITY}).
 */
export type Features = Record<string, number>;

export interface RerankModel {
  bias: number;
  weights: Record<string, number>;
}

/**
 * Fitted by `node --import tsx bench/factcheck-quality.ts --fit` on CheckThat! 2020 train (text
 * features only: that data has no URLs), each tweet once with its true claim indexed and once with
 * it hidden, so a post whose claim was never checked gets a low score even though it has a best
 * candidate (`rel` = 1).
 */
export const DEFAULT_MODEL: RerankModel = {
  bias: -16.6,
  weights: {
    'char.cover': 14.4,
    'char.rel': 9.44,
    'char.claimCover': 4.67,
    'word.cover': 4.81,
    'word.rel': 3.66,
    'word.claimCover': 4.64,
    'pair.number': 0.545,
    'pair.missingNumbers': -0.972,
    'pair.lengthRatio': -0.722,
  },
};

/**
 * The same fit with the dense side on (`--dense`: USE lite sentence embeddings, dense.ts, embedder.ts):
 * `dense.cos` (cosine) and `dense.rel` (cosine over the pool's best). Fitted on train only, tweets
 * embedded as `postEmbeddingText`, claims as `factCheckEmbeddingText`; dev read once: MAP@5 0.8280 →
 * 0.8731 (bench/RESULTS.md, "Fact-check matching with sentence embeddings"). The negative weight on the
 * raw cosine with a large one on the relative cosine says the model trusts "nearest in meaning among
 * these candidates" more than the cosine's absolute level, which varies with the post's length.
 */
export const DENSE_MODEL: RerankModel = {
  bias: -21.9,
  weights: {
    'char.cover': 9.17,
    'char.rel': 7.93,
    'char.claimCover': 2.64,
    'word.cover': 5.64,
    'word.rel': 2.31,
    'word.claimCover': 4.95,
    'pair.number': 0.548,
    'pair.missingNumbers': -0.91,
    'pair.lengthRatio': -0.608,
    'dense.cos': -3.67,
    'dense.rel': 12.47,
  },
};

export function logit(model: RerankModel, x: Features): number {
  let z = model.bias;
  for (const [f, w] of Object.entries(model.weights)) z += w * (x[f] ?? 0);
  return z;
}

/**
 * Probability that a post linking the review itself or a URL the fact check lists as an appearance
 * repeats the claim, with no words in common. Set by hand, not fitted (no labelled URL data): such a
 * link is the claim's own page or the debunk, and only a post merely discussing the debunk is wrong.
 */
export const URL_PROBABILITY = 0.9;

/** The text evidence's logit and the URL evidence combined as independent (noisy-OR). */
export function combine(textLogit: number, url: boolean): number {
  const text = 1 / (1 + Math.exp(-textLogit));
  return url ? 1 - (1 - text) * (1 - URL_PROBABILITY) : text;
}

/** {@link combine} for a feature record. */
export function probability(model: RerankModel, x: Features): number {
  return combine(logit(model, x), Boolean(x.url));
}
