import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseText, retweetAuthor, tokenHashes } from './normalise.js';

function tokens(s: string): number[] {
  const out = new Int32Array(s.length + 1);
  return Array.from(out.subarray(0, tokenHashes(s, out)));
}

describe('normaliseText', () => {
  it('lower-cases, drops URLs, mentions, RT prefixes and punctuation, collapses whitespace', () => {
    assert.equal(
      normaliseText('RT @Bot_1: Vote   NOW!!\n https://t.co/AbC?x=1 @you www.example.org/p'),
      'vote now',
    );
    assert.equal(normaliseText('RT @a: RT @b: hello, world'), 'hello world');
    assert.equal(normaliseText('  #Election2024 is HERE…  '), 'election2024 is here');
  });

  it('keeps an @ that is not a mention and drops apostrophes inside words', () => {
    assert.equal(normaliseText("Don't write to mail@example.com"), 'dont write to mail example com');
    assert.equal(normaliseText('rock ’n’ roll'), 'rock n roll');
  });

  it('is Unicode-aware: Cyrillic and German fold case, full-width forms fold by NFKC', () => {
    assert.equal(normaliseText('ПРИВЕТ, Мир! @друг'), 'привет мир');
    assert.equal(normaliseText('GRÜẞE aus Köln – Straße'), 'grüße aus köln straße');
    assert.equal(normaliseText('ＶＯＴＥ　ｎｏｗ'), 'vote now');
    assert.equal(normaliseText('東京タワー、きれい！'), '東京タワー きれい');
  });

  it('maps text with no words to the empty string', () => {
    assert.equal(normaliseText(''), '');
    assert.equal(normaliseText('!!! 🎉🎉 https://x.y/z @someone'), '');
  });

  it('is idempotent', () => {
    for (const s of ['RT @x: Hi THERE http://a.b', 'Привет мир', 'a  b\tc', 'l’été arrive']) {
      assert.equal(normaliseText(normaliseText(s)), normaliseText(s));
    }
  });
});

describe('retweetAuthor', () => {
  it('reads the author of a leading RT prefix only', () => {
    assert.equal(retweetAuthor('RT @Anna_K: vote!'), 'anna_k');
    assert.equal(retweetAuthor('  rt @Борис: привет'), 'борис');
    assert.equal(retweetAuthor('I said RT @anna: no'), undefined);
    assert.equal(retweetAuthor('RT this please'), undefined);
  });
});

describe('tokenHashes', () => {
  it('hashes space-separated words, equal words to equal hashes', () => {
    const t = tokens('vote for anna vote');
    assert.equal(t.length, 4);
    assert.equal(t[0], t[3]);
    assert.notEqual(t[0], t[1]);
    assert.equal(new Set(t).size, 3);
  });

  it('counts each character of an unspaced script as a token', () => {
    assert.equal(tokens('東京タワー').length, 5);
    assert.equal(tokens('ok 東京 ok').length, 4);
    assert.equal(tokens('привет мир').length, 2);
  });

  it('respects the output capacity and handles empty input', () => {
    const out = new Int32Array(2);
    assert.equal(tokenHashes('a b c d', out), 2);
    assert.equal(tokenHashes('', out), 0);
  });
});
