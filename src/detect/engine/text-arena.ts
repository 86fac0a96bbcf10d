/**
 * The distinct normalised original texts (engine/text-interner.ts) as code units in shared memory,
 * so that co-similar's worker (similar/in-worker.ts) reads them where the main thread wrote them.
 * Handing them over as strings was a structured clone of ~1.46M strings at 3M posts: ~3–5 s of the
 * main thread in the `Worker` constructor, then 6–8 s of the worker allocating and collecting its
 * copies (bench/RESULTS.md, h-tail session 18). A SharedArrayBuffer crosses threads as a reference.
 *
 * Layout: one byte arena. A text whose units are all below 256 (every ASCII text) takes one byte per
 * unit (Latin-1, as V8 keeps such a string); any other text two bytes per unit, little-endian (as
 * Buffer's `ucs2` reads them, on any host). `ends[i]` is where text i ends (text i starts where
 * text i − 1 ends), `wide[i]` is 1 for a two-byte text.
 *
 * Cost: O(length) per text added (one copy); amortised O(1) growth (the arrays double, copying into a
 * new SharedArrayBuffer); memory ≈ the texts' Latin-1 size + 5 bytes per text, ≤ 2× while growing.
 * Byte offsets are 32-bit: past 2 GiB of text the arena gives up (`shared()` answers undefined) and
 * the caller keeps the strings' path.
 */

/** The texts as another thread receives them: views of the arena's shared memory (no copy). */
export interface SharedTexts {
  count: number;
  /** The units of every text, one after another: `bytes[ends[i − 1], ends[i])` (0 for i = 0). */
  bytes: Uint8Array;
  ends: Int32Array;
  /** 1: text i is UTF-16LE (two bytes per unit), 0: Latin-1 (one byte per unit). */
  wide: Uint8Array;
}

/** 32-bit byte offsets. */
const MAX_BYTES = 0x7fffffff;

function sharedBytes(n: number, from?: Uint8Array): Uint8Array {
  const a = new Uint8Array(new SharedArrayBuffer(n));
  if (from !== undefined) a.set(from);
  return a;
}

export class TextArena {
  private bytes = sharedBytes(1 << 16);
  private ends = new Int32Array(new SharedArrayBuffer(4 << 12));
  private wide = sharedBytes(1 << 12);
  private used = 0;
  private full = false;
  private reader: SharedTextReader | undefined;
  count = 0;

  /** `maxBytes`: where the arena gives up (2 GiB; tests pass less). */
  constructor(private readonly maxBytes = MAX_BYTES) {}

  /**
   * Adds a text of `n` units given as bytes (an ASCII text's bytes are its units); false when the
   * arena is full (2 GiB): then nothing more is added, and the caller keeps strings instead.
   */
  addBytes(src: Uint8Array, n: number): boolean {
    if (!this.reserve(n)) return false;
    this.bytes.set(src.subarray(0, n), this.used);
    this.close(n, 0);
    return true;
  }

  /** Adds a text of `n` UTF-16 code units; false when the arena is full (see `addBytes`). */
  addUnits(src: Uint16Array, n: number): boolean {
    let narrow = true;
    for (let i = 0; i < n && narrow; i++) narrow = src[i]! < 256;
    if (narrow) {
      if (!this.reserve(n)) return false;
      const out = this.bytes;
      for (let i = 0, at = this.used; i < n; i++) out[at + i] = src[i]!;
      this.close(n, 0);
      return true;
    }
    if (!this.reserve(2 * n)) return false;
    const out = this.bytes;
    for (let i = 0, at = this.used; i < n; i++, at += 2) {
      const u = src[i]!;
      out[at] = u & 0xff;
      out[at + 1] = u >>> 8;
    }
    this.close(2 * n, 1);
    return true;
  }

  /** Adds `s` (its UTF-16 code units); false when the arena is full (see `addBytes`). */
  addString(s: string): boolean {
    const n = s.length;
    let narrow = true;
    for (let i = 0; i < n && narrow; i++) narrow = s.charCodeAt(i) < 256;
    if (!this.reserve(narrow ? n : 2 * n)) return false;
    const out = this.bytes;
    let at = this.used;
    if (narrow) for (let i = 0; i < n; i++) out[at++] = s.charCodeAt(i);
    else
      for (let i = 0; i < n; i++) {
        const u = s.charCodeAt(i);
        out[at++] = u & 0xff;
        out[at++] = u >>> 8;
      }
    this.close(at - this.used, narrow ? 0 : 1);
    return true;
  }

