/**
 * Opening input files as byte streams: gzip is recognised by its magic bytes (1f 8b), never by the
 * file name, and decompressed on the fly; reads use 1 MiB chunks so per-chunk overhead stays small.
 * Also the JSON-lines splitter shared by the JSON readers. Memory: one chunk plus one partial line.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import type { Readable, TransformOptions } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { LockstepError } from '../core/errors.js';

const CHUNK = 1 << 20;

async function isGzip(path: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    throw new LockstepError('ERR_IO', `cannot open ${path}: ${code}`, { file: path }, { cause: e });
  }
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/** A stream of the file's (decompressed) bytes. */
export async function openInput(path: string): Promise<Readable> {
  const gz = await isGzip(path);
  const raw = createReadStream(path, { highWaterMark: CHUNK });
  if (!gz) return raw;
  // Inflate runs on libuv's pool; with the default 16 KiB high-water mark it inflates the next input
  // chunk only once the reader has drained the last one's output (~6 MiB), so the reader waits one
  // pool round trip per MiB of input. Letting it run up to 8 MiB ahead keeps both threads busy.
  // (zlib streams pass the option to their Transform; @types/node's ZlibOptions does not list it.)
  const ahead: Pick<TransformOptions, 'readableHighWaterMark'> = { readableHighWaterMark: 8 << 20 };
  // 1 MiB of output per inflate call (zlib's default is 16 KiB; this was 256 KiB): each call costs the
  // reading thread a JS callback, a fresh output Buffer, a stream push and a tokenizer chunk join —
  // measured on a 1M-post archive (310 MB gunzipped): 1,260 chunks took 310–460 ms of the reading
  // thread's CPU, 372 chunks of 1 MiB 150–210 ms (bench/RESULTS.md, h-read3).
  const gunzip = createGunzip({ chunkSize: CHUNK, ...ahead });
  // pipeline() forwards a read error of either stream to the one we return.
  return pipeline(raw, gunzip, () => undefined);
}

/** Iterates the file's chunks, turning stream failures into ERR_IO with the file name. */
export async function* inputChunks(path: string): AsyncGenerator<Buffer> {
  const stream = await openInput(path);
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (e) {
    if (e instanceof LockstepError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new LockstepError('ERR_IO', `cannot read ${path}: ${msg}`, { file: path }, { cause: e });
  } finally {
    stream.destroy();
  }
}

/** Reads at most `max` bytes from the start of the (decompressed) file, for sniffing. */
export async function readPrefix(path: string, max = 256 * 1024): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of inputChunks(path)) {
    parts.push(chunk);
    size += chunk.length;
    if (size >= max) break;
  }
  const all = Buffer.concat(parts);
  return all.length > max ? all.subarray(0, max) : all;
}

export type LineCallback = (text: string, line: number) => void;

/** Splits a byte stream into UTF-8 lines (LF or CRLF), skipping blank ones. */
export class LineSplitter {
  private pending: Buffer | undefined;
  private line = 1;
  private started = false;

  constructor(
    private readonly file: string,
    private readonly maxLineBytes = 64 * 1024 * 1024,
  ) {}

  push(chunk: Buffer, onLine: LineCallback): void {
    let buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    if (!this.started && buf.length >= 3) {
      this.started = true;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    let p = 0;
    for (;;) {
      const j = buf.indexOf(0x0a, p);
      if (j === -1) break;
      this.emit(buf, p, j, onLine);
      p = j + 1;
    }
    this.pending = p < buf.length ? buf.subarray(p) : undefined;
    if (this.pending && this.pending.length > this.maxLineBytes) {
      throw new LockstepError(
        'ERR_INGEST_FORMAT',
        `${this.file}:${this.line}: line longer than ${this.maxLineBytes} bytes; not a JSON-lines file?`,
        { file: this.file, line: this.line, column: 1 },
      );
    }
  }

  end(onLine: LineCallback): void {
    if (this.pending) {
      const buf = this.pending;
      this.pending = undefined;
      this.emit(buf, 0, buf.length, onLine);
    }
  }

  private emit(buf: Buffer, s: number, e: number, onLine: LineCallback): void {
    const line = this.line++;
    let end = e;
    if (end > s && buf[end - 1] === 0x0d) end--;
    // Skip whitespace-only lines without decoding them.
    let k = s;
    while (k < end && (buf[k] === 0x20 || buf[k] === 0x09)) k++;
    if (k === end) return;
    onLine(buf.toString('utf8', s, end), line);
  }
}
