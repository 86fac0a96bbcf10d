/**
 * The weight of one co-action by the crowd c of the more crowded of its two actions:
 * ln(1 + A/(1 + c)) / ln(1 + A/2), capped at 1, over the behaviour's A active accounts — an
 * inverse-document-frequency weight (after Pacheco et al. 2021, ICWSM, "Uncovering coordinated
 * networks on social media", TF-IDF weighting; engine/lockstep.ts step 5).
 *
 * Each weight is rounded to a multiple of 2⁻³² (at most 1.2·10⁻¹⁰ from the formula). Why: a pair's
 * weight and an account's score are sums of these terms, and every engine that counts — the typed-array
 * sweep, DuckDB, a distributed engine adding partial sums from its shards — adds them in its own order.
 * Sums of multiples of 2⁻³² below 2²¹ are exact in binary64, so every order gives the same bits and
 * the engines' outputs are identical, not merely close. The table is computed here, once, and handed
 * to the SQL engines as rows (sql/lockstep-sql.ts), so no engine's own `ln` is relied on either.
 *
 * Cost: O(maxCrowd) time and memory, once per behaviour.
 */

const QUANTUM = 2 ** 32;

/** Weights for crowds 0 … maxCrowd + 1 (index = crowd). */
export function crowdWeights(activeAccounts: number, maxCrowd: number): Float64Array {
  const idf = new Float64Array(maxCrowd + 2);
  const norm = Math.log(1 + activeAccounts / 2);
  for (let c = 0; c < idf.length; c++) {
    const w = norm > 0 ? Math.min(1, Math.log(1 + activeAccounts / (1 + c)) / norm) : 1;
    idf[c] = Math.round(w * QUANTUM) / QUANTUM;
  }
  return idf;
}
