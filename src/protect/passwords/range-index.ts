/**
 * Reads a password index (see index-format.ts): answers range queries and exact-hash counts.
 *
 * Opening reads the 64-byte header and the 8 MiB offset table into memory; each query is one positional
 * read of its bucket (≈ 20 bytes × rows; ~2,000 rows per prefix on the real corpus), so the index can
 * be far larger than RAM and the OS page cache does the rest. Async reads go through libuv's thread pool
 * (the server); sync reads serve the CLI and in-process checks.
 */
import { closeSync, fstatSync, openSync, read, readSync } from 'node:fs';
import { LockstepError } from '../../core/errors.js';
import type { HashMode } from './hash.js';
import { PREFIX_COUNT, prefixOf } from './hash.js';
import type { IndexHeader } from './index-format.js';
import { HEADER_BYTES, TABLE_BYTES, TABLE_ENTRIES, decodeHeader } from './index-format.js';
import type { PaddingOptions } from './range-format.js';
import { appendPadding, forEachRecord, formatBucket, paddingRows } from './range-format.js';

export interface IndexStats {
  readonly mode: HashMode;
  readonly hashes: number;
  readonly countSum: number;
  readonly fileBytes: number;
  readonly bytesPerHash: number;
}

export class RangeIndex {
  readonly path: string;
  readonly mode: HashMode;
  readonly header: IndexHeader;
  private fd: number;
  private readonly table: Float64Array;
  private readonly fileBytes: number;

  private constructor(path: string, fd: number, header: IndexHeader, table: Float64Array, size: number) {
    this.path = path;
    this.fd = fd;
    this.header = header;
    this.mode = header.mode;
    this.table = table;
    this.fileBytes = size;
  }

  /** Opens and validates an index; throws ERR_PASSWORDS_BAD_INDEX naming the file. */
  static open(path: string): RangeIndex {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      throw new LockstepError('ERR_IO', `cannot open password index ${path}`, { file: path }, { cause: e });
    }
    try {
      const size = fstatSync(fd).size;
      const head = Buffer.alloc(HEADER_BYTES);
      readSync(fd, head, 0, HEADER_BYTES, 0);
      const header = decodeHeader(head);
      const bad = (why: string): LockstepError =>
        new LockstepError('ERR_PASSWORDS_BAD_INDEX', `${path}: ${why}`, { file: path });
      if (typeof header === 'string') throw bad(header);
      if (header.tablePos < HEADER_BYTES || header.tablePos + TABLE_BYTES !== size) {
        throw bad(`truncated or corrupt (size ${size}, table at ${header.tablePos})`);
      }
      const raw = Buffer.alloc(TABLE_BYTES);
      readSync(fd, raw, 0, TABLE_BYTES, header.tablePos);
      const table = new Float64Array(TABLE_ENTRIES);
      let prev = HEADER_BYTES;
      for (let i = 0; i < TABLE_ENTRIES; i++) {
        const v = Number(raw.readBigUInt64LE(i * 8));
        if (v < prev || v > header.tablePos) throw bad(`offset table is not monotonic at prefix ${i}`);
        table[i] = prev = v;
      }
      if (table[0] !== HEADER_BYTES || table[PREFIX_COUNT] !== header.tablePos) {
        throw bad('offset table does not cover the records');
      }
      return new RangeIndex(path, fd, header, table, size);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  stats(): IndexStats {
    const { hashes, countSum } = this.header;
    return {
      mode: this.mode,
      hashes,
      countSum,
      fileBytes: this.fileBytes,
      bytesPerHash: hashes > 0 ? this.fileBytes / hashes : 0,
    };
  }

  /** Number of hashes stored under a prefix. O(rows). */
  rowsIn(prefix: number): number {
    return forEachRecord(this.bucketSync(prefix), this.header.storedBytes, () => undefined);
  }

  private span(prefix: number): [number, number] {
    if (!Number.isInteger(prefix) || prefix < 0 || prefix >= PREFIX_COUNT) {
      throw new LockstepError('ERR_PASSWORDS_BAD_PREFIX', `prefix ${prefix} is out of range`);
    }
    return [this.table[prefix]!, this.table[prefix + 1]!];
  }

  bucketSync(prefix: number): Buffer {
    const [start, end] = this.span(prefix);
    const buf = Buffer.allocUnsafe(end - start);
    let done = 0;
    while (done < buf.length) {
      const n = readSync(this.fd, buf, done, buf.length - done, start + done);
      if (n === 0) throw new LockstepError('ERR_PASSWORDS_BAD_INDEX', `${this.path}: unexpected end of file`);
      done += n;
    }
    return buf;
  }

  bucket(prefix: number): Promise<Buffer> {
    const [start, end] = this.span(prefix);
    const buf = Buffer.allocUnsafe(end - start);
    return new Promise((resolve, reject) => {
      const step = (done: number): void => {
        if (done >= buf.length) {
          resolve(buf);
          return;
        }
        read(this.fd, buf, done, buf.length - done, start + done, (err, n) => {
          if (err) reject(err);
          else if (n === 0)
            reject(new LockstepError('ERR_PASSWORDS_BAD_INDEX', `${this.path}: unexpected end`));
          else step(done + n);
        });
      };
      step(0);
    });
  }

  /** The range body for a prefix, padded when `padding` is given. */
  async range(prefix: number, padding?: PaddingOptions): Promise<Buffer> {
    return this.render(await this.bucket(prefix), padding);
  }

  rangeSync(prefix: number, padding?: PaddingOptions): Buffer {
    return this.render(this.bucketSync(prefix), padding);
  }

  private render(bucket: Buffer, padding?: PaddingOptions): Buffer {
    const body = formatBucket(bucket, this.mode);
    if (!padding) return body;
    const rows = forEachRecord(bucket, this.header.storedBytes, () => undefined);
    return appendPadding(body, this.mode, paddingRows(rows, padding), padding);
  }

  /** How often a full binary hash was seen (0 when absent). */
  countOfSync(hash: Uint8Array): number {
    return this.find(this.bucketSync(this.checkHash(hash)), hash);
  }

  async countOf(hash: Uint8Array): Promise<number> {
    return this.find(await this.bucket(this.checkHash(hash)), hash);
  }

  private checkHash(hash: Uint8Array): number {
    if (hash.length !== this.header.storedBytes + 2) {
      throw new LockstepError(
        'ERR_USAGE',
        `expected a ${this.mode} hash of ${this.header.storedBytes + 2} bytes`,
      );
    }
    return prefixOf(hash);
  }

  private find(bucket: Buffer, hash: Uint8Array): number {
    const key = Buffer.from(hash.buffer, hash.byteOffset + 2, hash.byteLength - 2);
    const n = this.header.storedBytes;
    let found = 0;
    forEachRecord(bucket, n, (b, start, count) => {
      if (found === 0 && b.compare(key, 0, n, start, start + n) === 0) found = count;
    });
    return found;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
