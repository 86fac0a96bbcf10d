/**
 * Reads breach corpus files line by line into (binary hash, count) records.
 *
 * Layouts (what HIBP's PwnedPasswordsDownloader writes, plus plain lists):
 * - `hashes`: one file, lines `HASH:COUNT`, HASH 40 hex (SHA-1) or 32 hex (NTLM), any case;
 * - `range`: one file per prefix named `ABCDE.txt`, lines `SUFFIX:COUNT` (35 or 27 hex), i.e. the raw
 *   range response;
 * - `passwords`: one password per line, optionally `password<TAB>count`; hashed here.
 * LF, CRLF and a mix of both are accepted; a final line without a newline too. A line that does not
 * fit is skipped and counted with its file, line number and reason (never its content: it may be a
 * password or a hash), so a 60 GB run is not lost to one truncated line.
 *
 * Cost: streaming, one 1 MiB read buffer; hex is parsed with a lookup table, not regexes or strings,
 * because a full corpus is ~2·10⁹ lines.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { HashMode } from './hash.js';
import { HASH_BYTES, HASH_HEX, SUFFIX_HEX, hashPassword } from './hash.js';

export type CorpusFormat = 'hashes' | 'range' | 'passwords';

export type SkipReason =
  'empty-line' | 'bad-length' | 'not-hex' | 'bad-count' | 'zero-count' | 'stray-cr' | 'wrong-mode';

export const SKIP_TEXT: Readonly<Record<SkipReason, string>> = {
  'empty-line': 'empty line',
  'bad-length': 'truncated or over-long line (expected HASH:COUNT with a 40/32-hex hash or 35/27-hex suffix)',
  'not-hex': 'hash contains a non-hexadecimal character',
  'bad-count': 'count is missing or not a positive decimal integer',
  'zero-count': 'count 0 (a padding row, not a breach)',
  'stray-cr': 'carriage return inside a line',
  'wrong-mode': 'hash length of the other mode (SHA-1 vs NTLM) in this file',
};

export interface SkipExample {
  readonly file: string;
  readonly line: number;
  readonly reason: SkipReason;
}

/** Counts skipped lines by reason and keeps the first examples with file and line. */
export class SkipLog {
  total = 0;
  readonly byReason: Partial<Record<SkipReason, number>> = {};
  readonly examples: SkipExample[] = [];
  constructor(private readonly keep = 20) {}
  /** Records a skipped line; returns true so a line handler can `return skips.add(…)`. */
  add(file: string, line: number, reason: SkipReason): boolean {
    this.total++;
    this.byReason[reason] = (this.byReason[reason] ?? 0) + 1;
    if (this.examples.length < this.keep) this.examples.push({ file, line, reason });
    return true;
  }
}

let shared = Buffer.allocUnsafe(0);
const sniffBuf = Buffer.allocUnsafe(16 << 10);

/** Calls `onLine(buf, start, end, lineNo)` per line, `end` excluding the LF (a CR before it is kept). */
export function scanLines(
  path: string,
  onLine: (buf: Buffer, start: number, end: number, lineNo: number) => unknown,
  chunkBytes = 1 << 20,
): number {
  const fd = openSync(path, 'r');
  // One shared buffer: the full corpus can be 2^20 small range files, and a fresh 1 MiB per file
  // would dominate the run. Safe because the scan is synchronous.
  if (shared.length < chunkBytes) shared = Buffer.allocUnsafe(chunkBytes);
  let buf = shared;
  let filled = 0;
  let filePos = 0;
  let lineNo = 0;
  let bytes = 0;
  try {
    for (;;) {
      if (filled === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2); // one line longer than the buffer
        buf.copy(bigger, 0, 0, filled);
        buf = shared = bigger;
      }
      const n = readSync(fd, buf, filled, buf.length - filled, filePos);
      filePos += n;
      bytes += n;
      const end = filled + n;
      let start = 0;
      if (n === 0) {
        if (end > 0) onLine(buf, 0, end, ++lineNo);
        break;
      }
      for (let nl = buf.indexOf(0x0a, filled); nl !== -1 && nl < end; nl = buf.indexOf(0x0a, start)) {
        onLine(buf, start, nl, ++lineNo);
        start = nl + 1;
      }
      buf.copy(buf, 0, start, end);
      filled = end - start;
    }
  } finally {
    closeSync(fd);
  }
  return bytes;
}

const HEXVAL = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEXVAL[0x30 + i] = i;
for (let i = 0; i < 6; i++) HEXVAL[0x41 + i] = HEXVAL[0x61 + i] = 10 + i;

/** Parses `nibbles` hex chars at buf[start] into out starting at nibble `outNibble`; false if not hex. */
function parseHex(buf: Buffer, start: number, nibbles: number, out: Buffer, outNibble: number): boolean {
  for (let i = 0; i < nibbles; i++) {
    const v = HEXVAL[buf[start + i]!]!;
    if (v < 0) return false;
    const o = outNibble + i;
    const byte = o >> 1;
    out[byte] = o & 1 ? (out[byte]! & 0xf0) | v : (v << 4) | (out[byte]! & 0x0f);
  }
  return true;
}

