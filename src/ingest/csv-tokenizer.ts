/**
 * Streaming RFC 4180 CSV tokenizer over Buffers: the hot path under every CSV reader.
 *
 * Why hand-written rather than `csv-parse` (installed, and used nowhere on this path): on the
 * generated 31-column Twitter information-operations CSV of bench/ingest-speed.ts (300k rows,
 * 138 MB, machine load average 16-19 on 2 cores) csv-parse tokenised 59.5k records/s of CPU time,
 * already below the 200k posts/s budget before building a single Post, because it decodes every
 * field to a string and allocates an array per record. This tokenizer only records field boundaries
 * in typed arrays and decodes the fields a reader asks for: 402k records/s of CPU time on the same
 * run, and the whole twitter-io reader (Posts with canonical URLs and profiles) 88-99k posts/s.
 *
 * Semantics (RFC 4180 plus the liberal parts real exports need): comma separator (configurable),
 * double-quote quoting with `""` escapes, CRLF / LF / lone CR record ends, newlines inside quoted
 * fields, a leading UTF-8 BOM dropped, blank lines skipped, a stray quote inside an unquoted field kept
 * as text. What cannot be read without guessing fails the whole file with ERR_INGEST_FORMAT naming the
 * line and byte column: text after a closing quote, a quote never closed, or a record longer than
 * `maxRecordBytes` (an unbalanced quote swallowing the file; the cap keeps memory constant).
 *
 * Cost: one pass over the bytes, O(fields) typed-array writes per record; memory is one chunk plus the
 * record being assembled. The `CsvRecord` handed to the callback is reused: read it before returning.
 */
import { LockstepError } from '../core/errors.js';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Node's Buffer has had `utf8Slice(start, end)` since its first versions (it is what `toString('utf8')`
 * calls after normalising its arguments); it is untyped, so it is declared here. Calling it directly
 * saves the argument checks on every decoded field, the most frequent call on the ingest path.
 */
interface FastSlice {
  utf8Slice(start: number, end: number): string;
}

/** One record, as field boundaries into the current buffer. Valid only during the callback. */
export class CsvRecord {
  buf: Buffer = Buffer.alloc(0);
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /** 1 where the field was quoted and contains `""` escapes. */
  escaped = new Uint8Array(64);
  count = 0;
  /** 1-based physical line where the record starts. */
  line = 0;

  /** Field `i` decoded as UTF-8; '' for an empty or absent (out of range, negative) field. */
  get(i: number): string {
    if (i < 0 || i >= this.count) return '';
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    if (s === e) return '';
    const v = (this.buf as unknown as FastSlice).utf8Slice(s, e);
    return this.escaped[i] === 1 ? v.replaceAll('""', '"') : v;
  }

  /** True when field `i` holds exactly the ASCII text `s` (no decoding, no allocation). */
  equals(i: number, s: string): boolean {
    if (i < 0 || i >= this.count) return s === '';
    const a = this.starts[i]!;
    if (this.ends[i]! - a !== s.length) return false;
    for (let k = 0; k < s.length; k++) if (this.buf[a + k] !== s.charCodeAt(k)) return false;
    return true;
  }

  /** True when field `i` is empty or absent (no decoding). */
  isEmpty(i: number): boolean {
    return i < 0 || i >= this.count || this.starts[i] === this.ends[i];
  }

  toArray(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.get(i));
    return out;
  }

  grow(): void {
    const n = this.starts.length * 2;
    const s = new Int32Array(n);
    s.set(this.starts);
    const e = new Int32Array(n);
    e.set(this.ends);
    const x = new Uint8Array(n);
    x.set(this.escaped);
    this.starts = s;
    this.ends = e;
    this.escaped = x;
  }
}

export interface CsvTokenizerOptions {
  /** File name for error messages. */
  file: string;
  /** Field separator, one ASCII character (default ','). */
  delimiter?: string;
  /** Longest record accepted before the file is declared desynchronised (default 16 MiB). */
  maxRecordBytes?: number;
}

