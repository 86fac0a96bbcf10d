/**
 * Writes a password index from hashes that arrive in ascending order (see index-format.ts).
 *
 * Equal adjacent hashes are merged (counts summed); a hash smaller than the previous one raises
 * `OutOfOrderError` so the builder can fall back to its external sort. Output goes to `<out>.tmp` and is
 * renamed over `<out>` only by `finish()`, so a crash never leaves a half index under the real name.
 * Memory: a 4 MiB write buffer + the 8 MiB offset table. Sync I/O: this runs in a batch command.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { HashMode } from './hash.js';
import { HASH_BYTES, PREFIX_COUNT, prefixOf } from './hash.js';
import {
  HEADER_BYTES,
  MAX_VARINT_BYTES,
  TABLE_BYTES,
  TABLE_ENTRIES,
  encodeHeader,
  storedBytesFor,
  writeVarint,
} from './index-format.js';

export class OutOfOrderError extends Error {
  constructor() {
    super('input hashes are not in ascending order');
    this.name = 'OutOfOrderError';
  }
}

const BUFFER_BYTES = 4 << 20;

export interface WriterSummary {
  readonly mode: HashMode;
  readonly hashes: number;
  readonly countSum: number;
  readonly fileBytes: number;
}

export class IndexWriter {
  readonly mode: HashMode;
  private readonly out: string;
  private readonly tmp: string;
  private readonly fd: number;
  private readonly hashBytes: number;
  private readonly stored: number;
  private readonly buf = Buffer.allocUnsafe(BUFFER_BYTES);
  private bufPos = 0;
  private filePos = HEADER_BYTES;
  private readonly starts = new Float64Array(TABLE_ENTRIES);
  private nextPrefix = 0;
  private readonly last: Buffer;
  private lastCount = 0;
  private hasLast = false;
  private hashes = 0;
  private countSum = 0;
  private closed = false;

  constructor(out: string, mode: HashMode) {
    this.out = out;
    this.tmp = `${out}.tmp`;
    this.mode = mode;
    this.hashBytes = HASH_BYTES[mode];
    this.stored = storedBytesFor(mode);
    this.last = Buffer.alloc(this.hashBytes);
    this.fd = openSync(this.tmp, 'w');
    writeSync(this.fd, Buffer.alloc(HEADER_BYTES), 0, HEADER_BYTES, 0);
  }

  /** Adds one hash (exactly `HASH_BYTES[mode]` bytes, read at `offset`) with its count (> 0). */
  add(hash: Uint8Array, count: number, offset = 0): void {
    if (this.hasLast) {
      const cmp = this.last.compare(hash, offset, offset + this.hashBytes);
      if (cmp === 0) {
        this.lastCount += count;
        return;
      }
      if (cmp > 0) throw new OutOfOrderError();
      this.emit();
    }
    this.last.set(hash.subarray(offset, offset + this.hashBytes));
    this.lastCount = count;
    this.hasLast = true;
  }

  private emit(): void {
    const prefix = prefixOf(this.last);
    while (this.nextPrefix <= prefix) this.starts[this.nextPrefix++] = this.filePos + this.bufPos;
    if (this.bufPos + this.stored + MAX_VARINT_BYTES > BUFFER_BYTES) this.flush();
    this.last.copy(this.buf, this.bufPos, 2);
    this.bufPos = writeVarint(this.buf, this.bufPos + this.stored, this.lastCount);
    this.hashes++;
    this.countSum += this.lastCount;
  }

  private flush(): void {
    let done = 0;
    while (done < this.bufPos)
      done += writeSync(this.fd, this.buf, done, this.bufPos - done, this.filePos + done);
    this.filePos += this.bufPos;
    this.bufPos = 0;
  }

  /** Writes the table and header and renames the file into place. */
  finish(): WriterSummary {
    if (this.hasLast) this.emit();
    this.hasLast = false;
    this.flush();
    const tablePos = this.filePos;
    while (this.nextPrefix <= PREFIX_COUNT) this.starts[this.nextPrefix++] = tablePos;
    const table = Buffer.allocUnsafe(TABLE_BYTES);
    for (let i = 0; i < TABLE_ENTRIES; i++) table.writeBigUInt64LE(BigInt(this.starts[i]!), i * 8);
    writeSync(this.fd, table, 0, TABLE_BYTES, tablePos);
    const header = encodeHeader({
      mode: this.mode,
      storedBytes: this.stored,
      hashes: this.hashes,
      countSum: this.countSum,
      tablePos,
    });
    writeSync(this.fd, header, 0, HEADER_BYTES, 0);
    closeSync(this.fd);
    this.closed = true;
    renameSync(this.tmp, this.out);
    return {
      mode: this.mode,
      hashes: this.hashes,
      countSum: this.countSum,
      fileBytes: tablePos + TABLE_BYTES,
    };
  }

  /** Drops the temporary file (after an error or an out-of-order fallback). */
  abort(): void {
    if (!this.closed) closeSync(this.fd);
    this.closed = true;
    rmSync(this.tmp, { force: true });
  }
}
