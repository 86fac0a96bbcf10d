import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SharedTextReader, TextArena } from './text-arena.js';

describe('TextArena', () => {
  it('gives back every text as it was added: bytes, UTF-16 units (narrow or wide) and strings', () => {
    const arena = new TextArena();
    const want: string[] = [];
    let s = 7;
    const rnd = (n: number): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % n;
    const pieces = ['vote', 'café', 'ÿes', '🙂', 'Ωmega', 'x', '', 'naïve', '\u0100', '\uffff'];
    // 20,000 texts: the arrays grow several times; each kind of text through each way in.
    for (let i = 0; i < 20000; i++) {
      let t = `${i}`;
      for (let w = rnd(6); w > 0; w--) t += ` ${pieces[rnd(pieces.length)]!}`;
      const ascii = /^[\x20-\x7e]*$/.test(t);
      const way = rnd(3);
      if (way === 0 && ascii) arena.addBytes(Buffer.from(t, 'latin1'), t.length);
      else if (way === 1) {
        const units = new Uint16Array(t.length + 3);
        for (let j = 0; j < t.length; j++) units[j] = t.charCodeAt(j);
        arena.addUnits(units, t.length);
      } else arena.addString(t);
      want.push(t);
    }
    const shared = arena.shared()!;
    assert.ok(shared.bytes.buffer instanceof SharedArrayBuffer);
    assert.ok(shared.ends.buffer instanceof SharedArrayBuffer);
    assert.equal(shared.count, want.length);
    const reader = new SharedTextReader(shared);
    for (let i = 0; i < want.length; i++) assert.equal(reader.text(i), want[i], `text ${i}`);
    // Latin-1 texts take one byte per unit; only texts with a unit ≥ 256 take two.
    const wide = (t: string): boolean => /[\u0100-\u{10ffff}]/u.test(t);
    const bytes = want.reduce((n, t) => n + (wide(t) ? 2 : 1) * t.length, 0);
    assert.equal(shared.bytes.length, bytes);
  });
});
