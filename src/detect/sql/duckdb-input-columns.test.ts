/**
 * The post columns and action tables DuckDB builds from its own reading (duckdb-input-columns.ts) are
 * `collectActions`' (engine/actions.ts, lockstep mode) field for field and slot for slot — accounts,
 * times, flags, original texts and their ids, screen names in order, profiles, and every behaviour's
 * table (object keys and integers, posts); every post's id and example text as fetched back from
 * DuckDB's files (duckdb-shown-posts.ts) — on the twitter-io fixture, both shared CooRTweet sets and a
 * simulated archive; and the input summary is the reader's.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BEHAVIOURS, type Behaviour } from '../../core/behaviour.js';
import { isLockstepError } from '../../core/errors.js';
import { IngestStats, readAllPosts } from '../../ingest/index.js';
import { sqlLayoutOf } from '../../ingest/sql-layouts.js';
import { writeSimulation } from '../../simulate/index.js';
import { coortweetDir } from '../../test-helpers/shared-dir.js';
import { collectActions, textOf } from '../engine/actions.js';
import { preparedFromInput, type InputPrepared } from './duckdb-input-columns.js';
import { DuckDbCounter, loadDuckDb } from './duckdb-engine.js';

const missing = await loadDuckDb().then(
  () => false as const,
  () => 'SKIP @duckdb/node-api is not installed (optional dependency): DuckDB post columns',
);

/** DuckDB's columns and tables for `file` against the reader's + `collectActions`'; returns the behaviours with actions. */
async function compare(
  counter: DuckDbCounter,
  file: string,
  behaviours: readonly Behaviour[] = BEHAVIOURS,
): Promise<Behaviour[]> {
  const got = await preparedFromInput(counter, [file], { behaviours, layoutOf: sqlLayoutOf });
  try {
    return await compareWith(got, file, behaviours);
  } finally {
    await got.shown.close();
  }
}

async function compareWith(
  got: InputPrepared,
  file: string,
  behaviours: readonly Behaviour[],
): Promise<Behaviour[]> {
  const stats = new IngestStats();
  const want = await collectActions(readAllPosts([file], { format: 'auto' }, stats), {
    behaviours,
    repostsOnlyRetweet: true,
  });
  const [g, w] = [got.columns, want.columns];
  assert.equal(g.count, w.count, 'posts');
  assert.deepEqual(g.accounts.strings, w.accounts.strings, 'accounts in the same numbering');
  assert.deepEqual(g.account, w.account, 'account per post');
  assert.deepEqual(g.time, w.time, 'time per post');
  assert.deepEqual(g.flags, w.flags, 'flags per post');
  assert.deepEqual(w.content, new Int32Array(w.count).fill(-1), 'no content ids in lockstep mode');
  assert.equal(g.content.length, 0, 'no content column');
  assert.equal(g.shown, g.ids, 'ids fetched from DuckDB');
  // Every post fetched (one query), then read as the in-memory columns are.
  await g.shown.load(Array.from({ length: g.count }, (_, p) => p));
  assert.deepEqual(g.ids.toArray(), w.ids.toArray(), 'post ids');
  assert.deepEqual(g.originalTexts.strings, w.originalTexts.strings, 'distinct original texts, in order');
  assert.deepEqual(g.originalText, w.originalText, 'original text per post');
  assert.equal(g.textRef.length + g.rawTexts.length, 0, 'no text refs or raw texts in Node');
  for (let p = 0; p < w.count; p++) assert.equal(textOf(g, p), textOf(w, p), `text of post ${p}`);
  assert.deepEqual([...g.screenNames], [...w.screenNames], 'screen names, in insertion order');
  assert.deepEqual(
    Array.from({ length: w.accounts.size }, (_, a) => g.profiles[a]),
    Array.from({ length: w.accounts.size }, (_, a) => w.profiles[a]),
    'profile per account',
  );
  assert.deepEqual(
    got.tables.map((t) => t.behaviour),
    want.tables.map((t) => t.behaviour),
    'a table per behaviour, in order',
  );
  const compared: Behaviour[] = [];
  want.tables.forEach((wt, i) => {
    const gt = got.tables[i]!;
    const b = wt.behaviour;
    assert.deepEqual(gt.objects.strings, wt.objects.strings, `${b}: objects`);
    assert.deepEqual(gt.object, wt.object, `${b}: object per action`);
    assert.deepEqual(gt.post, wt.post, `${b}: post per action`);
    if (wt.object.length > 0) compared.push(b);
  });
  const summary = stats.toSummary();
  assert.deepEqual(got.summary, { ...summary, accounts: w.accounts.size }, 'input summary');
  return compared;
}

describe('DuckDB post columns from its own reading', { skip: missing }, () => {
  let counter: DuckDbCounter | undefined;
  let dir = '';
  before(async () => {
    counter = await DuckDbCounter.open({ threads: 2, memoryLimit: '1GB' });
    dir = mkdtempSync(join(tmpdir(), 'lockstep-duckdb-input-columns-'));
  });
  after(async () => {
    await counter?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the twitter-io fixture (quoted multi-line text, flags, profiles, a bad time, no user)', async () => {
    // Its last row is short: the reader skips it, DuckDB refuses the file (duckdb-input.test.ts).
    const lines = readFileSync(new URL('../../ingest/fixtures/twitter-io.csv', import.meta.url), 'utf8')
      .trimEnd()
      .split('\n');
    const file = join(dir, 'twitter-io.csv');
    writeFileSync(file, `${lines.slice(0, -1).join('\n')}\n`);
    const compared = await compare(counter!, file);
    for (const b of ['co-retweet', 'co-link', 'co-domain', 'co-hashtag', 'co-post'] as const)
      assert.ok(compared.includes(b), `${b} compared (got ${compared.join(', ')})`);
  });

  it('russian_coord_tweets (CooRTweet long format)', async () => {
    const file = join(coortweetDir(), 'russian_coord_tweets.csv');
    assert.deepEqual(await compare(counter!, file), ['co-retweet']);
  });

  it('german_elections (multi-object form)', async () => {
    const file = join(coortweetDir(), 'german_elections.csv');
    assert.deepEqual(await compare(counter!, file), ['co-link', 'co-domain', 'co-hashtag', 'co-image']);
  });

  it('a simulated twitter-io archive, gzip: every behaviour, and co-post alone', async () => {
    await writeSimulation({ posts: 20_000, seed: 5, gzipLevel: 1, format: 'twitter-io' }, dir);
    const file = join(dir, 'posts.csv.gz');
    const all = await compare(counter!, file);
    for (const b of BEHAVIOURS.filter((x) => x !== 'co-image' && x !== 'co-similar'))
      assert.ok(all.includes(b), `${b} compared (got ${all.join(', ')})`);
    assert.deepEqual(await compare(counter!, file, ['co-post']), ['co-post']);
    const left = (
      await counter!.conn.runAndReadAll("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'li_%'")
    ).getRowsJS();
    assert.deepEqual(left, [], 'no table left behind');
  });

  it('a file DuckDB cannot read is ERR_INGEST_FORMAT naming it', async () => {
    const file = join(dir, 'broken.csv.gz');
    writeFileSync(file, 'not gzip at all');
    await assert.rejects(
      preparedFromInput(counter!, [file], { behaviours: ['co-retweet'], layoutOf: sqlLayoutOf }),
      (e) => isLockstepError(e) && e.code === 'ERR_INGEST_FORMAT' && e.message.includes(file),
    );
  });
});
