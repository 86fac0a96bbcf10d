/**
 * Worker-thread entry for edges.csv and graph.gexf (edges-csv-in-worker.ts): the columns arrive transferred, the file
 * is written here, and only "done" or the error goes back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EdgeColumns } from './edge-columns.js';
import { writeEdgesFile, type GexfFile } from './edges-file.js';

const { path, columns, gexf } = workerData as { path: string; columns: EdgeColumns; gexf?: GexfFile };
try {
  writeEdgesFile(path, columns, gexf);
  parentPort!.postMessage({ done: true });
} catch (e) {
  parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) });
}
