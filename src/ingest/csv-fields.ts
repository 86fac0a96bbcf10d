/**
 * A chunk's records as field boundaries, written by the thread that cuts the file (ingest/csv-chunks.ts
 * runs the tokenizer over every byte to find record ends anyway) and replayed by the thread that reads
 * the rows, so the bytes are tokenised once instead of twice (issue #9 item 5: the read worker is the
 * critical path, its tokenizer pass 13.7 % of its CPU at 3M — bench/RESULTS.md h-read2, session 20).
 *
 * Layout, one Int32Array per chunk, records in file order:
 *   count, line, then per field: start, end (offsets into the chunk's bytes; the start's top bit set
 *   when the field was quoted and holds `""` escapes, CsvRecord.escaped).
 * A record of the 31-column twitter-io layout takes 64 ints (256 bytes) for ~340 bytes of CSV.
 *
 * Replaying fills one reused CsvRecord exactly as the tokenizer would have (same fields, escapes and
 * physical line), so a row reader cannot tell the two apart; errors of the file's syntax were raised
 * by the cutting tokenizer, with the one-thread reader's message, before the chunk was cut.
 *
 * Cost: recording O(fields) int writes per record on the cutting thread; replaying O(fields) copies
 * per record instead of a pass over the record's bytes.
 */
import { CsvRecord } from './csv-tokenizer.js';

const ESCAPED = 0x80000000;

/** Collects records' field boundaries relative to the start of the chunk they will be cut into. */
export class CsvFieldRecorder {
  private ints = new Int32Array(1 << 16);
  private used = 0;
  /** Stream offset (CsvRecord.at's scale) of the next chunk's first byte. */
  private chunkStart = 0;

  /** Appends one record (the tokenizer's callback argument). */
  add(r: CsvRecord): void {
    const n = r.count;
    const need = this.used + 2 + 2 * n;
    if (need > this.ints.length) this.grow(need);
    const ints = this.ints;
    let w = this.used;
    ints[w++] = n;
    ints[w++] = r.line;
    // Offsets within the chunk: the record's buffer may be a join of the previous chunk's tail and this one.
    const shift = r.at - this.chunkStart;
    const { starts, ends, escaped } = r;
    for (let i = 0; i < n; i++) {
      const s = starts[i]! + shift;
      ints[w++] = escaped[i] === 1 ? s | ESCAPED : s;
      ints[w++] = ends[i]! + shift;
    }
    this.used = w;
  }

  /** Ints recorded since the last cut (every record added is in the chunk being cut). */
  get length(): number {
    return this.used;
  }

  /**
   * Copies the records added since the last cut into `out` (`length` ints) and starts the next chunk,
   * `bytes` further on in the stream.
   */
  cut(bytes: number, out: Int32Array): void {
    out.set(this.ints.subarray(0, this.used));
    this.used = 0;
    this.chunkStart += bytes;
  }

  private grow(need: number): void {
    let n = this.ints.length * 2;
    while (n < need) n *= 2;
    const next = new Int32Array(n);
    next.set(this.ints.subarray(0, this.used));
    this.ints = next;
  }
}

/** Hands each record of `fields` (over the chunk's `bytes`) to `onRecord` in one reused CsvRecord. */
export class CsvFieldReplayer {
  private readonly rec = new CsvRecord();

  replay(bytes: Uint8Array, fields: Int32Array, onRecord: (r: CsvRecord) => void): void {
    const rec = this.rec;
    rec.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    rec.at = 0;
    const end = fields.length;
    let p = 0;
    while (p < end) {
      const n = fields[p++]!;
      rec.line = fields[p++]!;
      while (rec.starts.length < n) rec.grow();
      const { starts, ends, escaped } = rec;
      for (let i = 0; i < n; i++) {
        const s = fields[p++]!;
        if (s < 0) {
          starts[i] = s & ~ESCAPED;
          escaped[i] = 1;
        } else {
          starts[i] = s;
          escaped[i] = 0;
        }
        ends[i] = fields[p++]!;
      }
      rec.count = n;
      onRecord(rec);
    }
  }
}
