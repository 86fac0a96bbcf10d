/**
 * `--engine duckdb` reading the input itself (duckdb-input.ts) counts what Lockstep's reader and the
 * in-memory engine count: per behaviour the same pairs (by account name) with the same co-actions,
 * weights, objects, first/last times and shared interest, the same n_a and D_a per account, the same
 * totals — on both shared CooRTweet sets (CSV, and one as Parquet) and a simulated twitter-io archive
 * (gzip), every behaviour DuckDB can build. Plus the errors: co-similar, an unknown layout.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Behaviour } from '../../core/behaviour.js';
import { isLockstepError } from '../../core/errors.js';
import { IngestStats, readAllPosts } from '../../ingest/index.js';
import { truthy } from '../../ingest/formats/common.js';
import { sqlLayoutOf } from '../../ingest/sql-layouts.js';
import { writeSimulation } from '../../simulate/index.js';
import { coortweetDir } from '../../test-helpers/shared-dir.js';
import { collectActions, type PostColumns } from '../engine/actions.js';
import { lockstepPass, type BehaviourPass, type LockstepOptions } from '../engine/lockstep.js';
import { DuckDbCounter, loadDuckDb } from './duckdb-engine.js';
import { countFromInput, type InputPass } from './duckdb-input.js';
import { INPUT_BEHAVIOURS, mapDistinct } from './duckdb-input-read.js';
import { stagedColumns } from './duckdb-staged-columns.js';

const missing = await loadDuckDb().then(
  () => false as const,
  () => 'SKIP @duckdb/node-api is not installed (optional dependency): DuckDB input comparisons',
);

/** `got` (DuckDB's account numbering) against `want` (the reader's), column for column. */
function assertSameCount(got: InputPass, names: string[], want: BehaviourPass, columns: PostColumns): void {
  const b = got.behaviour;
  const before = columns.accounts.size;
  const node = Int32Array.from(names, (n) => columns.accounts.id(n));
  assert.equal(columns.accounts.size, before, `${b}: DuckDB's accounts are the reader's`);
  assert.equal(got.actions, want.table.object.length, `${b}: actions`);
  const p = got.pairs;
  const order = Array.from({ length: p.size }, (_, i) => i).map((i) => {
    const x = node[p.keysA[i]!]!;
    const y = node[p.keysB[i]!]!;
    return { i, a: Math.min(x, y), b: Math.max(x, y) };
  });
  order.sort((x, y) => x.a - y.a || x.b - y.b);
  const w = want.pairs;
  assert.ok(w.size > 0, `${b}: pairs to compare`);
  assert.equal(p.size, w.size, `${b}: pair count`);
  for (let k = 0; k < w.size; k++) {
    const { i, a, b: bb } = order[k]!;
    const row = (c: typeof p, j: number, x: number, y: number) => [
      x,
      y,
      c.count[j],
      c.weight[j],
      c.objects[j],
      c.first[j],
      c.last[j],
      c.extra[j],
    ];
    assert.deepEqual(row(p, i, a, bb), row(w, k, w.keysA[k]!, w.keysB[k]!), `${b}: pair ${k}`);
  }
  const activity = new Int32Array(columns.accounts.size);
  const degree = new Float64Array(columns.accounts.size);
  got.accountId.forEach((id, k) => {
    activity[node[id]!] = got.activity[k]!;
    degree[node[id]!] = got.degree[k]!;
  });
  assert.deepEqual(activity, want.activity, `${b}: n_a`);
  assert.deepEqual(degree, want.degree, `${b}: D_a`);
  const t = got.totals;
  assert.deepEqual(
    [t.eligible, t.coActions, t.active, t.collapsed, t.crowded, got.uniformRate],
    [
      want.eligibleActions,
      want.coActions,
      want.activeAccounts,
      want.collapsedActions,
      want.crowdedActions,
      want.uniformRate,
    ],
    `${b}: eligible, co-actions, active, collapsed, crowded, uniform rate`,
  );
}

/** Every behaviour of `files` counted both ways; returns the behaviours compared. */
async function compare(
  counter: DuckDbCounter,
  files: string[],
  options: LockstepOptions,
  behaviours: readonly Behaviour[] = INPUT_BEHAVIOURS,
): Promise<Behaviour[]> {
  const got = await countFromInput(counter, files, {
    behaviours,
    window: options.window,
    maxCrowd: options.maxCrowd,
    minPairCoActions: options.minPairCoActions ?? 1,
    layoutOf: sqlLayoutOf,
  });
  const { columns, tables } = await collectActions(
    readAllPosts(files, { format: 'auto' }, new IngestStats()),
    {
      behaviours,
      repostsOnlyRetweet: true,
    },
  );
  assert.equal(got.posts, columns.count, 'posts read');
  const compared: Behaviour[] = [];
  for (const table of tables.filter((t) => t.object.length > 0)) {
    const pass = got.passes.find((x) => x.behaviour === table.behaviour);
    assert.ok(pass, `DuckDB counted ${table.behaviour}`);
    const want = lockstepPass(table, columns, options);
    if (want.pairs.size === 0) continue;
    assertSameCount(pass, got.accounts, want, columns);
    compared.push(table.behaviour);
  }
  assert.deepEqual(
    got.passes.map((x) => x.behaviour),
    tables.filter((t) => t.object.length > 0).map((t) => t.behaviour),
    'the same behaviours have actions',
  );
  return compared;
}

