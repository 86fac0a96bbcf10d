/**
 * A list cell's raw bytes → the object numbers a post encoder gave the objects read from it
 * (engine/post-batch.ts), so a cell seen before is neither decoded, parsed, canonicalised (URLs) nor
 * looked up by string again: its numbers are copied.
 *
 * Why: in the read worker, a row's URL cell went through a UTF-8 decode, the list parse, the canonical
 * URL memo (a Map probe on a fresh ~100-character string) and two more Map probes (the link's and the
 * domain's numbers): ~15 % of the worker's busy samples at 3M simulated posts, where a URL cell repeats
 * ~3 times on average (bench/RESULTS.md, h-read session 19). The same holds for hashtag and mention
 * cells. The objects of such a cell are a function of its bytes alone (the caller only asks for cells
 * that are: unescaped, and read by nothing else), so equal bytes give equal numbers.
 *
 * Layout: an open-addressing table (linear probing, Knuth, TAOCP vol. 3 §6.4) of (hash, entry + 1)
 * pairs, at most half full; per entry its bytes' place in one byte arena and its numbers' place in one
 * Int32 pool — typed arrays only, nothing for the garbage collector to walk.
 *
 * Cost per look-up: one hash over at most 32 bytes (core/byte-hash.ts), one probe, one byte comparison
 * of the cell. Memory: the distinct cells' bytes + 4 bytes per number + 24 bytes per entry; when it
 * passes `maxEntries` or `maxBytes` the table is emptied (the numbers stay the encoder's: a cell seen
 * again is read the slow way and entered anew), so it is bounded whatever the input's size.
 */
import { hashBytes } from '../../core/byte-hash.js';
import type { GrowableInt32 } from '../../core/growable.js';

/** Per entry: where its bytes are in the arena, their length, where its numbers are in the pool, how many. */
const AT = 0;
const LENGTH = 1;
const FIRST = 2;
const COUNT = 3;
const ENTRY_STRIDE = 4;

export class CellObjects {
  /** (hash, entry + 1) per slot; 0 as entry marks an empty slot. */
  private table = new Int32Array(2 << 12);
  private entries = new Int32Array(ENTRY_STRIDE << 10);
  private count = 0;
  private arena = new Uint8Array(1 << 16);
  private used = 0;
  private pool = new Int32Array(1 << 12);
  private pooled = 0;

  constructor(
    private readonly maxEntries = 1 << 20,
    private readonly maxBytes = 1 << 27,
  ) {}

  /** Cells held (for tests). */
  get size(): number {
    return this.count;
  }

  /** The entry of the cell `buf[s, e)`, or −1 when it has none. */
  find(buf: Uint8Array, s: number, e: number): number {
    const hash = hashBytes(buf, s, e);
    const n = e - s;
    const t = this.table;
    const entries = this.entries;
    const arena = this.arena;
    const mask = (t.length >> 1) - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const x = t[2 * i + 1]!;
      if (x === 0) return -1;
      if (t[2 * i] !== hash) continue;
      const at = (x - 1) * ENTRY_STRIDE;
      if (entries[at + LENGTH] !== n) continue;
      const from = entries[at + AT]! - s;
      let k = s;
      while (k < e && arena[from + k] === buf[k]) k++;
      if (k === e) return x - 1;
    }
  }

  /** Appends entry `x`'s numbers to `out`; returns how many. */
  pushTo(x: number, out: GrowableInt32): number {
    const at = x * ENTRY_STRIDE;
    const first = this.entries[at + FIRST]!;
    const c = this.entries[at + COUNT]!;
    for (let i = first; i < first + c; i++) out.push(this.pool[i]!);
    return c;
  }

  /** Entry `x`'s number of objects. */
  objectCount(x: number): number {
    return this.entries[x * ENTRY_STRIDE + COUNT]!;
  }

  /**
   * Enters the cell `buf[s, e)` (not held: `find` gave −1) with the numbers `from[mark, from.length)`,
   * those its objects were just given.
   */
  insert(buf: Uint8Array, s: number, e: number, from: GrowableInt32, mark: number): void {
    const n = e - s;
    const c = from.length - mark;
    if (this.count >= this.maxEntries || this.used + n > this.maxBytes) this.clear();
    if (2 * (this.count + 1) > this.table.length >> 1) this.rehash();
    const at = this.count * ENTRY_STRIDE;
    if (at + ENTRY_STRIDE > this.entries.length) this.entries = grownInt32(this.entries, at + ENTRY_STRIDE);
    if (this.used + n > this.arena.length) {
      const next = new Uint8Array(Math.max(this.used + n, this.arena.length * 2));
      next.set(this.arena.subarray(0, this.used));
      this.arena = next;
    }
    if (this.pooled + c > this.pool.length) this.pool = grownInt32(this.pool, this.pooled + c);
    this.arena.set(buf.subarray(s, e), this.used);
    for (let i = 0; i < c; i++) this.pool[this.pooled + i] = from.at(mark + i);
    const entries = this.entries;
    entries[at + AT] = this.used;
    entries[at + LENGTH] = n;
    entries[at + FIRST] = this.pooled;
    entries[at + COUNT] = c;
    this.used += n;
    this.pooled += c;
    this.place(hashBytes(buf, s, e), ++this.count);
  }

  /** Puts (hash, entry + 1) in the first free slot of its probe path. */
  private place(hash: number, entryPlusOne: number): void {
    const t = this.table;
    const mask = (t.length >> 1) - 1;
    let i = hash & mask;
    while (t[2 * i + 1] !== 0) i = (i + 1) & mask;
    t[2 * i] = hash;
    t[2 * i + 1] = entryPlusOne;
  }

  private rehash(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    for (let j = 0; j < old.length; j += 2) if (old[j + 1] !== 0) this.place(old[j]!, old[j + 1]!);
  }

  private clear(): void {
    this.table.fill(0);
    this.count = 0;
    this.used = 0;
    this.pooled = 0;
  }
}

function grownInt32(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(Math.max(need, a.length * 2));
  next.set(a);
  return next;
}
