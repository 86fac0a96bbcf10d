/**
 * Worker-thread entry of the parallel reader (read/worker-source.ts): reads the input files (gunzip,
 * tokenising, Post building) and encodes each batch for detect's column builder, so the main thread
 * only interns. At most `maxInFlight` batches wait unconsumed in the main thread, so a slow consumer
 * holds the worker back instead of letting the queue grow without bound; a consumed batch's buffers
 * come back with its acknowledgement and are filled again (engine/open-batch.ts says why).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { batchBuffers, PostEncoder } from '../../detect/index.js';
import { IngestStats, readAllPostsInPlace } from '../../ingest/index.js';
import { toWorkerError, type BatchConsumed, type ReadWorkerData, type WorkerMessage } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('read-worker.ts runs only as a worker thread');
const data = workerData as ReadWorkerData;

// Post ids cross as bytes: a view copies them from the CSV without decoding (engine/post-batch.ts).
// So do the texts that cross (no string decoded or serialised here, the reading's critical path).
const encoder = new PostEncoder({ ...data.encoder, idBytes: true, textBytes: true });

let credits = data.maxInFlight;
let wake: (() => void) | undefined;
port.on('message', (m: BatchConsumed) => {
  encoder.recycle(m.buffers);
  credits++;
  wake?.();
});

function send(m: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(m, transfer);
}

/**
 * Posts per message, at least (the last one may hold fewer): every message costs a structured clone,
 * a transfer of its arrays and a wake-up of both threads, and one input chunk (1 MiB of gunzipped
 * CSV, ingest/source.ts) holds only ~3,000 simulated posts — ~300 messages per million otherwise.
 */
const MIN_BATCH = 8192;

async function main(): Promise<void> {
  // Every post read is encoded, so the encoder's accounts are exactly the distinct accounts read.
  const stats = new IngestStats(data.ingest.maxExamples, () => encoder.accountCount);
  // Posts are encoded as they are read, a twitter-io row straight from its bytes (no Post built).
  const chunks = readAllPostsInPlace(data.paths, data.ingest, stats, (p) => {
    encoder.add(p);
  });
  const post = async (): Promise<void> => {
    const batch = encoder.flush();
    while (credits === 0) await new Promise<void>((r) => (wake = r));
    credits--;
    send({ type: 'batch', batch }, batchBuffers(batch));
  };
  while (!(await chunks.next()).done) if (encoder.pending >= MIN_BATCH) await post();
  if (encoder.pending > 0) await post();
  send({ type: 'tail', tail: encoder.tail(), summary: stats.toSummary() });
}

main().catch((e: unknown) => {
  send({ type: 'error', error: toWorkerError(e) });
});
