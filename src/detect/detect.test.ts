import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '../core/post.js';
import { isLockstepError } from '../core/errors.js';
import { detect, supportedBehaviours } from './index.js';

const base = { isRepost: false, hashtags: [], mentions: [], urls: [], domains: [], images: [] };
const mk = (account: string, time: number, over: Partial<Post>): Post => ({
  ...base,
  account,
  time,
  source: { file: 't', line: 1 },
  ...over,
});

/** 300 organic accounts sharing random links at random times, plus a ring of 6 sharing the same 12. */
function planted(seed: number): { posts: Post[]; ring: string[] } {
  let s = seed;
  const rnd = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const posts: Post[] = [];
  for (let i = 0; i < 6000; i++) {
    const u = `https://x.org/${Math.floor(rnd() * 3000)}`;
    posts.push(mk(`o${Math.floor(rnd() * 300)}`, Math.floor(rnd() * 14 * 86400), { urls: [u], id: `p${i}` }));
  }
  const ring = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'];
  for (let e = 0; e < 12; e++) {
    const t = 1000 + e * 86400;
    ring.forEach((a, k) =>
      posts.push(mk(a, t + k * 20, { urls: [`https://farm.example/${e}`], id: `${a}-${e}` })),
    );
  }
  return { posts, ring };
}

describe('detect (lockstep semantics)', () => {
  it('finds a planted ring and nothing else in random background', async () => {
    const { posts, ring } = planted(7);
    const r = await detect(posts, { behaviours: ['co-link'], seed: 3 });
    assert.equal(r.networks.length, 1);
    assert.deepEqual(r.networks[0]!.members, ring);
    const n = r.networks[0]!;
    assert.ok(n.qValue! <= 0.05 && n.expected! < n.score);
    assert.equal(n.topObjects[0]!.accounts, 6);
    assert.ok(n.timeline.length >= 12 && n.examples.length > 0 && n.summary.includes('6 accounts'));
    for (const e of r.edges) assert.ok(e.a < e.b && e.qValue! <= 1);
  });

  it('fills per-account and network signals of reported accounts', async () => {
    const { posts, ring } = planted(7);
    const r = await detect(posts, { behaviours: ['co-link'], seed: 3 });
    const byName = new Map(r.accounts.map((a) => [a.account, a]));
    for (const m of ring) {
      const a = byName.get(m);
      assert.ok(a, m);
      const names = a.signals.map((s) => s.name);
      for (const n of ['cadence-regularity', 'posts-per-day', 'creation-burst', 'synchronised-hours'])
        assert.ok(names.includes(n), `${m} lacks ${n}`);
      // 12 posts, one a day at the same minute: the ring's cadence is perfectly regular.
      assert.equal(a.posts, 12);
      for (const s of a.signals) assert.ok(s.explanation.length > 10, s.name);
    }
  });

  it('finds a hashtag pushed by the same accounts in quiet moments despite a trending background', async () => {
    let s = 9;
    const rnd = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const posts: Post[] = [];
    // 400 organic accounts; 20 hashtags, each trending (crowded) on its own day, used at random times.
    for (let i = 0; i < 12000; i++) {
      const tag = Math.floor(rnd() * 20);
      const t = tag * 43200 + Math.floor(rnd() * 86400);
      posts.push(mk(`o${Math.floor(rnd() * 400)}`, t, { hashtags: [`trend${tag}`], id: `p${i}` }));
    }
    // 8 accounts push their six tags (#ours0 … #ours5, one per event in turn) at 15 events; each joins
    // an event with probability 0.7, within 10 min. (A push on one tag alone is below the breadth rule:
    // breadth.test.ts.)
    const push = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8'];
    for (let e = 0; e < 15; e++)
      for (const a of push)
        if (rnd() < 0.7)
          posts.push(mk(a, 5000 + e * 70000 + Math.floor(rnd() * 600), { hashtags: [`ours${e % 6}`] }));
    // organic users also use the tags now and then
    for (let i = 0; i < 60; i++)
      posts.push(mk(`o${Math.floor(rnd() * 400)}`, Math.floor(rnd() * 1e6), { hashtags: [`ours${i % 6}`] }));
    posts.sort((x, y) => x.time - y.time);
    const r = await detect(posts, { behaviours: ['co-hashtag'], seed: 2 });
    const flagged = new Set(r.networks.flatMap((n) => n.members));
    for (const a of push) assert.ok(flagged.has(a), `${a} missed`);
    for (const a of flagged) assert.ok(push.includes(a), `${a} is organic`);
  });

  it('is deterministic for a seed', async () => {
    const { posts } = planted(11);
    const a = await detect(posts, { behaviours: ['co-link'], seed: 5 });
    const b = await detect(posts, { behaviours: ['co-link'], seed: 5 });
    assert.deepEqual(a.networks, b.networks);
    assert.deepEqual(a.edges, b.edges);
  });

  it('rejects bad options and unsupported behaviours with coded errors', async () => {
    const { posts } = planted(1);
    await assert.rejects(detect(posts, { fdr: 0 }), (e) => isLockstepError(e) && e.code === 'ERR_USAGE');
    await assert.rejects(detect(posts, { window: -1 }), (e) => isLockstepError(e) && e.code === 'ERR_USAGE');
    await assert.rejects(
      detect(posts, { behaviours: ['co-image'] }),
      (e) => isLockstepError(e) && e.code === 'ERR_DETECT_BEHAVIOUR_UNSUPPORTED',
    );
    await assert.rejects(detect([], {}), (e) => isLockstepError(e) && e.code === 'ERR_DETECT_NO_INPUT');
  });

  it('runs co-similar in a worker with the same edges, and fails with the right code while it runs', async () => {
    const posts = planted(3).posts.map((p, i) => ({ ...p, text: `the same words again and again ${i % 7}` }));
    // co-image has nothing in this input: the run fails with its code while the worker is busy.
    await assert.rejects(
      detect(posts, { behaviours: ['co-similar', 'co-image'], parallel: true }),
      (e) => isLockstepError(e) && e.code === 'ERR_DETECT_BEHAVIOUR_UNSUPPORTED',
    );
    const r = await detect(posts, { behaviours: ['co-similar'], parallel: true });
    const one = await detect(posts, { behaviours: ['co-similar'], parallel: false });
    assert.ok(r.edges.length > 0);
    assert.deepEqual(r.edges, one.edges);
  });

  it('estimates a window with --window auto and reports it', async () => {
    const { posts } = planted(2);
    const r = await detect(posts, { behaviours: ['co-link'], window: 'auto' });
    assert.equal(r.parameters.windowSource, 'auto');
    assert.ok(r.parameters.windows['co-link']! >= 1 && r.parameters.windows['co-link']! <= 3600);
  });

  it('lists the behaviours an input supports', () => {
    const { posts } = planted(1);
    assert.deepEqual(supportedBehaviours(posts), ['co-link']);
    assert.deepEqual(supportedBehaviours([mk('a', 0, { isRepost: true, repostOf: 'x', hashtags: ['h'] })]), [
      'co-retweet',
      'co-hashtag',
    ]);
  });
});
