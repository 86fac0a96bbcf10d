/**
 * Every member of a reported network carries its own evidence (network-chance.ts): accounts that
 * Louvain puts beside a ring because they act on the same posts, but at lags that wander as people's
 * do, are dropped before the network is tested and named. A seeded world: an organic crowd retweeting
 * popular posts and the lead's posts at heavy-tailed delays, a six-account ring retweeting its lead's posts at fixed
 * offsets, and six hangers-on retweeting most of the same posts at any moment within two hours (with this seed, one of them is clustered with the ring — and was named before members had to carry their own evidence).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '../core/post.js';
import { detect } from './index.js';
import { RepostWorld } from './test-helpers/repost-world.js';

const T0 = Date.UTC(2024, 2, 4) / 1000;

function world(): Post[] {
  const w = new RepostWorld(11);
  const rnd = w.rnd;
  const rt = (account: string, time: number, of: string, author: string): void => {
    w.repost(account, time, of, author);
  };
  // Organic crowd: 400 accounts, 300 popular posts, each retweeted by ~25 accounts after log-normal delays.
  for (let p = 0; p < 300; p++) {
    const t = T0 + rnd() * 14 * 86400;
    for (let k = 0; k < 25; k++) {
      const a = Math.floor(rnd() * 400);
      const z = Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
      rt(`user${a}`, t + Math.min(259200, 7200 * Math.exp(1.5 * z)), `pop${p}`, `star${p % 20}`);
    }
  }
  // The ring and the hangers-on on the lead's 40 posts, which the crowd retweets too.
  for (let p = 0; p < 40; p++) {
    const t = T0 + rnd() * 14 * 86400;
    for (let k = 0; k < 20; k++) {
      const z = Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
      rt(
        `user${Math.floor(rnd() * 400)}`,
        t + Math.min(259200, 7200 * Math.exp(1.5 * z)),
        `lead${p}`,
        'lead',
      );
    }
    for (let k = 0; k < 6; k++) rt(`ring${k}`, t + 20 + 15 * k + (rnd() - 0.5) * 6, `lead${p}`, 'lead');
    for (let k = 0; k < 6; k++) if (rnd() < 0.8) rt(`hanger${k}`, t + rnd() * 7200, `lead${p}`, 'lead');
  }
  return w.sorted();
}

describe('members carry their own evidence', () => {
  it('names the ring and drops the hangers-on clustered with it', async () => {
    const r = await detect(world(), { seed: 1, behaviours: ['co-retweet'] });
    const named = r.networks.flatMap((n) => n.members).sort();
    for (let k = 0; k < 6; k++)
      assert.ok(named.includes(`ring${k}`), `ring${k} not named: ${named.join(' ')}`);
    assert.deepEqual(
      named.filter((m) => !m.startsWith('ring')),
      [],
      'accounts without their own evidence were named',
    );
  });
});
