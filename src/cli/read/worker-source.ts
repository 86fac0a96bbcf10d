/**
 * The parallel reader: detect's posts read and encoded in worker threads — CSV files by several parse
 * workers over record-aligned chunks (read/chunk-source.ts), other formats by one worker thread, so that on a 2-core machine
 * parsing (gunzip, CSV tokenising, Post building, text normalisation) runs beside the main thread's
 * interning and column building instead of before it. bench/RESULTS.md has the measured effect.
 *
 * Errors keep their meaning: a LockstepError in the worker (a malformed file, an unreadable path) is
 * rethrown here with the same code, message and details; the worker is terminated whenever the
 * consumer stops, early or not.
 */
import { siblingModule, startWorker } from '../../core/worker.js';
import type { InputSummary } from '../../core/result.js';
import {
  batchBuffers,
  type EncodedMessage,
  type EncodedPostSource,
  type EncoderOptions,
} from '../../detect/index.js';
import { csvFormatsOf, type IngestOptions } from '../../ingest/index.js';
import { chunkPostSource, defaultParseWorkers } from './chunk-source.js';
import {
  reviveWorkerError,
  type BatchConsumed,
  type ReadWorkerData,
  type WorkerMessage,
} from './protocol.js';

const WORKER_URL = siblingModule(import.meta.url, 'read-worker');

export interface WorkerPostSource extends EncodedPostSource {
  /** What the worker's readers counted; set once the stream has ended. */
  summary(): InputSummary | undefined;
}

/**
 * @example const src = workerPostSource(['io.csv.gz'], {}); const r = await detect(src); r.input = src.summary()!;
 */
export function workerPostSource(
  paths: string[],
  ingest: IngestOptions,
  maxInFlight = 4,
  parseWorkers = defaultParseWorkers(),
): WorkerPostSource {
  let summary: InputSummary | undefined;
  return {
    summary: () => summary,
    async *open(encoder: EncoderOptions): AsyncGenerator<EncodedMessage> {
      // CSV files are cut into chunks for several parse workers; JSON lines stay with one worker.
      const formats = parseWorkers > 1 ? await csvFormatsOf(paths, ingest) : undefined;
      if (formats !== undefined) {
        const chunked = chunkPostSource(paths, ingest, formats, { workers: parseWorkers, maxInFlight });
        try {
          yield* chunked.open(encoder);
        } finally {
          summary = chunked.summary();
        }
        return;
      }
      const data: ReadWorkerData = { paths, ingest, encoder, maxInFlight };
      const worker = startWorker(WORKER_URL, { workerData: data });
      const queue: WorkerMessage[] = [];
      // Set by the listeners below (an object, so that narrowing does not assume they never change).
      const state: { failure?: Error; exited: boolean } = { exited: false };
      let wake: (() => void) | undefined;
      const notify = (): void => {
        wake?.();
        wake = undefined;
      };
      worker.on('message', (m: WorkerMessage) => {
        queue.push(m);
        notify();
      });
      worker.on('error', (e) => {
        state.failure = e;
        notify();
      });
      worker.on('exit', () => {
        state.exited = true;
        notify();
      });
      try {
        for (;;) {
          const m = queue.shift();
          if (m === undefined) {
            if (state.failure) throw state.failure;
            if (state.exited) throw new Error('the read worker stopped before the end of the input');
            await new Promise<void>((r) => (wake = r));
            continue;
          }
          if (m.type === 'error') throw reviveWorkerError(m.error, 'read worker');
          if (m.type === 'tail') {
            summary = m.summary;
            yield m.tail;
            return;
          }
          yield m.batch;
          // Consumed (collectActions keeps no view of a batch): its buffers go back to be filled again.
          const buffers = batchBuffers(m.batch);
          worker.postMessage({ type: 'consumed', buffers } satisfies BatchConsumed, buffers);
        }
      } finally {
        await worker.terminate();
      }
    },
  };
}
