/**
 * One CSV file cut into chunks of whole records, so that several threads can parse it (cli/read's
 * chunk reader): the cutting thread runs the file's tokenizer once over the bytes and cuts where it
 * stopped at a record boundary; each parsing thread tokenises its chunk again from that boundary and
 * builds the Posts. The cut is exact, not guessed from quote parity or line breaks (a quoted field
 * holds line breaks; a stray quote in an unquoted field would flip a parity count), so the records,
 * their line numbers and every error are those of the one-thread reader (ingest/read.ts): a malformed
 * file fails in the cutting thread, with the same message, before any chunk past the fault is parsed.
 *
 * Cost: the tokenizer's pass twice over the bytes (once here, once per chunk) — ~7 % of the read worker's
 * CPU time in the profile of docs/INGEST.md — plus one copy of each chunk into a buffer of its own (which
 * can then be transferred to another thread without a copy). Memory: the chunk being cut and the
 * unfinished record at its end.
 */
import type { Post } from '../core/post.js';
import { CsvTokenizer, type CsvRecord } from './csv-tokenizer.js';
import type { CsvFormat, ReaderContext } from './formats/common.js';
import type { FormatName, IngestOptions } from './options.js';
import { CsvRowReader, emptyCsvError, isParquet, READERS, resolveFormat } from './read.js';
import { inputChunks } from './source.js';
import type { IngestStats } from './stats.js';

/** Whole records of one file. */
export interface CsvChunk {
  /** The records' bytes, in an ArrayBuffer of their own (transferable). */
  bytes: Uint8Array;
  /** Physical line (1-based) of the first byte. */
  line: number;
  /** The file's first chunk: it starts with the (optional) byte-order mark and the header. */
  first: boolean;
  /** The file's last chunk: its last record may lack a line break. */
  final: boolean;
}

/** Cuts a file's byte stream into chunks of whole records (the cutting thread's side). */
export class CsvChunker {
  private readonly tok: CsvTokenizer;
  private carry: Buffer | undefined;
  private first = true;
  private headerRow: string[] | undefined;
  private readonly onRecord = (r: CsvRecord): void => {
    this.headerRow ??= r.toArray();
  };

  constructor(file: string, delimiter?: string) {
    this.tok = new CsvTokenizer({ file, delimiter });
  }

  /** The header, once the first record has been read. */
  get header(): string[] | undefined {
    return this.headerRow;
  }

  /** Feeds decompressed bytes; returns the records they completed, if any. Throws what the tokenizer throws. */
  push(chunk: Buffer): CsvChunk | undefined {
    const line = this.tok.nextLine;
    this.tok.push(chunk, this.onRecord);
    const carried = this.carry?.length ?? 0;
    const used = carried + chunk.length - this.tok.pendingBytes;
    // Nothing is cut before the header is whole: the first chunk holds the byte-order mark and the header.
    if (used === 0 || this.headerRow === undefined) {
      this.carry = this.carry === undefined ? Buffer.from(chunk) : Buffer.concat([this.carry, chunk]);
      return undefined;
    }
    const bytes = new Uint8Array(used);
    if (this.carry !== undefined) bytes.set(this.carry.subarray(0, Math.min(carried, used)));
    if (used > carried) bytes.set(chunk.subarray(0, used - carried), carried);
    // The unfinished record: the rest of the old carry (when nothing of the chunk was used) and the chunk's tail.
    const restOfCarry = used < carried ? this.carry!.subarray(used) : undefined;
    const tail = chunk.subarray(Math.max(0, used - carried));
    this.carry =
      restOfCarry !== undefined
        ? Buffer.concat([restOfCarry, tail])
        : tail.length > 0
          ? Buffer.from(tail)
          : undefined;
    const out: CsvChunk = { bytes, line, first: this.first, final: false };
    this.first = false;
    return out;
  }

