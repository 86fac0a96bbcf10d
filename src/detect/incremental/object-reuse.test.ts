import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Behaviour } from '../../core/behaviour.js';
import type { Post } from '../../core/post.js';
import { lockstepPass, type BehaviourPass } from '../engine/lockstep.js';
import { DEFAULT_CACHE_BYTES } from '../engine/object-cache.js';
import { detect, detectPrepared } from '../pipeline.js';
import { post } from '../signals/test-factories.js';
import { WindowActions } from './window-actions.js';

/**
 * A replayed stream over many ticks whose objects gain and lose actions between ticks: a planted group
 * meeting on its own hashtags, background accounts reusing a few hashtags (some untouched for several
 * ticks, so their entries are reused), repeats within the co-action window (collapse), bursts that push
 * a hashtag's crowd past `maxCrowd` and back, a hashtag whose count stays the same while its actions change, accounts that leave the window for good, and reposts.
 */
function stream(): Post[] {
  let seed = 12345;
  const rnd = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const out: Post[] = [];
  for (let t = 0; t < 4000; t += 1) {
    // Background: 40 accounts over 25 hashtags, the low ones quiet for minutes at a time.
    if (rnd() < 0.5) {
      const tag = Math.floor(25 * rnd() * rnd());
      const a = `bg${Math.floor(40 * rnd())}`;
      out.push(post(a, t, { hashtags: [`h${tag}`], domains: tag % 3 === 0 ? [`d${tag % 4}.example`] : [] }));
      // A repeat within the co-action window: collapsed into the first.
      if (rnd() < 0.15) out.push(post(a, t + 1, { hashtags: [`h${tag}`] }));
    }
    if (rnd() < 0.15)
      out.push(post(`rt${Math.floor(10 * rnd())}`, t, { isRepost: true, repostOf: `orig${t % 7}` }));
  }
  // A planted group of 6 meeting every 30 s on 20 hashtags, silent from 1,600 s to 2,500 s.
  for (let k = 0; k < 130; k++)
    if (k < 50 || k >= 80)
      for (let m = 0; m < 6; m++)
        out.push(post(`g${m}`, 100 + 30 * k + 2 * m, { hashtags: [`camp${k % 20}`] }));
  // A steady hashtag: one action every 20 s by one of 5 accounts, so each tick's window holds exactly 30
  // of them — as many as the last tick's, other ones (an entry's length alone cannot tell).
  for (let t = 10; t < 4000; t += 20)
    out.push(post(`st${Math.floor(5 * rnd())}`, t, { hashtags: ['steady'] }));
  // Early accounts that leave the window for good.
  for (let k = 0; k < 6; k++)
    for (let m = 0; m < 4; m++) out.push(post(`early${m}`, 50 + 100 * k + m, { hashtags: ['h2', 'early'] }));
  // Crowd bursts: 16 accounts on h1 within 48 s (crowd > maxCrowd = 10), three times.
  for (const at of [900, 1900, 3100])
    for (let m = 0; m < 16; m++) out.push(post(`burst${m}`, at + 3 * m, { hashtags: ['h1'] }));
  return out.sort((x, y) => x.time - y.time);
}

const OPTIONS = {
  behaviours: ['co-hashtag', 'co-domain', 'co-retweet'] as Behaviour[],
  window: 60,
  maxCrowd: 10,
  minParticipation: 2,
};

/** Everything a pass hands the later stages, as plain data. */
function plainPass(p: BehaviourPass) {
  const q = p.pairs;
  const pairs: number[][] = [];
  for (let s = 0; s < q.capacity; s++)
    if (q.keysA[s] !== -1)
      pairs.push([
        q.keysA[s]!,
        q.keysB[s]!,
        q.weight[s]!,
        q.count[s]!,
        q.objects[s]!,
        q.first[s]!,
        q.last[s]!,
        q.extra[s]!,
      ]);
  return {
    pairs,
    order: [...p.order],
    kept: [...p.kept],
    activity: [...p.activity],
    degree: [...p.degree],
    eligibleActions: p.eligibleActions,
    uniformRate: p.uniformRate,
    coActions: p.coActions,
    activeAccounts: p.activeAccounts,
    collapsedActions: p.collapsedActions,
    crowdedActions: p.crowdedActions,
  };
}

