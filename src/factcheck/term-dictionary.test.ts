import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GrowableInt32 } from '../core/growable.js';
import { seededRandom } from '../test-helpers/seeded-random.js';
import { CharGramDictionary, StringTermDictionary } from './term-dictionary.js';
import { charGrams, words } from './text.js';

const ALPHABET = ['a', 'b', 'c', 'd', 'e', 'é', ' ', 'दू', '😀', '中'];

function randomText(rand: () => number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += ALPHABET[Math.floor(rand() * ALPHABET.length)]!;
  return s.replace(/ +/g, ' ').trim();
}

describe('factcheck term dictionary', () => {
  it('gives each distinct character n-gram one id, exactly as the string grams (any script)', () => {
    const rand = seededRandom(13);
    for (const n of [1, 3, 4, 5]) {
      // A small initial capacity so the table grows (rehashes) many times.
      const dict = new CharGramDictionary(n, 4);
      const byGram = new Map<string, number>();
      const out = new GrowableInt32();
      for (let t = 0; t < 300; t++) {
        const text = randomText(rand, 1 + Math.floor(rand() * 30));
        out.length = 0;
        dict.intern(text, out);
        const grams = charGrams(text, n);
        assert.equal(out.length, grams.length, text);
        grams.forEach((g, i) => {
          const id = out.view()[i]!;
          const seen = byGram.get(g);
          if (seen === undefined) byGram.set(g, id);
          else assert.equal(id, seen, `${n}-gram "${g}"`);
        });
      }
      assert.equal(dict.size, byGram.size);
      assert.equal(new Set(byGram.values()).size, byGram.size, 'ids are distinct');
    }
  });

  it('looks up known grams without adding and counts distinct unknown ones', () => {
    const dict = new CharGramDictionary(4);
    const out = new GrowableInt32();
    dict.intern('hot water', out);
    const size = dict.size;
    out.length = 0;
    // " hot", "hot " are known; " col", "cold", "old " … are not ("cold cold" repeats them).
    const unknown = dict.lookup('hot cold cold', out);
    assert.equal(dict.size, size);
    assert.equal(out.length, 2);
    const cold = new Set(charGrams('hot cold cold', 4).filter((g) => !charGrams('hot water', 4).includes(g)));
    assert.equal(unknown, cold.size);
    out.length = 0;
    assert.equal(dict.lookup('', out), 0);
    assert.equal(out.length, 0);
  });

  it('a dictionary made from a shared image looks grams up but refuses to add any', () => {
    const built = new CharGramDictionary(4);
    const out = new GrowableInt32();
    built.intern('hot water', out);
    const image = built.share();
    const before = Array.from(image.ids);
    const shared = CharGramDictionary.fromImage(image);
    out.length = 0;
    assert.equal(shared.lookup('hot water', out), 0);
    assert.deepEqual(Array.from(out.view()), Array.from(charGrams('hot water', 4).keys()));
    assert.throws(() => {
      shared.intern('cold water', new GrowableInt32());
    }, /shared image/);
    assert.deepEqual(Array.from(image.ids), before, 'the shared table is untouched');
    assert.equal(shared.size, built.size);
  });

  it('maps word terms through one map, unknown words counted once', () => {
    const dict = new StringTermDictionary(words);
    const out = new GrowableInt32();
    dict.intern('the flu the cure', out);
    assert.deepEqual([...out.view()], [0, 1, 0, 2]);
    out.length = 0;
    assert.equal(dict.lookup('flu vaccine vaccine myth', out), 2);
    assert.deepEqual([...out.view()], [1]);
  });
});
