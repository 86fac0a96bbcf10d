import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_BM25 } from './bm25.js';
import { DenseIndex } from './dense.js';
import { DEFAULT_FIELDS, FactCheckMatcher } from './matcher.js';
import { charGrams, cleanPostText, normalise, splitHashtag } from './text.js';
import type { FactCheck } from './types.js';

function fc(n: number, claim: string, extra: Partial<FactCheck> = {}): FactCheck {
  const url = `https://checks.example.org/${n}`;
  return { url, key: url, claim, verdict: 'false', appearances: [], ...extra };
}

const CHECKS: FactCheck[] = [
  fc(0, 'Drinking hot water every morning cures the flu', { headline: 'Hot water is no flu cure' }),
  fc(1, 'The city bridge will be closed for all of next year'),
  fc(2, 'Les vaccins contiennent une puce électronique de traçage'),
  fc(3, 'Windräder verursachen Dürre in ganz Deutschland'),
  fc(4, 'A secret base was found on the far side of the moon', {
    appearances: ['https://blog.example.net/moon-base'],
  }),
  fc(5, 'Drinking cold water at night causes heart attacks'),
  fc(6, 'हल्दी वाला दूध पीने से कोरोना ठीक हो जाता है'),
];

describe('factcheck matcher', () => {
  const m = new FactCheckMatcher(CHECKS);

  it('ranks the fact check a post repeats first, above one sharing only common words', () => {
    const r = m.match({ text: 'OMG hot water every morning CURES the flu!!! #HealthTips' }, 3, 0);
    assert.equal(r[0]?.doc, 0);
    assert.equal(r[0].rank, 1);
    assert.ok(r[0].score > 0.5, String(r[0].score));
    for (const x of r.slice(1)) assert.ok(x.score < r[0].score);
    assert.ok(r[0].reasons.sharedWords.includes('flu'));
    assert.ok(r[0].reasons.sharedGrams > 10);
  });

  it('matches the same from a shared image of its index (what worker threads get), no copy of its arrays', () => {
    const built = new FactCheckMatcher(CHECKS);
    const posts = [
      { text: 'OMG hot water every morning CURES the flu!!! #HealthTips' },
      { text: 'les vaccins ont une puce electronique pour nous tracer' },
      { text: 'हल्दी दूध पीने से कोरोना ठीक', urls: [] },
      { text: 'look at this', urls: ['https://blog.example.net/moon-base?utm_source=x'] },
      { text: 'the bridge is closed for 2 years' },
    ];
    const before = posts.map((q) => built.match(q, 3, 0));
    const image = built.share();
    const arrays = image.fields.flatMap((f) => [
      f.mass,
      f.index.fwdIds,
      f.index.docs,
      f.index.impact,
      ...(f.dict instanceof Map ? [] : [f.dict.keys, f.dict.ids]),
    ]);
    for (const a of arrays) assert.ok(a.buffer instanceof SharedArrayBuffer);
    // structuredClone is what postMessage does: shared buffers come through as the same memory.
    const copy = structuredClone(image);
    const mass = copy.fields[0]!.mass;
    const was = mass[0]!;
    mass[0] = 12345;
    assert.equal(image.fields[0]!.mass[0], 12345);
    mass[0] = was;
    const shared = new FactCheckMatcher(copy);
    posts.forEach((q, i) => {
      const want = before[i]!.map((m) => ({
        doc: m.doc,
        rank: m.rank,
        score: m.score,
        features: m.features,
        reasons: m.reasons,
      }));
      assert.ok(want.length > 0);
      assert.deepEqual(shared.matchDocs(q, 3, 0), want);
      assert.deepEqual(built.match(q, 3, 0), before[i]);
    });
    assert.throws(() => shared.match(posts[0]!, 1, 0), /matchDocs/);
  });

  it('matches in French, German (diacritics folded) and Hindi with no language setting', () => {
    assert.equal(m.match({ text: 'les vaccins ont une puce electronique pour nous tracer' }, 1)[0]?.doc, 2);
    assert.equal(m.match({ text: 'Windrader verursachen die Durre in Deutschland' }, 1)[0]?.doc, 3);
    assert.equal(m.match({ text: 'हल्दी वाला दूध पीने से कोरोना ठीक होता है क्या?' }, 1)[0]?.doc, 6);
  });

  it('matches by URL alone (an appearance, canonicalised) and says so', () => {
    const r = m.match({ text: 'look', urls: ['HTTPS://blog.example.net/moon-base?utm_source=x'] }, 1);
    assert.equal(r[0]?.doc, 4);
    assert.equal(r[0].reasons.url, 'https://blog.example.net/moon-base');
    assert.ok(r[0].score >= 0.9);
    const review = m.match({ urls: ['https://checks.example.org/1'] }, 1);
    assert.equal(review[0]?.doc, 1);
  });

  it('drops matches under the threshold: an unrelated post matches nothing at 0.5', () => {
    assert.deepEqual(m.match({ text: 'Lovely sunset over the harbour tonight' }, 5, 0.5), []);
    assert.deepEqual(m.match({ text: '' }, 5, 0), []);
  });

  it('returns at most k, ranks 1..k in score order', () => {
    const r = m.match({ text: 'drinking water cures heart attacks and flu' }, 2, 0);
    assert.deepEqual(
      r.map((x) => x.rank),
      [1, 2],
    );
    assert.ok(r[0]!.score >= r[1]!.score);
    assert.deepEqual(new Set(r.map((x) => x.doc)), new Set([0, 5]));
  });

  it('pools the dense side’s `densePool` nearest (default: `pool`), whatever the words share', () => {
    // Fact check d's vector is at 10·d degrees, the post's at 0: nearest by cosine is 0, then 1, 2…;
    // the post shares no word with any, so only the dense side brings candidates.
    const v = Float32Array.from(
      CHECKS.flatMap((_, d) => [Math.cos((d * Math.PI) / 18), Math.sin((d * Math.PI) / 18)]),
    );
    const dense = new DenseIndex(v, 2);
    const q = { text: 'zzz qqq', vector: Float32Array.from([1, 0]) };
    const docs = (m2: FactCheckMatcher): number[] =>
      m2
        .candidates(q)
        .map((c) => c.doc)
        .sort();
    assert.deepEqual(docs(new FactCheckMatcher(CHECKS, { dense, pool: 2 })), [0, 1]);
    assert.deepEqual(docs(new FactCheckMatcher(CHECKS, { dense, pool: 2, densePool: 4 })), [0, 1, 2, 3]);
  });
});

