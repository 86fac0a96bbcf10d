/**
 * Text outputs written from many small strings through one reused byte buffer: each string is
 * UTF-8-encoded into the buffer as it comes, and the buffer goes to the file when the next string
 * might not fit. The writers before this joined ~1 MB of rows with `+=` and handed the string to the
 * file: the rope of small strings outlived young-generation collections (it was copied by each
 * scavenge and promoted), then was flattened into one more copy and encoded. Encoding each row into
 * the buffer leaves only short-lived garbage: ~10× less CPU than joining and encoding for 300,000
 * edges.csv-like rows (bench/RESULTS.md, h-out session 19). Cost: one 4 MB buffer per file.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';

/** The buffer: large enough that networks.json's ~0.7 MB batches (×3 bytes at worst) fit it whole. */
const SIZE = 1 << 22;

/**
 * Encodes strings into one buffer. `add` answers false when `s` might not fit (a UTF-16 unit is at
 * most 3 UTF-8 bytes; a surrogate pair is 4 bytes for 2 units): write `bytes()` out, `clear()`, add
 * again; a string longer than a third of the buffer never fits and is written by itself.
 */
class Utf8Batch {
  private readonly buf: Buffer;
  private used = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  add(s: string): boolean {
    if (s.length * 3 > this.buf.length - this.used) return false;
    this.used += this.buf.write(s, this.used);
    return true;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.used);
  }

  clear(): void {
    this.used = 0;
  }
}

/** A file written synchronously through a {@link Utf8Batch}: for worker threads. */
export class Utf8FileSync {
  private readonly fd: number;
  private readonly batch: Utf8Batch;

  /** Creates or truncates `path`. `bufferBytes`: the buffer's size (small ones for tests). */
  constructor(path: string, bufferBytes = SIZE) {
    this.fd = openSync(path, 'w');
    this.batch = new Utf8Batch(bufferBytes);
  }

  write(s: string): void {
    if (this.batch.add(s)) return;
    this.flush();
    if (!this.batch.add(s)) writeAllSync(this.fd, Buffer.from(s));
  }

  /** Writes what the buffer holds; call it before `close` (which does not, so that a failure writes no more). */
  flush(): void {
    writeAllSync(this.fd, this.batch.bytes());
    this.batch.clear();
  }

  close(): void {
    closeSync(this.fd);
  }
}

function writeAllSync(fd: number, b: Buffer): void {
  let done = 0;
  while (done < b.length) done += writeSync(fd, b, done, b.length - done);
}

/**
 * Writes `chunks` to `path` (created or truncated). The buffer is reused only once its write has
 * completed, so the main thread waits for the disk ~once per 4 MB.
 */
export async function writeUtf8File(
  path: string,
  chunks: Iterable<string>,
  bufferBytes = SIZE,
): Promise<void> {
  const file = await open(path, 'w');
  try {
    const batch = new Utf8Batch(bufferBytes);
    const writeAll = async (b: Buffer): Promise<void> => {
      let done = 0;
      while (done < b.length) done += (await file.write(b, done, b.length - done)).bytesWritten;
    };
    const flush = async (): Promise<void> => {
      await writeAll(batch.bytes());
      batch.clear();
    };
    for (const s of chunks) {
      if (batch.add(s)) continue;
      await flush();
      if (!batch.add(s)) await writeAll(Buffer.from(s));
    }
    await flush();
  } finally {
    await file.close();
  }
}
