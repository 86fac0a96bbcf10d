import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseText, normaliseTextReference, retweetTextKey } from './text.js';

describe('text keys', () => {
  it('the fast normaliseText equals the reference definition on random and tricky texts', () => {
    const parts = [
      'Vote',
      'HTTPS://x.co/a',
      'http://t.co/b?x=1',
      ' ',
      '  ',
      '\t',
      '\n',
      '\u00a0',
      '…',
      '...',
      'ﬁne',
      'Ｆｕｌｌ',
      'RT @Ann:',
      'über',
      '.',
      'httpx',
      'e\u0301', // composes to é under NFKC
      '\u007f~',
    ];
    let s = 3;
    const rnd = (n: number): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % n;
    for (let i = 0; i < 5000; i++) {
      let t = '';
      const k = 1 + rnd(8);
      for (let j = 0; j < k; j++) t += parts[rnd(parts.length)]! + (rnd(3) === 0 ? '' : ' ');
      assert.equal(normaliseText(t), normaliseTextReference(t), JSON.stringify(t));
    }
  });

  it('keys retweets by author and normalised text', () => {
    assert.equal(retweetTextKey('RT @Ann: Hello  World https://t.co/x …'), 'rt:ann:hello world');
    assert.equal(retweetTextKey('RT @Ann: '), undefined);
  });
});
