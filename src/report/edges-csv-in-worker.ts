/**
 * edges.csv written by a worker thread while the main thread writes the other outputs
 * (write-output.ts). Turning a third of a million doubles into their shortest strings is most of
 * edges.csv's cost (bench/RESULTS.md, the output stage), and on two cores the layout worker leaves
 * the second core idle for most of the output stage. Small edge lists are written in the calling
 * thread: a worker's start-up (~40 ms) would cost more than it saves.
 */
import { siblingModule, startWorker } from '../core/worker.js';
import type { Edge } from '../core/result.js';
import { edgeColumns, transferables } from './edge-columns.js';
import { writeEdgesFile, type GexfFile } from './edges-file.js';

const WORKER_URL = siblingModule(import.meta.url, 'edges-csv-worker');

/** Edge lists from this size are written in a worker. */
export const EDGES_IN_WORKER_FROM = 20_000;

type Reply = { done: true } | { error: string };

/**
 * `sorted`: `orderedEdges` output. With `gexf`, graph.gexf is written too, its edges from the same
 * columns (edges-file.ts). Resolves once the files are complete.
 */
export function writeEdgesCsv(
  path: string,
  sorted: readonly Edge[],
  inWorkerFrom = EDGES_IN_WORKER_FROM,
  gexf?: GexfFile,
): Promise<void> {
  const columns = edgeColumns(sorted);
  if (sorted.length < inWorkerFrom) {
    return new Promise((resolve) => {
      writeEdgesFile(path, columns, gexf);
      resolve();
    });
  }
  return new Promise((resolve, reject) => {
    const worker = startWorker(WORKER_URL, {
      workerData: { path, columns, gexf },
      transferList: transferables(columns),
    });
    let settled = false;
    worker.once('message', (m: Reply) => {
      settled = true;
      void worker.terminate();
      if ('done' in m) resolve();
      else reject(new Error(m.error));
    });
    worker.once('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`edges.csv worker exited with code ${code} before answering`));
    });
  });
}
