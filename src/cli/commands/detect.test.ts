import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../test-helpers/run-cli.js';
import { readDetectionOutput, OUTPUT_FILES } from '../../report/index.js';
import { readTruth } from '../../simulate/index.js';
import { loadDuckDb } from '../../detect/sql/duckdb-engine.js';
import { coortweetDir } from '../../test-helpers/shared-dir.js';
import { CLICKHOUSE_URLS, noClickHouse } from '../../detect/test-helpers/clickhouse-cluster.js';

// The DuckDB engine is an optional dependency (CI installs it): without it its comparison skips.
const noDuckDb = await loadDuckDb().then(
  () => false as const,
  () => 'SKIP @duckdb/node-api is not installed (optional dependency): --engine duckdb comparison',
);

describe('lockstep simulate / detect / demo', () => {
  let dir: string;
  /** The simulation every detect case reads, made once here so that any case can run on its own. */
  let simulated: Awaited<ReturnType<typeof cli>>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lockstep-cli-'));
    // Without the hard negatives: the detect tests below check plumbing on the planted campaigns.
    simulated = await cli([
      'simulate',
      '--posts',
      '12000',
      '--seed',
      '4',
      '--days',
      '5',
      '--scenarios',
      'none',
      '--out',
      join(dir, 'sim'),
    ]);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('simulate writes posts, truth and campaigns', () => {
    const r = simulated;
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /simulated 12,000 posts from a population of/);
    for (const f of ['posts.csv.gz', 'truth.csv', 'campaigns.csv', 'scenarios.csv'])
      assert.ok(existsSync(join(dir, 'sim', f)), f);
  });

  it('simulate labels the hard-negative scenarios in truth.csv and scenarios.csv', async () => {
    const out = join(dir, 'sim-scenarios');
    const r = await cli([
      'simulate',
      '--posts',
      '8000',
      '--seed',
      '4',
      '--scenarios',
      'debate-night,household',
      '--out',
      out,
    ]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\d+ hard-negative scenarios \(\d+ accounts\)/);
    const truth = await readTruth(join(out, 'truth.csv'));
    const lines = (await readFile(join(out, 'scenarios.csv'), 'utf8')).trim().split('\n');
    assert.equal(lines[0], 'scenario,kind,members');
    const kinds = new Set(lines.slice(1).map((l) => l.split(',')[1]));
    assert.deepEqual(kinds, new Set(['debate-night', 'household']));
    for (const l of lines.slice(1)) {
      const [id, , members] = l.split(',');
      for (const m of members!.split(' ')) {
        assert.ok(truth.find((a) => a.account === m)?.scenarios.includes(id!), `${m} labelled ${id}`);
      }
    }
  });

  it('detect finds the planted accounts and writes every output', async () => {
    const out = join(dir, 'out');
    const r = await cli(['detect', join(dir, 'sim', 'posts.csv.gz'), '--seed', '2', '--out', out]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /found \d+ networks/);
    for (const f of OUTPUT_FILES) assert.ok(existsSync(join(out, f)), f);
    assert.equal(r.err, '', 'no progress output when stderr is not a TTY');
    const result = await readDetectionOutput(out);
    assert.equal(result.input.posts, 12000);
    assert.equal(result.parameters.seed, 2);
    const planted = new Set(
      (await readTruth(join(dir, 'sim', 'truth.csv'))).filter((a) => a.campaign).map((a) => a.account),
    );
    const flagged = result.accounts.filter((a) => a.network !== null).map((a) => a.account);
    const hits = flagged.filter((a) => planted.has(a)).length;
    assert.ok(hits >= planted.size / 2, `found ${hits} of ${planted.size} planted accounts`);
    assert.ok(hits >= flagged.length / 2, `${hits} of ${flagged.length} flagged accounts are planted`);
  });

  it('detect passes options through (behaviours, window, semantics)', async () => {
    const out = join(dir, 'out2');
    const r = await cli([
      'detect',
      join(dir, 'sim', 'posts.csv.gz'),
      '--behaviours',
      'co-retweet,co-link',
      '--window',
      'co-retweet=30,co-link=120',
      '--semantics',
      'coortweet',
      '--min-participation',
      '3',
      '--out',
      out,
    ]);
    assert.equal(r.code, 0, r.err);
    const run = JSON.parse(await readFile(join(out, 'run.json'), 'utf8')) as {
      parameters: {
        semantics: string;
        minParticipation: number;
        windows: Record<string, number>;
        behaviours: string[];
      };
    };
    assert.equal(run.parameters.semantics, 'coortweet');
    assert.equal(run.parameters.minParticipation, 3);
    assert.equal(run.parameters.windows['co-retweet'], 30);
    assert.ok(run.parameters.behaviours.every((b) => b === 'co-retweet' || b === 'co-link'));
  });

  /** `detect` with `engineArgs` writes what the default engine writes, byte for byte. */
  async function sameAsMemory(engine: string, engineArgs: string[]): Promise<{ err: string }> {
    const base = join(dir, 'engine-memory');
    const out = join(dir, `engine-${engine}`);
    const input = join(dir, 'sim', 'posts.csv.gz');
    if (!existsSync(join(base, 'run.json')))
      assert.equal((await cli(['detect', input, '--seed', '2', '--out', base])).code, 0);
    const r = await cli(['detect', input, '--seed', '2', '--engine', engine, ...engineArgs, '--out', out]);
    assert.equal(r.code, 0, r.err);
    // Everything but the time of writing.
    const text = async (d: string, f: string): Promise<string> =>
      (await readFile(join(d, f), 'utf8')).replace(/"generated_at": "[^"]*"/, '');
    for (const f of ['networks.json', 'edges.csv', 'accounts.csv', 'graph.gexf'])
      assert.equal(await text(out, f), await text(base, f), f);
    const run = JSON.parse(await readFile(join(out, 'run.json'), 'utf8')) as {
      parameters: { engine: string };
    };
    assert.equal(run.parameters.engine, engine);
    return r;
  }

  it(
    'detect --engine duckdb writes the same networks, edges and accounts as the default engine',
    { skip: noDuckDb },
    async () => {
      await sameAsMemory('duckdb', ['--duckdb-memory', '512MB', '--duckdb-threads', '2']);
    },
  );

  it(
    'detect --engine duckdb --duckdb-slices 3: pairs counted in three slices, the same outputs',
    { skip: noDuckDb },
    async () => {
      const r = await sameAsMemory('duckdb', [
        '--duckdb-slices',
        '3',
        '--duckdb-threads',
        '2',
        '--progress',
        'lines',
      ]);
      assert.match(r.err, /duckdb: co-retweet: pairs, slice 3 of 3/);
    },
  );

  it(
    'detect --engine duckdb --duckdb-db: a rerun resumes from the file and still writes the same',
    { skip: noDuckDb },
    async () => {
      const db = join(dir, 'run.duckdb');
      const args = ['--duckdb-db', db, '--duckdb-threads', '2', '--progress', 'lines'];
      const first = await sameAsMemory('duckdb', args);
      assert.doesNotMatch(first.err, /resumed/);
      assert.match(first.err, /candidate accounts: [\d,]+ of [\d,]+ pairs brought back/);
      const again = await sameAsMemory('duckdb', args);
      assert.match(again.err, /co-retweet: every stage already in .*run\.duckdb, same input \(resumed\)/);
      assert.match(again.err, /candidate accounts: [\d,]+ of [\d,]+ pairs brought back/);
    },
  );

  it(
    'detect --engine duckdb --semantics coortweet on russian_coord_tweets.csv writes what memory parity writes',
    { skip: noDuckDb },
    async () => {
      const input = join(coortweetDir(), 'russian_coord_tweets.csv');
      const args = ['--semantics', 'coortweet', '--window', '60', '--min-participation', '2', '--seed', '2'];
      const base = join(dir, 'parity-memory');
      const out = join(dir, 'parity-duckdb');
      assert.equal((await cli(['detect', input, ...args, '--out', base])).code, 0);
      const r = await cli([
        'detect',
        input,
        ...args,
        '--engine',
        'duckdb',
        '--progress',
        'lines',
        '--out',
        out,
      ]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /duckdb: co-retweet: loading [\d,]+ rows \(coortweet parity\)/);
      const text = async (d: string, f: string): Promise<string> =>
        (await readFile(join(d, f), 'utf8')).replace(/"generated_at": "[^"]*"/, '');
      assert.ok((await text(base, 'edges.csv')).trim().split('\n').length > 1, 'edges to compare');
      for (const f of ['networks.json', 'edges.csv', 'accounts.csv', 'graph.gexf'])
        assert.equal(await text(out, f), await text(base, f), f);
    },
  );

  it(
    'detect --engine clickhouse (two shards) writes the same networks, edges and accounts',
    { skip: noClickHouse },
    async () => {
      await sameAsMemory('clickhouse', ['--clickhouse', CLICKHOUSE_URLS.join(',')]);
    },
  );

  it('detect --progress lines writes one line per stage for a log, reading to signals', async () => {
    const input = join(dir, 'sim', 'posts.csv.gz');
    const r = await cli(['detect', input, '--progress', 'lines', '--out', join(dir, 'lines')]);
    assert.equal(r.code, 0, r.err);
    const lines = r.err.trimEnd().split('\n');
    for (const l of lines) assert.match(l, /^lockstep: \[ *\d+\.\d s, \d+\.\d\d GB\] \S/);
    for (const stage of [/reading posts/, /co-actions: co-retweet/, /clustering/, /account signals/, /done$/])
      assert.ok(
        lines.some((l) => stage.test(l)),
        `${String(stage)} in ${lines.join(' | ')}`,
      );
  });

  const bad: [string, string[], RegExp][] = [
    [
      'a DuckDB option without --engine duckdb',
      ['--duckdb-memory', '4GB'],
      /--duckdb-memory needs --engine duckdb/,
    ],
    [
      'a DuckDB memory limit that is not a size',
      ['--engine', 'duckdb', '--duckdb-memory', 'lots'],
      /not a size/,
    ],
    ['DuckDB threads of 0', ['--engine', 'duckdb', '--duckdb-threads', '0'], /--duckdb-threads/],
    ['DuckDB pair slices of 0', ['--engine', 'duckdb', '--duckdb-slices', '0'], /--duckdb-slices/],
    [
      'a DuckDB database file without --engine duckdb',
      ['--duckdb-db', 'run.duckdb'],
      /--duckdb-db needs --engine duckdb/,
    ],
    [
      '--engine clickhouse with coortweet semantics',
      ['--engine', 'clickhouse', '--clickhouse', 'http://x', '--semantics', 'coortweet'],
      /coortweet parity runs in memory or on --engine duckdb/,
    ],
    [
      'a ClickHouse URL without --engine clickhouse',
      ['--clickhouse', 'http://x'],
      /needs --engine clickhouse/,
    ],
    [
      '--engine clickhouse without --clickhouse',
      ['--engine', 'clickhouse'],
      /needs the shards' URLs \(--clickhouse URL/,
    ],
    [
      'a --clickhouse that is not a URL',
      ['--engine', 'clickhouse', '--clickhouse', 'localhost:8123'],
      /not an http\(s\) URL/,
    ],
    ['an unknown behaviour', ['--behaviours', 'co-teleport'], /unknown behaviour "co-teleport"/],
    ['a negative window', ['--window', '-5'], /--window must be a number/],
    ['a window for an unknown behaviour', ['--window', 'co-x=5'], /not behaviour=seconds/],
    ['an fdr above 1', ['--fdr', '2'], /--fdr must be a number/],
    ['a fractional min-participation', ['--min-participation', '1.5'], /whole number/],
    ['a bad mapping', ['--format', 'csv', '--map', 'nonsense'], /not key=column/],
  ];
  for (const [what, args, message] of bad) {
    it(`detect rejects ${what} with ERR_USAGE (exit 64)`, async () => {
      const r = await cli(['detect', join(dir, 'sim', 'posts.csv.gz'), ...args, '--out', join(dir, 'bad')]);
      assert.equal(r.code, 64);
      assert.match(r.err, /ERR_USAGE/);
      assert.match(r.err, message);
    });
  }

  it('detect rejects an unknown semantics or format and a missing --out as usage errors', async () => {
    assert.equal((await cli(['detect', 'x.csv', '--semantics', 'magic', '--out', dir])).code, 64);
    assert.equal((await cli(['detect', 'x.csv', '--format', 'magic', '--out', dir])).code, 64);
    assert.equal((await cli(['detect', 'x.csv', '--engine', 'spark', '--out', dir])).code, 64);
    assert.equal((await cli(['detect', 'x.csv', '--progress', 'loud', '--out', dir])).code, 64);
    assert.equal((await cli(['detect', 'x.csv'])).code, 64);
  });

  it('detect reports a missing input file through the error catalog', async () => {
    const r = await cli(['detect', join(dir, 'nope.csv'), '--out', join(dir, 'o')]);
    assert.notEqual(r.code, 0);
    assert.notEqual(r.code, 70, 'not an internal error');
    assert.match(r.err, /lockstep: ERR_[A-Z_]+: .*nope\.csv/);
  });

  it('simulate rejects bad arguments with exit 64', async () => {
    for (const args of [
      ['--posts', 'many'],
      ['--posts', '-3'],
      ['--posts', '10', '--start', 'yesterday'],
      ['--posts', '10', '--format', 'xml'],
      ['--posts', '10', '--days', '0'],
      ['--posts', '10', '--scenarios', 'debate-night,riot'],
    ]) {
      const r = await cli(['simulate', ...args, '--out', join(dir, 'x')]);
      assert.equal(r.code, 64, args.join(' '));
    }
    assert.equal((await cli(['simulate', '--posts', '10'])).code, 64, 'missing --out');
  });

  it('demo runs on the bundled sample and scores it against the truth', async () => {
    const out = join(dir, 'demo');
    const r = await cli(['demo', '--out', out]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /against the sample's ground truth/);
    assert.ok(existsSync(join(out, 'report.html')));
  });

  it('demo fails with ERR_IO when the sample is missing', async () => {
    const r = await cli(['demo', '--sample', join(dir, 'no-sample'), '--out', join(dir, 'd2')]);
    assert.equal(r.code, 74);
    assert.match(r.err, /ERR_IO: the demo sample is missing/);
  });
});
