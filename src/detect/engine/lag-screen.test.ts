import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '../../core/post.js';
import { hashtagPost as mk } from '../test-helpers/hashtag-post.js';
import { seededRandom } from '../../test-helpers/seeded-random.js';
import { collectActions } from './actions.js';
import { buildEligibleIndex } from './eligible-index.js';
import { lagScreen } from './lag-screen.js';
import { lockstepPass } from './lockstep.js';
import { buildTimingNull } from './timing-null.js';

describe('the lag screen', () => {
  it('gives every pair the co-actions and synchrony that its full timing gives', async () => {
    const next = seededRandom(21);
    const posts: Post[] = [];
    // 60 objects, 25 accounts joining at random delays; a–b follow each other at a steady lag.
    for (let o = 0; o < 60; o++) {
      const t0 = o * 5_000 + Math.floor(next() * 3_000);
      for (let k = 0; k < 25; k++)
        if (next() < 0.4) posts.push(mk(`u${k}`, t0 + Math.floor(Math.exp(2 + 6 * next())), `p${o}`));
      if (next() < 0.7)
        posts.push(mk('a', t0 + 10, `p${o}`), mk('b', t0 + 130 + Math.floor(next() * 20), `p${o}`));
    }
    const { columns, tables } = await collectActions(posts, { behaviours: ['co-hashtag'] });
    const pass = lockstepPass(tables[0]!, columns, { window: 1800, maxCrowd: 10_000 });
    const index = buildEligibleIndex(pass, columns);
    const timing = buildTimingNull(index);
    const as: number[] = [];
    const bs: number[] = [];
    for (let a = 0; a < columns.accounts.size; a++)
      for (let b = a + 1; b < columns.accounts.size; b++) {
        // Pairs listed out of account order too, and not every pair.
        if ((a + b) % 5 === 0) continue;
        as.unshift(a);
        bs.unshift(b);
      }
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
});
