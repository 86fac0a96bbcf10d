/**
 * Chance model helpers: the Poisson upper tail (through the regularised incomplete gamma function) and
 * the Benjamini–Hochberg step-up adjustment (Benjamini & Hochberg 1995, JRSS B 57:289–300).
 *
 * P(X ≥ x) for X ~ Poisson(λ) equals the regularised lower incomplete gamma P(x, λ) for integer x; for
 * the real-valued weighted co-activity of lockstep mode the same function interpolates between
 * integers. The series / continued-fraction split and the Lanczos log-gamma are the textbook methods
 * (Press et al., Numerical Recipes §6.1–6.2), written here because no maintained npm package offers a
 * tail accurate far below 1e-16, which multiple testing over millions of pairs needs.
 *
 * Cost: O(√λ + 100) per tail; BH O(m log m) for m p-values, 12 bytes per value.
 */
const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = 0.99999999999980993;
  const t = z + 7.5;
  for (let i = 0; i < 8; i++) a += LANCZOS[i]! / (z + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularised lower incomplete gamma P(a, x), a > 0, x ≥ 0. */
export function lowerRegularisedGamma(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-15) break;
    }
    return Math.min(1, sum * Math.exp(-x + a * Math.log(x) - logGamma(a)));
  }
  // Continued fraction for Q(a, x) (modified Lentz).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  const q = Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
  return Math.max(0, 1 - q);
}

/** P(X ≥ k) for X ~ Poisson(λ); k may be real (weighted counts), k ≤ 0 gives 1. */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  return lowerRegularisedGamma(k, lambda);
}

/**
 * Benjamini–Hochberg adjusted p-values (q-values) for `p`, where `m` ≥ p.length is the number of tests
 * actually made: pairs never observed have p = 1 and are counted in `m` without being listed.
 */
export function benjaminiHochberg(p: Float64Array, m: number = p.length): Float64Array {
  const n = p.length;
  // q depends only on the value of p: tied p-values all get the q of the highest rank among them. So
  // the values are sorted natively (no index array, no comparator: at 1M posts this ran over millions
  // of pairs), q is computed per rank, and each p finds a rank of its value by binary search. Cost
  // O(n log n); memory 3 arrays of n doubles.
  const sorted = p.slice().sort();
  // NaN sorts last here but compares equal to everything in the comparator order: keep that order.
  if (n > 0 && Number.isNaN(sorted[n - 1])) return hochbergByComparator(p, m);
  const byRank = new Float64Array(n);
  let running = 1;
  for (let r = n - 1; r >= 0; r--) {
    running = Math.min(running, (sorted[r]! * m) / (r + 1));
    byRank[r] = running;
  }
  const q = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = p[i]!;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    q[i] = byRank[lo]!;
  }
  return q;
}

/**
 * BH's step-up cut: the value c such that `benjaminiHochberg(p, m)[i] <= fdr` exactly when p[i] ≤ c,
 * for callers that only ask whether q ≤ fdr (Benjamini & Hochberg 1995). A p's q is the minimum of 1
 * and of sorted[r]·m/(r+1) over the ranks r from its value's first rank on, so it is ≤ fdr (< 1)
 * exactly when that first rank is at most s*, the last rank with sorted[s*]·m/(s*+1) ≤ fdr — when
 * p ≤ sorted[s*]. The same float expressions as `benjaminiHochberg`, so the same decisions; −∞ when
 * none passes, +∞ when fdr ≥ 1. Undefined when p holds a NaN (the comparator order of
 * `benjaminiHochberg` then decides ties: ask it for the q-values). Cost: one native sort, O(n log n),
 * and one copy of p — not `benjaminiHochberg`'s binary search per entry and two more arrays.
 */
export function benjaminiHochbergCut(p: Float64Array, m: number, fdr: number): number | undefined {
  const n = p.length;
  const sorted = p.slice().sort();
  if (n > 0 && Number.isNaN(sorted[n - 1])) return undefined;
  if (fdr >= 1) return Infinity;
  for (let r = n - 1; r >= 0; r--) if ((sorted[r]! * m) / (r + 1) <= fdr) return sorted[r]!;
  return -Infinity;
}

/** The same adjustment over an index array sorted by comparator (what NaN p-values need). */
function hochbergByComparator(p: Float64Array, m: number): Float64Array {
  const n = p.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => p[x]! - p[y]! || x - y);
  const q = new Float64Array(n);
  let running = 1;
  for (let r = n - 1; r >= 0; r--) {
    const i = order[r]!;
    running = Math.min(running, (p[i]! * m) / (r + 1));
    q[i] = running;
  }
  return q;
}
