import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '../../core/post.js';
import { hashtagPost as mk } from '../test-helpers/hashtag-post.js';
import { seededRandom } from '../../test-helpers/seeded-random.js';
import { collectActions } from './actions.js';
import { buildEligibleIndex } from './eligible-index.js';
import { lockstepPass } from './lockstep.js';
import { buildTimingNull } from './timing-null.js';

async function setup(posts: Post[], window: number) {
  const { columns, tables } = await collectActions(posts, { behaviours: ['co-hashtag'] });
  const pass = lockstepPass(tables[0]!, columns, { window, maxCrowd: 10_000 });
  const timing = buildTimingNull(buildEligibleIndex(pass, columns));
  const id = (a: string): number => columns.accounts.get(a);
  return { timing, id, pass, columns };
}

describe('timing nulls of one-life objects', () => {
  it('computes the object-timeline expectation as the formula says, pair by pair', async () => {
    const next = seededRandom(5);
    const posts: Post[] = [];
    // 30 objects, each a short cascade at its own time; accounts join some of them.
    for (let o = 0; o < 30; o++) {
      const t0 = o * 50_000;
      for (let k = 0; k < 12; k++)
        if (next() < 0.6) posts.push(mk(`u${k}`, t0 + Math.floor(next() * 7200), `post${o}`));
    }
    const w = 1800;
    const { timing, pass, columns } = await setup(posts, w);
    // Naive: rows per object, pairs within w, leave-pair-out share.
    const rows: { a: number; o: number; t: number }[] = [];
    for (let r = 0; r < pass.kept.length; r++) {
      if (!pass.kept[r]) continue;
      const p = pass.table.post[r]!;
      rows.push({ a: columns.account[p]!, o: pass.table.object[r]!, t: columns.time[p]! });
    }
    let allPairs = 0;
    let allClose = 0;
    for (let o = 0; o < pass.table.objects.size; o++) {
      const on = rows.filter((x) => x.o === o);
      for (let i = 0; i < on.length; i++)
        for (let j = i + 1; j < on.length; j++) {
          if (on[i]!.a === on[j]!.a) continue;
          allPairs++;
          if (Math.abs(on[i]!.t - on[j]!.t) <= w) allClose++;
        }
    }
    const pooled = allClose / allPairs;
    let checked = 0;
    for (let a = 0; a < columns.accounts.size; a++)
      for (let b = a + 1; b < columns.accounts.size; b++) {
        let want = 0;
        for (let o = 0; o < pass.table.objects.size; o++) {
          const on = rows.filter((x) => x.o === o);
          const na = on.filter((x) => x.a === a).length;
          const nb = on.filter((x) => x.a === b).length;
          if (na === 0 || nb === 0) continue;
          let pairs = 0;
          let close = 0;
          let own = 0;
          for (let i = 0; i < on.length; i++)
            for (let j = i + 1; j < on.length; j++) {
              if (on[i]!.a === on[j]!.a) continue;
              pairs++;
              if (Math.abs(on[i]!.t - on[j]!.t) <= w) {
                close++;
                const isPair = (on[i]!.a === a && on[j]!.a === b) || (on[i]!.a === b && on[j]!.a === a);
                if (isPair) own++;
              }
            }
          want += (na * nb * (close - own + pooled)) / (pairs - na * nb + 1);
        }
        const got = timing.pair(a, b).interestTimeline;
        assert.ok(Math.abs(got - want) < 1e-9, `pair ${a},${b}: ${got} vs ${want}`);
        checked++;
      }
    assert.equal(checked, 66);
  });

  it('finds a steady lag, and not wandering ones', async () => {
    const next = seededRandom(9);
    const posts: Post[] = [];
    for (let o = 0; o < 40; o++) {
      const t0 = o * 40_000;
      // A crowd reacting with heavy-tailed delays makes the population's lags.
      for (let k = 0; k < 15; k++)
        posts.push(mk(`c${k}`, t0 + Math.floor(Math.exp(4 + 3 * next())), `p${o}`));
      // Persona b always follows persona a by 900 s (± 20 s); fans f and g react at random.
      posts.push(mk('a', t0 + 100, `p${o}`), mk('b', t0 + 1000 + Math.floor(next() * 40) - 20, `p${o}`));
      posts.push(
        mk('f', t0 + Math.floor(next() * 1700), `p${o}`),
        mk('g', t0 + Math.floor(next() * 1700), `p${o}`),
      );
    }
    const { timing, id } = await setup(posts, 1800);
    assert.equal(timing.slack, 60);
    assert.equal(timing.positions, 30);
    const [a, b] = id('a') < id('b') ? [id('a'), id('b')] : [id('b'), id('a')];
    const steady = timing.pair(a, b);
    assert.equal(steady.coActions, 40);
    assert.equal(steady.synchronous, 40);
    assert.ok(Math.abs(Math.abs(steady.lag) - 900) <= 30, `lag ${steady.lag}`);
    const pi = timing.pi();
    assert.ok(pi >= timing.piReference && pi < 0.5, `π ${pi}`);
    assert.ok(steady.synchronous > 3 * steady.coActions * pi);
    assert.equal(steady.heldObserved, 20);
    const [f, g] = id('f') < id('g') ? [id('f'), id('g')] : [id('g'), id('f')];
    const wandering = timing.pair(f, g);
    assert.ok(wandering.coActions >= 35, `${wandering.coActions}`);
    assert.ok(wandering.synchronous < 3 * wandering.coActions * pi, JSON.stringify(wandering));
    assert.ok(wandering.heldObserved < 3 * wandering.held * pi, JSON.stringify(wandering));
  });

  it('does not let a data set that is one ring set its own π', async () => {
    // 8 accounts post 150 links, each within 40 s of the first: every co-action is the ring's.
    const posts: Post[] = [];
    for (let o = 0; o < 150; o++)
      for (let k = 0; k < 8; k++) posts.push(mk(`r${k}`, o * 10_000 + k * 5, `link${o}`));
    const { timing, id } = await setup(posts, 1800);
    // 150 × 28 = 4,200 co-actions, all within 40 s: the raw population would say π ≈ 1.
    assert.ok(timing.pi() > 0.9, `π ${timing.pi()}`);
    for (let a = 0; a < 8; a++)
      for (let b = a + 1; b < 8; b++) {
        const [x, y] = id(`r${a}`) < id(`r${b}`) ? [id(`r${a}`), id(`r${b}`)] : [id(`r${b}`), id(`r${a}`)];
        timing.exclude(timing.pair(x, y));
      }
    // Without the ring's pairs nothing is left: the uniform reference s / w.
    assert.equal(timing.pi(), timing.piReference);
    assert.equal(timing.piReference, 60 / 1800);
  });
  it('gives an object its outsiders’ lag reference, as a naive count over their pairs says', async () => {
    const next = seededRandom(9);
    const posts: Post[] = [];
    for (let k = 0; k < 20; k++) posts.push(mk(`u${k}`, Math.floor(next() * 3000), 'post0'));
    const w = 1800;
    const { timing, id } = await setup(posts, w);
    const members = new Set([id('u0'), id('u1'), id('u2')]);
    const outside = (a: number): boolean => !members.has(a);
    const times = posts.filter((p) => outside(id(p.account))).map((p) => p.time);
    for (const lag of [0, 45, -300, 1700]) {
      let pairs = 0;
      let near = 0;
      for (let i = 0; i < times.length; i++)
        for (let j = 0; j < times.length; j++) {
          if (i === j) continue;
          const d = times[j]! - times[i]!;
          if (Math.abs(d) > w) continue;
          if (i < j) pairs++;
          // Each unordered pair as two signed lags of weight ½.
          if (Math.abs(d - lag) <= timing.slack) near += 0.5;
        }
      const got = timing.outsiderLags(0, lag, outside); // the only object
      assert.deepEqual(got, { near, pairs }, `lag ${lag}`);
    }
  });
});
