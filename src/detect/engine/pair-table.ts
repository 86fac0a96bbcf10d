/**
 * Open-addressing hash table keyed by an unordered pair of account integers (a < b), holding the
 * per-pair aggregates of co-action counting: summed weight, co-action count, distinct objects and the
 * first/last co-action time. Written by hand because a JS Map holds at most 2^24 entries and boxes
 * every value; here each pair costs 52 bytes in flat typed arrays.
 *
 * Cost: O(1) expected per `add` (linear probing, load ≤ 0.5, doubling on growth); memory
 * 2 × 44 bytes × pairs at worst right after a resize.
 */
/** The hash of an account pair, for open addressing (pair-index.ts too). */
export function pairHash(a: number, b: number): number {
  // Murmur3-style finaliser over both halves: consecutive account ids must not cluster.
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  h ^= h >>> 15;
  return h >>> 0;
}

/** Per-pair aggregates as parallel columns, slot by slot (`keysA[s] === −1` marks an empty slot). */
export interface PairColumns {
  readonly capacity: number;
  readonly size: number;
  keysA: Int32Array;
  keysB: Int32Array;
  weight: Float64Array;
  count: Int32Array;
  objects: Int32Array;
  first: Float64Array;
  last: Float64Array;
  extra: Float64Array;
}

export class PairTable implements PairColumns {
  private cap: number;
  private mask: number;
  /** Smaller account of the pair per slot, −1 for an empty slot (read with `capacity`). */
  keysA: Int32Array;
  keysB: Int32Array;
  weight: Float64Array;
  count: Int32Array;
  objects: Int32Array;
  private lastObject: Int32Array;
  first: Float64Array;
  last: Float64Array;
  /** A caller-defined sum, added once per (pair, object) by `add` (lockstep: shared interest). */
  extra: Float64Array;
  size = 0;

  constructor(initialCapacity = 1 << 12) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap <<= 1;
    this.cap = cap;
    this.mask = cap - 1;
    this.keysA = new Int32Array(cap).fill(-1);
    this.keysB = new Int32Array(cap);
    this.weight = new Float64Array(cap);
    this.count = new Int32Array(cap);
    this.objects = new Int32Array(cap);
    this.lastObject = new Int32Array(cap).fill(-1);
    this.first = new Float64Array(cap);
    this.last = new Float64Array(cap);
    this.extra = new Float64Array(cap);
  }

  private slot(a: number, b: number): number {
    let i = pairHash(a, b) & this.mask;
    for (;;) {
      const ka = this.keysA[i]!;
      if (ka === -1) return i;
      if (ka === a && this.keysB[i] === b) return i;
      i = (i + 1) & this.mask;
    }
  }

  /**
   * Adds one co-action between accounts `x` and `y` (any order, x ≠ y) on `object` at `time`.
   * Distinct objects are counted correctly when the co-actions of one object arrive consecutively,
   * which the (object, time) sweep guarantees.
   */
  add(x: number, y: number, w: number, object: number, time: number, extraPerObject = 0): void {
    const a = x < y ? x : y;
    const b = x < y ? y : x;
    let i = this.slot(a, b);
    if (this.keysA[i] === -1) {
      if ((this.size + 1) * 2 > this.cap) {
        this.grow();
        i = this.slot(a, b);
      }
      this.keysA[i] = a;
      this.keysB[i] = b;
      this.first[i] = time;
      this.last[i] = time;
      this.size++;
    }
    this.weight[i]! += w;
    this.count[i]! += 1;
    if (this.lastObject[i] !== object) {
      this.lastObject[i] = object;
      this.objects[i]! += 1;
      this.extra[i]! += extraPerObject;
    }
    if (time < this.first[i]!) this.first[i] = time;
    if (time > this.last[i]!) this.last[i] = time;
  }

  /** Adds a whole aggregate (used to fuse per-behaviour tables into one account graph). */
  merge(
    x: number,
    y: number,
    weight: number,
    count: number,
    objects: number,
    first: number,
    last: number,
  ): void {
    const a = x < y ? x : y;
    const b = x < y ? y : x;
    let i = this.slot(a, b);
    if (this.keysA[i] === -1) {
      if ((this.size + 1) * 2 > this.cap) {
        this.grow();
        i = this.slot(a, b);
      }
      this.keysA[i] = a;
      this.keysB[i] = b;
      this.first[i] = first;
      this.last[i] = last;
      this.size++;
    }
    this.weight[i]! += weight;
    this.count[i]! += count;
    this.objects[i]! += objects;
    if (first < this.first[i]!) this.first[i] = first;
    if (last > this.last[i]!) this.last[i] = last;
  }

  private grow(): void {
    const old = {
      a: this.keysA,
      b: this.keysB,
      w: this.weight,
      c: this.count,
      o: this.objects,
      lo: this.lastObject,
      f: this.first,
      l: this.last,
      x: this.extra,
    };
    const oldCap = this.cap;
    this.cap *= 2;
    this.mask = this.cap - 1;
    this.keysA = new Int32Array(this.cap).fill(-1);
    this.keysB = new Int32Array(this.cap);
    this.weight = new Float64Array(this.cap);
    this.count = new Int32Array(this.cap);
    this.objects = new Int32Array(this.cap);
    this.lastObject = new Int32Array(this.cap).fill(-1);
    this.first = new Float64Array(this.cap);
    this.last = new Float64Array(this.cap);
    this.extra = new Float64Array(this.cap);
    for (let j = 0; j < oldCap; j++) {
      const a = old.a[j]!;
      if (a === -1) continue;
      const b = old.b[j]!;
      const i = this.slot(a, b);
      this.keysA[i] = a;
      this.keysB[i] = b;
      this.weight[i] = old.w[j]!;
      this.count[i] = old.c[j]!;
      this.objects[i] = old.o[j]!;
      this.lastObject[i] = old.lo[j]!;
      this.first[i] = old.f[j]!;
      this.last[i] = old.l[j]!;
      this.extra[i] = old.x[j]!;
    }
  }

  /** Number of slots (iterate `keysA`/`keysB` up to it; `keysA[i] === −1` marks an empty slot). */
  get capacity(): number {
    return this.cap;
  }

  /** Calls `fn` with the table slot of every stored pair (slot order, not sorted). */
  forEach(fn: (a: number, b: number, slot: number) => void): void {
    for (let i = 0; i < this.cap; i++) {
      const a = this.keysA[i]!;
      if (a !== -1) fn(a, this.keysB[i]!, i);
    }
  }

  /** Slot of the pair, or -1 when absent. */
  find(x: number, y: number): number {
    const a = x < y ? x : y;
    const b = x < y ? y : x;
    const i = this.slot(a, b);
    return this.keysA[i] === -1 ? -1 : i;
  }
}
