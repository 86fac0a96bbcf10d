import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitmix32 } from '../similar/minhash.js';
import { gatherCoActions } from './co-action-sweep.js';

/** Eligible actions of `accounts` accounts on `objects` objects, in (object, time) order. */
function eligible(seed: number, actions: number, objects: number, accounts: number) {
  const next = splitmix32(seed);
  const rand = (n: number): number => (next() >>> 0) % n;
  const rows = Array.from({ length: actions }, () => ({
    o: rand(objects),
    t: rand(20_000),
    a: rand(accounts),
  }));
  rows.sort((x, y) => x.o - y.o || x.t - y.t);
  const starts = new Int32Array(objects + 1);
  for (const r of rows) starts[r.o + 1]! += 1;
  for (let o = 0; o < objects; o++) starts[o + 1]! += starts[o]!;
  return {
    starts,
    account: Int32Array.from(rows, (r) => r.a),
    time: Float64Array.from(rows, (r) => r.t),
  };
}

describe('gatherCoActions', () => {
  it('finds every within-window pair of different accounts, per smaller account in sweep order', () => {
    const { starts, account, time } = eligible(1, 3000, 20, 50);
    const g = gatherCoActions(starts, account, time, 50, 300);
    const want: [number, number][] = [];
    for (let o = 0; o < 20; o++)
      for (let i = starts[o]!; i < starts[o + 1]!; i++)
        for (let j = i + 1; j < starts[o + 1]! && time[j]! - time[i]! <= 300; j++)
          if (account[i] !== account[j]) want.push([i, j]);
    assert.equal(g.coActions, want.length);
    const lo = ([i, j]: [number, number]): number => Math.min(account[i]!, account[j]!);
    // Stable by smaller account: the sweep order stays within an account's segment.
    const byAccount = want.map((p, k) => ({ p, k })).sort((x, y) => lo(x.p) - lo(y.p) || x.k - y.k);
    assert.deepEqual(
      Array.from(g.coRows),
      byAccount.flatMap((x) => x.p),
    );
    for (let a = 0; a < 50; a++)
      assert.equal(g.segment[a + 1]! - g.segment[a]!, want.filter((p) => lo(p) === a).length);
  });
});
