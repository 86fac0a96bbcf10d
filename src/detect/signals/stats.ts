/** Small numeric helpers for the signals (hand-written: a few lines each, no dependency needed). */

export function median(values: readonly number[] | Float64Array): number {
  if (values.length === 0) return Number.NaN;
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Rounds for display and for signal values (3 significant decimals at most). */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Formats a share as a percentage with no decimals: 0.914 → "91%". */
export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/**
 * P(X ≥ k) for X ~ Binomial(n, p), summed in log space (n is a network's size, so O(n) is cheap).
 */
export function binomialTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  // log C(n, k) by summing logs, then each next term from the previous one.
  let logC = 0;
  for (let i = 1; i <= k; i++) logC += Math.log((n - k + i) / i);
  let term = logC + k * lp + (n - k) * lq;
  let sum = 0;
  for (let i = k; i <= n; i++) {
    sum += Math.exp(term);
    term += Math.log((n - i) / (i + 1)) + lp - lq;
  }
  return Math.min(1, sum);
}

/** Cosine similarity of two non-negative count vectors; 0 when either is all zeros. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
