import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CO_POST_MIN_WORDS } from './text.js';
import { Interner } from './intern.js';
import { SharedTextReader } from './text-arena.js';
import { hashUnits, TextInterner } from './text-interner.js';
import { Utf8Normaliser } from './utf8-normalise.js';

/** Interns 30,000 texts over ~9,000 distinct ones both ways into `texts` and a plain Interner. */
function numbersAsInterner(texts: TextInterner, spills: boolean): void {
  const nz = new Utf8Normaliser();
  const plain = new Interner();
  let s = 11;
  const rnd = (n: number): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % n;
  // The table grows several times and sees repeats.
  for (let i = 0; i < 30000; i++) {
    const t = `text ${rnd(9000)} ${rnd(3) === 0 ? '🙂' : 'x'}`;
    const want = plain.id(t);
    let got: number;
    if (rnd(2) === 0) got = texts.id(t);
    else {
      const b = Buffer.from(t);
      assert.ok(nz.run(b, 0, b.length, CO_POST_MIN_WORDS));
      got = texts.findNormalised(nz);
      if (got < 0) got = texts.addNormalised(nz);
    }
    assert.equal(got, want, t);
  }
  assert.equal(texts.size, plain.size);
  assert.deepEqual(texts.strings, plain.strings);
  for (let i = 0; i < plain.size; i++) assert.equal(texts.str(i), plain.str(i));
  assert.throws(() => texts.str(plain.size), RangeError);
  assert.equal(texts.get('text 1 x'), plain.get('text 1 x'));
  assert.equal(texts.get('never interned'), -1);
  const shared = texts.shared();
  if (spills) assert.equal(shared, undefined, 'a full arena is not shared');
  else {
    // The shared copy co-similar's worker reads holds the same texts in the same order.
    const reader = new SharedTextReader(shared!);
    assert.deepEqual(
      plain.strings.map((_, i) => reader.text(i)),
      plain.strings,
    );
  }
}

describe('TextInterner', () => {
  for (const [name, arenaBytes] of [
    ['in the arena', undefined],
    ['in the arena, then as strings once it is full', 40_000],
  ] as const)
    it(`numbers texts as Interner does, whether they arrive as strings or as normalised bytes (${name})`, () => {
      numbersAsInterner(new TextInterner(arenaBytes), arenaBytes !== undefined);
    });

  it('tells apart texts whose hashes collide', () => {
    // FNV-1a is not collision-free: search two short texts with equal hashes, then intern both.
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; pair === undefined; i++) {
      const t = i.toString(36);
      const h = hashUnits(t);
      const other = seen.get(h);
      if (other !== undefined) pair = [other, t];
      else seen.set(h, t);
    }
    const texts = new TextInterner();
    const [a, b] = pair;
    assert.equal(texts.id(a), 0);
    assert.equal(texts.id(b), 1);
    assert.equal(texts.id(a), 0);
    assert.equal(texts.get(b), 1);
    // The same from normalised bytes: an ASCII text is compared by its bytes; a non-ASCII one by its
    // UTF-16 units (FNV-1a's state is its hash, so the same suffix keeps two texts colliding).
    const [ea, eb] = [`${a} 🙂`, `${b} 🙂`];
    assert.equal(hashUnits(ea), hashUnits(eb));
    assert.equal(texts.id(ea), 2);
    assert.equal(texts.id(eb), 3);
    const nz = new Utf8Normaliser();
    for (const [t, id, ascii] of [
      [a, 0, true],
      [b, 1, true],
      [`${a}x`, -1, true],
      [ea, 2, false],
      [eb, 3, false],
      [`${a}x 🙂`, -1, false],
    ] as const) {
      const bytes = Buffer.from(t);
      assert.ok(nz.run(bytes, 0, bytes.length, CO_POST_MIN_WORDS));
      assert.equal(nz.ascii, ascii, t);
      assert.equal(texts.findNormalised(nz), id, t);
    }
  });
});
