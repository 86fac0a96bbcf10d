/**
 * A list cell's raw bytes → the object numbers a post encoder gave the objects read from it
 * (engine/post-batch.ts), for each behaviour that reads the cell (a URL cell: co-link and co-domain),
 * so a cell seen before is neither decoded, parsed, canonicalised (URLs) nor looked up by string
 * again: its numbers are copied.
 *
 * Why: in the read worker, a row's URL cell went through a UTF-8 decode, the list parse, the canonical
 * URL memo (a Map probe on a fresh ~100-character string) and two more Map probes (the link's and the
 * domain's numbers): ~15 % of the worker's busy samples at 3M simulated posts and more at 10M, where
 * those Maps outgrow the caches (bench/RESULTS.md, h-read session 19). Each probe of a large Map is a
 * chain of cache misses in random order; here a hit reads one slot record and the arena's copy of the
 * cell. The objects of such a cell are a function of its bytes alone (the caller only asks for cells
 * that are: unescaped, and read by nothing else), so equal bytes give equal numbers.
 *
 * Layout: an open-addressing table (linear probing, Knuth, TAOCP vol. 3 §6.4) of 32-byte slot records,
 * at most half full: hash, where the cell's bytes are in one byte arena, their length, and the numbers
 * — inline when each list has at most one (a single URL, tag or mention: most cells), else in an Int32
 * pool. Typed arrays only: nothing for the garbage collector to walk.
 *
 * Cost per look-up: one hash over at most 32 bytes (core/byte-hash.ts), one probe, one byte comparison
 * of the cell. Memory: the distinct cells' bytes + 64 bytes per cell (table at most half full) + the
 * pooled numbers; past `maxCells` cells or `maxBytes` arena bytes the table is emptied (the numbers
 * stay the encoder's: a cell seen again is read the slow way and entered anew), so it is bounded
 * whatever the input's size.
 */
import { hashBytes } from '../../core/byte-hash.js';
import type { GrowableInt32 } from '../../core/growable.js';

/** Slot record fields, `STRIDE` int32 each. */
const STRIDE = 8;
const HASH = 0;
/** 1 for a used slot, 0 for an empty one. */
const USED = 1;
const AT = 2;
const LENGTH = 3;
/**
 * From here: list j's number at NUMBERS + j (−1: an empty list) when every list has at most one;
 * else `POOLED − offset` at NUMBERS, and the pool holds, per list, its count and then its numbers.
 */
const NUMBERS = 4;
/** At most this many lists per cell (the slot's inline room). */
export const MAX_LISTS = STRIDE - NUMBERS;
const POOLED = -2;

export class CellObjects {
  private table = new Int32Array(STRIDE << 12);
  private cells = 0;
  private arena = new Uint8Array(1 << 16);
  private used = 0;
  private pool = new Int32Array(1 << 10);
  private pooled = 0;

  /** `lists`: how many behaviours' numbers each cell holds (1 to MAX_LISTS). */
  constructor(
    private readonly lists: number,
    private readonly maxCells = 1 << 20,
    private readonly maxBytes = 1 << 27,
  ) {
    if (!(lists >= 1 && lists <= MAX_LISTS)) throw new Error(`CellObjects: ${lists} lists (1–${MAX_LISTS})`);
  }

  /** Cells held (for tests). */
  get size(): number {
    return this.cells;
  }

