/**
 * The chunk reader: CSV input parsed by several worker threads at once (issue #9 item 5). The main
 * thread decompresses (zlib on libuv's pool) and cuts each file into chunks of whole records
 * (ingest/csv-chunks.ts), hands chunk k to parse worker k mod N, and consumes the workers' interned
 * batches in chunk order, translating their numbering into the run's (engine/interned-columns.ts).
 * The columns, skip counts and examples are those of the one-thread reader (tests compare them);
 * errors keep their code, message and details.
 *
 * Flow control: at most `maxInFlight` chunks per worker are cut and not yet consumed, so memory stays
 * bounded when the consumer is slower than the workers.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { InputSummary } from '../../core/result.js';
import { siblingModule, startWorker } from '../../core/worker.js';
import type { EncodedMessage, EncoderOptions } from '../../detect/index.js';
import { csvFileChunks, IngestStats, type FormatName, type IngestOptions } from '../../ingest/index.js';
import type { FromParseWorker, ParseWorkerData, ToParseWorker } from './chunk-protocol.js';
import { reviveWorkerError } from './protocol.js';
import type { WorkerPostSource } from './worker-source.js';

const WORKER_URL = siblingModule(import.meta.url, 'parse-worker');

/**
 * Parse workers by default. Measured on 2 cores (bench/RESULTS.md, per-thread CPU): the one-worker
 * reader already keeps both cores busy (worker 6.6 s, main 4.4 s, zlib and GC threads 2.3 s of CPU
 * on 1M IRA posts), and two parse workers cost 34 % more CPU in all (tokenising twice, per-worker
 * caches and JIT warm-up, texts normalised and sent as well), so on 2 cores they are slower. With 4 or
 * more cores the busiest thread sets the wall time: 5.0 s with two parse workers against 6.6 s. So:
 * 1 (the one-worker reader) below 4 cores, else one per core but one, at most four.
 */
export function defaultParseWorkers(cores = availableParallelism()): number {
  return cores < 4 ? 1 : Math.min(4, cores - 1);
}

type Batch = Extract<FromParseWorker, { type: 'batch' }>;
type Tail = Extract<FromParseWorker, { type: 'tail' }>['tail'];

/** Waits for a condition that listeners below make true, then runs again. */
class Signal {
  private wake: (() => void) | undefined;
  notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
  wait(): Promise<void> {
    return new Promise<void>((r) => (this.wake = r));
  }
}

/**
 * @example const src = chunkPostSource(['io.csv.gz'], {}, ['twitter-io']); const r = await detect(src);
 */
export function chunkPostSource(
  paths: readonly string[],
  ingest: IngestOptions,
  formats: readonly FormatName[],
  { workers = defaultParseWorkers(), maxInFlight = 4, pieceBytes = Infinity } = {},
): WorkerPostSource {
  let summary: InputSummary | undefined;
  return {
    summary: () => summary,
    async *open(encoder: EncoderOptions): AsyncGenerator<EncodedMessage> {
      const pool: Worker[] = [];
      const batches = new Map<number, Batch>();
      const tails: (Tail | undefined)[] = [];
      const state: { failure?: Error; cut: number; consumed: number; done: boolean } = {
        cut: 0,
        consumed: 0,
        done: false,
      };
      // Read through a function: the listeners set it between awaits, which narrowing cannot see.
      const failed = (): Error | undefined => state.failure;
      const arrived = new Signal();
      const room = new Signal();
      // Chunk seq → its file, so that each file's counts start where its first chunk is consumed.
      const fileOf: number[] = [];
      const firstOfFile = new Set<number>();
      for (let w = 0; w < workers; w++) {
        const data: ParseWorkerData = { source: w, ingest, encoder };
        const worker = startWorker(WORKER_URL, { workerData: data });
        worker.on('message', (m: FromParseWorker) => {
          if (m.type === 'batch') batches.set(m.seq, m);
          else if (m.type === 'tail') tails[w] = m.tail;
          else state.failure ??= reviveWorkerError(m.error, 'parse worker');
          arrived.notify();
        });
        worker.on('error', (e) => {
          state.failure ??= e;
          arrived.notify();
        });
        worker.on('exit', () => {
          state.failure ??= new Error('a parse worker stopped before the end of the input');
          arrived.notify();
        });
        pool.push(worker);
      }
      const cutAll = async (): Promise<void> => {
        for (let f = 0; f < paths.length; f++) {
          const path = paths[f]!;
          const format = formats[f]!;
          for await (const { chunk, header } of csvFileChunks(path, format, ingest, pieceBytes)) {
            while (state.cut - state.consumed >= maxInFlight * workers && state.failure === undefined)
              await room.wait();
            if (state.failure !== undefined) return;
            const seq = state.cut++;
            fileOf[seq] = f;
            if (chunk.first) firstOfFile.add(seq);
            const m: ToParseWorker = { type: 'chunk', seq, path, format, header, chunk };
            pool[seq % workers]!.postMessage(m, [chunk.bytes.buffer as ArrayBuffer]);
          }
        }
      };
      const cutting = cutAll().then(
        () => {
          state.done = true;
          arrived.notify();
        },
        (e: unknown) => {
          state.failure ??= e instanceof Error ? e : new Error(String(e));
          arrived.notify();
        },
      );
      const stats = new IngestStats(ingest.maxExamples, () => distinct.size);
      const distinct = new Set<string>();
      try {
        for (;;) {
          const m = batches.get(state.consumed);
          if (m === undefined) {
            if (state.failure !== undefined) throw state.failure;
            if (state.done && state.consumed === state.cut) break;
            await arrived.wait();
            continue;
          }
          batches.delete(state.consumed);
          if (firstOfFile.has(state.consumed)) {
            const f = fileOf[state.consumed]!;
            stats.startFile(paths[f]!, formats[f]!);
          }
          stats.absorb(m.part);
          for (const a of m.batch.newAccounts) distinct.add(a);
          state.consumed++;
          room.notify();
          yield m.batch;
        }
        for (const w of pool) w.postMessage({ type: 'end' } satisfies ToParseWorker);
        while (tails.filter((t) => t !== undefined).length < workers) {
          const failure = failed();
          if (failure !== undefined) throw failure;
          await arrived.wait();
        }
        summary = stats.toSummary();
        yield { kind: 'interned-tail', tails: tails.map((t) => t!) };
      } finally {
        state.failure ??= new Error('the consumer stopped');
        room.notify();
        await cutting;
        await Promise.all(pool.map((w) => w.terminate()));
      }
    },
  };
}
