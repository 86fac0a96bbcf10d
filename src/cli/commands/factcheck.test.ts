/** `lockstep factcheck import` and `lockstep factcheck match` in-process, on src/factcheck/fixtures. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseCsv } from '../../report/csv.js';
import { cli } from '../test-helpers/run-cli.js';
import { FACT_CHECK_FILES, fx } from '../test-helpers/factcheck-fixtures.js';

const POSTS = [
  '--format',
  'ndjson',
  '--map',
  'id=id,account=account,time=time,text=text',
  fx('posts.ndjson'),
];

describe('lockstep factcheck', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lockstep-fc-cli-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('imports every format into a store, reports bad records, and re-imports idempotently', async () => {
    const db = join(dir, 'fc.db');
    const first = await cli(['factcheck', 'import', ...FACT_CHECK_FILES, '--db', db]);
    assert.equal(first.code, 0, first.err);
    assert.match(
      first.err,
      /11 fact checks from 8 file\(s\): 11 new, 0 updated, 0 unchanged; 12 bad record\(s\)/,
    );
    assert.match(first.err, /ERR_FACTCHECK_BAD_RECORD: .*claimreview\.jsonl record 3: line is not JSON/);
    const again = await cli(['factcheck', 'import', ...FACT_CHECK_FILES, '--db', db]);
    assert.equal(again.code, 0, again.err);
    assert.match(again.err, /0 new, 0 updated, 11 unchanged/);
  });

  it('matches posts from a store and from files alike, writing the matches.csv contract', async () => {
    const db = join(dir, 'fc.db');
    for (const source of [
      ['--db', db],
      ['--claims', ...FACT_CHECK_FILES],
    ]) {
      const out = join(dir, `out-${source[0]!.slice(2)}`);
      const r = await cli(['factcheck', 'match', ...source, '--out', out, '--top', '2', ...POSTS]);
      assert.equal(r.code, 0, r.err);
      const rows = parseCsv(await readFile(join(out, 'matches.csv'), 'utf8'));
      const header = rows[0]!;
      for (const c of ['post_id', 'account', 'claim_url', 'rank', 'score', 'publisher', 'rating'])
        assert.ok(header.includes(c), c);
      const col = (name: string): number => header.indexOf(name);
      const got = rows
        .slice(1)
        .map((row) => [row[col('post_id')], row[col('claim_url')], row[col('rank')], row[col('rating')]]);
      assert.deepEqual(got, [
        ['p1', 'https://checks.example.org/2024/hot-water-flu?utm_source=feed', '1', 'False'],
        ['p2', 'https://checks.example.org/2024/hot-water-flu?utm_source=feed', '1', 'False'],
        ['p3', 'https://verif.example.fr/2024/03/vaccin-puce', '1', 'Faux'],
        ['p5', 'https://faktencheck.example.de/windraeder-wetter', '1', 'Falsch'],
      ]);
      const p2 = rows.find((row) => row[0] === 'p2')!;
      assert.match(p2[col('why')]!, /^links https:\/\/blog\.example\.net\/hot-water-miracle/);
      for (const row of rows.slice(1)) {
        const s = Number(row[col('score')]);
        assert.ok(s >= 0.5 && s <= 1, String(s));
      }
    }
  });

  it('keeps lower-scored candidates with --min-score 0, at most --top per post, ranked 1..K', async () => {
    const out = join(dir, 'out-all');
    const r = await cli([
      'factcheck',
      'match',
      '--claims',
      ...FACT_CHECK_FILES,
      '--out',
      out,
      '--top',
      '3',
      '--min-score',
      '0',
      ...POSTS,
    ]);
    assert.equal(r.code, 0, r.err);
    const rows = parseCsv(await readFile(join(out, 'matches.csv'), 'utf8')).slice(1);
    const byPost = new Map<string, string[][]>();
    for (const row of rows) byPost.set(row[0]!, [...(byPost.get(row[0]!) ?? []), row]);
    for (const [post, list] of byPost) {
      assert.ok(list.length <= 3, post);
      assert.deepEqual(
        list.map((x) => x[3]),
        ['1', '2', '3'].slice(0, list.length),
        post,
      );
      const scores = list.map((x) => Number(x[4]));
      assert.deepEqual(
        scores,
        [...scores].sort((a, b) => b - a),
        post,
      );
    }
  });

  it('refuses bad usage with ERR_USAGE and exit 64', async () => {
    const out = join(dir, 'x');
    const both = await cli([
      'factcheck',
      'match',
      '--db',
      'a.db',
      '--claims',
      FACT_CHECK_FILES[0]!,
      '--out',
      out,
      fx('posts.ndjson'),
    ]);
    assert.equal(both.code, 64);
    assert.match(both.err, /ERR_USAGE: give exactly one of --claims/);
    const neither = await cli(['factcheck', 'match', '--out', out, fx('posts.ndjson')]);
    assert.equal(neither.code, 64);
    const top = await cli([
      'factcheck',
      'match',
      '--claims',
      FACT_CHECK_FILES[0]!,
      '--top',
      '0',
      '--out',
      out,
      fx('posts.ndjson'),
    ]);
    assert.equal(top.code, 64);
    assert.match(top.err, /--top must be an integer/);
  });

  it('fails with ERR_FACTCHECK_INPUT when no fact check could be read', async () => {
    const r = await cli([
      'factcheck',
      'match',
      '--claims',
      fx('posts.ndjson'),
      '--out',
      join(dir, 'y'),
      ...POSTS,
    ]);
    assert.equal(r.code, 65);
    assert.match(r.err, /ERR_FACTCHECK_INPUT: no fact checks to match against/);
  });
});