export type RecordCallback = (rec: CsvRecord) => void;

export class CsvTokenizer {
  private pending: Buffer | undefined;
  /** Physical line number of the first byte of `pending` (or of the next chunk). */
  private line = 1;
  private started = false;
  private readonly rec = new CsvRecord();
  private readonly file: string;
  private readonly delim: number;
  private readonly maxRecordBytes: number;

  constructor(options: CsvTokenizerOptions) {
    this.file = options.file;
    const d = options.delimiter ?? ',';
    if (d.length !== 1 || d.charCodeAt(0) > 0x7f || d === '"' || d === '\n' || d === '\r') {
      throw new LockstepError(
        'ERR_USAGE',
        `CSV delimiter must be one ASCII character, got ${JSON.stringify(d)}`,
      );
    }
    this.delim = d.charCodeAt(0);
    this.maxRecordBytes = options.maxRecordBytes ?? 16 * 1024 * 1024;
  }

  /**
   * Bytes held back after the last `push`: the unfinished record at the chunk's end. Everything fed
   * before them ended on a record boundary (ingest/csv-chunks.ts cuts the input there).
   */
  get pendingBytes(): number {
    return this.pending?.length ?? 0;
  }

  /** Physical line of the first byte not yet parsed (the held-back record, or the next chunk). */
  get nextLine(): number {
    return this.line;
  }

  /**
   * Starts this tokenizer in the middle of a file, at a record boundary on physical line `line`:
   * the byte-order mark is a start-of-file matter, so it is not looked for.
   */
  resumeAt(line: number): void {
    this.line = line;
    this.started = true;
  }

