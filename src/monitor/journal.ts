/**
 * The monitor's journal: every accepted event's raw frame or line, in segment files by event time
 * (DIR/journal/<segment start, unix s>.ndjson, one `pos<TAB>raw` line per event), so a restarted
 * monitor rebuilds its window without asking the source for hours of history (Jetstream keeps only
 * about a day; stdin keeps nothing). Segments that end before the window are deleted.
 *
 * Crash safety: writes are appends of whole lines; a line torn by `kill -9` has no newline and is cut
 * off (the file truncated) when the journal is reopened. Lost buffered lines are not lost events: the
 * cursor is saved only after the journal is flushed, so the source sends them again. Memory: the lines
 * buffered since the last flush. Cost: one append per segment per flush.
 *
 * Lines are encoded once, on arrival, into byte chunks (1 MiB, reused across flushes), not kept as
 * strings to be joined and encoded again at the flush: at tens of thousands of events a second the
 * join, its UTF-8 encoding and the garbage of both were the journal's whole cost (bench/RESULTS.md,
 * "h-mon").
 */
import {
  closeSync,
  openSync,
  writeSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
} from 'node:fs';
import { join } from 'node:path';
import { LockstepError } from '../core/errors.js';

export interface JournalLine {
  pos: number;
  raw: string;
}

/** One segment's lines since the last flush: filled chunks (with their used bytes), then the current one. */
interface Pending {
  full: { buf: Buffer; used: number }[];
  buf: Buffer;
  used: number;
}

const CHUNK = 1 << 20;

export class Journal {
  private readonly dir: string;
  private buffers = new Map<number, Pending>();
  /** Chunks of flushed segments, reused (a replay crosses many segments per second). */
  private spare: Buffer[] = [];

  /** `segmentSeconds`: how much event time one file covers. */
  constructor(
    outDir: string,
    private readonly segmentSeconds: number,
  ) {
    this.dir = join(outDir, 'journal');
    mkdirSync(this.dir, { recursive: true });
  }

  private segments(): number[] {
    return readdirSync(this.dir)
      .filter((f) => /^\d+\.ndjson$/.test(f))
      .map((f) => Number(f.slice(0, -7)))
      .sort((a, b) => a - b);
  }

  /** Every journalled line in segment order, cutting off a torn last line. */
  *read(): Generator<JournalLine> {
    for (const seg of this.segments()) {
      const path = join(this.dir, `${seg}.ndjson`);
      const text = readFileSync(path, 'utf8');
      const end = text.lastIndexOf('\n') + 1;
      if (end < text.length) truncateSync(path, Buffer.byteLength(text.slice(0, end)));
      let p = 0;
      while (p < end) {
        const nl = text.indexOf('\n', p);
        const tab = text.indexOf('\t', p);
        if (tab < 0 || tab > nl)
          throw new LockstepError('ERR_IO', `${path}: journal line without position`, { file: path });
        yield { pos: Number(text.slice(p, tab)), raw: text.slice(tab + 1, nl) };
        p = nl + 1;
      }
    }
  }

  private chunk(size: number): Buffer {
    return size <= CHUNK ? (this.spare.pop() ?? Buffer.allocUnsafe(CHUNK)) : Buffer.allocUnsafe(size);
  }

  /**
   * Buffers one line. `bytes`, when given, are `raw`'s UTF-8 as received (a WebSocket frame's):
   * copied as they are instead of encoding `raw` again (the same line on disk; for a frame that is not
   * valid UTF-8, the bytes a restart decodes to the same `raw`).
   */
  append(time: number, pos: number, raw: string, bytes?: Uint8Array): void {
    const seg = Math.floor(time / this.segmentSeconds) * this.segmentSeconds;
    // A raw newline in a JSON text can only be whitespace between tokens (strings escape theirs).
    const plain = !raw.includes('\n') && !raw.includes('\r');
    const line = plain ? raw : raw.replace(/[\r\n]/g, ' ');
    const copy = plain && bytes !== undefined;
    const head = `${pos}\t`;
    // At most 3 UTF-8 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
    const most = head.length + (copy ? bytes.length : 3 * line.length) + 1;
    let p = this.buffers.get(seg);
    if (p === undefined) this.buffers.set(seg, (p = { full: [], buf: this.chunk(most), used: 0 }));
    else if (p.used + most > p.buf.length) {
      p.full.push({ buf: p.buf, used: p.used });
      p.buf = this.chunk(most);
      p.used = 0;
    }
    p.used += p.buf.write(head, p.used, 'latin1');
    if (copy) {
      p.buf.set(bytes, p.used);
      p.used += bytes.length;
    } else p.used += p.buf.write(line, p.used, 'utf8');
    p.buf[p.used++] = 0x0a;
  }

  flush(): void {
    for (const [seg, p] of this.buffers) {
      const chunks = [...p.full, { buf: p.buf, used: p.used }];
      const fd = openSync(join(this.dir, `${seg}.ndjson`), 'a');
      try {
        for (const { buf, used } of chunks)
          for (let off = 0; off < used;) off += writeSync(fd, buf, off, used - off);
      } finally {
        closeSync(fd);
      }
      for (const { buf } of chunks) if (buf.length === CHUNK && this.spare.length < 4) this.spare.push(buf);
    }
    this.buffers = new Map();
  }

  /** Bytes on disk plus the lines buffered for the next flush (the health endpoint reports it). */
  bytes(): number {
    let n = 0;
    for (const p of this.buffers.values()) n += p.full.reduce((k, c) => k + c.used, p.used);
    for (const seg of this.segments())
      n += statSync(join(this.dir, `${seg}.ndjson`), { throwIfNoEntry: false })?.size ?? 0;
    return n;
  }

  /** Deletes segments whose whole span ends at or before `before` (unix s). */
  prune(before: number): void {
    for (const seg of this.segments())
      if (seg + this.segmentSeconds <= before) rmSync(join(this.dir, `${seg}.ndjson`), { force: true });
  }
}
