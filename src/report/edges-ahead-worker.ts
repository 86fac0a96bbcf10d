/**
 * Worker-thread entry for edges-ahead.ts: the columns arrive transferred; edges.csv and graph.gexf's
 * edges (with its tail, without its head) are written to the partial files, and only "done" or the
 * error goes back.
 */
import { workerData } from 'node:worker_threads';
import { replyOnce } from '../core/worker.js';
import type { EdgesAheadJob } from './edges-ahead.js';
import { writeEdgesFile } from './edges-file.js';

const { csvPath, gexfPath, columns } = workerData as EdgesAheadJob;
replyOnce(() => {
  writeEdgesFile(csvPath, columns, { path: gexfPath, head: '' });
  return true;
});
