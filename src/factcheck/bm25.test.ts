import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GrowableInt32 } from '../core/growable.js';
import { seededRandom } from '../test-helpers/seeded-random.js';
import { Bm25Field, DEFAULT_BM25, idfOf } from './bm25.js';
import type { Bm25Options } from './bm25.js';
import { CharGramDictionary } from './term-dictionary.js';
import { charGrams } from './text.js';

/**
 * The textbook formula over string grams, every document scored (float64): the oracle the indexed,
 * two-phase field must agree with.
 */
function reference(docs: string[][], query: string[], terms: (t: string) => boolean): number[] {
  const { k1, b } = DEFAULT_BM25;
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const avg = docs.reduce((s, d) => s + d.length, 0) / docs.length;
  const qtf = new Map<string, number>();
  for (const t of query) qtf.set(t, (qtf.get(t) ?? 0) + 1);
  return docs.map((d) => {
    const tf = new Map<string, number>();
    for (const t of d) tf.set(t, (tf.get(t) ?? 0) + 1);
    let s = 0;
    for (const [t, c] of qtf) {
      const f = tf.get(t);
      if (!f || !terms(t)) continue;
      const w = idfOf(docs.length, df.get(t)!) * (1 + Math.log(c));
      s += (w * (k1 + 1) * f) / (f + k1 * (1 - b + (b * d.length) / avg));
    }
    return s;
  });
}

/** A character 4-gram field over `texts`, with its dictionary. */
function indexed(
  texts: readonly string[],
  options: Bm25Options,
): { dict: CharGramDictionary; field: Bm25Field } {
  const dict = new CharGramDictionary(4);
  const field = new Bm25Field(options);
  const buf = new GrowableInt32();
  for (const t of texts) {
    buf.length = 0;
    dict.intern(t, buf);
    field.add(buf.view());
  }
  field.finish(dict.size);
  return { dict, field };
}

const SYLLABLES = ['va', 'cci', 'ne', 'flu', 'hot', 'wa', 'ter', 'moon', 'base', 'cu', 're', 'mi', 'cro'];

