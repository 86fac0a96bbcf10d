/**
 * Parquet input, read by DuckDB: a Parquet file written by DuckDB from a CSV gives the same Posts as
 * the CSV (both CooRTweet sets, and a simulated Twitter IO archive with DuckDB's own column types:
 * BIGINT ids, TIMESTAMP times, BOOLEAN flags), is recognised by `--format auto` from its columns, and
 * `lockstep detect --engine duckdb` on it writes the same outputs as the in-memory engine on the CSV.
 * The fixtures are written by DuckDB in the test itself.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Post } from '../core/post.js';
import { writeSimulation } from '../simulate/write.js';
import { coortweetDir } from '../test-helpers/shared-dir.js';
import { IngestStats, readAllPosts } from './index.js';
import { resolveFormat } from './read.js';

const duck = await import('@duckdb/node-api').then(
  (m) => m,
  () => undefined,
);
const missing = duck ? false : 'SKIP @duckdb/node-api is not installed (optional dependency): Parquet input';

/** `COPY (SELECT * FROM read_csv(csv …)) TO parquet`: typed columns unless `allText`. */
async function toParquet(csv: string, parquet: string, allText: boolean): Promise<void> {
  const instance = await duck!.DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(
      `COPY (SELECT * FROM read_csv('${csv}', header = true, all_varchar = ${allText})) TO '${parquet}' (FORMAT parquet, ROW_GROUP_SIZE 5000)`,
    );
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

async function posts(path: string, format: 'auto' | 'coortweet' = 'auto'): Promise<Post[]> {
  const out: Post[] = [];
  for await (const p of readAllPosts([path], { format }, new IngestStats())) out.push(p);
  return out;
}

/**
 * The same Posts but for the file they came from: compared as JSON one by one (assert.deepEqual on
 * 300k objects takes minutes), the first difference shown in full.
 */
function assertSamePosts(got: Post[], want: Post[]): void {
  const json = (p: Post): string => JSON.stringify({ ...p, source: { line: p.source.line } });
  assert.equal(got.length, want.length, 'posts');
  const i = got.findIndex((p, k) => json(p) !== json(want[k]!));
  if (i >= 0) assert.deepEqual(JSON.parse(json(got[i]!)), JSON.parse(json(want[i]!)), `post ${i}`);
}

describe('Parquet input', { skip: missing }, () => {
  let dir: string;
  let simCsv: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lockstep-parquet-'));
    const sim = await writeSimulation({ posts: 5000, seed: 3 }, join(dir, 'sim'));
    simCsv = sim.files.posts;
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const name of ['russian_coord_tweets', 'german_elections'])
    it(`${name}: the same Posts as the CSV, format recognised from the columns`, async () => {
      const csv = join(coortweetDir(), `${name}.csv`);
      const parquet = join(dir, `${name}.parquet`);
      await toParquet(csv, parquet, true);
      assert.equal(await resolveFormat(parquet, { format: 'auto' }), 'coortweet');
      const want = await posts(csv);
      assert.ok(want.length > 10_000);
      assertSamePosts(await posts(parquet), want);
    });

  it('a Twitter IO archive with typed columns (ids, times, flags) reads as its CSV', async () => {
    const parquet = join(dir, 'sim.parquet');
    await toParquet(simCsv, parquet, false);
    assert.equal(await resolveFormat(parquet, { format: 'auto' }), 'twitter-io');
    assertSamePosts(await posts(parquet), await posts(simCsv));
  });

  it('detect --engine duckdb on Parquet writes what --engine memory writes on the CSV', async () => {
    const { runDetect } = await import('../cli/commands/detect.js');
    const parquet = join(dir, 'sim-text.parquet');
    await toParquet(simCsv, parquet, true);
    const a = join(dir, 'out-csv');
    const b = join(dir, 'out-parquet');
    await runDetect([simCsv], { format: 'auto', out: a, progress: 'none' });
    const r = await runDetect([parquet], { format: 'auto', out: b, engine: 'duckdb', progress: 'none' });
    assert.equal(r.parameters.engine, 'duckdb');
    assert.ok(r.networks.length > 0, 'networks to compare');
    // When it ran and from which file are the only differences allowed.
    const same = (text: string): string =>
      text.replaceAll(parquet, simCsv).replace(/"generated_at": "[^"]*"/, '');
    for (const f of ['networks.json', 'edges.csv', 'accounts.csv']) {
      const got = same(await readFile(join(b, f), 'utf8'));
      const want = same(await readFile(join(a, f), 'utf8'));
      assert.ok(got === want, `${f} differs`);
    }
  });

  it('says what is wrong with a file that is not Parquet', async () => {
    const bad = join(dir, 'bad.parquet');
    await writeFile(bad, 'account_id,object_id\n1,2\n');
    await assert.rejects(posts(bad, 'coortweet'), /bad\.parquet: not a readable Parquet file/);
    await assert.rejects(resolveFormat(bad, { format: 'auto' }), /bad\.parquet: not a readable Parquet file/);
  });
});
