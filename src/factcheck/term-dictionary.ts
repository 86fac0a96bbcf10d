/**
 * Term dictionaries: text → integer term ids for a BM25 field (bm25.ts). Character n-grams, the hot
 * path, never become strings: each gram is packed from its code points (21 bits each, two per float64
 * word, so the key is exact for any script) into an open-addressing hash table held in typed arrays
 * (linear probing, Knuth vol. 3 §6.4; load ≤ 1/2). Word-like terms go through a `Map<string, number>`.
 *
 * Why by hand: the profile of the string-keyed version spent most of its build and a tenth of each
 * query allocating and hashing four-character strings; no npm package offers an integer-keyed table
 * of variable-width packed keys.
 *
 * Cost: O(text length) per text; memory per distinct gram ⌈n/2⌉ · 8 bytes of key + 4 of id, ×2 for the
 * free slots. A query's unknown grams (not in the index) are counted once each through a small set.
 */
import { GrowableInt32 } from '../core/growable.js';
import { sharedArray } from '../core/shared-array.js';

export interface TermDictionary {
  readonly size: number;
  /** Appends the ids of the text's terms to `out` (repeats kept), adding terms not seen yet. */
  intern(norm: string, out: GrowableInt32): void;
  /**
   * Appends the ids of the text's known terms to `out` (repeats kept); returns how many distinct
   * terms of the text are not in the dictionary.
   */
  lookup(norm: string, out: GrowableInt32): number;
}

const SHIFT = 2 ** 21;
const EMPTY = -1;
const ASTRAL_RE = /[\uD800-\uDBFF]/;

/** Code points of ` norm ` (padded with one space each side, as text.ts's charGrams). */
function paddedCodePoints(norm: string, into: GrowableInt32): void {
  into.length = 0;
  into.push(32);
  if (!ASTRAL_RE.test(norm)) for (let i = 0; i < norm.length; i++) into.push(norm.charCodeAt(i));
  else for (const ch of norm) into.push(ch.codePointAt(0)!);
  into.push(32);
}

/**
 * The gram of `n` code points at `c[i]`: its packed key written to `key[0..w)` (two code points per
 * float64 word) and its hash returned.
 */
function gramHash(c: Int32Array, i: number, n: number, w: number, key: Float64Array): number {
  let h = 0;
  for (let k = 0; k < w; k++) {
    const a = c[i + 2 * k]!;
    const b = 2 * k + 1 < n ? c[i + 2 * k + 1]! : 0;
    key[k] = a * SHIFT + b;
    h = Math.imul(h ^ a, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca6b);
  }
  return h;
}

/** A {@link CharGramDictionary}'s table in shared memory, for worker threads to look grams up in. */
export interface CharGramImage {
  n: number;
  size: number;
  keys: Float64Array;
  ids: Int32Array;
}

/** Character n-grams (1 ≤ n ≤ 6) of normalised text, the same grams as text.ts's `charGrams`. */
export class CharGramDictionary implements TermDictionary {
  readonly n: number;
  /** float64 words per key. */
  readonly #w: number;
  #mask: number;
  #keys: Float64Array;
  #ids: Int32Array;
  #size = 0;
  /** Set on a dictionary made {@link fromImage}: its table is shared with other threads. */
  #readOnly = false;
  readonly #cps = new GrowableInt32(256);
  readonly #key = new Float64Array(3);
  readonly #touched = new Float64Array(1);

  constructor(n: number, capacity = 1 << 12) {
    if (!Number.isInteger(n) || n < 1 || n > 6) throw new RangeError(`n-gram length ${n} is not 1–6`);
    this.n = n;
    this.#w = Math.ceil(n / 2);
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.#mask = cap - 1;
    // In shared memory from the start, so `share` hands the table to worker threads without a copy.
    this.#keys = sharedArray(Float64Array, cap * this.#w);
    this.#ids = sharedArray(Int32Array, cap).fill(EMPTY);
  }

  get size(): number {
    return this.#size;
  }

