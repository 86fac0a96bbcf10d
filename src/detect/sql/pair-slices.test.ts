/**
 * The pairs statement in K slices (pair-slices.ts) gives the one statement's pair table and the
 * in-memory engine's, column for column: on both shared CooRTweet sets and a seeded simulation, at
 * K = 2, 3 and 7, and through the whole pipeline; plus how K is chosen from the co-actions and
 * DuckDB's memory limit.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { collectActions } from '../engine/actions.js';
import { lockstepPass } from '../engine/lockstep.js';
import { PIPELINE_RUNS, assertSameDetection, assertSamePass, passCases } from '../test-helpers/same-pass.js';
import { duckDbBytes, pairSlices } from './duckdb-count.js';
import { DuckDbCounter, loadDuckDb } from './duckdb-engine.js';

const missing = await loadDuckDb().then(
  () => false as const,
  () => 'SKIP @duckdb/node-api is not installed (optional dependency): sliced pairs comparisons',
);

describe('pairs in K slices by the lower account', () => {
  it('reads DuckDB memory sizes', () => {
    assert.equal(duckDbBytes('1.8 GiB'), 1.8 * 2 ** 30);
    assert.equal(duckDbBytes('488.2 MiB'), 488.2 * 2 ** 20);
    assert.equal(duckDbBytes('4GB'), 4e9);
    assert.equal(duckDbBytes('512 KB'), 512e3);
    assert.equal(duckDbBytes('100 bytes'.replace('bytes', 'B')), 100);
    assert.throws(() => duckDbBytes('lots'), /cannot read/);
  });

  it('chooses K so one slice fills at most half the memory limit, 100 B per co-action', () => {
    assert.equal(pairSlices(0, 2e9), 1);
    assert.equal(pairSlices(1e7, 2e9), 1); // 1 GB of aggregates in a 1 GB half
    assert.equal(pairSlices(1e7 + 1, 2e9), 2);
    assert.equal(pairSlices(15_297_320, 1.8 * 2 ** 30), 2); // co-retweet at 3M posts, MEMORY=2GB
    assert.equal(pairSlices(9e8, 6e9), 30);
  });

  describe('the same pass as one statement and as the in-memory engine', { skip: missing }, () => {
    const counters = new Map<number, DuckDbCounter>();
    const said: string[] = [];
    before(async () => {
      for (const k of [1, 2, 3, 7])
        counters.set(
          k,
          await DuckDbCounter.open({
            threads: 2,
            memoryLimit: '1GB',
            pairSlices: k,
            onStage: (m) => said.push(m),
          }),
        );
    });
    after(async () => {
      for (const c of counters.values()) await c.close();
    });

    for (const [name, posts, behaviour, options] of passCases())
      it(`${name} ${behaviour} window ${options.window} maxCrowd ${options.maxCrowd}`, async () => {
        const { columns, tables } = await collectActions(posts, {
          behaviours: [behaviour],
          repostsOnlyRetweet: true,
        });
        const table = tables[0]!;
        const inMemory = lockstepPass(table, columns, options);
        const one = await counters.get(1)!.pass(table, columns, options);
        assertSamePass(one, inMemory);
        for (const k of [2, 3, 7]) {
          said.length = 0;
          const sliced = await counters.get(k)!.pass(table, columns, options);
          assert.ok(said.includes(`duckdb: ${behaviour}: pairs, slice ${k} of ${k}`), said.join('; '));
          assertSamePass(sliced, one);
          assertSamePass(sliced, inMemory);
        }
      });
  });

  it('whole pipeline with 4 slices: edges, networks and accounts equal', { skip: missing }, async () => {
    const [, posts, options] = PIPELINE_RUNS[2]!;
    await assertSameDetection(
      posts(),
      options,
      { engine: 'duckdb', duckdb: { threads: 2, memoryLimit: '1GB', pairSlices: 4 } },
      /^duckdb: co-[a-z]+: pairs, slice 4 of 4/,
    );
  });
});
