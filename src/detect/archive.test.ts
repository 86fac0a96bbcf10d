/**
 * Released archives (options.reference): a data set that is one operation's accounts and nothing
 * else has no organic crowd, so nulls drawn from everyone's behaviour compare the operation with
 * itself and call it chance. A seeded archive: five roles of 12 accounts (as troll archives label
 * right, left, news-feed, hashtag-gamer and fearmonger accounts), each retweeting its own role's 120
 * posts within minutes of each other. With the crowd as reference nothing passes; as an
 * archive both roles are found, each in networks of its own role only; 'auto' picks archive for the
 * IO-archive layouts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '../core/post.js';
import type { InputSummary } from '../core/result.js';
import { seededRng } from './engine/cluster.js';
import { detect } from './index.js';

const T0 = Date.UTC(2016, 8, 1) / 1000;
const ROLES = ['right', 'left', 'news', 'hashtag', 'fear'];

function archive(): Post[] {
  const rnd = seededRng(21);
  const posts: Post[] = [];
  for (const role of ROLES)
    for (let p = 0; p < 120; p++) {
      const t = T0 + rnd() * 30 * 86400;
      for (let k = 0; k < 12; k++) {
        if (rnd() > 0.5) continue;
        const z = Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
        posts.push({
          id: `${role}${k}-${p}`,
          account: `${role}${k}`,
          time: t + Math.min(3600, 300 * Math.exp(z)),
          isRepost: true,
          repostOf: `${role}-post${p}`,
          repostOfAccount: `${role}-lead`,
          hashtags: [],
          mentions: [],
          urls: [],
          domains: [],
          images: [],
          source: { file: 'archive', line: posts.length + 1 },
        });
      }
    }
  return posts.sort((x, y) => x.time - y.time);
}

const summary = (format: string): InputSummary =>
  ({ files: [{ path: `x.${format}`, format, rows: 1, posts: 1, skipped: 0 }] }) as unknown as InputSummary;

describe('released archives', () => {
  it('finds nothing against the archive’s own crowd, and both roles as an archive', async () => {
    const posts = archive();
    const crowd = await detect(posts, { seed: 1, reference: 'crowd' });
    assert.equal(crowd.networks.length, 0);
    assert.equal(crowd.parameters['reference'], 'crowd');
    const arch = await detect(posts, { seed: 1, reference: 'archive' });
    assert.equal(arch.parameters['reference'], 'archive');
    assert.deepEqual((arch.parameters['nullModel'] as { nulls: string[] }).nulls, [
      'crowd',
      'shared-interest',
    ]);
    const placed = new Set(arch.networks.flatMap((n) => n.members));
    assert.ok(placed.size >= 50, `only ${placed.size} of 60 accounts placed`);
    assert.ok(arch.networks.length >= ROLES.length);
    for (const n of arch.networks) {
      const roles = new Set(n.members.map((m) => m.replace(/\d+$/, '')));
      assert.equal(roles.size, 1, `${n.id} mixes roles: ${n.members.join(' ')}`);
      assert.match(n.summary, /an archive: no outside accounts/);
    }
  });

  it("'auto' is archive for twitter-io and ira inputs, crowd otherwise", async () => {
    const posts = archive();
    for (const [format, want] of [
      ['ira', 'archive'],
      ['twitter-io', 'archive'],
      ['twitter-v2', 'crowd'],
    ] as const) {
      const r = await detect(posts, { seed: 1, behaviours: ['co-retweet'] }, summary(format));
      assert.equal(r.parameters['reference'], want, format);
    }
    await assert.rejects(detect(posts, { reference: 'self' as 'crowd' }), /reference must be/);
  });
});
