/**
 * The main side of the one-worker CSV reader (read/worker-source.ts): decompresses (zlib on libuv's
 * pool) and cuts the run's CSV files into chunks of whole records with their fields
 * (ingest/csv-chunks.ts, ingest/csv-fields.ts), and sends them to the read worker in file order.
 *
 * Why here: on 2 cores the read worker is the critical path and the main thread waits for it about
 * half the read (bench/RESULTS.md h-read2, session 20). The cut already runs the tokenizer over every
 * byte; recording the fields costs the main thread little and spares the worker its tokenizer pass.
 *
 * Flow control: at most `maxChunks` chunks are sent and not yet read ('chunk-read' gives one back), so
 * memory stays bounded when the worker is slower. A failure while cutting is held until the worker has
 * read every chunk sent before it ('abort' → 'aborted'), so an earlier row's error comes first, as in
 * one thread.
 */
import type { Worker } from 'node:worker_threads';
import { csvFileChunks, type FormatName, type IngestOptions } from '../../ingest/index.js';
import type { ToReadWorker } from './protocol.js';

export interface ChunkFeed {
  /** The worker read one chunk: one more may be sent. */
  read(): void;
  /** What failed while cutting, once the worker has answered 'aborted'. */
  failure(): unknown;
  /** Stops cutting (the consumer stopped, or the read ended) and waits for the cutting to return. */
  stop(): Promise<void>;
}

export function feedChunks(
  worker: Worker,
  paths: readonly string[],
  formats: readonly FormatName[],
  ingest: IngestOptions,
  { maxChunks = 8, pieceBytes = Infinity } = {},
): ChunkFeed {
  let credits = maxChunks;
  let stopped = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const send = (m: ToReadWorker, transfer: ArrayBuffer[] = []): void => {
    worker.postMessage(m, transfer);
  };
  const cutAll = async (): Promise<void> => {
    for (let f = 0; f < paths.length; f++) {
      for await (const { chunk } of csvFileChunks(paths[f]!, formats[f]!, ingest, pieceBytes, true)) {
        while (credits === 0 && !stopped) await new Promise<void>((r) => (wake = r));
        if (stopped) return;
        credits--;
        send({ type: 'chunk', file: f, chunk }, [
          chunk.bytes.buffer as ArrayBuffer,
          chunk.fields!.buffer as ArrayBuffer,
        ]);
      }
    }
    send({ type: 'end' });
  };
  const cutting = cutAll().catch((e: unknown) => {
    failure = e;
    if (!stopped) send({ type: 'abort' });
  });
  return {
    read() {
      credits++;
      notify();
    },
    failure: () => failure,
    async stop() {
      stopped = true;
      notify();
      await cutting;
    },
  };
}
