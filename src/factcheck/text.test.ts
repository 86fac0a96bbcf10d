import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanPostText, normalise, splitHashtag, words } from './text.js';

/** normalise() and cleanPostText() as written before their ASCII shortcuts: the shortcuts must agree. */
function fullNormalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();
}
function fullClean(text: string): string {
  return text
    .replace(/(?:\b(?:https?:\/\/|www\.)|pic\.twitter\.com\/)\S+/giu, ' ')
    .replace(
      /(^|[^\p{L}\p{N}_])@([\p{L}\p{N}_]+)/gu,
      (_m, pre: string, h: string) => `${pre} ${splitHashtag(h)} `,
    )
    .replace(/#([\p{L}\p{N}_]+)/gu, (_m, tag: string) => ` ${splitHashtag(tag)} `);
}

/** The word tokens as the Unicode regex finds them (what words() must return on every input). */
const regexWords = (s: string): string[] => s.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu) ?? [];

describe('words', () => {
  it('returns the regex tokens on normalised ASCII (the split fast path) and on everything else', () => {
    const inputs = [
      '',
      'a',
      'vaccine causes 5g',
      'Hello, World!',
      ' leading space',
      'two  spaces',
      'trailing ',
      'snake_case and-dash',
      'café crème',
      'x\u0301y \u0301mark first',
      'नमस्ते दुनिया',
      '疫苗 导致',
      '😀 emoji',
    ];
    for (const s of inputs) {
      assert.deepEqual([...words(s)], regexWords(s), JSON.stringify(s));
      const n = normalise(s);
      assert.deepEqual([...words(n)], regexWords(n), JSON.stringify(n));
    }
  });
});

describe('normalise and cleanPostText', () => {
  const texts = [
    '',
    'Plain ASCII post, with punctuation!!! and 2 numbers: 2020/12.',
    '  UPPER_case\ttabs\nnewlines  ',
    'see https://example.org/a?b=1 now',
    'WWW.Example.org and HTTP://X.Y',
    'photo#Trimppic.twitter.com/abc and @IvankaTrump #DefundTheCBC2020',
    'email me at a@b.c',
    'Café déjà vu — ﬁne ½ ｆｕｌｌ',
    'httpſ://example.org Kelvin',
    'नमस्ते दुनिया, 疫苗 导致 😀',
  ];
  it('agree with the full Unicode path on ASCII and non-ASCII text', () => {
    for (const t of texts) {
      assert.equal(cleanPostText(t), fullClean(t), JSON.stringify(t));
      assert.equal(normalise(t), fullNormalise(t), JSON.stringify(t));
      assert.equal(normalise(cleanPostText(t)), fullNormalise(fullClean(t)), JSON.stringify(t));
    }
  });
});
