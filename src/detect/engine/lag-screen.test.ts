import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '../../core/post.js';
import { hashtagPost as mk } from '../test-helpers/hashtag-post.js';
import { seededRandom } from '../../test-helpers/seeded-random.js';
import { collectActions, type PostColumns } from './actions.js';
import { buildEligibleIndex } from './eligible-index.js';
import type { EligibleIndex } from './eligible-index.js';
import { lagScreen, sweepPairLags } from './lag-screen.js';
import { lockstepPass } from './lockstep.js';
import { buildTimingNull, densestLags, LagSplit, type TimingNull } from './timing-null.js';

/** Co-hashtag's eligible index and timing null over `posts` at window `w`. */
async function hashtagIndex(
  posts: Post[],
  w: number,
): Promise<{ columns: PostColumns; index: EligibleIndex; timing: TimingNull }> {
  const { columns, tables } = await collectActions(posts, { behaviours: ['co-hashtag'] });
  const pass = lockstepPass(tables[0]!, columns, { window: w, maxCrowd: 10_000 });
  const index = buildEligibleIndex(pass, columns);
  return { columns, index, timing: buildTimingNull(index) };
}

/** 60 objects, 25 accounts joining at random delays; a–b follow each other at a steady lag. */
async function steadyPairData(): Promise<{
  index: EligibleIndex;
  timing: TimingNull;
  as: number[];
  bs: number[];
}> {
  const next = seededRandom(21);
  const posts: Post[] = [];
  for (let o = 0; o < 60; o++) {
    const t0 = o * 5_000 + Math.floor(next() * 3_000);
    for (let k = 0; k < 25; k++)
      if (next() < 0.4) posts.push(mk(`u${k}`, t0 + Math.floor(Math.exp(2 + 6 * next())), `p${o}`));
    if (next() < 0.7)
      posts.push(mk('a', t0 + 10, `p${o}`), mk('b', t0 + 130 + Math.floor(next() * 20), `p${o}`));
  }
  const { columns, index, timing } = await hashtagIndex(posts, 1800);
  const as: number[] = [];
  const bs: number[] = [];
  for (let a = 0; a < columns.accounts.size; a++)
    for (let b = a + 1; b < columns.accounts.size; b++) {
      // Pairs listed out of account order too, and not every pair.
      if ((a + b) % 5 === 0) continue;
      as.unshift(a);
      bs.unshift(b);
    }
  return { index, timing, as, bs };
}

