/**
 * `lockstep detect --engine duckdb --duckdb-read on` (DuckDB reads the input, detect/duckdb-read.ts)
 * writes every output file as `--engine memory` with Lockstep's reader does — networks.json, edges.csv,
 * accounts.csv and graph.gexf byte for byte, run.json without its time stamps, timings, memory figures
 * and engine — on both shared CooRTweet sets, a simulated twitter-io archive (gzip, every behaviour
 * including co-similar) and the same archive as Parquet; and the progress log shows DuckDB read it.
 * Plus the refusals: a file DuckDB cannot read, `on` where DuckDB does not read, the option without
 * `--engine duckdb`, and `auto`'s line when Lockstep's reader takes over.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../test-helpers/run-cli.js';
import { loadDuckDb } from '../../detect/sql/duckdb-engine.js';
import { writeSimulation } from '../../simulate/index.js';
import { coortweetDir } from '../../test-helpers/shared-dir.js';

const duck = await loadDuckDb().catch(() => undefined);
const missing = duck ? false : 'SKIP @duckdb/node-api is not installed (optional dependency): --duckdb-read';

/** run.json without what differs between two runs of the same detection (when, how long, how much memory, which engine). */
function stable(text: string): unknown {
  const drop = new Set(['generated', 'generated_at', 'startedAt', 'finishedAt', 'timings', 'peakRssBytes']);
  for (const k of ['heapLimitBytes', 'engine']) drop.add(k);
  return JSON.parse(text, (k, v: unknown) => (drop.has(k) ? undefined : v));
}

describe('detect --engine duckdb --duckdb-read', { skip: missing }, () => {
  let dir = '';
  let sim = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lockstep-duckdb-read-'));
    await writeSimulation({ posts: 30_000, seed: 7, gzipLevel: 1, format: 'twitter-io' }, join(dir, 'sim'));
    sim = join(dir, 'sim', 'posts.csv.gz');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Memory with Lockstep's reader, then DuckDB reading: every output file the same. */
  async function same(name: string, input: string, args: string[] = []): Promise<void> {
    const a = join(dir, `${name}-memory`);
    const b = join(dir, `${name}-duckdb`);
    const m = await cli(['detect', input, ...args, '--out', a]);
    assert.equal(m.code, 0, m.err);
    const d = await cli(
      ['detect', input, ...args, '--engine', 'duckdb', '--duckdb-read', 'on', '--duckdb-threads', '2'].concat(
        ['--duckdb-memory', '1GB', '--progress', 'lines', '--out', b],
      ),
    );
    assert.equal(d.code, 0, d.err);
    assert.match(d.err, /duckdb: reading .* \((twitter-io|coortweet)\)/, 'DuckDB read the input');
    assert.match(d.err, /duckdb: post columns from the input/);
    assert.doesNotMatch(d.err, /reading posts/, "Lockstep's reader did not run");
    const text = async (d: string, f: string): Promise<string> =>
      (await readFile(join(d, f), 'utf8')).replace(/"generated_at": "[^"]*"/, '');
    for (const f of ['networks.json', 'edges.csv', 'accounts.csv', 'graph.gexf'])
      assert.ok((await text(b, f)) === (await text(a, f)), `${name}: ${f} differs`);
    assert.deepEqual(
      stable(await text(b, 'run.json')),
      stable(await text(a, 'run.json')),
      `${name}: run.json`,
    );
  }

  it('russian_coord_tweets.csv (CooRTweet long format)', async () => {
    await same('russian', join(coortweetDir(), 'russian_coord_tweets.csv'), ['--window', '60']);
  });

  it('german_elections.csv (CooRTweet multi-object form)', async () => {
    await same('german', join(coortweetDir(), 'german_elections.csv'));
  });

  it('a simulated twitter-io archive (gzip, every behaviour with co-similar)', async () => {
    await same('sim', sim, ['--seed', '3']);
  });

  it('the same archive as Parquet', async () => {
    const parquet = join(dir, 'sim.parquet');
    const instance = await duck!.DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run(
      `COPY (SELECT * FROM read_csv('${sim}', header = true, all_varchar = true)) TO '${parquet}' (FORMAT parquet)`,
    );
    conn.closeSync();
    instance.closeSync();
    await same('parquet', parquet, ['--behaviours', 'co-retweet,co-hashtag,co-post,co-similar']);
  });

  it('a file DuckDB cannot read is an error naming it', async () => {
    const bad = join(dir, 'broken.csv.gz');
    await writeFile(bad, 'not gzip at all');
    const r = await cli([
      'detect',
      bad,
      '--engine',
      'duckdb',
      '--duckdb-read',
      'on',
      '--out',
      join(dir, 'x'),
    ]);
    assert.notEqual(r.code, 0);
    assert.match(r.err, /ERR_INGEST_FORMAT/);
    assert.ok(r.err.includes(bad), r.err);
  });

  it('on where DuckDB does not read, and without --engine duckdb, are usage errors', async () => {
    const russian = join(coortweetDir(), 'russian_coord_tweets.csv');
    const out = join(dir, 'y');
    const parity = await cli(
      ['detect', russian, '--engine', 'duckdb', '--duckdb-read', 'on'].concat([
        '--semantics',
        'coortweet',
        '--out',
        out,
      ]),
    );
    assert.equal(parity.code, 64, parity.err);
    assert.match(parity.err, /--duckdb-read on: DuckDB cannot read this input: coortweet semantics/);
    const noEngine = await cli(['detect', russian, '--duckdb-read', 'on', '--out', out]);
    assert.equal(noEngine.code, 64, noEngine.err);
    assert.match(noEngine.err, /--duckdb-read needs --engine duckdb/);
  });

  it("auto says why Lockstep's reader reads the input", async () => {
    const russian = join(coortweetDir(), 'russian_coord_tweets.csv');
    const r = await cli(
      [
        'detect',
        russian,
        russian,
        '--engine',
        'duckdb',
        '--duckdb-read',
        'auto',
        '--progress',
        'lines',
      ].concat(['--behaviours', 'co-retweet', '--out', join(dir, 'z')]),
    );
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /duckdb: Lockstep reads the input \(2 input files \(DuckDB reads one\)\)/);
  });
});
