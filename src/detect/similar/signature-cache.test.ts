import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitmix32 } from './minhash.js';
import { nearDuplicateGroups, type NearDuplicateOptions } from './near-duplicates.js';
import { SignatureCache } from './signature-cache.js';

/**
 * 900 texts: families of near duplicates (a base sentence with one or two words changed, a URL or a
 * mention added — the same text after co-similar's normalisation), exact repeats, unrelated texts
 * and texts too short to group, shuffled.
 */
function corpus(): string[] {
  const rnd = splitmix32(5);
  const pick = (n: number): number => (rnd() >>> 0) % n;
  const words = Array.from({ length: 300 }, (_, i) => `w${i}`);
  const sentence = (): string[] => Array.from({ length: 12 + pick(8) }, () => words[pick(words.length)]!);
  const out: string[] = [];
  for (let f = 0; f < 60; f++) {
    const base = sentence();
    for (let c = 0; c < 10; c++) {
      const copy = base.slice();
      for (let e = pick(3); e > 0; e--) copy[pick(copy.length)] = `x${pick(1000)}`;
      const variant = pick(4);
      out.push(
        variant === 0
          ? `${copy.join(' ')} https://t.co/${pick(1e6)}`
          : variant === 1
            ? `@user${pick(50)} ${copy.join(' ')}`
            : copy.join(' '),
      );
    }
  }
  for (let i = 0; i < 200; i++) out.push(sentence().join(' '));
  for (let i = 0; i < 100; i++) out.push(`short ${pick(20)}`);
  for (let i = out.length - 1; i > 0; i--) {
    const j = pick(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Sliding windows over the corpus (forwards, then one backwards), each with the texts used twice repeated. */
function check(options: NearDuplicateOptions): number {
  const texts = corpus();
  const cache = new SignatureCache(options);
  const entryOf = new Map<string, number>();
  const entry = (s: string): number => {
    let e = entryOf.get(s);
    if (e === undefined) entryOf.set(s, (e = cache.entry(s)));
    return e;
  };
  let grouped = 0;
  const windows = [
    texts.slice(0, 400),
    texts.slice(200, 650),
    texts.slice(500, 900),
    texts.slice(100, 800).reverse(),
  ];
  for (const [k, w] of windows.entries()) {
    const input = [...w, ...w.filter((_, i) => i % 17 === 0)];
    const expected = nearDuplicateGroups(input, options);
    const got = cache.groups(Int32Array.from(input, entry));
    assert.deepEqual([...got], [...expected], `window ${k}`);
    grouped += expected.filter((g) => g >= 0).length;
  }
  return grouped;
}

describe('SignatureCache', () => {
  it('groups a sliding window of texts from kept signatures exactly as nearDuplicateGroups does', () => {
    assert.ok(check({ seed: 3 }) > 800, 'the windows hold many near duplicates');
  });

  it('keeps the input order where it decides the result (two verifications per bucket member)', () => {
    // With the giant-bucket cap at 2, which pairs are verified depends on the texts' order in the
    // input: numbering distinct texts by their entries instead of their first appearance fails here.
    check({ seed: 3, maxBucketComparisons: 2, threshold: 0.5 });
  });

  it('signs a text once, and gives a short one −1', () => {
    const cache = new SignatureCache({ seed: 1 });
    const a = cache.entry('the council will vote on the new bridge budget next tuesday');
    assert.equal(cache.entry('The council will vote on the new bridge budget next Tuesday!'), a);
    assert.equal(cache.entry('too short'), -1);
    assert.equal(cache.size, 1);
  });
});
