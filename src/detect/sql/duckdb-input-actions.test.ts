/**
 * The action tables DuckDB builds from its own reading (duckdb-input-actions.ts) are the in-memory
 * stage's (engine/actions.ts `collectActions`, lockstep mode) slot for slot: the same accounts in the
 * same numbering, per behaviour the same account, object and time per action in the same order, the
 * same object keys — on the twitter-io fixture, both shared CooRTweet sets and a simulated archive.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Behaviour } from '../../core/behaviour.js';
import { isLockstepError } from '../../core/errors.js';
import { IngestStats, readAllPosts } from '../../ingest/index.js';
import { sqlLayoutOf } from '../../ingest/sql-layouts.js';
import { writeSimulation } from '../../simulate/index.js';
import { coortweetDir } from '../../test-helpers/shared-dir.js';
import { collectActions } from '../engine/actions.js';
import { actionsFromInput, type InputActions } from './duckdb-input-actions.js';
import { DuckDbCounter, loadDuckDb } from './duckdb-engine.js';
import { INPUT_BEHAVIOURS } from './duckdb-input-read.js';

const missing = await loadDuckDb().then(
  () => false as const,
  () => 'SKIP @duckdb/node-api is not installed (optional dependency): DuckDB action tables',
);

/**
 * `got` against `collectActions` over the reader's posts; returns the behaviours with actions (each
 * compared slot for slot).
 */
async function compare(
  got: InputActions,
  files: string[],
  behaviours: readonly Behaviour[],
): Promise<Behaviour[]> {
  const { columns, tables } = await collectActions(
    readAllPosts(files, { format: 'auto' }, new IngestStats()),
    { behaviours, repostsOnlyRetweet: true },
  );
  assert.equal(got.posts, columns.count, 'posts kept');
  assert.deepEqual(
    got.accounts,
    Array.from({ length: columns.accounts.size }, (_, i) => columns.accounts.str(i)),
    'accounts, in the same numbering',
  );
  const compared: Behaviour[] = [];
  for (const want of tables) {
    const b = want.behaviour;
    const table = got.tables.find((t) => t.behaviour === b);
    if (want.object.length === 0) {
      assert.ok(table === undefined || table.object.length === 0, `${b}: no actions either way`);
      continue;
    }
    assert.ok(table, `DuckDB built ${b}`);
    assert.equal(table.object.length, want.object.length, `${b}: actions`);
    assert.deepEqual(table.post, want.post, `${b}: post of each action`);
    assert.deepEqual(
      table.account,
      Int32Array.from(want.post, (p) => columns.account[p]!),
      `${b}: accounts`,
    );
    assert.deepEqual(
      table.time,
      Float64Array.from(want.post, (p) => columns.time[p]!),
      `${b}: times`,
    );
    assert.deepEqual(
      Array.from(table.object, (o) => table.objects[o]),
      Array.from(want.object, (o) => want.objects.str(o)),
      `${b}: object keys`,
    );
    // co-post's in-memory integers number every original text; the others' are the same integers.
    if (b !== 'co-post') assert.deepEqual(table.object, want.object, `${b}: object integers`);
    assert.equal(new Set(table.object).size, table.objects.length, `${b}: every object is used`);
    compared.push(b);
  }
  assert.deepEqual(
    got.tables.filter((t) => t.object.length > 0).map((t) => t.behaviour),
    compared,
    'the same behaviours have actions',
  );
  return compared;
}

describe('DuckDB action tables from its own reading', { skip: missing }, () => {
  let counter: DuckDbCounter | undefined;
  let dir = '';
  const read = (files: string[], behaviours: readonly Behaviour[] = INPUT_BEHAVIOURS) =>
    actionsFromInput(counter!, files, { behaviours, layoutOf: sqlLayoutOf, posts: true });
  before(async () => {
    counter = await DuckDbCounter.open({ threads: 2, memoryLimit: '1GB' });
    dir = mkdtempSync(join(tmpdir(), 'lockstep-duckdb-input-actions-'));
  });
  after(async () => {
    await counter?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the twitter-io fixture (quoted multi-line text, flags, bad time, no user)', async () => {
    // Its last row is short: the reader skips it, DuckDB refuses the file (duckdb-input.test.ts).
    const lines = readFileSync(new URL('../../ingest/fixtures/twitter-io.csv', import.meta.url), 'utf8')
      .trimEnd()
      .split('\n');
    const file = join(dir, 'twitter-io.csv');
    writeFileSync(file, `${lines.slice(0, -1).join('\n')}\n`);
    const got = await read([file]);
    assert.equal(got.skipped, 2, 'bad time and no user skipped');
    const compared = await compare(got, [file], INPUT_BEHAVIOURS);
    for (const b of ['co-retweet', 'co-link', 'co-domain', 'co-hashtag'] as const)
      assert.ok(compared.includes(b), `${b} compared (got ${compared.join(', ')})`);
  });

  it('russian_coord_tweets (CooRTweet long format): co-retweet', async () => {
    const file = join(coortweetDir(), 'russian_coord_tweets.csv');
    assert.deepEqual(await compare(await read([file]), [file], INPUT_BEHAVIOURS), ['co-retweet']);
  });

  it('german_elections (multi-object form): co-link, co-domain, co-hashtag, co-image', async () => {
    const file = join(coortweetDir(), 'german_elections.csv');
    assert.deepEqual(await compare(await read([file]), [file], INPUT_BEHAVIOURS), [
      'co-link',
      'co-domain',
      'co-hashtag',
      'co-image',
    ]);
  });

  it('a simulated twitter-io archive, gzip: every behaviour, together and one at a time', async () => {
    await writeSimulation({ posts: 20_000, seed: 5, gzipLevel: 1, format: 'twitter-io' }, dir);
    const file = join(dir, 'posts.csv.gz');
    const all = await compare(await read([file]), [file], INPUT_BEHAVIOURS);
    for (const b of INPUT_BEHAVIOURS.filter((x) => x !== 'co-image'))
      assert.ok(all.includes(b), `${b} compared (got ${all.join(', ')})`);
    for (const b of ['co-post', 'co-mention'] as const)
      assert.deepEqual(await compare(await read([file], [b]), [file], [b]), [b], b);
  });

  it('without `posts` no post column; leaves no table behind; refuses co-similar', async () => {
    const file = join(coortweetDir(), 'russian_coord_tweets.csv');
    const got = await actionsFromInput(counter!, [file], {
      behaviours: ['co-retweet'],
      layoutOf: sqlLayoutOf,
    });
    assert.equal(got.tables[0]!.post, undefined);
    assert.ok(got.tables[0]!.object.length > 0);
    const left = (
      await counter!.conn.runAndReadAll("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'li_%'")
    ).getRowsJS();
    assert.deepEqual(left, []);
    await assert.rejects(
      actionsFromInput(counter!, [file], { behaviours: ['co-similar'], layoutOf: sqlLayoutOf }),
      (e) => isLockstepError(e) && e.code === 'ERR_DETECT_BEHAVIOUR_UNSUPPORTED',
    );
  });
});