  /** Feeds a chunk; calls `onRecord` for every complete record in it. */
  push(chunk: Buffer, onRecord: RecordCallback): void {
    if (this.pending && this.started && chunk.length > 0) {
      // Finish the record cut at the previous chunk's end by joining it with the new chunk's first
      // lines only, instead of copying the whole (1 MiB) chunk behind it; a record whose quoted
      // newlines run on further widens the window a few times, then falls back to a full join.
      const pending = this.pending;
      let window = 0;
      for (let tries = 0; tries < 4; tries++) {
        const nl = window + 4096 >= chunk.length ? -1 : chunk.indexOf(LF, window + 4096);
        if (nl === -1) break;
        window = nl + 1;
        const used = this.parse(Buffer.concat([pending, chunk.subarray(0, window)]), false, onRecord);
        if (used >= pending.length) {
          this.pending = undefined;
          this.feed(chunk.subarray(used - pending.length), onRecord);
          return;
        }
      }
    }
    let buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    if (!this.started) {
      // Decide about a BOM only once three bytes (or a non-BOM first byte) have arrived.
      if (buf.length === 0 || (buf.length < 3 && buf[0] === 0xef)) {
        this.pending = buf.length === 0 ? undefined : buf;
        return;
      }
      this.started = true;
      if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    this.feed(buf, onRecord);
  }

  /** Parses `buf` (which starts at a record boundary) and keeps its unfinished tail. */
  private feed(buf: Buffer, onRecord: RecordCallback): void {
    const used = this.parse(buf, false, onRecord);
    // Copy the tail: keeping a view would pin the whole chunk until the next one arrives.
    this.pending = used < buf.length ? Buffer.from(buf.subarray(used)) : undefined;
    if (this.pending && this.pending.length > this.maxRecordBytes) {
      // Name the real cause: an open quote swallows the line breaks after it; without a quote the
      // line itself is that long (one huge line, or not a line-based text file at all).
      const cause = this.pending.includes(0x22)
        ? 'a quote in it is probably never closed'
        : 'it has no line break (and no quote): not line-based CSV, or one huge line';
      throw new LockstepError(
        'ERR_INGEST_FORMAT',
        `${this.file}:${this.line}: a record starting here runs past ${this.maxRecordBytes} bytes; ${cause}`,
        { file: this.file, line: this.line, column: 1 },
      );
    }
  }

  /** Flushes the last record (a file need not end with a newline). */
  end(onRecord: RecordCallback): void {
    if (!this.started) {
      this.started = true;
    }
    if (this.pending && this.pending.length > 0) {
      const buf = this.pending;
      this.pending = undefined;
      this.parse(buf, true, onRecord);
    }
  }

  private fail(line: number, column: number, what: string): never {
    throw new LockstepError('ERR_INGEST_FORMAT', `${this.file}:${line}:${column}: ${what}`, {
      file: this.file,
      line,
      column,
    });
  }

  /** Parses whole records from `buf`; returns the offset of the first byte not consumed. */
  private parse(buf: Buffer, final: boolean, onRecord: RecordCallback): number {
    const n = buf.length;
    const rec = this.rec;
    const delim = this.delim;
    rec.buf = buf;
    let p = 0;
    let line = this.line;
    while (p < n) {
      const recStart = p;
      const recLine = line;
      let lineStart = p;
      let c = buf[p]!;
      // Blank lines are not records.
      if (c === LF) {
        p++;
        line++;
        continue;
      }
      if (c === CR) {
        if (p + 1 >= n && !final) break;
        p += buf[p + 1] === LF ? 2 : 1;
        line++;
        continue;
      }
      let nf = 0;
      for (;;) {
        if (nf === rec.starts.length) rec.grow();
        if (p < n && buf[p] === QUOTE) {
          const quoteLine = line;
          const quoteCol = p - lineStart + 1;
          let q = p + 1;
          let esc = 0;
          let close: number;
          for (;;) {
            const j = buf.indexOf(QUOTE, q);
            if (j === -1) {
              if (!final) {
                this.line = recLine;
                return recStart;
              }
              this.fail(quoteLine, quoteCol, 'quoted field is never closed');
            }
            if (j + 1 >= n && !final) {
              this.line = recLine;
              return recStart;
            }
            if (j + 1 < n && buf[j + 1] === QUOTE) {
              esc = 1;
              q = j + 2;
              continue;
            }
            close = j;
            break;
          }
          for (let k = p + 1; k < close; k++) {
            if (buf[k] === LF) {
              line++;
              lineStart = k + 1;
            }
          }
          rec.starts[nf] = p + 1;
          rec.ends[nf] = close;
          rec.escaped[nf] = esc;
          nf++;
          p = close + 1;
          if (p >= n) break;
          c = buf[p]!;
          if (c === delim) {
            p++;
            continue;
          }
          if (c === LF || c === CR) break;
          this.fail(
            line,
            p - lineStart + 1,
            `unexpected ${JSON.stringify(String.fromCharCode(c))} after a closing quote`,
          );
        } else {
          const s = p;
          c = 0;
          while (p < n) {
            c = buf[p]!;
            if (c === delim || c === LF || c === CR) break;
            p++;
          }
          if (p >= n && !final) {
            this.line = recLine;
            return recStart;
          }
          rec.starts[nf] = s;
          rec.ends[nf] = p;
          rec.escaped[nf] = 0;
          nf++;
          if (p < n && c === delim) {
            p++;
            continue;
          }
          break;
        }
      }
      // At a record end: consume CRLF / LF / CR (a CR at the very end of a chunk may precede an LF).
      if (p < n) {
        if (buf[p] === CR) {
          if (p + 1 >= n && !final) {
            this.line = recLine;
            return recStart;
          }
          p++;
          if (p < n && buf[p] === LF) p++;
        } else {
          p++;
        }
      }
      line++;
      rec.count = nf;
      rec.line = recLine;
      onRecord(rec);
    }
    this.line = line;
    return p;
  }
}

/** Tokenizes a whole in-memory string; for headers, sniffing and tests. */
export function parseCsvString(text: string, file = '<string>'): string[][] {
  const out: string[][] = [];
  const t = new CsvTokenizer({ file });
  const cb = (r: CsvRecord): void => {
    out.push(r.toArray());
  };
  t.push(Buffer.from(text, 'utf8'), cb);
  t.end(cb);
  return out;
}
