/**
 * Account pairs (a, b) numbered 0, 1, 2, … in the order they are first seen, for fusion's per-pair
 * decisions across behaviours (fusion.ts). Open addressing over the two Int32 keys (pair-table.ts's
 * hash) instead of a `Map` keyed by a·A + b: with ~10⁵ accounts those keys pass 2³¹, so V8 stores
 * each as a heap number and hashes it as one — ≈ 10 % of the chance stage at 1M posts, over a
 * million pairs at 3M.
 *
 * Cost: O(1) expected per `id`/`find` (linear probing, load ≤ 0.5, doubling on growth); memory
 * 4 bytes per slot (2 × 4 per pair) plus 8 bytes per pair for the keys in first-seen order.
 */
import { pairHash } from './pair-table.js';

export class PairIndex {
  private slots: Int32Array;
  private mask: number;
  private keysA: Int32Array;
  private keysB: Int32Array;
  size = 0;

  constructor(initialPairs = 1 << 12) {
    let cap = 16;
    while (cap < initialPairs * 2) cap <<= 1;
    this.slots = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    this.keysA = new Int32Array(cap >> 1);
    this.keysB = new Int32Array(cap >> 1);
  }

  /** The pair's number, −1 if it was never added. */
  find(a: number, b: number): number {
    for (let i = pairHash(a, b) & this.mask; ; i = (i + 1) & this.mask) {
      const id = this.slots[i]!;
      if (id === -1 || (this.keysA[id] === a && this.keysB[id] === b)) return id;
    }
  }

  /** The pair's number, adding it (as `size`) when new. */
  id(a: number, b: number): number {
    let i = pairHash(a, b) & this.mask;
    for (; ; i = (i + 1) & this.mask) {
      const id = this.slots[i]!;
      if (id === -1) break;
      if (this.keysA[id] === a && this.keysB[id] === b) return id;
    }
    if ((this.size + 1) * 2 > this.slots.length) {
      this.grow();
      return this.id(a, b);
    }
    const id = this.size++;
    this.slots[i] = id;
    this.keysA[id] = a;
    this.keysB[id] = b;
    return id;
  }

  /** The first account of pair `id`. */
  a(id: number): number {
    return this.keysA[id]!;
  }

  /** The second account of pair `id`. */
  b(id: number): number {
    return this.keysB[id]!;
  }

  private grow(): void {
    const cap = this.slots.length * 2;
    this.slots = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    const keysA = new Int32Array(cap >> 1);
    const keysB = new Int32Array(cap >> 1);
    keysA.set(this.keysA);
    keysB.set(this.keysB);
    this.keysA = keysA;
    this.keysB = keysB;
    for (let id = 0; id < this.size; id++) {
      let i = pairHash(keysA[id]!, keysB[id]!) & this.mask;
      while (this.slots[i] !== -1) i = (i + 1) & this.mask;
      this.slots[i] = id;
    }
  }
}
