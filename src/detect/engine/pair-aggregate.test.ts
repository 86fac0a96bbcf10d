import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitmix32 } from '../similar/minhash.js';
import { aggregatePairs, EligibleRecords } from './pair-aggregate.js';

interface CoAction {
  a: number;
  b: number;
  object: number;
  time: number;
  crowdA: number;
  crowdB: number;
  sameA: number;
  sameB: number;
}

/**
 * Co-actions per smaller account in sweep order (objects ascending), each with two records of its
 * own, as engine/co-action-sweep.ts hands them to aggregatePairs.
 */
function gathered(coActions: CoAction[], accounts: number) {
  const sorted = [...coActions].sort((x, y) => x.a - y.a || x.object - y.object || x.time - y.time);
  const records = new EligibleRecords(2 * sorted.length);
  const coRows = new Int32Array(2 * sorted.length);
  const segment = new Float64Array(accounts + 1);
  sorted.forEach((c, k) => {
    // The smaller account's action is i or j, as the sweep's time order has it.
    const [i, j]: [number, number] = k % 2 === 0 ? [2 * k, 2 * k + 1] : [2 * k + 1, 2 * k];
    records.set(i, c.time, c.a, c.object, c.crowdA);
    records.setSame(i, c.sameA);
    records.set(j, c.time, c.b, c.object, c.crowdB);
    records.setSame(j, c.sameB);
    coRows[2 * k] = 2 * k;
    coRows[2 * k + 1] = 2 * k + 1;
    segment[c.a + 1]! += 1;
  });
  for (let a = 0; a < accounts; a++) segment[a + 1]! += segment[a]!;
  return { sorted, records, coRows, segment };
}

describe('aggregatePairs', () => {
  it('totals every pair of an account with thousands of partners, in (a, b) order', () => {
    const next = splitmix32(3);
    const rand = (n: number): number => (next() >>> 0) % n;
    const accounts = 6000;
    const idf = Float64Array.from({ length: 12 }, (_, c) => 1 / (1 + c));
    const coActions: CoAction[] = [];
    // Account 0 meets 5,000 partners (more than the first slot table holds), account 7 a few.
    for (let k = 0; k < 20_000; k++) {
      const a = k % 10 === 0 ? 7 : 0;
      const b = a === 7 ? 8 + rand(30) : 1 + rand(5000);
      coActions.push({
        a,
        b,
        object: rand(40),
        time: 1000 + rand(100_000),
        crowdA: rand(11),
        crowdB: rand(11),
        sameA: 1 + rand(3),
        sameB: 1 + rand(3),
      });
    }
    const { sorted, records, coRows, segment } = gathered(coActions, accounts);
    const got = aggregatePairs(segment, coRows, records, idf, 2);

    // The same totals by a plain map over the co-actions in the same order.
    const want = new Map<
      string,
      {
        a: number;
        b: number;
        n: number;
        w: number;
        objects: number;
        lastObject: number;
        first: number;
        last: number;
        extra: number;
      }
    >();
    for (const c of sorted) {
      const key = `${c.a},${c.b}`;
      let p = want.get(key);
      if (p === undefined) {
        p = { a: c.a, b: c.b, n: 0, w: 0, objects: 0, lastObject: -1, first: c.time, last: c.time, extra: 0 };
        want.set(key, p);
      }
      p.n++;
      p.w += idf[Math.max(c.crowdA, c.crowdB)]!;
      if (p.lastObject !== c.object) {
        p.lastObject = c.object;
        p.objects++;
        p.extra += c.sameA * c.sameB;
      }
      p.first = Math.min(p.first, c.time);
      p.last = Math.max(p.last, c.time);
    }
    const kept = [...want.values()].filter((p) => p.n >= 2).sort((x, y) => x.a - y.a || x.b - y.b);
    assert.ok(
      kept.filter((p) => p.a === 0).length > 1024,
      'account 0 keeps more partners than one slot table',
    );
    assert.equal(got.size, kept.length);
    kept.forEach((p, s) => {
      assert.deepEqual(
        [
          got.keysA[s],
          got.keysB[s],
          got.count[s],
          got.weight[s],
          got.objects[s],
          got.first[s],
          got.last[s],
          got.extra[s],
        ],
        [p.a, p.b, p.n, p.w, p.objects, p.first, p.last, p.extra],
        `pair ${p.a}-${p.b}`,
      );
    });
  });
});
