/**
 * A parse worker of the chunk reader (read/chunk-source.ts): turns record-aligned chunks of CSV into
 * Posts (ingest/csv-chunks.ts), encodes them (engine/post-batch.ts) and interns them in its own
 * numbering (engine/batch-intern.ts), so that only integers and the strings it has not sent before
 * go back to the main thread. Chunks arrive in file order among those given to this worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BatchInterner, PostEncoder, transferables } from '../../detect/index.js';
import { IngestStats, parseCsvFileChunk } from '../../ingest/index.js';
import type { FromParseWorker, ParseWorkerData, ToParseWorker } from './chunk-protocol.js';
import { toWorkerError } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('parse-worker.ts runs only as a worker thread');
const data = workerData as ParseWorkerData;
const encoder = new PostEncoder(data.encoder);
const interner = new BatchInterner(data.source, data.encoder.fields.length);

function send(m: FromParseWorker, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(m, transfer);
}

port.on('message', (m: ToParseWorker) => {
  try {
    if (m.type === 'end') {
      send({ type: 'tail', tail: encoder.tail() });
      return;
    }
    // Counts of this chunk alone (the main side adds them up in file order); accounts are counted there.
    const stats = new IngestStats(data.ingest.maxExamples, () => 0);
    stats.startFile(m.path, m.format);
    const posts = parseCsvFileChunk(m.path, m.format, data.ingest, m.header, m.chunk, stats);
    const batch = interner.intern(encoder.encode(posts, m.seq));
    send({ type: 'batch', seq: m.seq, batch, part: stats.toSummary() }, transferables(batch));
  } catch (e) {
    send({ type: 'error', error: toWorkerError(e) });
  }
});
