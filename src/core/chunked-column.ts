/**
 * Append-only columns kept as a list of chunks until `toArray` joins them once, for detect's columns
 * while reading (engine/actions.ts). A doubling array (core/growable.ts) allocates about twice its final
 * size on the way and then a trimmed copy: ~3× the final bytes, all of it external memory to V8, where
 * every ~64 MB of new external memory starts a full marking of the heap (bench/RESULTS.md, "h-sweep":
 * most of the main thread's major collections while reading at 3M were started that way). Chunks are
 * never copied while growing, so a column allocates its final size twice (chunks, then the joined array).
 *
 * Chunks start at `first` elements and double up to CHUNK_MAX (so a small input stays small). One
 * subclass per element type with its own `push`, so that each hot `push` sees one typed-array kind and
 * stays monomorphic in V8 (as in growable.ts); the per-chunk and per-run code is shared. Cost: O(1) per
 * push, one copy of everything at `toArray`.
 */

/** The largest chunk, in elements (4 MB of Int32, 8 MB of Float64). */
const CHUNK_MAX = 1 << 20;

type Typed = Int32Array | Float64Array | Uint8Array;

abstract class Chunked<A extends Typed> {
  private readonly done: A[] = [];
  protected cur: A;
  protected fill = 0;
  /** Elements in `done`. */
  private before = 0;

  constructor(first: number) {
    this.cur = this.make(Math.max(16, Math.min(first, CHUNK_MAX)));
  }

  /** A zeroed array of `n` elements of this column's type. */
  protected abstract make(n: number): A;

  get length(): number {
    return this.before + this.fill;
  }

  /** Closes the full open chunk and opens the next, twice as large up to CHUNK_MAX. */
  protected next(): void {
    this.done.push(this.cur);
    this.before += this.cur.length;
    this.cur = this.make(Math.min(CHUNK_MAX, this.cur.length * 2));
    this.fill = 0;
  }

  /** Appends all of `values` (copied by runs, not a push per element). */
  pushAll(values: A): void {
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
  toArray(): A {
    const out = this.make(this.length) as Typed;
    let at = 0;
    for (const c of this.done) {
      out.set(c, at);
      at += c.length;
    }
    out.set(this.cur.subarray(0, this.fill), at);
    return out as A;
  }
}

export class ChunkedInt32 extends Chunked<Int32Array> {
  constructor(first = 1 << 12) {
    super(first);
  }

  protected make(n: number): Int32Array {
    return new Int32Array(n);
  }

  push(v: number): void {
    if (this.fill === this.cur.length) this.next();
    this.cur[this.fill++] = v;
  }
}

export class ChunkedFloat64 extends Chunked<Float64Array> {
  constructor(first = 1 << 12) {
    super(first);
  }

  protected make(n: number): Float64Array {
    return new Float64Array(n);
  }

  push(v: number): void {
    if (this.fill === this.cur.length) this.next();
    this.cur[this.fill++] = v;
  }
}

export class ChunkedUint8 extends Chunked<Uint8Array> {
  constructor(first = 1 << 12) {
    super(first);
  }

  protected make(n: number): Uint8Array {
    return new Uint8Array(n);
  }

  push(v: number): void {
    if (this.fill === this.cur.length) this.next();
    this.cur[this.fill++] = v;
  }
}
