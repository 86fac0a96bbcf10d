import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitmix32 } from './minhash.js';
import { normaliseText, normaliseTextReference } from './normalise.js';
import { isInert, TextScanner } from './text-scanner.js';
import { tokenHashes } from './tokens.js';

const scanner = new TextScanner();

/** The scanner's answer for `s`, checked against the definition: undefined when it declines. */
function scanned(s: string): string | undefined {
  const t = scanner.scan(s);
  if (t < 0) return undefined;
  const text = scanner.text();
  assert.equal(text, normaliseTextReference(s), JSON.stringify(s));
  const want = new Int32Array(text.length + 1);
  const n = tokenHashes(text, want);
  assert.deepEqual(scanner.tokens.subarray(0, t), want.subarray(0, n), JSON.stringify(s));
  return text;
}

function randomTexts(seed: number, pieces: readonly string[], count: number, maxParts: number): string[] {
  const next = splitmix32(seed);
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    const parts = 1 + ((next() >>> 0) % maxParts);
    let s = '';
    for (let p = 0; p < parts; p++) s += pieces[(next() >>> 0) % pieces.length]!;
    out.push(s);
  }
  return out;
}

// Pieces that exercise every branch: prefixes, URLs, mentions, apostrophes, word boundaries.
const ASCII_PIECES = [
  'RT',
  'rt',
  ' ',
  '  ',
  '\t',
  '\n',
  '@',
  '@bob',
  ':',
  "'",
  'http://',
  'HTTPS://',
  'www.',
  'WWW.x',
  'h',
  'http',
  'a',
  'Z',
  '9',
  '_',
  '-',
  '.',
  '!',
  '#tag',
  'x_y',
  "don't",
  '/',
  '\u0000',
];

// Hostile Unicode: emoji (with and without variation selector, skin tone, ZWJ sequences, flags),
// combining marks (composing and not), RTL letters and marks, Unicode spaces, every apostrophe the
// definition knows and look-alikes, full-width and compatibility forms, lone surrogates, unspaced
// scripts, Greek final sigma, dotted capital I, symbols with canonical decompositions.
const UNICODE_PIECES = [
  '🙂',
  '❤️',
  '❤',
  '👍🏽',
  '👨‍👩‍👧',
  '🇩🇪',
  '\u200d',
  '\u200b',
  '\u2060',
  '\ufeff',
  'e\u0301',
  '\u0301',
  'é',
  '\u0334',
  'ﬁ',
  'ℌ',
  '①',
  '🄐',
  '🅰',
  '²',
  'שלום',
  '\u200f',
  '\u202e',
  'مرحبا',
  '\u00a0',
  '\u2003',
  '\u3000',
  '\u2028',
  '’',
  'ʼ',
  '‘',
  '`',
  '´',
  'ʹ',
  '＠',
  'ＶＯＴＥ',
  '\ud83d',
  '\ude42',
  '東京',
  'ΟΔΟΣ',
  'İ',
  '≠',
  '…',
  '–',
  '€',
  '«',
  '™',
  '㎏',
];

describe('TextScanner', () => {
  it('agrees with the definition on random ASCII text, and accepts all of it', () => {
    for (const s of randomTexts(2024, ASCII_PIECES, 20000, 12)) assert.notEqual(scanned(s), undefined);
    const next = splitmix32(7);
    for (let n = 0; n < 5000; n++) {
      const len = (next() >>> 0) % 40;
      let s = '';
      for (let i = 0; i < len; i++) s += String.fromCharCode(9 + ((next() >>> 0) % 118));
      assert.notEqual(scanned(s), undefined);
    }
    assert.notEqual(scanned('RT @a: Long text, with words! '.repeat(2000)), undefined);
  });

  it('agrees with the definition on hostile Unicode mixed with ASCII, or declines', () => {
    const pieces = [...ASCII_PIECES, ...UNICODE_PIECES];
    let accepted = 0;
    for (const s of randomTexts(99, pieces, 40000, 10)) if (scanned(s) !== undefined) accepted++;
    // Both ways are exercised: some texts with Unicode are accepted, many declined.
    assert.ok(accepted > 5000 && accepted < 40000, String(accepted));
  });

  it('agrees on every BMP code point and a sample of astral ones, each between words, URLs and apostrophes', () => {
    const contexts = (ch: string): string[] => [
      `ab${ch}cd`,
      `x ${ch} y`,
      `http://a${ch}b c`,
      `don${ch}t`,
      `@a${ch}b c`,
      `RT @a${ch}: b`,
      `${ch}${ch}`,
    ];
    for (let cp = 0x80; cp <= 0x10ffff; cp += cp < 0x10000 ? 1 : 97) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      for (const s of contexts(String.fromCodePoint(cp))) scanned(s);
    }
  });

  it('accepts emoji and other inert characters, declines letters, marks, spaces and apostrophes', () => {
    assert.equal(scanned('Vote NOW 🙂 for anna 👨‍👩‍👧 today'), 'vote now for anna today');
    assert.equal(scanned('bridge talks tired market 🙂'), 'bridge talks tired market');
    assert.equal(scanned('go to http://x.y/🙂🙂 now'), 'go to now');
    assert.equal(
      scanned('Don’t stop ’em, rock ’n’ roll’s http://a.b/’x’ back'),
      'dont stop em rock n rolls back',
    );
    for (const s of ['é', '❤️', 'a\u00a0b', 'donʼt', '＠bob', 'ΟΔΟΣ', 'a\ud83d', '\ude42b', 'ｖ'])
      assert.equal(scanned(s), undefined, JSON.stringify(s));
    assert.equal(isInert(0x1f642), true);
    assert.equal(isInert(0x200d), true);
    assert.equal(isInert(0xfe0f), false); // a mark: the definition keeps it inside a word
    assert.equal(isInert(0x2019), false);
    assert.equal(isInert(0x1f110), false); // 🄐 is (A) under NFKC
  });

  it('takes normalised text as it is, and normaliseText gives the same strings as before', () => {
    const t = scanner.load('vote now 東京');
    assert.equal(t, 4);
    assert.equal(scanner.text(), 'vote now 東京');
    for (const s of randomTexts(5, [...ASCII_PIECES, ...UNICODE_PIECES], 5000, 8))
      assert.equal(normaliseText(s), normaliseTextReference(s), JSON.stringify(s));
  });

  it('compares normalised texts', () => {
    const other = new TextScanner();
    scanner.scan('Vote now, Anna!');
    other.scan('vote   NOW anna 🙂');
    assert.equal(scanner.sameAs(other), true);
    other.scan('vote now annas');
    assert.equal(scanner.sameAs(other), false);
  });
});
