/**
 * Any post stream as JSON lines — a file or stdin (`-`) — read with `detect`'s readers and `--map`
 * (src/ingest/json-line.ts), so a platform's own queue can feed the monitor through a pipe. Position
 * = line number: a restarted monitor skips the lines of a file it already processed. Stdin cannot be
 * re-read, so there positions continue after the saved one and nothing is skipped.
 * Memory: one input chunk and its lines.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { LockstepError } from '../core/errors.js';
import { jsonLineMapper, LineSplitter, type FormatName, type IngestOptions } from '../ingest/index.js';
import type { LiveSource, SourceItem } from './source.js';

export function ndjsonSource(
  path: string,
  format: FormatName,
  options: IngestOptions,
  stdin: Readable = process.stdin,
): LiveSource {
  const file = path === '-' ? 'stdin' : path;
  const map = jsonLineMapper(format, options, file);
  const decode = (raw: string, pos: number): SourceItem => {
    const r = map(raw, pos);
    if (!r.ok) return { bad: `${file}:${pos}: ${r.reason}`, raw };
    return { pos, key: `line ${pos}`, raw, time: r.posts[0]?.time ?? NaN, posts: r.posts };
  };
  return {
    label: `ndjson ${file}`,
    decode,
    items: (resume, signal) => lines(path, stdin, resume, signal, decode),
  };
}

async function* lines(
  path: string,
  stdin: Readable,
  resume: number | undefined,
  signal: AbortSignal,
  decode: (raw: string, pos: number) => SourceItem,
): AsyncGenerator<SourceItem[]> {
  const fromStdin = path === '-';
  const stream = fromStdin ? stdin : createReadStream(path, { highWaterMark: 1 << 20 });
  const offset = fromStdin ? (resume ?? 0) : 0;
  const skipThrough = fromStdin ? 0 : (resume ?? 0);
  const splitter = new LineSplitter(path);
  const onAbort = (): void => {
    if (!fromStdin) stream.destroy();
    else stream.pause();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  let batch: SourceItem[] = [];
  const onLine = (text: string, line: number): void => {
    const pos = offset + line;
    if (pos > skipThrough && text.trim() !== '') batch.push(decode(text, pos));
  };
  try {
    const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    // stdin may never end: an abort must not wait for its next chunk.
    const aborted = new Promise<IteratorResult<Buffer>>((r) => {
      signal.addEventListener(
        'abort',
        () => {
          r({ done: true, value: undefined });
        },
        { once: true },
      );
    });
    while (!signal.aborted) {
      const next = await Promise.race([it.next(), aborted]);
      if (next.done === true) break;
      splitter.push(next.value, onLine);
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
    }
    if (!signal.aborted) splitter.end(onLine);
    if (batch.length > 0) yield batch;
  } catch (e) {
    if (e instanceof LockstepError) throw e;
    throw new LockstepError(
      'ERR_IO',
      `cannot read ${path}: ${(e as Error).message}`,
      { file: path },
      { cause: e },
    );
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (!fromStdin) stream.destroy();
  }
}
