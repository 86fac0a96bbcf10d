/**
 * `lockstep factcheck match --embeddings`: the optional semantic side with the real USE lite model the
 * optional package ships (skipped, saying why, where it is not installed), and its errors.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseCsv } from '../../report/csv.js';
import { cli } from '../test-helpers/run-cli.js';
import { FACT_CHECK_FILES, fx } from '../test-helpers/factcheck-fixtures.js';
import { SKIP_WITHOUT_MODEL } from '../../factcheck/test-helpers/model-installed.js';

// Two invented posts that say what a fact check says in other words (few shared terms).
const PARAPHRASES = [
  '--format',
  'ndjson',
  '--map',
  'id=id,account=account,time=time,text=text',
  fx('posts-paraphrase.ndjson'),
];

describe('lockstep factcheck match --embeddings', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lockstep-fc-emb-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const match = (out: string, extra: string[]): ReturnType<typeof cli> =>
    cli(['factcheck', 'match', '--claims', ...FACT_CHECK_FILES, '--out', out, ...extra, ...PARAPHRASES]);
  const run = async (name: string, extra: string[]): Promise<string[][]> => {
    const out = join(dir, name);
    const r = await match(out, ['--min-score', '0.3', '--top', '1', ...extra]);
    assert.equal(r.code, 0, r.err);
    return parseCsv(await readFile(join(out, 'matches.csv'), 'utf8'));
  };

  it(
    'matches paraphrases by meaning that the lexical matcher scores below the threshold',
    {
      skip: SKIP_WITHOUT_MODEL,
    },
    async () => {
      const lexical = await run('lexical', []);
      assert.equal(lexical.length, 1, 'no lexical match reaches 0.3 (header only)');
      const rows = await run('dense', ['--embeddings', 'use-lite']);
      const header = rows[0]!;
      const col = (c: string): number => header.indexOf(c);
      assert.deepEqual(
        rows.slice(1).map((r) => [r[col('post_id')], r[col('claim_url')]]),
        [
          ['q1', 'https://checks.example.org/2024/bridge-closed'],
          ['q2', 'https://checks.example.org/2024/moon-base'],
        ],
      );
      for (const r of rows.slice(1)) assert.match(r[col('why')]!, /meaning: cosine 0\.\d\d/);
    },
  );

  it(
    'stores the vectors at import: a re-import embeds 0, match --db reuses them with the same rows, a changed claim re-embeds',
    {
      skip: SKIP_WITHOUT_MODEL,
    },
    async () => {
      const db = join(dir, 'fc.db');
      const imp = (files: string[]): ReturnType<typeof cli> =>
        cli(['factcheck', 'import', ...files, '--db', db, '--embeddings', 'use-lite']);
      const first = await imp(FACT_CHECK_FILES);
      assert.equal(first.code, 0, first.err);
      assert.match(
        first.err,
        /embedded 11 fact checks with use-lite \(use-lite@[0-9a-f]{16}\); 0 already stored/,
      );
      const again = await imp(FACT_CHECK_FILES);
      assert.match(again.err, /embedded 0 fact checks with use-lite .*; 11 already stored/);
      const out = join(dir, 'stored');
      const r = await cli([
        'factcheck',
        'match',
        '--db',
        db,
        '--out',
        out,
        '--min-score',
        '0.3',
        '--top',
        '1',
        '--embeddings',
        'use-lite',
        ...PARAPHRASES,
      ]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /fact-check vectors: 11 stored, embedded 0 fact checks/);
      const stored = parseCsv(await readFile(join(out, 'matches.csv'), 'utf8'));
      assert.deepEqual(
        stored,
        await run('fresh', ['--embeddings', 'use-lite']),
        'same rows as embedding now',
      );
      const changed = join(dir, 'changed.json');
      await writeFile(
        changed,
        JSON.stringify({
          '@type': 'ClaimReview',
          url: 'https://checks.example.org/2024/moon-base',
          claimReviewed: 'A photo shows a city built on the far side of the moon',
          author: { name: 'Example Checkers' },
          reviewRating: { alternateName: 'False' },
        }),
      );
      const third = await imp([changed]);
      assert.match(third.err, /0 new, 1 updated/);
      assert.match(third.err, /embedded 1 fact checks with use-lite .*; 0 already stored/);
    },
  );

  it('names the missing file when the model directory is not a model (exit 66)', async () => {
    const r = await match(join(dir, 'bad'), ['--embeddings', dir]);
    assert.equal(r.code, 66, r.err);
    assert.match(r.err, /ERR_EMBEDDINGS_MODEL: .*model\.json: not found/);
  });
});