describe('factcheck matcher: pair features and word prefixes', () => {
  const NUMBERS: FactCheck[] = [
    fc(0, 'Unemployment rose to 12 percent in 2016', { headline: 'Jobless rate claim' }),
    fc(1, 'Unemployment rose to 12 percent in 2020'),
    fc(2, 'A very long claim about unemployment that goes on about many other things entirely'),
  ];
  // Three fact checks: every shared term is in a third of them, so let every term pick candidates.
  const fields = DEFAULT_FIELDS.map((f) => ({ ...f, bm25: { ...f.bm25, maxDfRatio: 1 } }));
  const m = new FactCheckMatcher(NUMBERS, { fields });
  /** The features as a plain reading of both texts computes them. */
  function oracle(post: string, f: FactCheck): Record<string, number> {
    const pw = normalise(cleanPostText(post)).split(' ').filter(Boolean);
    const fw = new Set(normalise(`${f.claim} ${f.headline ?? ''}`).split(' '));
    const isNumber = (w: string): boolean => /^\d{1,7}$/.test(w);
    const own = [...fw].filter(isNumber);
    const shared = own.filter((w) => pw.includes(w)).length;
    return {
      'pair.number': shared > 0 ? 1 : 0,
      'pair.missingNumbers': own.length ? (own.length - shared) / own.length : 0,
      'pair.lengthRatio': Math.log((pw.length + 1) / (fw.size + 1)),
    };
  }

  it('computes the shared and missing numbers and the length ratio from the forward entries', () => {
    for (const text of [
      'unemployment rose to 12 percent in 2020!',
      'Unemployment in 2016',
      'unemployment',
      '2020, 2020 and 12 again: unemployment 2016',
    ])
      for (const r of m.match({ text }, 3, 0)) {
        const want = oracle(text, r.factCheck);
        for (const [k, v] of Object.entries(want))
          assert.ok(Math.abs(r.features[k]! - v) < 1e-12, `${text} ${k}`);
      }
  });

  it('ranks the fact check with the post’s year above its twin with another year', () => {
    const r = m.match({ text: 'unemployment rose to 12 percent in 2020' }, 2, 0);
    assert.equal(r[0]?.doc, 1);
    assert.equal(r[0].features['pair.missingNumbers'], 0);
    assert.equal(r[1]?.features['pair.missingNumbers'], 0.5);
  });

  it('scores 5-character prefixes: an inflected word meets its stem', () => {
    // The bench's `--prefix` field (not a default one: bench/RESULTS.md, round 5).
    const prefix = {
      name: 'prefix5',
      source: 'all',
      unit: 'prefix',
      n: 5,
      bm25: DEFAULT_BM25,
      pool: false,
    } as const;
    const p = new FactCheckMatcher(
      [fc(0, 'Vaccination campaigns poisoned children'), fc(1, 'Bridges closed')],
      {
        fields: [...DEFAULT_FIELDS, prefix],
      },
    );
    const r = p.match({ text: 'vaccinations poisoning' }, 1, 0);
    assert.equal(r[0]?.doc, 0);
    assert.ok(r[0].features['prefix5.cover']! > 0);
    assert.equal(r[0].features['word.cover'], 0);
  });
});