describe('the lag screen', () => {
  it('gives every pair the co-actions and synchrony that its full timing gives', async () => {
    const { index, timing, as, bs } = await steadyPairData();
    const screen = lagScreen(index, timing.slack, Int32Array.from(as), Int32Array.from(bs));
    let coActing = 0;
    let synchronousSeen = 0;
    as.forEach((a, p) => {
      const t = timing.pair(a, bs[p]!);
      assert.equal(screen.coActions[p], t.coActions, `pair ${a},${bs[p]}`);
      assert.equal(screen.synchronous[p], t.synchronous, `pair ${a},${bs[p]}`);
      if (t.coActions > 0) coActing++;
      if (t.synchronous > 10) synchronousSeen++;
    });
    // The data must exercise the screen: many co-acting pairs, and the steady pair.
    assert.ok(coActing > 100, `${coActing}`);
    assert.ok(synchronousSeen >= 1);
  });

  it('counts partners exactly w before and after, and at the same second, as the full timing does', async () => {
    // On each object: c, then d exactly w later, e exactly w before c, f at c's second; others around.
    const w = 1800;
    const next = seededRandom(5);
    const posts: Post[] = [];
    for (let o = 0; o < 40; o++) {
      const t0 = o * 10_000 + 3_000;
      posts.push(
        mk('c', t0, `p${o}`),
        mk('d', t0 + w, `p${o}`),
        mk('e', t0 - w, `p${o}`),
        mk('f', t0, `p${o}`),
      );
      for (let k = 0; k < 6; k++) posts.push(mk(`u${k}`, t0 - w + Math.floor(next() * 2 * w), `p${o}`));
    }
    const { columns, index, timing } = await hashtagIndex(posts, w);
    const as: number[] = [];
    const bs: number[] = [];
    for (let a = 0; a < columns.accounts.size; a++)
      for (let b = a + 1; b < columns.accounts.size; b++) {
        as.push(a);
        bs.push(b);
      }
    const coActions = sweepPairLags(index, Int32Array.from(as), Int32Array.from(bs), (p, lags) => {
      assert.deepEqual(Array.from(lags), timing.pair(as[p]!, bs[p]!).lags, `pair ${as[p]},${bs[p]}`);
    });
    const id = (name: string): number => columns.accounts.get(name);
    const of = (x: string, y: string): number => {
      const [a, b] = id(x) < id(y) ? [id(x), id(y)] : [id(y), id(x)];
      return coActions[as.findIndex((v, p) => v === a && bs[p] === b)]!;
    };
    // Every object's c–d, c–e and c–f actions are within ± w, at its edges or at the same second.
    assert.equal(of('c', 'd'), 40);
    assert.equal(of('c', 'e'), 40);
    assert.equal(of('c', 'f'), 40);
  });

  it("gives every pair its full timing's lag, and hands over the lags that `exclude` takes out of π", async () => {
    const { index, timing, as, bs } = await steadyPairData();
    // Two timing nulls over the same index: one excludes through full timings, one through the screen.
    const byTiming = buildTimingNull(index);
    const byScreen = buildTimingNull(index);
    const piBefore = byScreen.pi();
    const chosen = (p: number): boolean => p % 3 === 0;
    let handed = 0;
    const screen = lagScreen(
      index,
      timing.slack,
      Int32Array.from(as),
      Int32Array.from(bs),
      (p, sorted, o, k) => {
        const t = timing.pair(as[p]!, bs[p]!);
        const label = `pair ${as[p]},${bs[p]}`;
        assert.deepEqual(
          Array.from(sorted),
          [...t.lags].sort((x, y) => x - y),
          label,
        );
        assert.equal(o, t.synchronous, label);
        assert.equal(k, t.coActions, label);
        handed++;
        if (chosen(p)) byScreen.excludeLags(sorted);
      },
    );
    as.forEach((a, p) => {
      assert.equal(screen.lag[p], timing.pair(a, bs[p]!).lag, `pair ${a},${bs[p]}`);
      if (chosen(p)) byTiming.exclude(byTiming.pair(a, bs[p]!));
    });
    assert.equal(handed, as.length, 'every pair handed over');
    assert.equal(byScreen.pi(), byTiming.pi());
    // The exclusions must move π for the comparison to mean something.
    assert.notEqual(byScreen.pi(), piBefore);
  });

  it('gives every pair the sample split (held lags, their objects, fitted lag) of its full timing', async () => {
    const { index, timing, as, bs } = await steadyPairData();
    const split = new LagSplit(timing.slack);
    const visited = new Uint8Array(as.length);
    let heldSeen = 0;
    sweepPairLags(index, Int32Array.from(as), Int32Array.from(bs), (p, lags, objects) => {
      visited[p] = 1;
      const t = timing.pair(as[p]!, bs[p]!);
      split.split(lags, lags.length);
      const label = `pair ${as[p]},${bs[p]}`;
      assert.deepEqual(Array.from(lags), t.lags, label);
      // The split restated from its definition (odd co-actions choose, even ones are counted).
      const fitLag = densestLags(
        Float64Array.from(t.lags.filter((_, k) => k % 2 === 0)).sort(),
        timing.slack,
      )[1];
      const odd = t.lags.filter((_, k) => k % 2 === 1);
      assert.equal(split.fitLag, fitLag, label);
      assert.equal(split.heldObserved, odd.filter((l) => Math.abs(l - fitLag) <= timing.slack).length, label);
      assert.equal(split.held, odd.length, label);
      assert.equal(t.fitLag, split.fitLag, label);
      assert.deepEqual(
        Array.from(objects).filter((_, k) => k % 2 === 1),
        t.heldObjects,
        label,
      );
      if (t.heldObserved > 5) heldSeen++;
    });
    assert.equal(visited.indexOf(0), -1, 'every pair visited');
    assert.ok(heldSeen >= 1, 'the steady pair holds its lag');
  });
});
