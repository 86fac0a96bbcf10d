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
