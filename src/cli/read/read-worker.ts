/**
 * Worker-thread entry of the parallel reader (read/worker-source.ts): reads the input files (gunzip,
 * tokenising, Post building) and encodes each batch for detect's column builder, so the main thread
 * only interns. CSV input comes instead from the main thread as chunks with their records' field
 * boundaries (ingest/csv-fields.ts): this thread is the critical path, so the main thread, which
 * otherwise waits for it, decompresses and tokenises, and rows are built here from the fields. At most `maxInFlight` batches wait unconsumed in the main thread, so a slow consumer
 * holds the worker back instead of letting the queue grow without bound; a consumed batch's buffers
 * come back with its acknowledgement and are filled again (engine/open-batch.ts says why).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { batchBuffers, PostEncoder } from '../../detect/index.js';
import { CsvFieldChunkReader, IngestStats, readAllPostsInPlace } from '../../ingest/index.js';
import type { Post } from '../../core/post.js';
import type { PostView } from '../../ingest/index.js';
import {
  toWorkerError,
  type ReadWorkerData,
  type SlotMemory,
  type ToReadWorker,
  type WorkerMessage,
} from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('read-worker.ts runs only as a worker thread');
const data = workerData as ReadWorkerData;

// Post ids cross as bytes: a view copies them from the CSV without decoding (engine/post-batch.ts).
// So do the texts that cross (no string decoded or serialised here, the reading's critical path).
const encoder = new PostEncoder({ ...data.encoder, idBytes: true, textBytes: true });

let credits = data.maxInFlight;
let wake: (() => void) | undefined;
/** Chunk messages not yet read (CSV input cut by the main thread). */
const chunks: Exclude<ToReadWorker, { type: 'consumed' }>[] = [];
port.on('message', (m: ToReadWorker) => {
  if (m.type === 'consumed') {
    encoder.recycle(m.buffers);
    credits++;
  } else chunks.push(m);
  wake?.();
});

/** Thrown where the main side's 'abort' is reached: every chunk before it was read. */
class Aborted extends Error {}

/** The rows of the chunks the main thread sends, each to `each`; yields once per chunk. */
async function* fromChunks(each: (p: PostView | Post) => void): AsyncGenerator<void> {
  const formats = data.formats!;
  const reader = new CsvFieldChunkReader(data.ingest, stats, each);
  const slots: SlotMemory[] = [];
  for (;;) {
    const m = chunks.shift();
    if (m === undefined) {
      await new Promise<void>((r) => (wake = r));
      continue;
    }
    if (m.type === 'end') return;
    if (m.type === 'abort') throw new Aborted();
    if (m.memory !== undefined) slots[m.slot] = m.memory;
    const memory = slots[m.slot]!;
    reader.push(data.paths[m.file]!, formats[m.file]!, {
      bytes: new Uint8Array(memory.bytes, 0, m.bytes),
      fields: new Int32Array(memory.fields, 0, m.ints),
      line: m.line,
      first: m.first,
      final: m.final,
    });
    // Read: no view of the chunk outlives its rows (the encoder copies what it keeps), so the slot is free.
    send({ type: 'chunk-read', slot: m.slot });
    yield;
  }
}

function send(m: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(m, transfer);
}

/**
 * Posts per message, at least (the last one may hold fewer): every message costs a structured clone,
 * a transfer of its arrays and a wake-up of both threads, and one input chunk (1 MiB of gunzipped
 * CSV, ingest/source.ts) holds only ~3,000 simulated posts — ~300 messages per million otherwise.
 */
const MIN_BATCH = 8192;

// Every post read is encoded, so the encoder's accounts are exactly the distinct accounts read.
const stats = new IngestStats(data.ingest.maxExamples, () => encoder.accountCount);

async function main(): Promise<void> {
  // Posts are encoded as they are read, a twitter-io row straight from its bytes (no Post built).
  const each = (p: PostView | Post): void => {
    encoder.add(p);
  };
  const read =
    data.formats !== undefined ? fromChunks(each) : readAllPostsInPlace(data.paths, data.ingest, stats, each);
  const post = async (): Promise<void> => {
    const batch = encoder.flush();
    while (credits === 0) await new Promise<void>((r) => (wake = r));
    credits--;
    send({ type: 'batch', batch }, batchBuffers(batch));
  };
  while (!(await read.next()).done) if (encoder.pending >= MIN_BATCH) await post();
  if (encoder.pending > 0) await post();
  send({ type: 'tail', tail: encoder.tail(), summary: stats.toSummary() });
}

main().catch((e: unknown) => {
  send(e instanceof Aborted ? { type: 'aborted' } : { type: 'error', error: toWorkerError(e) });
});
