/**
 * Breadth (options.minObjects, docs/DETECT.md): a network is reported only when its members acted
 * together on at least minObjects distinct objects. A seeded world: 300 accounts posting on 400
 * tags, and a household of three posting on their town's two tags within minutes of each other at
 * thirty family moments — timing no null explains, on two objects only.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '../core/post.js';
import { hashtagPost } from './test-helpers/hashtag-post.js';
import { seededRng } from './engine/cluster.js';
import { detect } from './index.js';
import { DEFAULT_MIN_OBJECTS } from './options.js';

const T0 = Date.UTC(2024, 2, 4) / 1000;

function world(): Post[] {
  const rnd = seededRng(5);
  const posts: Post[] = [];
  const post = (account: string, time: number, tag: string): void => {
    posts.push(hashtagPost(account, time, tag));
  };

  for (let i = 0; i < 12_000; i++)
    post(`user${Math.floor(rnd() * 300)}`, T0 + rnd() * 14 * 86400, `tag${Math.floor(rnd() ** 2 * 400)}`);
  for (let m = 0; m < 30; m++) {
    const t = T0 + rnd() * 14 * 86400;
    const tag = rnd() < 0.5 ? 'townhall' : 'towncup';
    for (let k = 0; k < 3; k++) if (rnd() < 0.8) post(`family${k}`, t + rnd() * 300, tag);
  }
  return posts.sort((x, y) => x.time - y.time);
}

describe('network breadth', () => {
  it('does not name a household acting together on two tags; minObjects 1 does', async () => {
    const posts = world();
    const strict = await detect(posts, { seed: 1, behaviours: ['co-hashtag'] });
    assert.equal(strict.parameters['minObjects'], DEFAULT_MIN_OBJECTS);
    assert.deepEqual(
      strict.networks.filter((n) => n.members.some((m) => m.startsWith('family'))).map((n) => n.members),
      [],
    );
    const loose = await detect(posts, { seed: 1, behaviours: ['co-hashtag'], minObjects: 1 });
    assert.ok(
      loose.networks.some((n) => n.members.filter((m) => m.startsWith('family')).length >= 2),
      'the household is a network when one object is enough',
    );
  });

  it('rejects a minObjects that is not a positive integer', async () => {
    await assert.rejects(detect([], { minObjects: 0 }), /minObjects must be an integer ≥ 1/);
    await assert.rejects(detect([], { minObjects: 2.5 }), /minObjects must be an integer ≥ 1/);
  });
});
