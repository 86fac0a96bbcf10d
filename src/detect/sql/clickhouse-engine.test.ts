/**
 * `--engine clickhouse` on a real two-shard cluster (scripts/clickhouse-cluster.sh, which `.ci/run`
 * starts) gives what the in-memory engine gives, bit for bit: per behaviour the same pair table,
 * eligible actions, n_a, D_a and totals, with rows spread over both shards; through the whole pipeline
 * the same edges, networks, accounts and diagnostics — on both shared CooRTweet data sets and a seeded
 * simulation (fractional times). Plus the errors a user meets when the client package, the server or a
 * shard is missing, unreachable or too old.
 *
 * Cluster: LOCKSTEP_TEST_CLICKHOUSE (shard URLs, coordinator first; default the local script's). When
 * nothing answers, the comparisons skip saying so — except in CI, where they must run.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { isLockstepError } from '../../core/errors.js';
import { simulate } from '../../simulate/index.js';
import { detect } from '../index.js';
import { russianPosts } from '../test-helpers/coortweet-csv.js';
import { CLICKHOUSE_URLS, noClickHouse } from '../test-helpers/clickhouse-cluster.js';
import {
  PIPELINE_RUNS,
  assertSameDetection,
  assertSamePassOf,
  passCases,
  type PassCase,
} from '../test-helpers/same-pass.js';
import {
  ClickHouseCounter,
  bucketWidth,
  checkClickHouseVersion,
  loadClickHouse,
} from './clickhouse-engine.js';
import { float64FromHex, float64Literal } from './clickhouse-sql.js';
import { parseClickHouseUrls } from './clickhouse-urls.js';

const URLS = CLICKHOUSE_URLS;
const missing = noClickHouse;

describe('--engine clickhouse', () => {
  let counter: ClickHouseCounter | undefined;
  before(async () => {
    if (!missing) counter = await ClickHouseCounter.open({ urls: URLS });
  });
  after(async () => {
    await counter?.close();
  });

  describe('one behaviour: the same pass as engine/lockstep.ts', { skip: missing }, () => {
    // Beyond the common cases: a short window with maxCrowd 2, and a sub-second window over the
    // simulation's fractional times (boundaries and buckets at their finest).
    const sim = [...simulate({ posts: 20_000, seed: 5 }).posts];
    const cases: PassCase[] = [
      ...passCases(),
      ['russian', russianPosts(), 'co-retweet', { window: 10, maxCrowd: 2, minPairCoActions: 1 }],
      ['simulation', sim, 'co-hashtag', { window: 0.5, maxCrowd: 200, minPairCoActions: 1 }],
    ];
    for (const c of cases)
      it(`${c[0]} ${c[2]} window ${c[3].window} maxCrowd ${c[3].maxCrowd}`, async () => {
        await assertSamePassOf(counter!, c);
        // The shard key spreads objects over both shards: the comparison is a real multi-shard one.
        assert.equal(counter!.shardRows.length, URLS.length);
        if (URLS.length > 1)
          assert.ok(
            counter!.shardRows.every((x) => x > 0),
            counter!.shardRows.join(' + '),
          );
      });
  });

  describe('whole pipeline: edges, networks and accounts equal', { skip: missing }, () => {
    for (const [name, posts, options] of PIPELINE_RUNS)
      it(name, async () => {
        await assertSameDetection(
          posts(),
          options,
          { engine: 'clickhouse', clickhouse: { urls: URLS } },
          /^clickhouse: .* kept actions on \d+ shard/,
        );
      });
  });

  describe('errors', () => {
    it('names the missing package and the way out', async () => {
      await assert.rejects(loadClickHouse('@clickhouse/no-such-package'), (e: unknown) => {
        assert.ok(isLockstepError(e));
        assert.equal(e.code, 'ERR_DETECT_ENGINE_MISSING');
        assert.match(e.message, /npm install @clickhouse\/client/);
        assert.match(e.message, /--engine memory/);
        return true;
      });
    });

    it('says which server it cannot reach', async () => {
      // Port 9 (discard) on loopback: nothing listens there on a test machine.
      await assert.rejects(ClickHouseCounter.open({ urls: ['http://127.0.0.1:9'] }), (e: unknown) => {
        assert.ok(isLockstepError(e));
        assert.equal(e.code, 'ERR_DETECT_ENGINE_MISSING');
        assert.match(e.message, /cannot reach ClickHouse at http:\/\/127\.0\.0\.1:9/);
        return true;
      });
    });

    it('refuses versions older than 18.16 and versions it cannot read', () => {
      for (const v of ['18.16.1', '18.16.1.1', '23.8.2.7'])
        assert.doesNotThrow(() => {
          checkClickHouseVersion(v, 'http://x');
        });
      for (const v of ['18.14.19', '1.1.54394', 'nightly'])
        assert.throws(
          () => {
            checkClickHouseVersion(v, 'http://x');
          },
          (e: unknown) =>
            isLockstepError(e) &&
            e.code === 'ERR_DETECT_ENGINE_VERSION' &&
            e.message.includes(v) &&
            e.message.includes('18.16'),
          v,
        );
    });

    it('refuses fewer URLs than the cluster has shards', { skip: missing || URLS.length < 2 }, async () => {
      await assert.rejects(ClickHouseCounter.open({ urls: [URLS[0]!] }), (e: unknown) => {
        assert.ok(isLockstepError(e));
        assert.equal(e.code, 'ERR_USAGE');
        assert.match(e.message, /lists 2 shard\(s\) in cluster 'lockstep' but --clickhouse gives 1 URL/);
        return true;
      });
    });

    it('refuses what is not an http URL, and clickhouse without URLs or with coortweet', async () => {
      for (const bad of ['127.0.0.1:8123', 'ftp://x', 'http://a,', ''])
        assert.throws(
          () => parseClickHouseUrls(bad),
          (e: unknown) => isLockstepError(e) && e.code === 'ERR_USAGE' && e.message.includes('--clickhouse'),
          bad,
        );
      const posts = russianPosts().slice(0, 100);
      await assert.rejects(detect(posts, { engine: 'clickhouse' }), /needs the shards' URLs/);
      await assert.rejects(
        detect(posts, { engine: 'clickhouse', clickhouse: { urls: URLS }, semantics: 'coortweet' }),
        /coortweet parity/,
      );
    });
  });

  describe('exact doubles and buckets', () => {
    it('reads back the bits it wrote, trailing zero bytes included', () => {
      for (const x of [0, 1.5, 1_700_000_000.123, 5e-324, -2.25, 60])
        assert.equal(
          Object.is(
            float64FromHex(
              Buffer.from(new Float64Array([x]).buffer)
                .toString('hex')
                .replace(/(00)+$/, ''),
            ),
            x,
          ),
          true,
          `${x}`,
        );
      assert.match(float64Literal(60), /^reinterpretAsFloat64\(unhex\('[0-9a-f]{16}'\)\)$/);
    });

    it('puts actions within w in the same or adjacent buckets, at the boundary too', () => {
      for (const [w, t0] of [
        [60, 1_700_000_000],
        [0, 1_700_000_000.5],
        [0.001, 1_700_000_000.1],
        [1800, 123.25],
      ] as const) {
        const b = bucketWidth(w, t0 + w);
        assert.ok(b >= w);
        for (let k = 0; k < 1000; k++) {
          const t = t0 + k * 0.37 * Math.max(w, 1e-3);
          const u = t + w;
          assert.ok(Math.floor(u / b) - Math.floor(t / b) <= 1, `w ${w} t ${t}`);
        }
      }
    });
  });
});
