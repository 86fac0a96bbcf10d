import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readDetectionOutput, writeDetectionOutput } from '../report/index.js';
import { makeResult } from '../report/test-helpers/result-factory.js';
import { annotateNetworks, queryVectors } from './annotate.js';
import { DenseIndex } from './dense.js';
import { FactCheckMatcher } from './matcher.js';
import { conceptEmbedder } from './test-helpers/concept-embedder.js';
import { vectorsFor } from './vectors.js';
import type { FactCheck } from './types.js';

const CHECKS: FactCheck[] = [
  {
    url: 'https://checks.example.org/2024/hot-water-flu',
    key: 'https://checks.example.org/2024/hot-water-flu',
    claim: 'Drinking a litre of hot water every morning cures the flu',
    publisher: 'Example Checkers',
    rating: { text: 'False' },
    verdict: 'false',
    appearances: ['https://blog.example.net/hot-water-miracle'],
  },
  {
    url: 'https://checks.example.org/2024/bridge',
    key: 'https://checks.example.org/2024/bridge',
    claim: 'The city bridge will be closed for all of next year',
    publisher: 'Example Checkers',
    rating: { text: 'True' },
    verdict: 'true',
    appearances: [],
  },
];

function result() {
  const r = makeResult({ networks: 3 });
  const [a, b, c] = r.networks;
  a!.topObjects = [
    {
      behaviour: 'co-post',
      object: 'd1',
      label: 'hot water every morning cures the flu, doctors hate it',
      accounts: 5,
      actions: 9,
    },
  ];
  a!.examples = [
    {
      id: 'x1',
      account: 'acct-0-0',
      time: 1_700_000_000,
      text: 'Totally unrelated sunset photo',
      behaviour: 'co-post',
    },
  ];
  b!.topObjects = [
    { behaviour: 'co-link', object: 'https://blog.example.net/hot-water-miracle', accounts: 4, actions: 4 },
  ];
  b!.examples = [
    {
      account: 'acct-1-0',
      time: 1_700_000_000,
      text: 'read this https://blog.example.net/hot-water-miracle',
      behaviour: 'co-link',
    },
  ];
  c!.topObjects = [{ behaviour: 'co-hashtag', object: 'weather', accounts: 3, actions: 3 }];
  c!.examples = [];
  return r;
}

describe('factcheck annotate', () => {
  it('attaches matches to text objects, links and examples, and says so in the summary', () => {
    const r = result();
    const before = r.networks.map((n) => n.summary);
    assert.equal(annotateNetworks(r, new FactCheckMatcher(CHECKS)), 2);
    const [a, b, c] = r.networks;
    assert.equal(a!.topObjects[0]!.factChecks?.[0]?.url, CHECKS[0]!.url);
    assert.equal(a!.examples[0]!.factChecks, undefined, 'an unrelated example carries nothing');
    assert.equal(b!.topObjects[0]!.factChecks?.[0]?.url, CHECKS[0]!.url);
    assert.match(
      b!.topObjects[0]!.factChecks[0].why,
      /^links https:\/\/blog\.example\.net\/hot-water-miracle/,
    );
    assert.equal(b!.examples[0]!.factChecks?.[0]?.url, CHECKS[0]!.url);
    assert.deepEqual(
      a!.factChecks?.map((f) => [f.publisher, f.rating, f.verdict]),
      [['Example Checkers', 'False', 'false']],
    );
    assert.equal(
      a!.summary,
      `${before[0]!} It pushes a claim already rated false or misleading by fact-checkers (Example Checkers: "False").`,
    );
    assert.equal(c!.factChecks, undefined);
    assert.equal(c!.summary, before[2]);
  });

  it('does not call a network debunked for a claim rated true', () => {
    const r = result();
    r.networks[0]!.topObjects[0]!.label = 'so the city bridge will be closed for all of next year?';
    const before = r.networks[0]!.summary;
    annotateNetworks(r, new FactCheckMatcher(CHECKS));
    assert.equal(r.networks[0]!.factChecks?.[0]?.verdict, 'true');
    assert.equal(r.networks[0]!.summary, before);
  });

  it('writes the matches to networks.json (read back equal) and report.html', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lockstep-fc-annotate-'));
    try {
      const r = result();
      annotateNetworks(r, new FactCheckMatcher(CHECKS));
      await writeDetectionOutput(r, dir);
      const back = await readDetectionOutput(dir);
      assert.deepEqual(back.networks[0]!.factChecks, r.networks[0]!.factChecks);
      assert.deepEqual(back.networks[1]!.topObjects[0]!.factChecks, r.networks[1]!.topObjects[0]!.factChecks);
      assert.equal(back.networks[2]!.factChecks, undefined);
      const html = await readFile(join(dir, 'report.html'), 'utf8');
      assert.match(html, /Fact checks matched/);
      assert.ok(html.includes(`href="${CHECKS[0]!.url}"`));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('with sentence vectors (detect --embeddings) finds a paraphrase that shares no claim words', async () => {
    // Every candidate is kept (minScore 0): with no claim word in common the lexical side ranks the
    // bridge check nowhere; the dense side brings it in first, by meaning.
    const all = { minScore: 0, top: 1 };
    const paraphrase = (r: ReturnType<typeof result>): void => {
      r.networks[2]!.examples = [
        {
          account: 'acct-2-0',
          time: 1_700_000_000,
          text: 'nobody can drive across the river crossing, they are shutting it',
          behaviour: 'co-post',
        },
      ];
    };
    const lexical = result();
    paraphrase(lexical);
    annotateNetworks(lexical, new FactCheckMatcher(CHECKS), all);
    assert.notEqual(
      lexical.networks[2]!.examples[0]!.factChecks?.[0]?.url,
      CHECKS[1]!.url,
      'lexical: not first',
    );

    const embedder = conceptEmbedder();
    const v = await vectorsFor(CHECKS, embedder);
    const matcher = new FactCheckMatcher(CHECKS, { dense: new DenseIndex(v.vectors, v.dim) });
    const dense = result();
    paraphrase(dense);
    const vectors = await queryVectors(dense, embedder);
    assert.equal(vectors.size, 5, 'each distinct object label and example text embedded once');
    annotateNetworks(dense, matcher, all, vectors);
    const refs = dense.networks[2]!.examples[0]!.factChecks;
    assert.equal(refs?.[0]?.url, CHECKS[1]!.url);
    assert.match(refs[0].why, /meaning: cosine 1\.00/);
    assert.equal(
      dense.networks[0]!.topObjects[0]!.factChecks?.[0]?.url,
      CHECKS[0]!.url,
      'lexical matches stay',
    );
  });
});