describe('factcheck BM25 field', () => {
  const rand = seededRandom(5);
  const word = (): string =>
    Array.from(
      { length: 1 + Math.floor(rand() * 3) },
      () => SYLLABLES[Math.floor(rand() * SYLLABLES.length)],
    ).join('');
  const text = (n: number): string => Array.from({ length: n }, word).join(' ');
  const texts = Array.from({ length: 400 }, () => text(4 + Math.floor(rand() * 12)));
  // 5 % so that a small corpus has rare terms to select by (1 % of 400 is 4 documents).
  const options = { ...DEFAULT_BM25, maxDfRatio: 0.05 };
  const { dict, field } = indexed(texts, options);
  const buf = new GrowableInt32();
  const grams = texts.map((t) => charGrams(t, 4));
  const dfOf = new Map<string, number>();
  for (const g of grams) for (const x of new Set(g)) dfOf.set(x, (dfOf.get(x) ?? 0) + 1);
  const maxDf = Math.floor(options.maxDfRatio * texts.length);

  it('selects the exact top k by the rare terms and rescoring completes the exact BM25 score', () => {
    const acc = new Float32Array(texts.length);
    const touched = new Int32Array(texts.length);
    let ranked = 0;
    for (let qi = 0; qi < 60; qi++) {
      const query = `${text(2)} ${texts[Math.floor(rand() * texts.length)]!.split(' ').slice(0, 4).join(' ')}`;
      const qGrams = charGrams(query, 4);
      buf.length = 0;
      const unknown = dict.lookup(query, buf);
      const q = field.lookup(buf.view(), unknown);
      const k = 10;
      const r = field.select(q.known, k, acc, touched);
      const rare = reference(grams, qGrams, (t) => (dfOf.get(t) ?? 0) <= maxDf);
      const full = reference(grams, qGrams, () => true);
      const order = rare
        .map((s, d) => ({ s, d }))
        .filter((x) => x.s > 0)
        .sort((a, b) => b.s - a.s || a.d - b.d);
      assert.equal(r.top.length, Math.min(k, order.length));
      ranked += r.top.length;
      r.top.forEach((d, i) => {
        // Same document, or a tie within float32 rounding of the reference's document.
        const want = order[i]!;
        assert.ok(d === want.d || Math.abs(rare[d]! - want.s) <= 1e-5 * want.s, `query ${qi} rank ${i}`);
        assert.ok(Math.abs(acc[d]! - rare[d]!) <= 1e-5 * rare[d]!, `partial score of ${d}`);
      });
      const pool = Int32Array.from(r.top);
      field.rescore(q.known, r.rest, pool, pool.length, acc);
      for (const d of pool) assert.ok(Math.abs(acc[d]! - full[d]!) <= 1e-5 * full[d]!, `full score of ${d}`);
      for (let i = 0; i < r.touched; i++) acc[touched[i]!] = 0;
      for (const d of pool) acc[d] = 0;
      assert.ok(acc.every((x) => x === 0));
    }
    assert.ok(ranked > 300, `only ${ranked} ranked documents: the queries test too little`);
  });

  it('with a postings budget, phase 1 takes the rarest terms that fit and rescoring still completes BM25', () => {
    const budget = 40;
    const capped = new Bm25Field({ ...options, maxPostings: budget });
    for (const t of texts) {
      buf.length = 0;
      dict.intern(t, buf);
      capped.add(buf.view());
    }
    capped.finish(dict.size);
    const acc = new Float32Array(texts.length);
    const touched = new Int32Array(texts.length);
    let bound = 0;
    for (let qi = 0; qi < 60; qi++) {
      const query = texts[Math.floor(rand() * texts.length)]!.split(' ').slice(0, 5).join(' ');
      const qGrams = charGrams(query, 4);
      // The expected phase-1 terms: distinct known rare grams, rarest first (ties: first occurrence),
      // while the running sum of their document frequencies stays within the budget.
      const rareFirst = [...new Set(qGrams)]
        .filter((g) => (dfOf.get(g) ?? 0) > 0 && dfOf.get(g)! <= maxDf)
        .map((g, i) => ({ g, i, df: dfOf.get(g)! }))
        .sort((a, b) => a.df - b.df || a.i - b.i);
      const chosen = new Set<string>();
      let spent = 0;
      for (const { g, df } of rareFirst) {
        if (spent > 0 && spent + df > budget) break;
        spent += df;
        chosen.add(g);
      }
      if (chosen.size < rareFirst.length) bound++;
      buf.length = 0;
      const unknown = dict.lookup(query, buf);
      const q = capped.lookup(buf.view(), unknown);
      const r = capped.select(q.known, 10, acc, touched);
      const partial = reference(grams, qGrams, (t) => chosen.has(t));
      const full = reference(grams, qGrams, () => true);
      for (let d = 0; d < texts.length; d++)
        assert.ok(
          Math.abs(acc[d]! - partial[d]!) <= 1e-5 * partial[d]!,
          `query ${qi}: partial score of ${d}`,
        );
      assert.equal(r.touched, partial.filter((x) => x > 0).length);
      const pool = Int32Array.from(r.top);
      capped.rescore(q.known, r.rest, pool, pool.length, acc);
      for (const d of pool) assert.ok(Math.abs(acc[d]! - full[d]!) <= 1e-5 * full[d]!, `full score of ${d}`);
      for (let i = 0; i < r.touched; i++) acc[touched[i]!] = 0;
      for (const d of pool) acc[d] = 0;
    }
    assert.ok(bound > 20, `the budget bound on only ${bound} of 60 queries: the test tests too little`);
  });

  it('numbers its terms by df, most frequent first, one field id per dictionary id', () => {
    const ids = Array.from({ length: dict.size }, (_, t) => field.termId(t));
    assert.deepEqual(
      [...ids].sort((a, b) => a - b),
      ids.map((_, i) => i),
    );
    for (let id = 1; id < dict.size; id++) assert.ok(field.df(id - 1) >= field.df(id));
    // The forward entries list each document's terms in ascending field id.
    for (let d = 0; d < texts.length; d++)
      for (let k = field.fwdStart[d]! + 1; k < field.fwdStart[d + 1]!; k++)
        assert.ok(field.fwdIds[k - 1]! < field.fwdIds[k]!);
  });

  it('rescoring a term counted past 65,535 in one document stays within the saturation bound of BM25', () => {
    const docs = [`x${'a'.repeat(70_000)}x`, 'aaaa bbbb', 'cccc dddd', 'bbbb cccc'];
    const { dict: d4, field: f } = indexed(docs, { ...DEFAULT_BM25, maxDfRatio: 1 });
    const b4 = new GrowableInt32();
    const q = f.lookup((d4.lookup('aaaa', b4), b4.view()), 0);
    const acc = new Float32Array(docs.length);
    const all = Int32Array.from(docs, (_, i) => i);
    f.rescore(
      q.known,
      q.known.ids.map((_, i) => i),
      all,
      all.length,
      acc,
    );
    const want = reference(
      docs.map((t) => charGrams(t, 4)),
      charGrams('aaaa', 4),
      () => true,
    );
    for (const d of all)
      assert.ok(
        Math.abs(acc[d]! - want[d]!) <= 1e-5 * Math.max(1, want[d]!),
        `doc ${d}: ${acc[d]} vs ${want[d]}`,
      );
    assert.equal(Math.max(...f.fwdTf), 0xffff, 'the count saturated: the test reached the bound');
  });

  it('counts unknown terms in the idf mass at df 0', () => {
    buf.length = 0;
    const unknown = dict.lookup('zzzz qqqq', buf);
    assert.ok(unknown > 0);
    const q = field.lookup(buf.view(), unknown);
    assert.deepEqual(q.known.ids, []);
    assert.ok(Math.abs(q.idfMass - unknown * idfOf(texts.length, 0)) < 1e-9);
  });
});
