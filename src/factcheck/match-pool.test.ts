import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Post } from '../core/post.js';
import { matchPostsParallel } from './match-pool.js';
import { matchPosts } from './match-posts.js';
import { FactCheckMatcher } from './matcher.js';
import type { FactCheck } from './types.js';

const TOPICS = [
  'drinking hot water every morning cures the flu',
  'the city bridge will be closed for all of next year',
  'a secret base was found on the far side of the moon',
  'wind turbines cause drought across the whole country',
  'eating garlic protects against every virus',
];
const CHECKS: FactCheck[] = TOPICS.map((claim, i) => {
  const url = `https://checks.example.org/${i}`;
  return {
    url,
    key: url,
    claim,
    verdict: 'false',
    appearances: i === 2 ? ['https://blog.example.net/moon'] : [],
  };
});

function post(i: number): Post {
  const topic = TOPICS[i % TOPICS.length]!;
  const text =
    i % 3 === 0
      ? `lovely weather number ${i}`
      : `${topic
          .split(' ')
          .slice(i % 4)
          .join(' ')} #${i}`;
  return {
    id: `p${i}`,
    account: `a${i % 7}`,
    time: 1_700_000_000 + i,
    text,
    isRepost: false,
    hashtags: [],
    mentions: [],
    urls: i % 11 === 0 ? ['https://blog.example.net/moon'] : [],
    domains: [],
    images: [],
    source: { file: 'posts.ndjson', line: i + 1 },
  };
}

/** A reader's stream: each post arrives on a later tick, as from a file. */
async function* stream(n: number): AsyncIterable<Post> {
  for (let i = 0; i < n; i++) yield await Promise.resolve(post(i));
}

describe('factcheck match pool', () => {
  it('gives the same rows in the same order on worker threads as in one thread', async () => {
    const opts = { top: 2, minScore: 0.2 };
    const one: (string | number)[][] = [];
    const c1 = await matchPosts(stream(230), new FactCheckMatcher(CHECKS), opts, (r) => one.push(r));
    const many: (string | number)[][] = [];
    const c2 = await matchPostsParallel(stream(230), CHECKS, opts, (r) => many.push(r), {
      workers: 2,
      batch: 17,
      minPosts: 10,
      inFlight: 2,
    });
    assert.ok(one.length > 100, `only ${one.length} rows`);
    assert.deepEqual(many, one);
    assert.deepEqual(c2, c1);
  });

  it('matches a small input in this thread', async () => {
    const rows: (string | number)[][] = [];
    const c = await matchPostsParallel(stream(5), CHECKS, { top: 1, minScore: 0.2 }, (r) => rows.push(r), {
      workers: 2,
      minPosts: 100,
    });
    assert.equal(c.posts, 5);
    assert.ok(rows.length > 0);
  });
});
