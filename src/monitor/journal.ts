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
 */
import {
  appendFileSync,
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

export class Journal {
  private readonly dir: string;
  private buffers = new Map<number, string[]>();

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

  append(time: number, pos: number, raw: string): void {
    const seg = Math.floor(time / this.segmentSeconds) * this.segmentSeconds;
    let buf = this.buffers.get(seg);
    if (buf === undefined) this.buffers.set(seg, (buf = []));
    // A raw newline in a JSON text can only be whitespace between tokens (strings escape theirs).
    const line = raw.includes('\n') || raw.includes('\r') ? raw.replace(/[\r\n]/g, ' ') : raw;
    buf.push(`${pos}\t${line}\n`);
  }

  flush(): void {
    for (const [seg, lines] of this.buffers) appendFileSync(join(this.dir, `${seg}.ndjson`), lines.join(''));
    this.buffers = new Map();
  }

  /** Bytes on disk plus the lines buffered for the next flush (the health endpoint reports it). */
  bytes(): number {
    let n = 0;
    for (const lines of this.buffers.values()) for (const l of lines) n += Buffer.byteLength(l);
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