  /** Text i as a string. */
  text(i: number): string {
    return (this.reader ??= new SharedTextReader(this.view())).text(i);
  }

  /** Whether text i is `units[0, n)` (UTF-16 code units, or an ASCII text's bytes). */
  equals(i: number, units: Uint8Array | Uint16Array, n: number): boolean {
    const b = this.bytes;
    const start = i === 0 ? 0 : this.ends[i - 1]!;
    const end = this.ends[i]!;
    if (this.wide[i] === 0) {
      if (end - start !== n) return false;
      for (let j = 0; j < n; j++) if (b[start + j] !== units[j]) return false;
      return true;
    }
    if (end - start !== 2 * n) return false;
    for (let j = 0, at = start; j < n; j++, at += 2)
      if ((b[at]! | (b[at + 1]! << 8)) !== units[j]) return false;
    return true;
  }

  /** Whether text i is `s`. */
  equalsString(i: number, s: string): boolean {
    const b = this.bytes;
    const start = i === 0 ? 0 : this.ends[i - 1]!;
    const end = this.ends[i]!;
    const n = s.length;
    if (this.wide[i] === 0) {
      if (end - start !== n) return false;
      for (let j = 0; j < n; j++) if (b[start + j] !== s.charCodeAt(j)) return false;
      return true;
    }
    if (end - start !== 2 * n) return false;
    for (let j = 0, at = start; j < n; j++, at += 2)
      if ((b[at]! | (b[at + 1]! << 8)) !== s.charCodeAt(j)) return false;
    return true;
  }

  /** Lets the memory go once the arena is full and its owner has taken the texts as strings. */
  release(): void {
    this.bytes = sharedBytes(0);
    this.reader = undefined;
  }

  /** Views of the texts so far for another thread, or undefined when the arena gave up (2 GiB). */
  shared(): SharedTexts | undefined {
    return this.full ? undefined : this.view();
  }

  private view(): SharedTexts {
    return {
      count: this.count,
      bytes: this.bytes.subarray(0, this.used),
      ends: this.ends.subarray(0, this.count),
      wide: this.wide.subarray(0, this.count),
    };
  }

  /** Room for `n` more bytes and one more text; false (and the arena closed for good) past `maxBytes`. */
  private reserve(n: number): boolean {
    if (this.full) return false;
    if (this.used + n > this.maxBytes) {
      this.full = true;
      return false;
    }
    if (this.used + n > this.bytes.length) {
      let cap = this.bytes.length * 2;
      while (cap < this.used + n) cap *= 2;
      this.bytes = sharedBytes(Math.min(cap, this.maxBytes), this.bytes.subarray(0, this.used));
    }
    if (this.count === this.ends.length) {
      const ends = new Int32Array(new SharedArrayBuffer(8 * this.count));
      ends.set(this.ends);
      this.ends = ends;
      this.wide = sharedBytes(2 * this.count, this.wide);
    }
    return true;
  }

  private close(n: number, wide: number): void {
    // The reader's views end at the last text it was made for.
    this.reader = undefined;
    this.used += n;
    this.ends[this.count] = this.used;
    this.wide[this.count] = wide;
    this.count++;
  }
}

/** Reads text i of {@link SharedTexts} back as a string (a worker builds each one when it needs it). */
export class SharedTextReader {
  private readonly buf: {
    latin1Slice(s: number, e: number): string;
    ucs2Slice(s: number, e: number): string;
  };

  constructor(private readonly texts: SharedTexts) {
    const b = texts.bytes;
    // Buffer's own decoders without toString's argument checks (as ingest/csv-tokenizer.ts does).
    this.buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength) as unknown as typeof this.buf;
  }

  text(i: number): string {
    const { ends, wide } = this.texts;
    const start = i === 0 ? 0 : ends[i - 1]!;
    const end = ends[i]!;
    return wide[i] === 1 ? this.buf.ucs2Slice(start, end) : this.buf.latin1Slice(start, end);
  }
}