  /**
   * The table (in shared memory since it was allocated). A dictionary made {@link fromImage} in
   * another thread refuses `intern`: a new gram would be written into the table every thread reads,
   * racing their probes.
   */
  share(): CharGramImage {
    return { n: this.n, size: this.#size, keys: this.#keys, ids: this.#ids };
  }

  static fromImage(image: CharGramImage): CharGramDictionary {
    const d = new CharGramDictionary(image.n, 1);
    d.#keys = image.keys;
    d.#ids = image.ids;
    d.#mask = image.ids.length - 1;
    d.#size = image.size;
    d.#readOnly = true;
    return d;
  }

  intern(norm: string, out: GrowableInt32): void {
    if (this.#readOnly)
      throw new Error('this character n-gram dictionary is a shared image: it can only look terms up');
    this.#each(norm, out, true);
  }

  lookup(norm: string, out: GrowableInt32): number {
    return this.#each(norm, out, false);
  }

  #each(norm: string, out: GrowableInt32, add: boolean): number {
    if (norm === '') return 0;
    const cps = this.#cps;
    paddedCodePoints(norm, cps);
    const c = cps.view();
    const n = this.n;
    const w = this.#w;
    const key = this.#key;
    let unknown: Set<string> | undefined;
    if (!add) this.#touchSlots(c);
    for (let i = 0; i + n <= c.length; i++) {
      const h = gramHash(c, i, n, w, key);
      let id = this.#find(key, h);
      if (id === EMPTY && add) id = this.#insert(key, h);
      if (id !== EMPTY) out.push(id);
      else (unknown ??= new Set()).add(Array.from(key.subarray(0, w)).join(','));
    }
    return unknown?.size ?? 0;
  }

  /**
   * Loads each gram's home slot (id and key) once before the probing loop: the loads are independent,
   * so the table's cache misses (tens of MB at 100,000 fact checks) overlap instead of one per gram.
   */
  #touchSlots(c: Int32Array): void {
    const n = this.n;
    const w = this.#w;
    const ids = this.#ids;
    const keys = this.#keys;
    const mask = this.#mask;
    const key = this.#key;
    let touch = 0;
    for (let i = 0; i + n <= c.length; i++) {
      const slot = CharGramDictionary.#mix(gramHash(c, i, n, w, key)) & mask;
      touch += ids[slot]! + keys[slot * w]!;
    }
    this.#touched[0] = touch;
  }

  static #mix(h: number): number {
    h ^= h >>> 16;
    h = Math.imul(h, 0x7feb352d);
    return h ^ (h >>> 15);
  }

  #slot(key: Float64Array, h: number): number {
    const w = this.#w;
    const keys = this.#keys;
    const ids = this.#ids;
    let s = CharGramDictionary.#mix(h) & this.#mask;
    for (;;) {
      if (ids[s] === EMPTY) return s;
      let same = true;
      for (let k = 0; k < w; k++)
        if (keys[s * w + k] !== key[k]) {
          same = false;
          break;
        }
      if (same) return s;
      s = (s + 1) & this.#mask;
    }
  }

  #find(key: Float64Array, h: number): number {
    return this.#ids[this.#slot(key, h)]!;
  }

  #insert(key: Float64Array, h: number): number {
    if ((this.#size + 1) * 2 > this.#ids.length) this.#grow();
    const s = this.#slot(key, h);
    for (let k = 0; k < this.#w; k++) this.#keys[s * this.#w + k] = key[k]!;
    this.#ids[s] = this.#size;
    return this.#size++;
  }

  #grow(): void {
    const w = this.#w;
    const oldKeys = this.#keys;
    const oldIds = this.#ids;
    const cap = oldIds.length * 2;
    this.#mask = cap - 1;
    this.#keys = sharedArray(Float64Array, cap * w);
    this.#ids = sharedArray(Int32Array, cap).fill(EMPTY);
    const key = new Float64Array(w);
    for (let s = 0; s < oldIds.length; s++) {
      const id = oldIds[s]!;
      if (id === EMPTY) continue;
      let h = 0;
      for (let k = 0; k < w; k++) {
        const v = oldKeys[s * w + k]!;
        key[k] = v;
        const a = Math.floor(v / SHIFT);
        const b = v - a * SHIFT;
        h = Math.imul(h ^ a, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca6b);
      }
      const t = this.#slot(key, h);
      for (let k = 0; k < w; k++) this.#keys[t * w + k] = key[k]!;
      this.#ids[t] = id;
    }
  }
}

/** Any string terms (words, word bigrams, prefixes) through a Map. */
export class StringTermDictionary implements TermDictionary {
  readonly #split: (norm: string) => readonly string[];
  readonly ids: Map<string, number>;

  /** `ids`: a vocabulary to start from (another dictionary's, cloned to a worker thread). */
  constructor(split: (norm: string) => readonly string[], ids = new Map<string, number>()) {
    this.#split = split;
    this.ids = ids;
  }

  get size(): number {
    return this.ids.size;
  }

  intern(norm: string, out: GrowableInt32): void {
    for (const t of this.#split(norm)) {
      let id = this.ids.get(t);
      if (id === undefined) this.ids.set(t, (id = this.ids.size));
      out.push(id);
    }
  }

  lookup(norm: string, out: GrowableInt32): number {
    let unknown: Set<string> | undefined;
    for (const t of this.#split(norm)) {
      const id = this.ids.get(t);
      if (id !== undefined) out.push(id);
      else (unknown ??= new Set()).add(t);
    }
    return unknown?.size ?? 0;
  }
}
