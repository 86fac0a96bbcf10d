/**
 * Turns the records of one prefix bucket into a Pwned Passwords range body, and pads it.
 *
 * Format (as api.pwnedpasswords.com serves it, see docs/PASSWORDS.md): rows `SUFFIX:COUNT`, suffix in
 * uppercase hex (35 chars SHA-1, 27 NTLM), sorted by suffix, joined by CRLF with no CRLF after the last
 * row; an empty bucket is an empty body. Padding (`Add-Padding: true`, Cloudflare/HIBP 2020) appends
 * rows of random suffixes with count 0 after the real rows, each preceded by CRLF, so every body has a
 * similar size whatever the prefix; clients ignore count-0 rows.
 *
 * Cost: O(rows) with one output allocation; hex comes from a 256-entry table, not `toString('hex')`
 * per row, because this is the server's hot path.
 */
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import type { HashMode } from './hash.js';
import { SUFFIX_HEX } from './hash.js';
import { storedBytesFor } from './index-format.js';

const HEX = Buffer.from('0123456789ABCDEF', 'latin1');
const COLON = 0x3a;
const CR = 0x0d;
const LF = 0x0a;

/** One decoded record: its position in the bucket buffer and its count. */
export interface RecordVisitor {
  (bucket: Buffer, hashStart: number, count: number): void;
}

/** Walks the records of a bucket (stored hash bytes then LEB128 count); returns the row count. */
export function forEachRecord(bucket: Buffer, storedBytes: number, visit: RecordVisitor): number {
  let pos = 0;
  let rows = 0;
  while (pos < bucket.length) {
    const start = pos;
    pos += storedBytes;
    let count = 0;
    let mul = 1;
    for (;;) {
      const b = bucket[pos++];
      if (b === undefined) throw new RangeError('truncated record in index bucket');
      count += (b & 0x7f) * mul;
      if (b < 0x80) break;
      mul *= 0x80;
    }
    visit(bucket, start, count);
    rows++;
  }
  return rows;
}

function decimalLength(n: number): number {
  let len = 1;
  for (let v = n; v >= 10; v = Math.floor(v / 10)) len++;
  return len;
}

function writeDecimal(out: Buffer, pos: number, n: number, len: number): number {
  let v = n;
  for (let i = len - 1; i >= 0; i--) {
    out[pos + i] = 0x30 + (v % 10);
    v = Math.floor(v / 10);
  }
  return pos + len;
}

/** Writes the suffix hex of a stored hash: skip the first nibble (it is part of the prefix). */
function writeSuffix(out: Buffer, pos: number, src: Buffer, start: number, storedBytes: number): number {
  let p = pos;
  out[p++] = HEX[src[start]! & 0x0f]!;
  for (let i = 1; i < storedBytes; i++) {
    const b = src[start + i]!;
    out[p++] = HEX[b >> 4]!;
    out[p++] = HEX[b & 0x0f]!;
  }
  return p;
}

/** The unpadded range body of one bucket. */
export function formatBucket(bucket: Buffer, mode: HashMode): Buffer {
  const storedBytes = storedBytesFor(mode);
  const suffixLen = SUFFIX_HEX[mode];
  let size = 0;
  const rows = forEachRecord(bucket, storedBytes, (_b, _s, count) => {
    size += suffixLen + 1 + decimalLength(count) + 2;
  });
  if (rows === 0) return Buffer.alloc(0);
  const out = Buffer.allocUnsafe(size - 2);
  let pos = 0;
  forEachRecord(bucket, storedBytes, (b, start, count) => {
    if (pos > 0) {
      out[pos++] = CR;
      out[pos++] = LF;
    }
    pos = writeSuffix(out, pos, b, start, storedBytes);
    out[pos++] = COLON;
    pos = writeDecimal(out, pos, count, decimalLength(count));
  });
  return out;
}

export interface PaddingOptions {
  /** Pad up to at least this many rows (HIBP's 2020 announcement: 800). */
  readonly minRows?: number;
  /** Then add a further uniform 0 … maxExtraRows rows (HIBP: 0–200). */
  readonly maxExtraRows?: number;
  /**
   * Source of random bytes for the padding suffixes and the extra row count. Defaults to
   * `crypto.randomBytes`: an observer must not predict the padding. Tests pass a seeded one.
   */
  readonly randomBytes?: (n: number) => Buffer;
}

export const DEFAULT_PADDING = { minRows: 800, maxExtraRows: 200 } as const;

/** Number of padding rows for a bucket of `rows` real rows. */
export function paddingRows(rows: number, opts: PaddingOptions = {}): number {
  const minRows = opts.minRows ?? DEFAULT_PADDING.minRows;
  const maxExtra = opts.maxExtraRows ?? DEFAULT_PADDING.maxExtraRows;
  const rnd = (opts.randomBytes ?? cryptoRandomBytes)(4).readUInt32LE(0);
  const extra = maxExtra > 0 ? rnd % (maxExtra + 1) : 0;
  return Math.max(0, minRows - rows) + extra;
}

/** Appends `count` random `SUFFIX:0` rows to a body (CRLF-joined, none after the last row). */
export function appendPadding(
  body: Buffer,
  mode: HashMode,
  count: number,
  opts: PaddingOptions = {},
): Buffer {
  if (count <= 0) return body;
  const suffixLen = SUFFIX_HEX[mode];
  const rowLen = suffixLen + 2; // "SUFFIX:0"
  const storedBytes = storedBytesFor(mode);
  const random = (opts.randomBytes ?? cryptoRandomBytes)(count * storedBytes);
  const lead = body.length > 0 ? 2 : 0;
  const out = Buffer.allocUnsafe(body.length + lead + count * rowLen + (count - 1) * 2);
  body.copy(out, 0);
  let pos = body.length;
  for (let i = 0; i < count; i++) {
    if (pos > 0) {
      out[pos++] = CR;
      out[pos++] = LF;
    }
    pos = writeSuffix(out, pos, random, i * storedBytes, storedBytes);
    out[pos++] = COLON;
    out[pos++] = 0x30;
  }
  return out;
}
