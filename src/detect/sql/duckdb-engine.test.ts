/**
 * `--engine duckdb` gives what the in-memory engine gives, bit for bit: per behaviour the same pair
 * table (co-actions, weights, objects, first/last times, shared interest), the same eligible actions,
 * n_a, D_a and totals; and, through the whole pipeline, the same edges, networks, account results and
 * diagnostics. On both shared CooRTweet data sets and a
 * seeded simulation; plus the errors a user meets when DuckDB is missing, too old or misconfigured.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { isLockstepError } from '../../core/errors.js';
import { detect } from '../index.js';
import { russianPosts } from '../test-helpers/coortweet-csv.js';
import {
  PIPELINE_RUNS,
  assertSameDetection,
  assertSamePassOf,
  passCases,
} from '../test-helpers/same-pass.js';
import { DuckDbCounter, checkDuckDbVersion, loadDuckDb } from './duckdb-engine.js';

// @duckdb/node-api is an optional dependency (CI installs it with `npm ci`): without it the
// comparisons skip, saying why, and the error tests still run.
const missing = await loadDuckDb().then(
  () => false as const,
  () => 'SKIP @duckdb/node-api is not installed (optional dependency): DuckDB engine comparisons',
);

describe('--engine duckdb', () => {
  let counter: DuckDbCounter | undefined;
  before(async () => {
    if (!missing) counter = await DuckDbCounter.open({ threads: 2, memoryLimit: '1GB' });
  });
  after(async () => {
    await counter?.close();
  });

  describe('one behaviour: the same pass as engine/lockstep.ts', { skip: missing }, () => {
    for (const c of passCases())
      it(`${c[0]} ${c[2]} window ${c[3].window} maxCrowd ${c[3].maxCrowd}`, async () => {
        await assertSamePassOf(counter!, c);
      });
  });

  describe('whole pipeline: edges, networks and accounts equal', { skip: missing }, () => {
    for (const [name, posts, options] of PIPELINE_RUNS)
      it(name, async () => {
        await assertSameDetection(
          posts(),
          options,
          { engine: 'duckdb', duckdb: { threads: 2, memoryLimit: '1GB' } },
          /^duckdb: co-[a-z]+: loading/,
        );
      });
  });

  it(
    'brings back only the pairs among candidate accounts; diagnostics count every pair',
    { skip: missing },
    async () => {
      const [, posts, options] = PIPELINE_RUNS[2]!;
      const stages: string[] = [];
      const r = await detect(posts(), {
        ...options,
        engine: 'duckdb',
        duckdb: { threads: 2, memoryLimit: '1GB' },
        onProgress: (s) => stages.push(s),
      });
      const line = stages.map((s) => /([\d,]+) of ([\d,]+) pairs brought back/.exec(s)).find((m) => m);
      assert.ok(line, stages.join('; '));
      const kept = Number(line[1]!.replaceAll(',', ''));
      const all = Number(line[2]!.replaceAll(',', ''));
      // run.json's diagnostics: one entry per behaviour, lockstep mode's with coActingPairs.
      const diagnostics = r.parameters.diagnostics as Record<string, { coActingPairs: number }>;
      const counted = Object.values(diagnostics).reduce((n, d) => n + d.coActingPairs, 0);
      assert.equal(all, counted, 'run.json counts every co-acting pair');
      assert.ok(kept > 0 && kept < all, `${kept} of ${all}`);
    },
  );

  describe('errors', () => {
    it('names the missing package and the way out', async () => {
      await assert.rejects(loadDuckDb('@duckdb/no-such-package'), (e: unknown) => {
        assert.ok(isLockstepError(e));
        assert.equal(e.code, 'ERR_DETECT_ENGINE_MISSING');
        assert.match(e.message, /npm install @duckdb\/node-api/);
        assert.match(e.message, /--engine memory/);
        return true;
      });
    });

    it('refuses DuckDB versions older than 1.1 and versions it cannot read', () => {
      assert.doesNotThrow(() => {
        checkDuckDbVersion('v1.5.2');
      });
      assert.doesNotThrow(() => {
        checkDuckDbVersion('v2.0.0');
      });
      for (const v of ['v1.0.0', 'v0.10.3', 'nightly'])
        assert.throws(
          () => {
            checkDuckDbVersion(v);
          },
          (e: unknown) =>
            isLockstepError(e) && e.code === 'ERR_DETECT_ENGINE_VERSION' && e.message.includes(v),
          v,
        );
    });

    it('refuses a memory limit or thread count it would pass on wrongly', async () => {
      for (const bad of [{ memoryLimit: 'lots' }, { memoryLimit: '4' }, { threads: 0 }, { threads: 1.5 }])
        await assert.rejects(DuckDbCounter.open(bad), (e: unknown) => {
          assert.ok(isLockstepError(e));
          assert.equal(e.code, 'ERR_USAGE');
          assert.match(e.message, /memory limit|threads/);
          return true;
        });
    });

    it('refuses unknown engines (coortweet parity on DuckDB: duckdb-parity.test.ts)', async () => {
      const posts = russianPosts().slice(0, 100);
      await assert.rejects(detect(posts, { engine: 'spark' as 'duckdb' }), /engine must be/);
    });

    it('removes its own spill folder on close', { skip: missing }, async () => {
      const c = await DuckDbCounter.open({ threads: 1 });
      const dir = (c as unknown as { ownTemp: string }).ownTemp;
      assert.ok(existsSync(dir));
      await c.close();
      assert.ok(!existsSync(dir));
    });
  });
});
