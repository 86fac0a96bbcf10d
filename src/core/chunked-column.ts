/**
 * Append-only columns kept as a list of chunks until `toArray` joins them once, for detect's columns
 * while reading (engine/actions.ts). A doubling array (core/growable.ts) allocates about twice its final
 * size on the way and then a trimmed copy: ~3× the final bytes, all of it external memory to V8, where
 * every ~64 MB of new external memory starts a full marking of the heap (bench/RESULTS.md, "h-sweep":
 * most of the main thread's major collections while reading at 3M were started that way). Chunks are
 * never copied while growing, so a column allocates its final size twice (chunks, then the joined array).
 *
 * Chunks start at `first` elements and double up to CHUNK_MAX (so a small input stays small). One class
 * per element type, as in growable.ts, so that each `push` stays monomorphic. Cost: O(1) per push, one
 * copy of everything at `toArray`.
 */

/** The largest chunk, in elements (4 MB of Int32, 8 MB of Float64). */
const CHUNK_MAX = 1 << 20;

export class ChunkedInt32 {
  private readonly done: Int32Array[] = [];
  private cur: Int32Array;
  private fill = 0;
  /** Elements in `done`. */
  private before = 0;

  constructor(first = 1 << 12) {
    this.cur = new Int32Array(Math.max(16, Math.min(first, CHUNK_MAX)));
  }

  get length(): number {
    return this.before + this.fill;
  }

  private next(): void {
    this.done.push(this.cur);
    this.before += this.cur.length;
    this.cur = new Int32Array(Math.min(CHUNK_MAX, this.cur.length * 2));
    this.fill = 0;
  }

  push(v: number): void {
    if (this.fill === this.cur.length) this.next();
    this.cur[this.fill++] = v;
  }

  /** Appends all of `values` (copied by runs, not a push per element). */
  pushAll(values: Int32Array): void {
    let from = 0;
    while (from < values.length) {
      if (this.fill === this.cur.length) this.next();
      const n = Math.min(values.length - from, this.cur.length - this.fill);
      this.cur.set(values.subarray(from, from + n), this.fill);
      this.fill += n;
      from += n;
    }
  }

  /** All the elements in one array of exactly `length`. */
  toArray(): Int32Array {
    const out = new Int32Array(this.length);
    let at = 0;
    for (const c of this.done) {
      out.set(c, at);
      at += c.length;
    }
    out.set(this.cur.subarray(0, this.fill), at);
    return out;
  }
}

export class ChunkedFloat64 {
  private readonly done: Float64Array[] = [];
  private cur: Float64Array;
  private fill = 0;
  /** Elements in `done`. */
  private before = 0;

  constructor(first = 1 << 12) {
    this.cur = new Float64Array(Math.max(16, Math.min(first, CHUNK_MAX)));
  }

  get length(): number {
    return this.before + this.fill;
  }

  private next(): void {
    this.done.push(this.cur);
    this.before += this.cur.length;
    this.cur = new Float64Array(Math.min(CHUNK_MAX, this.cur.length * 2));
    this.fill = 0;
  }

  push(v: number): void {
    if (this.fill === this.cur.length) this.next();
    this.cur[this.fill++] = v;
  }

  /** Appends all of `values` (copied by runs, not a push per element). */
  pushAll(values: Float64Array): void {
    let from = 0;
    while (from < values.length) {
      if (this.fill === this.cur.length) this.next();
      const n = Math.min(values.length - from, this.cur.length - this.fill);
      this.cur.set(values.subarray(from, from + n), this.fill);
      this.fill += n;
      from += n;
    }
  }

  /** All the elements in one array of exactly `length`. */
  toArray(): Float64Array {
    const out = new Float64Array(this.length);
    let at = 0;
    for (const c of this.done) {
      out.set(c, at);
      at += c.length;
    }
    out.set(this.cur.subarray(0, this.fill), at);
    return out;
  }
}

export class ChunkedUint8 {
  private readonly done: Uint8Array[] = [];
  private cur: Uint8Array;
  private fill = 0;
  /** Elements in `done`. */
  private before = 0;

  constructor(first = 1 << 12) {
    this.cur = new Uint8Array(Math.max(16, Math.min(first, CHUNK_MAX)));
  }

  get length(): number {
    return this.before + this.fill;
  }

  private next(): void {
    this.done.push(this.cur);
    this.before += this.cur.length;
    this.cur = new Uint8Array(Math.min(CHUNK_MAX, this.cur.length * 2));
    this.fill = 0;
  }

  push(v: number): void {
    if (this.fill === this.cur.length) this.next();
    this.cur[this.fill++] = v;
  }

  /** Appends all of `values` (copied by runs, not a push per element). */
  pushAll(values: Uint8Array): void {
    let from = 0;
    while (from < values.length) {
      if (this.fill === this.cur.length) this.next();
      const n = Math.min(values.length - from, this.cur.length - this.fill);
      this.cur.set(values.subarray(from, from + n), this.fill);
      this.fill += n;
      from += n;
    }
  }

  /** All the elements in one array of exactly `length`. */
  toArray(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.done) {
      out.set(c, at);
      at += c.length;
    }
    out.set(this.cur.subarray(0, this.fill), at);
    return out;
  }
}