describe('factcheck text', () => {
  it('normalises case, width and Latin diacritics but keeps other scripts’ marks', () => {
    assert.equal(normalise('Ｈéllo, WÖRLD!'), 'hello world');
    assert.equal(normalise('दूध'), 'दूध');
  });
  it('splits hashtags and handles, drops links', () => {
    assert.equal(splitHashtag('DefundTheCBC2020'), 'Defund The CBC 2020');
    assert.equal(
      normalise(cleanPostText('@IvankaTrump see https://t.co/x pic.twitter.com/y #FakeNews')),
      'ivanka trump see fake news',
    );
    // CheckThat! tweets glue a photo link to the word before it: the hashtag survives, the link goes.
    assert.equal(normalise(cleanPostText('golf #Trimppic.twitter.com/B7vEunRoC6 ok')), 'golf trimp ok');
  });
  it('reports the shared words and 4-grams a plain set intersection finds (term ids renumbered by df)', () => {
    const m = new FactCheckMatcher(CHECKS);
    for (const text of [
      'hot water at night and every morning',
      'the far side of the moon has a secret base',
      'Les vaccins et la puce',
    ])
      for (const r of m.match({ text }, 7, 0)) {
        const post = normalise(cleanPostText(text));
        const own = normalise(`${r.factCheck.claim} ${r.factCheck.headline ?? ''}`);
        const ownWords = new Set(own.split(' '));
        assert.deepEqual(
          [...r.reasons.sharedWords].sort(),
          [...new Set(post.split(' '))]
            .filter((w) => ownWords.has(w))
            .sort()
            .slice(0, 8),
        );
        const ownGrams = new Set(
          charGrams(normalise(`${r.factCheck.claim} ${r.factCheck.headline ?? ''}`), 4),
        );
        assert.equal(
          r.reasons.sharedGrams,
          [...new Set(charGrams(post, 4))].filter((g) => ownGrams.has(g)).length,
        );
      }
  });
  it('cuts padded code-point n-grams', () => {
    assert.deepEqual(charGrams('ab', 3), [' ab', 'ab ']);
    assert.deepEqual(charGrams('a😀', 2), [' a', 'a😀', '😀 ']);
    assert.deepEqual(charGrams('', 4), []);
  });
});