  /** The last records (the last may lack a line break); always returned, possibly empty. */
  end(): CsvChunk {
    const line = this.tok.nextLine;
    this.tok.end(this.onRecord);
    const bytes = new Uint8Array(this.carry?.length ?? 0);
    if (this.carry !== undefined) bytes.set(this.carry);
    this.carry = undefined;
    const out: CsvChunk = { bytes, line, first: this.first, final: true };
    this.first = false;
    return out;
  }
}

/**
 * Parses one chunk cut by CsvChunker (a parsing thread's side): its posts, with rows, posts and
 * skips counted in `stats` exactly as the one-thread reader counts them. `header` is the file's
 * header (from CsvChunker.header); the first chunk's own header line is read and bound instead.
 */
export function parseCsvChunk(
  format: CsvFormat,
  ctx: ReaderContext,
  header: string[],
  chunk: CsvChunk,
  stats: IngestStats,
): Post[] {
  const tok = new CsvTokenizer({ file: ctx.file, delimiter: format.delimiter?.(ctx) });
  const rows = new CsvRowReader(format, ctx, stats);
  if (!chunk.first) {
    tok.resumeAt(chunk.line);
    rows.bind(header);
  }
  const buf = Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength);
  tok.push(buf, rows.onRecord);
  if (chunk.final) tok.end(rows.onRecord);
  else if (tok.pendingBytes !== 0) {
    throw new Error(`${ctx.file}:${chunk.line}: chunk does not end on a record boundary (internal error)`);
  }
  return rows.out;
}

/** The files' formats when every one is read by a CSV reader (so can be cut into chunks), else undefined. */
export async function csvFormatsOf(
  paths: readonly string[],
  options: IngestOptions,
): Promise<FormatName[] | undefined> {
  const formats: FormatName[] = [];
  for (const path of paths) {
    // Parquet is columnar: DuckDB reads it (parquet.ts), there are no CSV records to cut.
    if (isParquet(path)) return undefined;
    const format = await resolveFormat(path, options);
    if (READERS[format].kind !== 'csv') return undefined;
    formats.push(format);
  }
  return formats;
}

function csvReader(format: FormatName): CsvFormat {
  const reader = READERS[format];
  if (reader.kind !== 'csv') throw new Error(`${format} is not a CSV format`);
  return reader;
}

/**
 * The chunks of one CSV file with its header; the header is checked against the format before its
 * chunk is yielded, and a file without one fails, as the one-thread reader fails.
 */
export async function* csvFileChunks(
  path: string,
  format: FormatName,
  options: IngestOptions,
  /** Cut at most this many input bytes at a time (tests use a few bytes to cut records everywhere). */
  pieceBytes = Infinity,
): AsyncGenerator<{ chunk: CsvChunk; header: string[] }> {
  const reader = csvReader(format);
  const ctx: ReaderContext = { file: path, options };
  const chunker = new CsvChunker(path, reader.delimiter?.(ctx));
  let checked = false;
  const out = (chunk: CsvChunk): { chunk: CsvChunk; header: string[] } => {
    const header = chunker.header;
    if (header === undefined) throw emptyCsvError(path);
    if (!checked) {
      reader.bind(header, ctx);
      checked = true;
    }
    return { chunk, header };
  };
  for await (const bytes of inputChunks(path)) {
    for (let at = 0; at < bytes.length; at += pieceBytes) {
      const chunk = chunker.push(pieceBytes >= bytes.length ? bytes : bytes.subarray(at, at + pieceBytes));
      if (chunk !== undefined) yield out(chunk);
    }
  }
  yield out(chunker.end());
}

/** parseCsvChunk by format name (for a thread that receives chunks of any of the run's files). */
export function parseCsvFileChunk(
  path: string,
  format: FormatName,
  options: IngestOptions,
  header: string[],
  chunk: CsvChunk,
  stats: IngestStats,
): Post[] {
  return parseCsvChunk(csvReader(format), { file: path, options }, header, chunk, stats);
}
