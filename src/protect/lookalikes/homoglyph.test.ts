import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CodePointSet, GLYPHS_NOW, homoglyph } from './homoglyph.js';
import { GLYPHS_2022 } from './tables.js';
import type { GlyphTable } from './tables.js';

/** Python indexes strings by code point. */
const cps = (s: string): string[] => Array.from(s);

/** dnstwist 20221213 `_homoglyph.mix`, transcribed literally (every window, code-point indexing). */
function mix2022(d: string[], out: Set<string>): void {
  for (let w = 1; w < d.length; w++) {
    for (let i = 0; i + w <= d.length; i++) {
      const pre = d.slice(0, i).join('');
      const win = d.slice(i, i + w);
      const suf = d.slice(i + w).join('');
      for (const c of new Set(win)) {
        for (const g of GLYPHS_2022[c] ?? []) out.add(pre + win.map((x) => (x === c ? g : x)).join('') + suf);
      }
    }
  }
}

/** Upstream dnstwist `_homoglyph.mix`, transcribed literally. */
function mixNow(d: string[], out: Set<string>, glyphs: GlyphTable): void {
  for (let i = 0; i < d.length; i++) {
    for (const g of glyphs[d[i]!] ?? []) out.add([...d.slice(0, i), g, ...d.slice(i + 1)].join(''));
  }
  for (let i = 0; i + 1 < d.length; i++) {
    const win = d[i]! + d[i + 1]!;
    for (const c of new Set([d[i]!, d[i + 1]!, win])) {
      for (const g of glyphs[c] ?? []) {
        const replaced = c.length === 2 ? g : [d[i]!, d[i + 1]!].map((x) => (x === c ? g : x)).join('');
        out.add(d.slice(0, i).join('') + replaced + d.slice(i + 2).join(''));
      }
    }
  }
}

function reference(label: string): Set<string> {
  const all = new Set<string>();
  const r22 = new Set<string>();
  mix2022(cps(label), r22);
  for (const r of r22) {
    all.add(r);
    mix2022(cps(r), all);
  }
  const rNow = new Set<string>();
  mixNow(cps(label), rNow, GLYPHS_NOW);
  for (const r of rNow) {
    all.add(r);
    mixNow(cps(r), all, GLYPHS_NOW);
  }
  return all;
}

describe('homoglyph fuzzer', () => {
  for (const label of ['vote', 'eac', 'modem', 'arnb', 'aa', 'cloud', 'ny', 'i1l0o', 'wwm', 'mo𝒶m']) {
    it(`equals a literal transcription of both dnstwist definitions on ${label}`, () => {
      const ours: string[] = [];
      homoglyph(label, (x) => ours.push(x));
      assert.equal(new Set(ours).size, ours.length, 'each permutation once');
      assert.deepEqual(new Set(ours), reference(label));
    });
  }

  it('keeps astral characters whole', () => {
    const out: string[] = [];
    homoglyph('𝒶o', (x) => out.push(x));
    assert.ok(out.includes('𝒶0'));
    for (const x of out) assert.doesNotMatch(x, /[\uD800-\uDFFF]/u, 'no lone surrogate');
  });
});

describe('CodePointSet', () => {
  it('stores each sequence once and returns what was stored, across growth', () => {
    const s = new CodePointSet();
    const buf = new Int32Array(8);
    let added = 0;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 3000; i++) {
        const len = 1 + (i % 5);
        for (let k = 0; k < len; k++) buf[k] = (i * 31 + k * 7) % 0x10ffff;
        if (s.add(buf, len) >= 0) added++;
      }
    }
    assert.equal(added, 3000);
    assert.equal(s.size, 3000);
    const e = s.get(1234);
    assert.equal(e.length, 1 + (1234 % 5));
    assert.equal(e[0], (1234 * 31) % 0x10ffff);
    const empty = new Int32Array(0);
    const at = s.add(empty, 0);
    assert.equal(at, 3000);
    assert.equal(s.add(empty, 0), ~at);
  });

  it('gives entries back as strings (astral code points as surrogate pairs) and empties on clear', () => {
    const s = new CodePointSet();
    const put = (text: string) => {
      const cps = Int32Array.from(text, (ch) => ch.codePointAt(0)!);
      return s.add(cps, cps.length);
    };
    const words = ['vote', '𝒶o', 'ö𝒷', ''];
    for (const w of words) put(w);
    assert.deepEqual(
      words.map((_, i) => s.stringAt(i)),
      words,
    );
    s.clear();
    assert.equal(s.size, 0);
    assert.equal(put('𝒶o'), 0, 'a cleared set holds nothing');
    assert.equal(put('vote'), 1);
    assert.equal(s.stringAt(0), '𝒶o');
  });
});

describe('homoglyph fuzzer called again from inside its emit', () => {
  it('gives the inner and the outer call their own complete sets', () => {
    const alone = (label: string) => {
      const out: string[] = [];
      homoglyph(label, (x) => out.push(x));
      return out;
    };
    const outer: string[] = [];
    const inner: string[][] = [];
    homoglyph('eac', (x) => {
      outer.push(x);
      if (inner.length < 2) inner.push(alone('ny'));
    });
    assert.deepEqual(outer, alone('eac'));
    for (const i of inner) assert.deepEqual(i, alone('ny'));
  });
});
