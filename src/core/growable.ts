/**
 * Append-only typed arrays that double when full, for columns built from a stream whose length is not
 * known in advance (detect's action tables, the fact-check index's postings). One class per element
 * type rather than one generic class: each hot `push` then sees a single typed-array kind and stays
 * monomorphic in V8. Cost: amortised O(1) per push; memory ≤ 2× the used length.
 *
 * A column can start over a spare ArrayBuffer (one handed back after its contents were consumed, as the
 * read worker's batch buffers are: engine/open-batch.ts), so a stream of batches does not allocate a new
 * buffer per batch: each allocation is external memory to V8, and every ~64 MB of it starts a full
 * marking of the heap (bench/RESULTS.md, "h-sweep", "h-gc"). Its length must be a multiple of the
 * element size; it grows as ever when it is too small.
 */
export class GrowableInt32 {
  private buf: Int32Array;
  length = 0;

  /** `reuse`: a spare buffer to fill from the start instead of allocating (see the file comment). */
  constructor(capacity = 1024, reuse?: ArrayBuffer) {
    this.buf = reuse === undefined ? new Int32Array(Math.max(16, capacity)) : new Int32Array(reuse);
  }

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Int32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  /** Appends all of `values` (one copy, not a push per element). */
  pushAll(values: Int32Array): void {
    const need = this.length + values.length;
    if (need > this.buf.length) {
      const next = new Int32Array(Math.max(need, this.buf.length * 2));
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
    }
    this.buf.set(values, this.length);
    this.length = need;
  }

  /** A trimmed copy of the used part. */
  toArray(): Int32Array {
    return this.buf.slice(0, this.length);
  }

  /** Element `i` (no view made: per-element readers). */
  at(i: number): number {
    return this.buf[i]!;
  }

  /** The used part, without copying (valid until the next push). */
  view(): Int32Array {
    return this.buf.subarray(0, this.length);
  }
}

export class GrowableFloat64 {
  private buf: Float64Array;
  length = 0;

  /** `reuse`: a spare buffer to fill from the start instead of allocating (see the file comment). */
  constructor(capacity = 1024, reuse?: ArrayBuffer) {
    this.buf = reuse === undefined ? new Float64Array(Math.max(16, capacity)) : new Float64Array(reuse);
  }

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  /** Appends all of `values` (one copy, not a push per element). */
  pushAll(values: Float64Array): void {
    const need = this.length + values.length;
    if (need > this.buf.length) {
      const next = new Float64Array(Math.max(need, this.buf.length * 2));
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
    }
    this.buf.set(values, this.length);
    this.length = need;
  }

  toArray(): Float64Array {
    return this.buf.slice(0, this.length);
  }

  /** The used part, without copying (valid until the next push). */
  view(): Float64Array {
    return this.buf.subarray(0, this.length);
  }
}

export class GrowableUint8 {
  private buf: Uint8Array;
  length = 0;

  /** `reuse`: a spare buffer to fill from the start instead of allocating (see the file comment). */
  constructor(capacity = 1024, reuse?: ArrayBuffer) {
    this.buf = reuse === undefined ? new Uint8Array(Math.max(16, capacity)) : new Uint8Array(reuse);
  }

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  toArray(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  /** Element `i` (no view made: per-element readers). */
  at(i: number): number {
    return this.buf[i]!;
  }

  /** The used part, without copying (valid until the next push). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}
