import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../test-helpers/seeded-random.js';
import { benjaminiHochberg, benjaminiHochbergCut, logGamma, poissonUpperTail } from './chance.js';

/** Direct sum of the Poisson pmf, for checking. */
function tailBySum(k: number, lambda: number): number {
  let below = 0;
  let pmf = Math.exp(-lambda);
  for (let i = 0; i < k; i++) {
    below += pmf;
    pmf *= lambda / (i + 1);
  }
  return 1 - below;
}

describe('chance model', () => {
  it('log-gamma matches factorials', () => {
    let f = 1;
    for (let n = 1; n < 20; n++) {
      f *= n;
      assert.ok(Math.abs(logGamma(n + 1) - Math.log(f)) < 1e-9, `n=${n}`);
    }
  });

  it('Poisson tail matches the pmf sum on both sides of the series/fraction split', () => {
    for (const lambda of [0.01, 0.5, 3, 12.5, 40]) {
      for (const k of [1, 2, 5, 10, 30]) {
        const expected = tailBySum(k, lambda);
        const got = poissonUpperTail(k, lambda);
        assert.ok(Math.abs(got - expected) < 1e-9, `k=${k} λ=${lambda}: ${got} vs ${expected}`);
      }
    }
  });

  it('Poisson tail stays accurate far below double epsilon', () => {
    // P(X ≥ 10 | λ = 1e-3) ≈ λ^10 / 10! · e^-λ
    const approx = Math.pow(1e-3, 10) / 3628800;
    const got = poissonUpperTail(10, 1e-3);
    assert.ok(Math.abs(got / approx - 1) < 1e-2, `${got} vs ${approx}`);
  });

  it('Poisson tail grows with λ and falls with k, including real-valued k', () => {
    assert.ok(poissonUpperTail(2.5, 1) < poissonUpperTail(2, 1));
    assert.ok(poissonUpperTail(2.5, 1) > poissonUpperTail(3, 1));
    assert.ok(poissonUpperTail(3, 2) > poissonUpperTail(3, 1));
    assert.equal(poissonUpperTail(0, 1), 1);
  });

  it('Benjamini–Hochberg matches the textbook step-up', () => {
    const p = new Float64Array([0.01, 0.04, 0.03, 0.005]);
    const q = benjaminiHochberg(p);
    // sorted: 0.005(1) 0.01(2) 0.03(3) 0.04(4) → 0.02, 0.02, 0.04, 0.04
    assert.deepEqual(
      Array.from(q).map((x) => Number(x.toFixed(6))),
      [0.02, 0.04, 0.04, 0.02],
    );
    const qm = benjaminiHochberg(p, 400);
    // with 400 tests made, 0.04 · 400 / 4 = 4 caps at 1, and every q grows
    assert.equal(qm[1], 1);
    for (let i = 0; i < 4; i++) assert.ok(qm[i]! > q[i]!);
  });

  it('Benjamini–Hochberg gives tied and untied p-values the textbook q, bit for bit', () => {
    const next = seededRandom(3);
    for (const n of [1, 2, 7, 500]) {
      // Ties on purpose: p-values drawn from a few rounded levels, plus some exact 0s and 1s.
      const p = Float64Array.from({ length: n }, () => {
        const u = next();
        return u < 0.1 ? 0 : u > 0.9 ? 1 : Math.round(u * 20) / 20 / (1 + Math.floor(next() * 3));
      });
      const m = n * 3;
      // Textbook: ranks by (p, index), q_(r) = min over ranks ≥ r of p_(k) m / k.
      const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => p[x]! - p[y]! || x - y);
      const want = new Float64Array(n);
      for (let r = 0; r < n; r++) {
        let q = 1;
        for (let k = r; k < n; k++) q = Math.min(q, (p[order[k]!]! * m) / (k + 1));
        want[order[r]!] = q;
      }
      assert.deepEqual(benjaminiHochberg(p, m), want, `n ${n}`);
    }
    const withNaN = benjaminiHochberg(new Float64Array([0.01, Number.NaN, 0.02]));
    assert.equal(withNaN.length, 3);
  });

  it("BH's cut decides q ≤ fdr exactly as the q-values do, ties and boundaries included", () => {
    const next = seededRandom(5);
    let passedSome = 0;
    for (const n of [0, 1, 2, 7, 500, 5000])
      for (const fdr of [0.01, 0.05, 0.2, 1]) {
        const p = Float64Array.from({ length: n }, () => {
          const u = next();
          return u < 0.1 ? 0 : u > 0.9 ? 1 : Math.round(u * 200) / 200 / (1 + Math.floor(next() * 50));
        });
        for (const m of [n, n * 3, n * 1000]) {
          const q = benjaminiHochberg(p, m);
          const cut = benjaminiHochbergCut(p, m, fdr);
          assert.notEqual(cut, undefined);
          for (let i = 0; i < n; i++)
            assert.equal(p[i]! <= cut!, q[i]! <= fdr, `n ${n} fdr ${fdr} m ${m} i ${i}`);
          passedSome += q.filter((x) => x <= fdr).length > 0 && q.some((x) => x > fdr) ? 1 : 0;
        }
      }
    // Both sides of the cut were exercised.
    assert.ok(passedSome > 10, `${passedSome}`);
    // A q exactly at fdr passes: 0.01 · 4 / 1 = 0.04.
    assert.equal(benjaminiHochbergCut(new Float64Array([0.01, 0.5, 0.6, 0.7]), 4, 0.04), 0.01);
    assert.equal(benjaminiHochbergCut(new Float64Array([0.5]), 4, 0.04), -Infinity);
    assert.equal(benjaminiHochbergCut(new Float64Array([0.01, Number.NaN]), 2, 0.05), undefined);
  });
});