describe('lockstep counting reused per object across ticks', () => {
  it('gives every tick what a batch over its window gives, reusing untouched objects', async () => {
    const posts = stream();
    const W = 600;
    const every = 60;
    // Passes compared on one window's tables; networks on a second window fed the same posts.
    const passes = WindowActions.forDetect(OPTIONS, false, DEFAULT_CACHE_BYTES);
    const ticks = WindowActions.forDetect(OPTIONS, false, DEFAULT_CACHE_BYTES);
    let next = 0;
    let reused = 0;
    let counted = 0;
    let crowded = 0;
    let networks = 0;
    for (let T = every; T <= 4000; T += every) {
      while (next < posts.length && posts[next]!.time <= T) {
        passes.push(posts[next]!);
        ticks.push(posts[next++]!);
      }
      const S = T - W;
      passes.expire(S);
      ticks.expire(S);
      const prepared = passes.prepare(S, T);
      for (const table of prepared.tables) {
        const o = { window: OPTIONS.window, maxCrowd: OPTIONS.maxCrowd, minPairCoActions: 2 };
        const batch = lockstepPass(table, prepared.columns, o);
        const tick = lockstepPass(table, prepared.columns, o, prepared.reuse?.get(table.behaviour));
        assert.deepEqual(plainPass(tick), plainPass(batch), `${table.behaviour} at ${T}`);
        reused += tick.reusedActions ?? 0;
        counted += table.object.length;
        crowded += batch.crowdedActions;
      }
      const inWindow = posts.filter((p) => p.time > S && p.time <= T);
      const got = await detectPrepared(ticks.prepare(S, T), OPTIONS);
      const want = await detect(inWindow, OPTIONS);
      assert.deepEqual(got.edges, want.edges, `edges at ${T}`);
      assert.deepEqual(got.networks, want.networks, `networks at ${T}`);
      assert.deepEqual(got.parameters.diagnostics, want.parameters.diagnostics, `diagnostics at ${T}`);
      networks += want.networks.length;
    }
    assert.ok(reused > counted / 10, `untouched objects are reused (${reused} of ${counted} actions)`);
    assert.ok(crowded > 0, 'some actions are crowded out');
    assert.ok(networks > 0, 'the planted group is a network at some ticks');
  });

  it('counts everything again after the window renumbers its objects (compaction), and without a cache', async () => {
    // The stream five times over, each 4,000 s later: the front compacts (over 4,096 rows behind it).
    const once = stream();
    const posts = [0, 1, 2, 3, 4].flatMap((k) => once.map((p) => ({ ...p, time: p.time + 4000 * k })));
    const cached = WindowActions.forDetect(OPTIONS, false, DEFAULT_CACHE_BYTES);
    const plain = new WindowActions({
      behaviours: OPTIONS.behaviours,
      repostsOnlyRetweet: true,
      objectCacheBytes: 0,
    });
    let next = 0;
    let compared = 0;
    for (let T = 7000; T <= 20_000; T += 500) {
      while (next < posts.length && posts[next]!.time <= T) {
        cached.push(posts[next]!);
        plain.push(posts[next++]!);
      }
      cached.expire(T - 600);
      plain.expire(T - 600);
      const inWindow = posts.filter((p) => p.time > T - 600 && p.time <= T);
      const want = await detect(inWindow, OPTIONS);
      const got = await detectPrepared(cached.prepare(T - 600, T), OPTIONS);
      assert.deepEqual(got.edges, want.edges, `edges at ${T}`);
      assert.deepEqual(got.networks, want.networks, `networks at ${T}`);
      const without = plain.prepare(T - 600, T);
      assert.equal(without.reuse, undefined, 'objectCacheBytes 0: no cache');
      assert.deepEqual((await detectPrepared(without, OPTIONS)).edges, want.edges, `edges at ${T}`);
      compared += want.edges.length;
    }
    assert.ok(compared > 0, 'edges are compared');
  });
});
