import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { similarEnough } from './join.js';
import { splitmix32 } from './minhash.js';

/** The test similarEnough must decide exactly: the float Jaccard of two sorted runs, as written before it. */
function jaccardReaches(a: readonly number[], b: readonly number[], threshold: number): boolean {
  const inB = new Set(b);
  let inter = 0;
  for (const x of a) if (inB.has(x)) inter++;
  const union = a.length + b.length - inter;
  return (union === 0 ? 0 : inter / union) >= threshold;
}

/** Both runs in one array, as join.ts keeps them: A at [0, |A|), B right after. */
function decide(a: readonly number[], b: readonly number[], threshold: number): boolean {
  const sh = Int32Array.from([...a, ...b]);
  return similarEnough(sh, 0, a.length, a.length, a.length + b.length, threshold);
}

// Thresholds whose boundary quotients x / (S − x) land exactly on them (0.7 = 7/10, 0.5, 1) or
// between floats (1/3, 2/3, 0.1), and the smallest allowed.
const THRESHOLDS = [0.7, 0.5, 1, 1 / 3, 2 / 3, 0.1, 0.75, 0.9, Number.MIN_VALUE];

describe('similarEnough', () => {
  it('agrees with the float Jaccard test for every pair of sizes up to 40 and every intersection', () => {
    for (const t of THRESHOLDS)
      for (let la = 0; la <= 40; la++)
        for (let lb = 0; lb <= 40; lb++)
          for (let x = 0; x <= Math.min(la, lb); x++) {
            // A = 0..la−1, B shares A's last x values and continues past them.
            const a = Array.from({ length: la }, (_, i) => i);
            const b = Array.from({ length: lb }, (_, i) => la - x + i);
            assert.equal(decide(a, b, t), jaccardReaches(a, b, t), `t=${t} |A|=${la} |B|=${lb} ∩=${x}`);
          }
  });

  it('agrees with it on random interleaved runs, whatever the shared values’ positions', () => {
    const next = splitmix32(7);
    const run = (size: number): number[] => {
      const s = new Set<number>();
      while (s.size < size) s.add(next() % 48);
      return [...s].sort((p, q) => p - q);
    };
    let reached = 0;
    for (let k = 0; k < 20_000; k++) {
      const a = run(1 + ((next() >>> 0) % 30));
      const b = run(1 + ((next() >>> 0) % 30));
      const t = THRESHOLDS[(next() >>> 0) % THRESHOLDS.length]!;
      const want = jaccardReaches(a, b, t);
      if (want) reached++;
      assert.equal(decide(a, b, t), want, `t=${t} A=${a.join(',')} B=${b.join(',')}`);
    }
    // Both answers occur often enough for the agreement to mean something.
    assert.ok(reached > 1_000 && reached < 19_000, `${reached} of 20000 reached the threshold`);
  });

  it('reads only the given runs of a shared array', () => {
    // Values around the runs would change the answer if the merge strayed past a run's end.
    const sh = Int32Array.from([1, 2, 3, 9, 1, 2, 3, 9]);
    assert.equal(similarEnough(sh, 0, 3, 4, 7, 1), true);
    assert.equal(similarEnough(sh, 0, 3, 4, 8, 0.7), true); // 3 / 4
    assert.equal(similarEnough(sh, 1, 3, 4, 7, 0.7), false); // 2 / 3
  });
});
