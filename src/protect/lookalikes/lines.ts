/**
 * Splits a byte stream into lines: the watch feed's hot path (a million names a second), where
 * decoding every chunk as UTF-8 and splitting it with a RegExp, or cutting each line out of the
 * Buffer with `toString`, cost more than matching the names.
 *
 * Each chunk is decoded once as latin1 (one character per byte, so string and byte offsets agree)
 * and split with native `indexOf`; a line is then one `slice` of that string. That is the UTF-8
 * decoding whenever the line is ASCII, which `buffer.isAscii` answers for the whole chunk at once
 * (SIMD); the lines of a chunk that is not ASCII are checked one by one and decoded from the bytes
 * when they hold UTF-8. Line breaks are CRLF, LF or a lone CR, as node:readline counts them; a CR
 * at the end of a chunk waits for the next chunk so a CRLF split across chunks is still one break.
 * A line split across chunks is joined from its bytes, so a UTF-8 sequence is never cut.
 *
 * Lines are slices: each keeps its chunk's string (64 KiB) alive while it lives. Callers that keep a
 * line (a hit, a skipped value) copy it with {@link detach}. Cost: O(bytes), native scans except for
 * the lines of non-ASCII chunks; memory: one chunk and one partial line.
 */
import { isAscii } from 'node:buffer';

/** Receives one line without its line break; `line` counts from 1. */
export type OnLine = (text: string, line: number) => void;

const CR = 13;
const LF = 10;

/** A flat copy of a string cut from a chunk, so that keeping it does not keep the chunk. */
export function detach(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

function asciiRange(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

export class LineSplitter {
  /** Bytes of the unfinished line, one copy per chunk it spans (joined once, when it ends). */
  private carry: Buffer[] = [];
  /** The previous chunk ended in CR: an LF at the start of this one belongs to it. */
  private skipLF = false;
  /** Lines handed over so far (the number of the last one). */
  line = 0;

  constructor(private readonly onLine: OnLine) {}

  push(chunk: Buffer): void {
    if (chunk.length === 0) return; // and a pending CR keeps waiting for its LF
    let start = 0;
    if (this.skipLF) {
      this.skipLF = false;
      if (chunk[0] === LF) start = 1;
    }
    if (this.carry.length > 0) {
      const br = nextBreak(chunk, start);
      this.carry.push(Buffer.from(chunk.subarray(start, br))); // a copy: the stream may reuse chunks
      if (br === chunk.length) return; // a line longer than a chunk: joined once, at its end
      this.flushCarry();
      start = this.afterBreak(chunk, br);
    }
    const n = chunk.length;
    if (start >= n) return;
    const ascii = isAscii(chunk);
    const text = chunk.toString('latin1');
    let cr = chunk.indexOf(CR, start);
    let lf = text.indexOf('\n', start);
    for (;;) {
      if (cr >= 0 && cr < start) cr = chunk.indexOf(CR, start);
      if (lf >= 0 && lf < start) lf = text.indexOf('\n', start);
      const br = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
      if (br < 0) break;
      const line =
        ascii || asciiRange(text, start, br) ? text.slice(start, br) : chunk.toString('utf8', start, br);
      this.onLine(line, ++this.line);
      start = this.afterBreak(chunk, br);
    }
    if (start < n) this.carry.push(Buffer.from(chunk.subarray(start)));
  }

  /** Hands over the last line when the input did not end with a line break. */
  end(): void {
    if (this.carry.length > 0) this.flushCarry();
  }

  /** The index after the line break at `at` (CRLF is one break, also across chunks). */
  private afterBreak(chunk: Buffer, at: number): number {
    if (chunk[at] !== CR) return at + 1;
    if (at + 1 === chunk.length) {
      this.skipLF = true;
      return at + 1;
    }
    return chunk[at + 1] === LF ? at + 2 : at + 1;
  }

  private flushCarry(): void {
    const buf = this.carry.length === 1 ? this.carry[0]! : Buffer.concat(this.carry);
    this.carry = [];
    this.onLine(buf.toString('utf8'), ++this.line);
  }
}

/** The first CR or LF at or after `from`, or the chunk's length. */
function nextBreak(chunk: Buffer, from: number): number {
  const lf = chunk.indexOf(LF, from);
  const cr = chunk.indexOf(CR, from);
  if (lf < 0) return cr < 0 ? chunk.length : cr;
  return cr < 0 || lf < cr ? lf : cr;
}