/** Parses a positive decimal count in buf[start, end), or returns -1 (0 for a zero count). */
function parseCount(buf: Buffer, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

export interface CorpusFile {
  readonly path: string;
  readonly format: CorpusFormat;
  /** Hash mode of a hashes/range file (passwords take the index's mode). */
  readonly mode?: HashMode;
  /** Prefix of a range file, from its name. */
  readonly prefix?: number;
}

const RANGE_NAME = /^([0-9A-Fa-f]{5})\.txt$/;
const HASH_LINE = /^([0-9A-Fa-f]{40}|[0-9A-Fa-f]{32}):\d+\r?$/;
const SUFFIX_LINE = /^([0-9A-Fa-f]{35}|[0-9A-Fa-f]{27}):\d+\r?$/;

/** Looks at the name and the first non-empty lines to tell hashes, range and password files apart. */
export function sniffFile(path: string, forced?: CorpusFormat): CorpusFile {
  const lines: string[] = [];
  const fd = openSync(path, 'r');
  try {
    const n = readSync(fd, sniffBuf, 0, sniffBuf.length, 0);
    for (const l of sniffBuf.toString('latin1', 0, n).split('\n')) {
      if (l.replace(/\r$/, '') !== '') lines.push(l);
      if (lines.length >= 10) break;
    }
  } finally {
    closeSync(fd);
  }
  const name = RANGE_NAME.exec(basename(path));
  const suffixLen = lines.map((l) => SUFFIX_LINE.exec(l)?.[1]?.length).find((x) => x !== undefined);
  const hashLen = lines.map((l) => HASH_LINE.exec(l)?.[1]?.length).find((x) => x !== undefined);
  const rangeFile = (): CorpusFile => ({
    path,
    format: 'range',
    mode: suffixLen === SUFFIX_HEX.ntlm ? 'ntlm' : suffixLen === SUFFIX_HEX.sha1 ? 'sha1' : undefined,
    prefix: name?.[1] !== undefined ? parseInt(name[1], 16) : undefined,
  });
  const hashFile = (): CorpusFile => ({
    path,
    format: 'hashes',
    mode: hashLen === HASH_HEX.ntlm ? 'ntlm' : hashLen === HASH_HEX.sha1 ? 'sha1' : undefined,
  });
  if (forced === 'range') return rangeFile();
  if (forced === 'hashes') return hashFile();
  if (forced === 'passwords') return { path, format: 'passwords' };
  if (name && (suffixLen !== undefined || lines.length === 0)) return rangeFile();
  if (hashLen !== undefined) return hashFile();
  return { path, format: 'passwords' };
}

export type RecordSink = (hash: Buffer, count: number) => void;

/**
 * Streams one file's records into `sink` (the hash buffer is reused: copy it to keep it).
 * Returns the bytes read.
 */
export function readCorpusFile(file: CorpusFile, mode: HashMode, skips: SkipLog, sink: RecordSink): number {
  const hash = Buffer.alloc(HASH_BYTES[mode]);
  const name = file.path;
  if (file.format === 'passwords') {
    return scanLines(name, (buf, start, end, lineNo) => {
      let e = end;
      if (e > start && buf[e - 1] === 0x0d) e--;
      if (e === start) return skips.add(name, lineNo, 'empty-line');
      let count = 1;
      const tab = buf.lastIndexOf(0x09, e - 1);
      if (tab >= start) {
        const c = parseCount(buf, tab + 1, e);
        if (c > 0) {
          count = c;
          e = tab;
        } else if (c === 0) return skips.add(name, lineNo, 'zero-count');
      }
      if (e === start) return skips.add(name, lineNo, 'empty-line');
      sink(hashPassword(buf.subarray(start, e), mode), count);
      return false;
    });
  }
  const isRange = file.format === 'range';
  const hexLen = isRange ? SUFFIX_HEX[mode] : HASH_HEX[mode];
  const otherHexLen = isRange
    ? SUFFIX_HEX[mode === 'sha1' ? 'ntlm' : 'sha1']
    : HASH_HEX[mode === 'sha1' ? 'ntlm' : 'sha1'];
  const prefix = file.prefix ?? 0;
  if (isRange) {
    hash[0] = prefix >> 12;
    hash[1] = (prefix >> 4) & 0xff;
    hash[2] = (prefix & 0x0f) << 4;
  }
  return scanLines(name, (buf, start, end, lineNo) => {
    let e = end;
    if (e > start && buf[e - 1] === 0x0d) e--;
    if (e === start) return skips.add(name, lineNo, 'empty-line');
    const colon = buf.indexOf(0x3a, start);
    if (colon === -1 || colon >= e) {
      return skips.add(
        name,
        lineNo,
        buf.indexOf(0x0d, start) < e && buf.indexOf(0x0d, start) !== -1 ? 'stray-cr' : 'bad-length',
      );
    }
    const len = colon - start;
    if (len !== hexLen) return skips.add(name, lineNo, len === otherHexLen ? 'wrong-mode' : 'bad-length');
    if (!parseHex(buf, start, hexLen, hash, isRange ? 5 : 0)) return skips.add(name, lineNo, 'not-hex');
    const count = parseCount(buf, colon + 1, e);
    if (count < 0) {
      const cr = buf.indexOf(0x0d, colon);
      return skips.add(name, lineNo, cr !== -1 && cr < e ? 'stray-cr' : 'bad-count');
    }
    if (count === 0) return skips.add(name, lineNo, 'zero-count');
    sink(hash, count);
    return false;
  });
}
