/**
 * `lockstep detect --factchecks FILE|STORE [--embeddings MODEL]` on the bundled demo data: networks
 * carry the matches; with embeddings, the vectors stored at import are reused.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readDetectionOutput } from '../../report/index.js';
import { cli } from '../test-helpers/run-cli.js';
import { SKIP_WITHOUT_MODEL } from '../../factcheck/test-helpers/model-installed.js';

const DEMO = fileURLToPath(new URL('../../../samples/demo/posts.csv.gz', import.meta.url));

// Written for this test against the simulator's demo text: one claim a demo network repeats word
// for word, one listing only a site's home page (URL matches are exact, so it need not match),
// one unrelated.
const checks = [
  {
    '@type': 'ClaimReview',
    url: 'https://checks.example.org/demo/life-never-team',
    claimReviewed: 'Life never team money good school match make definitely terrible angry',
    author: { name: 'Example Checkers' },
    reviewRating: { alternateName: 'False' },
  },
  {
    '@type': 'ClaimReview',
    url: 'https://checks.example.org/demo/breaking-insider',
    claimReviewed: 'A story spread by a breaking-news site',
    author: { name: 'Example Checkers' },
    reviewRating: { alternateName: 'Misleading' },
    itemReviewed: { appearance: [{ url: 'https://breakinginsider78.com/' }] },
  },
  {
    '@type': 'ClaimReview',
    url: 'https://checks.example.org/demo/unrelated',
    claimReviewed: 'Penguins can fly across the Atlantic in one night',
    author: { name: 'Example Checkers' },
    reviewRating: { alternateName: 'False' },
  },
];

describe('lockstep detect --factchecks', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lockstep-detect-fc-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('matches networks to fact checks and says so in the summary and report', async () => {
    const file = join(dir, 'checks.jsonl');
    await writeFile(file, checks.map((c) => JSON.stringify(c)).join('\n'));
    const out = join(dir, 'out');
    const r = await cli(['detect', DEMO, '--seed', '1', '--out', out, '--factchecks', file]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /fact checks: [1-9]\d* of \d+ networks match some of 3 fact checks/);
    const result = await readDetectionOutput(out);
    const withText = result.networks.find((n) => n.factChecks?.some((f) => f.url === checks[0]!.url));
    assert.ok(withText, 'a network repeating the claim carries it');
    assert.match(
      withText.summary,
      /already rated false or misleading by fact-checkers \(Example Checkers: "False"/,
    );
    const obj = withText.topObjects.find((o) => o.factChecks?.some((f) => f.url === checks[0]!.url));
    assert.ok(obj && (obj.behaviour === 'co-post' || obj.behaviour === 'co-similar'), obj?.behaviour);
    for (const n of result.networks)
      assert.ok(!n.factChecks?.some((f) => f.url === checks[2]!.url), `${n.id} matched the unrelated claim`);
    const html = await readFile(join(out, 'report.html'), 'utf8');
    assert.ok(html.includes(`href="${checks[0]!.url}"`));
  });

  it(
    'with --embeddings reuses the vectors stored at import and still finds the repeated claim',
    {
      skip: SKIP_WITHOUT_MODEL,
    },
    async () => {
      const file = join(dir, 'checks-emb.jsonl');
      await writeFile(file, checks.map((c) => JSON.stringify(c)).join('\n'));
      const db = join(dir, 'fc.db');
      const imp = await cli(['factcheck', 'import', file, '--db', db, '--embeddings', 'use-lite']);
      assert.equal(imp.code, 0, imp.err);
      const out = join(dir, 'out-emb');
      const r = await cli([
        'detect',
        DEMO,
        '--seed',
        '1',
        '--out',
        out,
        '--factchecks',
        db,
        '--embeddings',
        'use-lite',
      ]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /fact-check vectors: 3 stored, embedded 0 fact checks/);
      const result = await readDetectionOutput(out);
      const n = result.networks.find((x) => x.factChecks?.some((f) => f.url === checks[0]!.url));
      assert.ok(n, 'a network repeating the claim carries it');
      assert.match(n.factChecks!.find((f) => f.url === checks[0]!.url)!.why, /meaning: cosine \d\.\d\d/);
    },
  );

  it('refuses --embeddings without --factchecks (exit 64)', async () => {
    const r = await cli(['detect', DEMO, '--out', join(dir, 'x'), '--embeddings', 'use-lite']);
    assert.equal(r.code, 64);
    assert.match(r.err, /ERR_USAGE: --embeddings needs --factchecks/);
  });
});
