/**
 * The main side of the one-worker CSV reader (read/worker-source.ts): decompresses (zlib on libuv's
 * pool) and cuts the run's CSV files into chunks of whole records with their fields
 * (ingest/csv-chunks.ts, ingest/csv-fields.ts), and sends them to the read worker in file order.
 *
 * Why here: on 2 cores the read worker is the critical path and the main thread waits for it about
 * half the read (bench/RESULTS.md h-read2, session 20). The cut already runs the tokenizer over every
 * byte; recording the fields costs the main thread little and spares the worker its tokenizer pass.
 *
 * Memory: `slots` slots of shared memory (SharedArrayBuffer, ~1 MiB of bytes + ~1 MiB of fields each),
 * written here and read in place by the worker; a slot is written again only after the worker says it
 * has read it ('chunk-read'), which is also the flow control. Not one ArrayBuffer per chunk: ~1,000
 * transferred buffers per 3M posts made V8 collect for "external memory pressure" ~90 times in 30 s
 * (bench/RESULTS.md h-offsets). A failure while cutting is held until the worker has read every chunk
 * sent before it ('abort' → 'aborted'), so an earlier row's error comes first, as in one thread.
 */
import type { Worker } from 'node:worker_threads';
import { csvFileChunks, type ChunkAlloc, type FormatName, type IngestOptions } from '../../ingest/index.js';
import type { SlotMemory, ToReadWorker } from './protocol.js';

export interface ChunkFeed {
  /** The worker read the chunk in `slot`: it may be written again. */
  read(slot: number): void;
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
  { slots = 8, pieceBytes = Infinity } = {},
): ChunkFeed {
  const memory: (SlotMemory | undefined)[] = [];
  /** Slots whose memory the worker has not seen yet (new, or grown). */
  const unseen: boolean[] = [];
  const free = Array.from({ length: slots }, (_, i) => slots - 1 - i);
  let current = -1;
  // Set by stop() between awaits: read through a function, which narrowing cannot see past.
  const state = { stopped: false };
  const stopped = (): boolean => state.stopped;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  // Called by the chunker only after the loop below has made sure a slot is free.
  const alloc: ChunkAlloc = (bytes, ints) => {
    const slot = free.pop()!;
    let m = memory[slot];
    if (m === undefined || m.bytes.byteLength < bytes || m.fields.byteLength < 4 * ints) {
      // A quarter more than asked: the next chunks are a record longer or shorter.
      const grow = (n: number, old = 0): number => Math.max(old, n + (n >> 2) + 64);
      m = {
        bytes: new SharedArrayBuffer(grow(bytes, m?.bytes.byteLength)),
        fields: new SharedArrayBuffer(4 * grow(ints, (m?.fields.byteLength ?? 0) / 4)),
      };
      memory[slot] = m;
      unseen[slot] = true;
    }
    current = slot;
    return { bytes: new Uint8Array(m.bytes, 0, bytes), fields: new Int32Array(m.fields, 0, ints) };
  };
  const send = (m: ToReadWorker): void => {
    worker.postMessage(m);
  };
  const cutAll = async (): Promise<void> => {
    for (let f = 0; f < paths.length; f++) {
      for await (const { chunk } of csvFileChunks(paths[f]!, formats[f]!, ingest, pieceBytes, alloc)) {
        if (stopped()) return;
        const slot = current;
        send({
          type: 'chunk',
          file: f,
          slot,
          bytes: chunk.bytes.byteLength,
          ints: chunk.fields!.length,
          line: chunk.line,
          first: chunk.first,
          final: chunk.final,
          ...(unseen[slot] === true ? { memory: memory[slot]! } : {}),
        });
        unseen[slot] = false;
        // The next chunk is cut (into a free slot) when the loop asks for it.
        while (free.length === 0 && !stopped()) await new Promise<void>((r) => (wake = r));
        if (stopped()) return;
      }
    }
    send({ type: 'end' });
  };
  const cutting = cutAll().catch((e: unknown) => {
    failure = e;
    if (!stopped()) send({ type: 'abort' });
  });
  return {
    read(slot) {
      free.push(slot);
      notify();
    },
    failure: () => failure,
    async stop() {
      state.stopped = true;
      notify();
      await cutting;
    },
  };
}
