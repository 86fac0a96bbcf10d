/**
 * Logistic regression by Newton's method (IRLS) with an L2 penalty: fits the fact-check re-ranker's
 * weights in bench/factcheck-quality.ts. Small dense problems only (features ≤ ~20): O(n·d²) per step.
 */
export function fitLogistic(
  xs: readonly number[][],
  ys: readonly number[],
  opts: { l2: number; iterations?: number },
): { bias: number; weights: number[] } {
  const d = (xs[0]?.length ?? 0) + 1;
  const w = new Array<number>(d).fill(0);
  // The rows with the bias's 1 in front, packed once: the Newton steps below walk them 10–30 times.
  const packed = new Float64Array(xs.length * d);
  xs.forEach((x0, n) => {
    packed[n * d] = 1;
    packed.set(x0, n * d + 1);
  });
  const x = new Float64Array(d);
  for (let it = 0; it < (opts.iterations ?? 30); it++) {
    const g = new Array<number>(d).fill(0);
    const h = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let n = 0; n < xs.length; n++) {
      for (let i = 0; i < d; i++) x[i] = packed[n * d + i]!;
      let z = 0;
      for (let i = 0; i < d; i++) z += w[i]! * x[i]!;
      const p = 1 / (1 + Math.exp(-z));
      const r = p - ys[n]!;
      const s = p * (1 - p);
      for (let i = 0; i < d; i++) {
        g[i]! += r * x[i]!;
        const hi = h[i]!;
        const sx = s * x[i]!;
        for (let j = 0; j < d; j++) hi[j]! += sx * x[j]!;
      }
    }
    for (let i = 1; i < d; i++) {
      g[i]! += opts.l2 * w[i]! * xs.length;
      h[i]![i]! += opts.l2 * xs.length;
    }
    const step = solve(h, g);
    let change = 0;
    for (let i = 0; i < d; i++) {
      w[i]! -= step[i]!;
      change = Math.max(change, Math.abs(step[i]!));
    }
    if (change < 1e-8) break;
  }
  return { bias: w[0]!, weights: w.slice(1) };
}

/** Gaussian elimination with partial pivoting: solves a·x = b. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((r, i) => [...r, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const piv = m[c]![c]!;
    if (Math.abs(piv) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / piv;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((r, i) => (Math.abs(r[i]!) < 1e-12 ? 0 : r[n]! / r[i]!));
}
