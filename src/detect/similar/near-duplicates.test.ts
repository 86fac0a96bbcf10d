import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLockstepError } from '../../core/errors.js';
import { splitmix32 } from './minhash.js';
import { nearDuplicateGroups, nearDuplicateGroupsDetailed } from './near-duplicates.js';
import { normaliseText } from './normalise.js';

const BASE = 'the council will vote on the new bridge budget next tuesday so call your member today';

/** Exact word-bigram Jaccard similarity, computed independently of the implementation. */
function bigramJaccard(x: string, y: string): number {
  const grams = (s: string): Set<string> => {
    const w = normaliseText(s).split(' ');
    const out = new Set<string>();
    for (let i = 0; i + 1 < w.length; i++) out.add(`${w[i]!} ${w[i + 1]!}`);
    return out;
  };
  const a = grams(x);
  const b = grams(y);
  let inter = 0;
  for (const g of a) if (b.has(g)) inter++;
  return inter / (a.size + b.size - inter);
}

function sameGroup(g: Int32Array, i: number, j: number): boolean {
  return g[i] !== -1 && g[i] === g[j];
}

describe('nearDuplicateGroups', () => {
  it('groups copy-paste with a changed word, a different URL, a different mention or an RT prefix', () => {
    const texts = [
      `${BASE} https://t.co/aaa`,
      BASE.replace('tuesday', 'wednesday'),
      `${BASE} https://bit.ly/zzz`,
      `@alice ${BASE}`,
      `RT @bob: ${BASE}!!`,
      'my cat knocked the coffee off the table again this morning and looked proud of it',
    ];
    const g = nearDuplicateGroups(texts);
    for (let i = 1; i < 5; i++) assert.ok(sameGroup(g, 0, i), `text ${i} should join text 0`);
    assert.equal(g[5], -1);
  });

  it('does not group unrelated texts, even when they share common words', () => {
    const texts = [
      'the weather in the city is nice today and the park is full of people',
      'the match in the stadium was long today and the fans were full of hope',
      'the price of the bread in the shop is high today and the queue is long',
    ];
    assert.deepEqual(Array.from(nearDuplicateGroups(texts)), [-1, -1, -1]);
  });

  it('respects the threshold on constructed pairs with known Jaccard similarity', () => {
    // Pair p: 20 distinct words, and a copy whose last c words are replaced: J = (19 − c)/(19 + c).
    const texts: string[] = [];
    const js: number[] = [];
    for (let p = 0; p < 60; p++) {
      const c = 1 + (p % 10);
      const words = Array.from({ length: 20 }, (_, i) => `p${p}w${i}`);
      const copy = words.map((w, i) => (i >= 20 - c ? `${w}x` : w));
      texts.push(words.join(' '), copy.join(' '));
      js.push(bigramJaccard(words.join(' '), copy.join(' ')));
      assert.ok(Math.abs(js[p]! - (19 - c) / (19 + c)) < 1e-12);
    }
    for (const threshold of [0.5, 0.7, 0.85]) {
      for (const [seed, scheme] of [
        [1, 'densified'],
        [2, 'densified'],
        [1, 'minhash'],
      ] as const) {
        const g = nearDuplicateGroups(texts, { threshold, seed, scheme });
        for (let p = 0; p < js.length; p++) {
          const j = js[p]!;
          const grouped = sameGroup(g, 2 * p, 2 * p + 1);
          if (j < threshold) assert.equal(grouped, false, `J=${j.toFixed(3)} < ${threshold} grouped`);
          // Recall is probabilistic at the threshold; comfortably above it every pair must be found.
          if (j >= threshold + 0.08) assert.equal(grouped, true, `J=${j.toFixed(3)} ≥ ${threshold} missed`);
        }
      }
    }
  });

  it('finds nearly every pair just above the threshold (recall)', () => {
    // J = 16/22 ≈ 0.727 against threshold 0.7: the hardest pairs that must still be found.
    const texts: string[] = [];
    const pairs = 400;
    for (let p = 0; p < pairs; p++) {
      const words = Array.from({ length: 20 }, (_, i) => `r${p}w${i}`);
      texts.push(words.join(' '), words.map((w, i) => (i >= 17 ? `${w}x` : w)).join(' '));
    }
    const g = nearDuplicateGroups(texts, { threshold: 0.7 });
    let found = 0;
    for (let p = 0; p < pairs; p++) if (sameGroup(g, 2 * p, 2 * p + 1)) found++;
    assert.ok(found / pairs >= 0.95, `recall ${found / pairs}`);
  });

  it('handles multilingual text: Cyrillic, German, Japanese', () => {
    const ru = 'выборы пройдут в воскресенье приходите все на участки и голосуйте за будущее страны';
    const de = 'Die Straßenbahn fährt ab Montag wieder über die Brücke nach Köln und zurück in die Stadt';
    const ja = '東京タワーの近くで新しい公園が開園しました皆さん来てください';
    const texts = [
      ru,
      ru.replace('будущее', 'прошлое'),
      de,
      de.replace('Montag', 'Dienstag'),
      ja,
      ja.replace('新しい', '大きい'),
      'сегодня в парке играли дети и светило солнце над рекой весь день до вечера',
    ];
    const g = nearDuplicateGroups(texts);
    assert.ok(sameGroup(g, 0, 1), 'Russian pair');
    assert.ok(sameGroup(g, 2, 3), 'German pair');
    assert.ok(sameGroup(g, 4, 5), 'Japanese pair');
    assert.equal(new Set([g[0], g[2], g[4]]).size, 3);
    assert.equal(g[6], -1);
  });

  it('gives −1 to empty and short texts, even identical ones', () => {
    const g = nearDuplicateGroups([
      '',
      '',
      'ok ok',
      'ok ok',
      'https://x.y/z',
      'thank you so much',
      'thank you so much',
    ]);
    assert.deepEqual(Array.from(g), [-1, -1, -1, -1, -1, -1, -1]);
    const g2 = nearDuplicateGroups(['thank you so much', 'thank you so much'], { minTokens: 4 });
    assert.ok(sameGroup(g2, 0, 1), 'minTokens is an option');
  });

  it('groups identical texts and numbers groups by first appearance', () => {
    const other = 'a completely different message about the harbour festival and its fireworks tonight';
    const g = nearDuplicateGroups([BASE, other, 'short one', other, BASE]);
    assert.deepEqual(Array.from(g), [0, 1, -1, 1, 0]);
  });

  it('counts one distinct text per normalised form, whichever way each copy was normalised', () => {
    const texts = [
      'Vote now for Anna at the town hall 🙂', // the one-pass scanner
      'vote NOW for anna at the town\u00a0hall', // the definition (a no-break space)
      'VOTE now, for anna at the town hall!',
      'Vote now for Anna at the town hall 🙂', // the same string again
      // Same token hashes (each Han character is a token), different normalised texts.
      'ok fine 東京 tower now please',
      'ok fine 東 京 tower now please',
    ];
    const { groups, diagnostics } = nearDuplicateGroupsDetailed(texts);
    assert.equal(diagnostics.distinct, 3);
    assert.deepEqual(Array.from(groups), [0, 0, 0, 0, 1, 1]);
  });

  it('joins chains of near duplicates (single linkage)', () => {
    const w = Array.from({ length: 20 }, (_, i) => `w${i}`);
    const b = w.map((x, i) => (i === 19 ? 'y19' : x));
    const c = b.map((x, i) => (i === 0 ? 'y0' : x));
    const [ab, bc, ac] = [
      bigramJaccard(w.join(' '), b.join(' ')),
      bigramJaccard(b.join(' '), c.join(' ')),
      bigramJaccard(w.join(' '), c.join(' ')),
    ];
    assert.ok(ab >= 0.85 && bc >= 0.85 && ac < 0.85, `${ab} ${bc} ${ac}`);
    const g = nearDuplicateGroups([w.join(' '), c.join(' '), b.join(' ')], { threshold: 0.85 });
    assert.ok(sameGroup(g, 0, 1) && sameGroup(g, 1, 2));
    // …while on their own the two ends are not near duplicates.
    assert.deepEqual(
      Array.from(nearDuplicateGroups([w.join(' '), c.join(' ')], { threshold: 0.85 })),
      [-1, -1],
    );
  });

  it('caps giant buckets yet keeps a template family connected', () => {
    const texts = Array.from({ length: 400 }, (_, i) => `${BASE} number${i}`);
    const { groups, diagnostics } = nearDuplicateGroupsDetailed(texts, { maxBucketComparisons: 4 });
    assert.ok(groups.every((x) => x === 0));
    assert.ok(diagnostics.cappedBuckets > 0);
    assert.ok(diagnostics.verified <= 400 * 4 * diagnostics.banding.bands);
    assert.equal(diagnostics.joined, 399);
  });

  it('is deterministic for a fixed seed', () => {
    const next = splitmix32(5);
    const vocab = Array.from({ length: 300 }, (_, i) => `v${i}`);
    const texts: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const len = 8 + ((next() >>> 0) % 10);
      const t = Array.from({ length: len }, () => vocab[(next() >>> 0) % vocab.length]!);
      texts.push(t.join(' '));
      if (i % 5 === 0) texts.push(t.map((x, j) => (j === 0 ? 'changed' : x)).join(' '));
    }
    const a = nearDuplicateGroupsDetailed(texts, { seed: 9 });
    const b = nearDuplicateGroupsDetailed(texts, { seed: 9 });
    assert.deepEqual(a.groups, b.groups);
    assert.equal(a.diagnostics.verified, b.diagnostics.verified);
    assert.ok(a.diagnostics.groups > 0);
  });

  it('skips normalisation when told the texts are normalised', () => {
    const x = 'Vote For Anna On Sunday Please Everyone';
    assert.ok(sameGroup(nearDuplicateGroups([x, x.toLowerCase()]), 0, 1));
    assert.deepEqual(Array.from(nearDuplicateGroups([x, x.toLowerCase()], { normalised: true })), [-1, -1]);
  });

  it('rejects out-of-range options with a coded error', () => {
    for (const bad of [
      { threshold: 0 },
      { threshold: 1.5 },
      { minTokens: 0 },
      { hashes: 2.5 },
      { seed: Number.NaN },
    ]) {
      assert.throws(
        () => nearDuplicateGroups(['a b c d e'], bad),
        (e: unknown) => isLockstepError(e) && e.code === 'ERR_DETECT_SIMILAR_OPTION',
      );
    }
  });

  it('returns an empty array for no texts', () => {
    assert.equal(nearDuplicateGroups([]).length, 0);
  });
});