describe('--engine duckdb reading the input itself', { skip: missing }, () => {
  let counter: DuckDbCounter | undefined;
  let dir = '';
  before(async () => {
    counter = await DuckDbCounter.open({ threads: 2, memoryLimit: '1GB' });
    dir = mkdtempSync(join(tmpdir(), 'lockstep-duckdb-input-'));
  });
  after(async () => {
    await counter?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('russian_coord_tweets (CooRTweet long format): co-retweet', async () => {
    const file = join(coortweetDir(), 'russian_coord_tweets.csv');
    assert.deepEqual(await compare(counter!, [file], { window: 60, maxCrowd: 5, minPairCoActions: 2 }), [
      'co-retweet',
    ]);
  });

  it('german_elections (multi-object form): co-link, co-domain, co-hashtag', async () => {
    const file = join(coortweetDir(), 'german_elections.csv');
    const got = await compare(counter!, [file], { window: 60, maxCrowd: 200, minPairCoActions: 1 });
    for (const b of ['co-link', 'co-domain', 'co-hashtag'] as const) assert.ok(got.includes(b), b);
  });

  it('german_elections as Parquet (read_parquet, typed columns)', async () => {
    const file = join(dir, 'german.parquet');
    const csv = join(coortweetDir(), 'german_elections.csv');
    await counter!.conn.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${file}' (FORMAT parquet)`);
    const got = await compare(counter!, [file], { window: 1800, maxCrowd: 200, minPairCoActions: 2 }, [
      'co-link',
      'co-hashtag',
    ]);
    assert.deepEqual(got, ['co-link', 'co-hashtag']);
  });

  it('simulated twitter-io archive, gzip: every behaviour DuckDB builds', async () => {
    await writeSimulation({ posts: 20_000, seed: 5, gzipLevel: 1, format: 'twitter-io' }, dir);
    const got = await compare(counter!, [join(dir, 'posts.csv.gz')], {
      window: 1800,
      maxCrowd: 200,
      minPairCoActions: 2,
    });
    // Every behaviour DuckDB builds but co-image: the simulation has no image hashes.
    for (const b of INPUT_BEHAVIOURS.filter((x) => x !== 'co-image'))
      assert.ok(got.includes(b), `${b} compared (got ${got.join(', ')})`);
  });

  it('each behaviour alone stages only its cells and counts what the reader counts', async () => {
    await writeSimulation({ posts: 20_000, seed: 5, gzipLevel: 1, format: 'twitter-io' }, dir);
    const options = { window: 1800, maxCrowd: 200, minPairCoActions: 2 };
    for (const b of INPUT_BEHAVIOURS.filter((x) => x !== 'co-image'))
      assert.deepEqual(await compare(counter!, [join(dir, 'posts.csv.gz')], options, [b]), [b], b);
  });

  it('keys flagged reposts without a target by their text, and replies’ addressing, as the reader does', async () => {
    // Reposts that name no retweet_tweetid under every spelling `truthy` accepts (and some it does not),
    // replies whose leading @handles are addressing: the cells the narrow staging keeps or drops.
    const head =
      'tweetid,userid,tweet_text,tweet_time,in_reply_to_tweetid,is_retweet,retweet_tweetid,hashtags,urls,user_mentions';
    const flags = ['True', ' yes ', 'T', '1', 'y', 'TRUE', 'False', '0', 'no', '', 'NA', 'maybe'];
    const rows: string[] = [];
    let id = 1;
    for (let round = 0; round < 3; round++)
      for (const [k, flag] of flags.entries())
        for (const user of ['u1', 'u2', 'u3']) {
          const t = `2024-03-04 0${round}:${String(10 + k).padStart(2, '0')}:0${user.at(-1)}`;
          rows.push(
            `${id++},${user},"RT @src${k}: news item ${k} round ${round}",${t},,${flag},,[],[],[src${k}]`,
          );
          rows.push(
            `${id++},${user},"@x${k} @y${k} hello @z${k} again ${round}",${t},${900 + k},False,,[],[],"[x${k}, y${k}, z${k}]"`,
          );
        }
    const file = join(dir, 'flags.csv');
    writeFileSync(file, `${head}\n${rows.join('\n')}\n`);
    const options = { window: 120, maxCrowd: 50, minPairCoActions: 1 };
    for (const b of ['co-retweet', 'co-mention', 'co-reply'] as const)
      assert.deepEqual(await compare(counter!, [file], options, [b]), [b], b);
    assert.deepEqual(await compare(counter!, [file], options, ['co-retweet', 'co-mention', 'co-reply']), [
      'co-retweet',
      'co-mention',
      'co-reply',
    ]);
  });

  it('stages a cell once for every list that reads it, and no text where no behaviour reads one', () => {
    const layout = sqlLayoutOf([
      'tweetid',
      'userid',
      'tweet_text',
      'tweet_time',
      'is_retweet',
      'retweet_tweetid',
      'urls',
    ]);
    assert.ok(layout);
    const staged = stagedColumns(
      layout,
      ['co-link', 'co-domain'],
      (c) => `cell(${c})`,
      (c) => c,
    );
    assert.equal(staged.lists.urls, staged.lists.domains, 'links and domains read one staged column');
    assert.equal(staged.select.filter((x) => x.includes('AS l_')).length, 1);
    assert.ok(!staged.keep.includes('text') && !staged.keep.includes('reply_to'));
    const retweets = stagedColumns(
      layout,
      ['co-retweet'],
      (c) => `cell(${c})`,
      (c) => c,
    );
    assert.deepEqual(Object.keys(retweets.lists), []);
    assert.match(
      retweets.select.find((x) => x.endsWith(' AS text')) ?? '',
      /regexp_matches\(cell\(is_retweet\)/,
    );
  });

  it("the repost flag's SQL pre-filter holds wherever truthy does", async () => {
    const layout = sqlLayoutOf(['tweetid', 'userid', 'tweet_text', 'tweet_time', 'is_retweet']);
    const flag = layout?.isRepost;
    assert.ok(typeof flag === 'object' && flag.mayBeTrue !== undefined);
    const values = [
      'true',
      'True',
      ' TRUE ',
      '\ttrue\n',
      '1',
      ' 1',
      'yes',
      'YES',
      'Yes ',
      't',
      'T',
      'y',
      'Y',
    ];
    const others = ['false', 'False', '0', 'no', 'f', 'n', '', 'maybe'];
    for (const v of [...values, ...others]) {
      const sql = `SELECT coalesce(${flag.mayBeTrue('x')}, false) FROM (SELECT '${v.replaceAll("'", "''")}' AS x)`;
      const [[pass]] = (await counter!.conn.runAndReadAll(sql)).getRowsJS() as [[boolean]];
      if (truthy(v)) assert.equal(pass, true, `${JSON.stringify(v)} is truthy and must pass`);
      if (['false', 'False', '0', 'no', 'n', ''].includes(v)) assert.equal(pass, false, JSON.stringify(v));
    }
    assert.ok(
      values.every((v) => truthy(v)),
      'the accepted spellings are truthy',
    );
  });

  it('maps every distinct value, past the appender flushes (300,000 values)', async () => {
    const conn = counter!.conn;
    await conn.run(
      'CREATE OR REPLACE TABLE li_test AS SELECT CAST(i % 300000 AS VARCHAR) AS v FROM range(600000) t(i)',
    );
    await mapDistinct(counter!, 'li_test_map', ['v'], 'li_test', 'VARCHAR', (v) =>
      v.endsWith('7') ? [] : [`${v}!`],
    );
    const [[rows, good]] = (
      await conn.runAndReadAll(`SELECT count(*), count(*) FILTER (WHERE item = k0 || '!') FROM li_test_map`)
    ).getRowsJS() as [[bigint, bigint]];
    assert.deepEqual([rows, good], [270000n, 270000n]);
    await conn.run('DROP TABLE li_test; DROP TABLE li_test_map');
  });

  it('refuses co-similar and a layout it does not read, saying what to do', async () => {
    const file = join(coortweetDir(), 'russian_coord_tweets.csv');
    const opts = { window: 60, maxCrowd: 5, minPairCoActions: 1, layoutOf: sqlLayoutOf };
    await assert.rejects(
      countFromInput(counter!, [file], { ...opts, behaviours: ['co-similar'] }),
      (e) => isLockstepError(e) && e.code === 'ERR_DETECT_BEHAVIOUR_UNSUPPORTED' && /MinHash/.test(e.message),
    );
    const other = join(dir, 'other.csv');
    await counter!.conn.run(`COPY (SELECT 1 AS author, 2 AS content) TO '${other}' (HEADER)`);
    await assert.rejects(
      countFromInput(counter!, [other], { ...opts, behaviours: ['co-retweet'] }),
      (e) =>
        isLockstepError(e) && e.code === 'ERR_INGEST_FORMAT' && /twitter-io and CooRTweet/.test(e.message),
    );
    const broken = join(dir, 'broken.csv');
    writeFileSync(
      broken,
      'tweetid,userid,tweet_time\n1,a,2024-03-04 00:00:08\n2,b,2024-03-04 00:00:09,x,y\n',
    );
    await assert.rejects(
      countFromInput(counter!, [broken], { ...opts, behaviours: ['co-retweet'] }),
      (e) => isLockstepError(e) && e.code === 'ERR_INGEST_FORMAT' && e.message.includes('broken.csv'),
    );
  });
});
