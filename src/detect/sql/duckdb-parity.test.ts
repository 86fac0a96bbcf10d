/**
 * `--engine duckdb --semantics coortweet` gives what the in-memory parity sweep gives, slot for slot:
 * per behaviour the same pair table (the same keys in the same hash slots, counts, weights, distinct
 * objects, first and last times) and the same diagnostics, on both shared CooRTweet data sets, hand-made
 * edge cases (duplicates, ties at the window, missing and self-referencing content ids, refinement
 * through one side) and a seeded simulation; and through the whole pipeline the same edges, networks
 * and accounts.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Behaviour } from '../../core/behaviour.js';
import type { Post } from '../../core/post.js';
import { collectActions } from '../engine/actions.js';
import { coortweetPairs, type ParityResult } from '../engine/coortweet.js';
import { detect } from '../index.js';
import { simulate } from '../../simulate/index.js';
import { germanPosts, russianPosts } from '../test-helpers/coortweet-csv.js';
import { assertSameDetection } from '../test-helpers/same-pass.js';
import { DuckDbCounter, loadDuckDb } from './duckdb-engine.js';
import { repostPost as post } from '../test-helpers/repost-post.js';

const missing = await loadDuckDb().then(
  () => false as const,
  () => 'SKIP @duckdb/node-api is not installed (optional dependency): DuckDB parity comparisons',
);

/** Every slot of both tables and the diagnostics, so a pair in another slot is a difference too. */
function assertSameParity(got: ParityResult, want: ParityResult, label: string): void {
  assert.deepEqual(got.diagnostics, want.diagnostics, `${label}: diagnostics`);
  const g = got.pairs;
  const w = want.pairs;
  assert.equal(g.capacity, w.capacity, `${label}: capacity`);
  assert.equal(g.size, w.size, `${label}: pairs`);
  for (const k of ['keysA', 'keysB', 'count', 'weight', 'objects', 'first', 'last'] as const)
    assert.ok(Buffer.from(g[k].buffer).equals(Buffer.from(w[k].buffer)), `${label}: ${k} slot by slot`);
}

describe('--engine duckdb --semantics coortweet', { skip: missing }, () => {
  let counter: DuckDbCounter | undefined;
  before(async () => {
    counter = await DuckDbCounter.open({ threads: 2, memoryLimit: '1GB' });
  });
  after(async () => {
    await counter?.close();
  });

  async function compare(posts: Post[], behaviour: Behaviour, window: number, minP: number): Promise<void> {
    const { columns, tables } = await collectActions(posts, { behaviours: [behaviour], internPostIds: true });
    const table = tables[0]!;
    const want = coortweetPairs(table, columns, window, minP);
    const got = await counter!.parity(table, columns, window, minP);
    assertSameParity(got, want, `${behaviour} window ${window} min ${minP}`);
  }

  describe('one behaviour: the same table as engine/coortweet.ts', () => {
    const russian = russianPosts();
    for (const [window, minP] of [
      [10, 2],
      [30, 5],
      [60, 0],
    ] as const)
      it(`russian_coord_tweets co-retweet, window ${window}, min participation ${minP}`, async () => {
        await compare(russian, 'co-retweet', window, minP);
      });
    const german = germanPosts();
    for (const behaviour of ['co-link', 'co-hashtag', 'co-domain', 'co-image'] as const)
      it(`german_elections ${behaviour}, window 30, min participation 2`, async () => {
        await compare(german, behaviour, 30, 2);
      });
    it('a seeded simulation, co-hashtag, window 600, min participation 3', async () => {
      await compare([...simulate({ posts: 20_000, seed: 5 }).posts], 'co-hashtag', 600, 3);
    });
  });

  describe('edge cases', () => {
    const cases: [string, Post[], number, number][] = [
      [
        'duplicate rows (same object, time, account, content) counted once; the first kept',
        [
          post('a', 0, 'a1', 'o1'),
          post('a', 0, 'a1', 'o1'),
          post('b', 5, 'b1', 'o1'),
          post('b', 5, 'b1', 'o1'),
          post('a', 100, 'a2', 'o2'),
          post('b', 110, 'b2', 'o2'),
        ],
        10,
        2,
      ],
      [
        'ties at exactly the window, and one second past it',
        [
          post('a', 0, 'a1', 'o1'),
          post('b', 10, 'b1', 'o1'),
          post('c', 21, 'c1', 'o1'),
          post('a', 100, 'a2', 'o2'),
          post('c', 110, 'c2', 'o2'),
        ],
        10,
        1,
      ],
      [
        'missing, equal and self-referencing content ids, and the same account twice',
        [
          post('a', 0, undefined, 'o1'),
          post('b', 1, 'b1', 'o1'),
          post('c', 2, 'o1', 'o1'),
          post('d', 3, 'x', 'o1'),
          post('e', 4, 'x', 'o1'),
          post('d', 5, 'd5', 'o1'),
          post('b', 6, 'b6', 'o1'),
        ],
        10,
        0,
      ],
      [
        'refinement keeps a pair through one side only, drops one through neither',
        [
          post('b', 0, 'b1', 'o1'),
          post('c', 1, 'c1', 'o1'),
          post('b', 50, 'b2', 'o2'),
          post('d', 51, 'd2', 'o2'),
          post('c', 900, 'c9', 'o9'),
          post('d', 60, 'd3', 'o3'),
          post('e', 2000, 'e1', 'o7'),
          post('f', 2001, 'f1', 'o7'),
          post('e', 3000, 'e2', 'o8'),
        ],
        10,
        2,
      ],
      [
        'no rows survive the participation filter',
        [post('a', 0, 'a1', 'o1'), post('b', 1, 'b1', 'o1')],
        10,
        2,
      ],
    ];
    for (const [name, posts, window, minP] of cases)
      it(name, async () => {
        await compare(posts, 'co-retweet', window, minP);
      });
  });

  it('whole pipeline on russian_coord_tweets: edges, networks and accounts equal', async () => {
    await assertSameDetection(
      russianPosts(),
      { semantics: 'coortweet', window: 60, minParticipation: 2, seed: 1 },
      { engine: 'duckdb', duckdb: { threads: 2, memoryLimit: '1GB' } },
      /^duckdb: co-retweet: loading .* rows \(coortweet parity\)/,
    );
  });

  it('clickhouse still refuses parity, naming the engines that run it', async () => {
    await assert.rejects(
      detect(russianPosts().slice(0, 50), {
        engine: 'clickhouse',
        clickhouse: { urls: ['http://127.0.0.1:1'] },
        semantics: 'coortweet',
      }),
      /coortweet parity runs in memory or on --engine duckdb/,
    );
  });
});
