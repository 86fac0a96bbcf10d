import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../simulate/simulate.js';
import { CO_POST_MIN_WORDS, hasCoPostWords, normaliseTextReference } from './text.js';
import { hashUnits } from './text-interner.js';
import { EMOJI_FIRST, EMOJI_LAST, Utf8Normaliser } from './utf8-normalise.js';

const nz = new Utf8Normaliser();

/** Runs the byte path on `t` (inside other bytes); when it takes the text, it must equal the definition. */
function check(t: string): boolean {
  const b = Buffer.from(`x ${t} .`);
  const start = 2;
  const end = b.length - 2;
  if (!nz.run(b, start, end, CO_POST_MIN_WORDS)) return false;
  const ref = normaliseTextReference(t);
  assert.equal(nz.text(), ref, JSON.stringify(t));
  // An ASCII result's units are its bytes (`units` is filled only for the others).
  const units = nz.ascii ? nz.bytes.subarray(0, nz.byteLength) : nz.units.subarray(0, nz.unitLength);
  assert.equal(units.length, nz.unitLength, JSON.stringify(t));
  assert.equal(String.fromCharCode(...units), ref, JSON.stringify(t));
  assert.equal(nz.hash, hashUnits(ref), JSON.stringify(t));
  assert.equal(nz.enoughWords, hasCoPostWords(ref), JSON.stringify(t));
  return true;
}

// eslint-disable-next-line no-control-regex -- the ASCII range starts at U+0000 by definition
const isAscii = (t: string): boolean => /^[\u0000-\u007f]*$/.test(t);

describe('utf8-normalise', () => {
  it('equals the definition on hostile texts, and takes every ASCII one', () => {
    const parts = [
      'Vote',
      'HTTPS://x.co/a',
      'http://t.co/b?x=1',
      'hTtP://',
      'http:/x',
      'https:x',
      'httpsx://y',
      '_http://x',
      'x',
      '9',
      'https://',
      'http://\u00a0x',
      'http://x🙂',
      '🙂http://y',
      ' ',
      '  ',
      '\t',
      '\n',
      '\v',
      '\f',
      '\r',
      '\u001c',
      '\u0000',
      '\u007f~',
      '\u00a0',
      '\u2028',
      '\u3000',
      '\ufeff',
      '…',
      '...',
      '....',
      '.',
      'ﬁne',
      'Ｆｕｌｌ',
      'ſ',
      '\u212a',
      'RT @Ann:',
      'über',
      'e\u0301',
      '🙂',
      '👍🏽',
      '🇩🇪',
      '❤️',
      '\u{1F130}',
      '\u{1F300}',
      '\u{1FAFF}',
      '\u{1FB00}',
      '\ud83d',
      'İ',
      'Σ',
    ];
    let s = 7;
    const rnd = (n: number): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % n;
    let taken = 0;
    for (let i = 0; i < 40000; i++) {
      let t = '';
      const k = 1 + rnd(8);
      for (let j = 0; j < k; j++) t += parts[rnd(parts.length)]! + (rnd(3) === 0 ? '' : ' ');
      const ok = check(t);
      if (ok) taken++;
      if (isAscii(t)) assert.ok(ok, `an ASCII text left the byte path: ${JSON.stringify(t)}`);
    }
    assert.ok(taken > 5000, `the byte path took only ${taken} texts`);
  });

  it('equals the definition on the simulator texts', () => {
    let taken = 0;
    let n = 0;
    for (const p of simulate({ posts: 6000, seed: 3 }).posts) {
      if (p.text === undefined) continue;
      n++;
      if (check(p.text)) taken++;
    }
    assert.ok(taken > 0.8 * n, `${taken} of ${n}`);
  });

  it('accepts only emoji that NFKC and lower case leave alone, beside any ASCII character', () => {
    const ascii = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));
    for (let cp = EMOJI_FIRST; cp <= EMOJI_LAST; cp++) {
      const e = String.fromCodePoint(cp);
      assert.ok(!/\s/u.test(e) && !/\w/iu.test(e), cp.toString(16));
      assert.equal(e.toLowerCase(), e, cp.toString(16));
      // One string with the emoji after and before every ASCII character: NFKC composes or reorders
      // only across neighbours, so it must leave the whole string as it is.
      const t = ascii.map((a) => a + e + a).join('');
      assert.equal(t.normalize('NFKC'), t, cp.toString(16));
    }
    assert.ok(!nz.run(Buffer.from('\u{1F2FF}'), 0, 4, CO_POST_MIN_WORDS));
    assert.ok(!nz.run(Buffer.from('\u{1FB00}'), 0, 4, CO_POST_MIN_WORDS));
    assert.ok(nz.run(Buffer.from('\u{1F300}'), 0, 4, CO_POST_MIN_WORDS));
  });

  it('drops a trailing "..." from the hash and the word count, beside emoji too', () => {
    for (const [t, words] of [
      ['one two three ...', false],
      ['one two three four ...', true],
      ['one two three 🙂 ...', true],
      ['one two 🙂...', false],
      ['🙂 🙂 🙂 🙂....', true],
      ['a b c d 🙂 http://x.co/y ...', true],
      ['...', false],
      [' ... ', false],
      ['', false],
    ] as const) {
      assert.ok(check(t), t);
      assert.equal(nz.enoughWords, words, t);
    }
  });

  it('leaves the path on broken UTF-8 and on a cut four-byte character', () => {
    assert.ok(!nz.run(Uint8Array.of(0xf0, 0x9f, 0x99), 0, 3, CO_POST_MIN_WORDS));
    assert.ok(!nz.run(Uint8Array.of(0xf0, 0x9f, 0x99, 0x41), 0, 4, CO_POST_MIN_WORDS));
    assert.ok(!nz.run(Uint8Array.of(0x80), 0, 1, CO_POST_MIN_WORDS));
  });
});
