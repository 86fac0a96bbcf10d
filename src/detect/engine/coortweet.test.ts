import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Behaviour } from '../../core/behaviour.js';
import type { Post } from '../../core/post.js';
import { collectActions } from './actions.js';
import { coortweetPairs } from './coortweet.js';
import {
  GERMAN_COLUMNS,
  germanPosts,
  germanRows,
  russianPosts,
  russianRows,
  type CtRow,
} from '../test-helpers/coortweet-csv.js';
import { naiveCoortweet } from '../test-helpers/naive-coortweet.js';
import { repostPost as post } from '../test-helpers/repost-post.js';

async function engineWeights(
  posts: Post[],
  behaviour: Behaviour,
  window: number,
  minParticipation: number,
): Promise<Map<string, number>> {
  const { columns, tables } = await collectActions(posts, { behaviours: [behaviour], internPostIds: true });
  const { pairs } = coortweetPairs(tables[0]!, columns, window, minParticipation);
  const out = new Map<string, number>();
  pairs.forEach((a, b, slot) => {
    const sa = columns.accounts.str(a);
    const sb = columns.accounts.str(b);
    out.set(sa < sb ? `${sa}\u0000${sb}` : `${sb}\u0000${sa}`, pairs.count[slot]!);
  });
  return out;
}

function assertSameEdges(actual: Map<string, number>, expected: Map<string, number>, label: string) {
  const diff: string[] = [];
  for (const [k, w] of expected) if (actual.get(k) !== w) diff.push(`${k}: ${actual.get(k)} ≠ ${w}`);
  for (const [k, w] of actual) if (!expected.has(k)) diff.push(`${k}: extra ${w}`);
  assert.deepEqual(diff.slice(0, 5), [], `${label}: ${diff.length} differences`);
}

const asRows = (posts: Post[]): CtRow[] =>
  posts.map((p) => ({ object: p.repostOf!, account: p.account, content: p.id, time: p.time }));

describe('CooRTweet parity (hand-made edge cases)', () => {
  const cases: { name: string; posts: Post[]; window: number; minP: number; expect: number }[] = [
    {
      name: 'a tie at exactly the window is coordinated (inclusive)',
      posts: [
        post('a', 0, 'a1', 'o1'),
        post('b', 10, 'b1', 'o1'),
        post('a', 100, 'a2', 'o2'),
        post('b', 110, 'b2', 'o2'),
      ],
      window: 10,
      minP: 2,
      expect: 2,
    },
    {
      name: 'one second past the window is not',
      posts: [
        post('a', 0, 'a1', 'o1'),
        post('b', 11, 'b1', 'o1'),
        post('a', 100, 'a2', 'o2'),
        post('b', 110, 'b2', 'o2'),
      ],
      window: 10,
      minP: 1,
      expect: 1,
    },
    {
      name: 'a missing content id drops the pair',
      posts: [
        post('a', 0, undefined, 'o1'),
        post('b', 1, 'b1', 'o1'),
        post('a', 100, 'a2', 'o2'),
        post('b', 101, 'b2', 'o2'),
      ],
      window: 10,
      minP: 1,
      expect: 1,
    },
    {
      name: 'object id equal to a content id drops the pair',
      posts: [
        post('a', 0, 'o1', 'o1'),
        post('b', 1, 'b1', 'o1'),
        post('a', 100, 'a2', 'o2'),
        post('b', 101, 'b2', 'o2'),
      ],
      window: 10,
      minP: 1,
      expect: 1,
    },
    {
      name: 'the same content id on both rows drops the pair',
      posts: [
        post('a', 0, 'x', 'o1'),
        post('b', 1, 'x', 'o1'),
        post('a', 100, 'a2', 'o2'),
        post('b', 101, 'b2', 'o2'),
      ],
      window: 10,
      minP: 1,
      expect: 1,
    },
    {
      name: 'refinement keeps a pair through one side only',
      // b has 3 rows in pairs, c has 1: pair (b, c) survives through b's content id.
      posts: [
        post('b', 0, 'b1', 'o1'),
        post('c', 1, 'c1', 'o1'),
        post('b', 50, 'b2', 'o2'),
        post('d', 51, 'd2', 'o2'),
        post('c', 900, 'c9', 'o9'),
        post('d', 60, 'd3', 'o3'),
      ],
      window: 10,
      minP: 2,
      expect: 2,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const expected = naiveCoortweet(asRows(c.posts), c.window, c.minP);
      const actual = await engineWeights(c.posts, 'co-retweet', c.window, c.minP);
      let total = 0;
      for (const w of expected.values()) total += w;
      assert.equal(total, c.expect, 'the naive reference itself');
      assertSameEdges(actual, expected, c.name);
    });
  }

  it('refinement drops a pair when neither account reaches min participation', async () => {
    const posts = [
      post('a', 0, 'a1', 'o1'),
      post('b', 1, 'b1', 'o1'),
      post('a', 500, 'a2', 'o2'),
      post('b', 900, 'b2', 'o3'),
    ];
    const actual = await engineWeights(posts, 'co-retweet', 10, 2);
    assert.equal(actual.size, 0);
    assert.equal(naiveCoortweet(asRows(posts), 10, 2).size, 0);
  });
});

describe('CooRTweet parity on the shared data sets', () => {
  const russian = russianPosts();
  const rRows = russianRows();
  for (const window of [10, 30]) {
    for (const minP of [2, 5]) {
      it(`russian_coord_tweets co-retweet, window ${window}, min participation ${minP}`, async () => {
        const expected = naiveCoortweet(rRows, window, minP);
        assert.ok(expected.size > 0);
        assertSameEdges(await engineWeights(russian, 'co-retweet', window, minP), expected, 'russian');
      });
    }
  }
  // The full german grid (4 behaviours × 2 windows × 2 thresholds) takes about a minute because the
  // reference is quadratic; LOCKSTEP_FULL_PARITY=1 runs it, the default runs two corners of it.
  const full = process.env.LOCKSTEP_FULL_PARITY === '1';
  const german = germanPosts();
  for (const [behaviour, column] of Object.entries(GERMAN_COLUMNS)) {
    const gRows = germanRows(column);
    for (const window of [10, 30]) {
      for (const minP of [2, 5]) {
        if (!full && !((window === 10 && minP === 2) || (window === 30 && minP === 5))) continue;
        it(`german_elections ${behaviour}, window ${window}, min participation ${minP}`, async () => {
          const expected = naiveCoortweet(gRows, window, minP);
          const actual = await engineWeights(german, behaviour as Behaviour, window, minP);
          assertSameEdges(actual, expected, behaviour);
        });
      }
    }
  }
});