  /** The slot record of the cell `buf[s, e)` (pass it to `pushTo`, `objectCount`), or −1 when not held. */
  find(buf: Uint8Array, s: number, e: number): number {
    const hash = hashBytes(buf, s, e);
    const n = e - s;
    const t = this.table;
    const arena = this.arena;
    const mask = t.length / STRIDE - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const j = i * STRIDE;
      if (t[j + USED] === 0) return -1;
      if (t[j + HASH] !== hash || t[j + LENGTH] !== n) continue;
      const from = t[j + AT]! - s;
      let k = s;
      while (k < e && arena[from + k] === buf[k]) k++;
      if (k === e) return j;
    }
  }

  /** Appends list `list`'s numbers of slot record `j` to `out`; returns how many. */
  pushTo(j: number, list: number, out: GrowableInt32): number {
    const t = this.table;
    const first = t[j + NUMBERS]!;
    if (first > POOLED) {
      const v = t[j + NUMBERS + list]!;
      if (v < 0) return 0;
      out.push(v);
      return 1;
    }
    let at = POOLED - first;
    for (let l = 0; l < list; l++) at += 1 + this.pool[at]!;
    const c = this.pool[at]!;
    for (let i = at + 1; i <= at + c; i++) out.push(this.pool[i]!);
    return c;
  }

  /** How many numbers list `list` of slot record `j` holds. */
  objectCount(j: number, list: number): number {
    const t = this.table;
    const first = t[j + NUMBERS]!;
    if (first > POOLED) return t[j + NUMBERS + list]! < 0 ? 0 : 1;
    let at = POOLED - first;
    for (let l = 0; l < list; l++) at += 1 + this.pool[at]!;
    return this.pool[at]!;
  }

  /**
   * Enters the cell `buf[s, e)` (not held: `find` gave −1): list j's numbers are
   * `from[marks[j], marks[j] + counts[j])`, those its objects were just given.
   */
  insert(
    buf: Uint8Array,
    s: number,
    e: number,
    from: GrowableInt32,
    marks: ArrayLike<number>,
    counts: ArrayLike<number>,
  ): void {
    const n = e - s;
    if (this.cells >= this.maxCells || this.used + n > this.maxBytes) this.clear();
    if (2 * (this.cells + 1) > this.table.length / STRIDE) this.rehash();
    if (this.used + n > this.arena.length) {
      const next = new Uint8Array(Math.max(this.used + n, this.arena.length * 2));
      next.set(this.arena.subarray(0, this.used));
      this.arena = next;
    }
    this.arena.set(buf.subarray(s, e), this.used);
    const hash = hashBytes(buf, s, e);
    const j = this.free(hash);
    const t = this.table;
    t[j + HASH] = hash;
    t[j + USED] = 1;
    t[j + AT] = this.used;
    t[j + LENGTH] = n;
    this.used += n;
    this.cells++;
    let inline = true;
    let total = 0;
    for (let l = 0; l < this.lists; l++) {
      total += 1 + counts[l]!;
      if (counts[l]! > 1) inline = false;
    }
    if (inline) {
      for (let l = 0; l < this.lists; l++) t[j + NUMBERS + l] = counts[l] === 0 ? -1 : from.at(marks[l]!);
      return;
    }
    if (this.pooled + total > this.pool.length) {
      const next = new Int32Array(Math.max(this.pooled + total, this.pool.length * 2));
      next.set(this.pool);
      this.pool = next;
    }
    t[j + NUMBERS] = POOLED - this.pooled;
    for (let l = 0; l < this.lists; l++) {
      const c = counts[l]!;
      this.pool[this.pooled++] = c;
      for (let i = 0; i < c; i++) this.pool[this.pooled++] = from.at(marks[l]! + i);
    }
  }

  /** The record index of the first empty slot on `hash`'s probe path. */
  private free(hash: number): number {
    const t = this.table;
    const mask = t.length / STRIDE - 1;
    let i = hash & mask;
    while (t[i * STRIDE + USED] !== 0) i = (i + 1) & mask;
    return i * STRIDE;
  }

  private rehash(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    for (let j = 0; j < old.length; j += STRIDE)
      if (old[j + USED] !== 0) this.table.set(old.subarray(j, j + STRIDE), this.free(old[j + HASH]!));
  }

  private clear(): void {
    this.table.fill(0);
    this.cells = 0;
    this.used = 0;
    this.pooled = 0;
  }
}
