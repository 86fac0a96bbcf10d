/**
 * Worker-thread entry for edges.csv (edges-csv-in-worker.ts): the columns arrive transferred, the file
 * is written here, and only "done" or the error goes back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EdgeColumns } from './edge-columns.js';
import { writeEdgesFile } from './edges-file.js';

const { path, columns } = workerData as { path: string; columns: EdgeColumns };
try {
  writeEdgesFile(path, columns);
  parentPort!.postMessage({ done: true });
} catch (e) {
  parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) });
}
