/**
 * The on-disk layout of a password index (one hash mode per file), shared by the writer and reader.
 *
 * ```
 * [0, 64)            header: magic "LKPWIDX1", version, mode, hash bytes, hashes, count sum, table position
 * [64, tablePos)     records, sorted by hash; for each: hash bytes [2, H) then the count as LEB128 varint
 * [tablePos, +8·(2^20+1))  offset table: byte position of the first record of each 5-hex prefix
 *                    (uint64 LE), plus the end position, so prefix p spans [table[p], table[p+1])
 * ```
 *
 * The first two bytes and the high nibble of the third are the 20-bit prefix, which the table already
 * encodes; bytes [0, 2) are dropped, the redundant nibble is kept so a record stays byte-aligned.
 * Cost: 18 bytes (SHA-1) or 14 bytes (NTLM) per hash + 1–4 bytes of count (most counts are < 128, one
 * byte) + a fixed 8 MiB table; the real corpus (~2·10⁹ SHA-1 hashes) is ~39 GB against ~60 GB of text.
 * A range lookup is one table read (in memory) and one positional read of ~20 bytes × rows.
 */
import type { HashMode } from './hash.js';
import { HASH_BYTES, PREFIX_COUNT } from './hash.js';

export const MAGIC = 'LKPWIDX1';
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 64;
export const TABLE_ENTRIES = PREFIX_COUNT + 1;
export const TABLE_BYTES = TABLE_ENTRIES * 8;

const MODE_CODE: Readonly<Record<HashMode, number>> = { sha1: 1, ntlm: 2 };

export interface IndexHeader {
  readonly mode: HashMode;
  /** Bytes of each stored hash (hash length minus the two prefix bytes). */
  readonly storedBytes: number;
  readonly hashes: number;
  readonly countSum: number;
  readonly tablePos: number;
}

export function storedBytesFor(mode: HashMode): number {
  return HASH_BYTES[mode] - 2;
}

export function encodeHeader(h: IndexHeader): Buffer {
  const b = Buffer.alloc(HEADER_BYTES);
  b.write(MAGIC, 0, 'latin1');
  b.writeUInt8(FORMAT_VERSION, 8);
  b.writeUInt8(MODE_CODE[h.mode], 9);
  b.writeUInt8(HASH_BYTES[h.mode], 10);
  b.writeUInt8(h.storedBytes, 11);
  b.writeBigUInt64LE(BigInt(h.hashes), 16);
  b.writeDoubleLE(h.countSum, 24);
  b.writeBigUInt64LE(BigInt(h.tablePos), 32);
  return b;
}

/** Decodes a header or returns a reason it is not one (the caller names the file). */
export function decodeHeader(b: Buffer): IndexHeader | string {
  if (b.length < HEADER_BYTES) return 'file is shorter than an index header';
  if (b.toString('latin1', 0, 8) !== MAGIC) return 'not a Lockstep password index (bad magic)';
  const version = b.readUInt8(8);
  if (version !== FORMAT_VERSION) return `unsupported index version ${version}`;
  const code = b.readUInt8(9);
  const mode: HashMode | undefined = code === 1 ? 'sha1' : code === 2 ? 'ntlm' : undefined;
  if (!mode) return `unknown hash mode code ${code}`;
  const storedBytes = b.readUInt8(11);
  if (b.readUInt8(10) !== HASH_BYTES[mode] || storedBytes !== storedBytesFor(mode)) {
    return 'hash length does not match the mode';
  }
  return {
    mode,
    storedBytes,
    hashes: Number(b.readBigUInt64LE(16)),
    countSum: b.readDoubleLE(24),
    tablePos: Number(b.readBigUInt64LE(32)),
  };
}

/** Writes `value` (a non-negative safe integer) as LEB128 at `pos`; returns the new position. */
export function writeVarint(buf: Buffer, pos: number, value: number): number {
  let v = value;
  while (v >= 0x80) {
    buf[pos++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  buf[pos++] = v;
  return pos;
}

/** Largest varint a safe integer needs (2^53 → 8 bytes). */
export const MAX_VARINT_BYTES = 8;
