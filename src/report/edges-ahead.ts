/**
 * edges.csv and graph.gexf's edges written ahead, while detection is still running: the reported
 * edges are final after the chance stage (DetectOptions.onEdges), and the clustering, evidence and
 * signals stages that follow run on the main thread with the second core mostly idle (bench/RESULTS.md,
 * h-tail session 19: about three quarters of the tail). Written in the output stage, the same worker
 * competed there with the layout worker and the main thread's files for the two cores.
 *
 * The worker writes `edges.csv.partial` and `graph.gexf.partial` (graph.gexf's edges and its tail) in
 * the output folder, then waits: graph.gexf's head lists the result's accounts with their signals,
 * known only at the end, so `finish` sends it the head and the worker writes graph.gexf as the head
 * followed by the partial file's bytes and renames edges.csv.partial. The files are byte for byte those
 * of write-output.ts's own path (edges-ahead.test.ts), and an earlier run's files in the folder stay
 * untouched until `finish`. Cost: the writer's own (edges-csv-in-worker.ts) plus one copy of
 * graph.gexf's edge bytes in the worker (~60 MB at 3M posts, file to file through the page cache).
 */
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Edge } from '../core/result.js';
import { siblingModule, startWorker } from '../core/worker.js';
import { edgeColumns, transferables, type EdgeColumns } from './edge-columns.js';
import { EDGES_IN_WORKER_FROM } from './edges-csv-in-worker.js';
import { orderedEdges } from './edges-csv.js';

const WORKER_URL = siblingModule(import.meta.url, 'edges-ahead-worker');

/** What the worker gets: the final paths, the partial files', and the columns (transferred). */
export interface EdgesAheadJob {
  csvPath: string;
  gexfPath: string;
  csvPartial: string;
  gexfPartial: string;
  columns: EdgeColumns;
}

/** The worker's messages: the partial files are written, the final files are in place, or what failed. */
export type EdgesAheadReply = { written: true } | { done: true } | { error: string };

/** Edge files under way. */
export interface EdgesAhead {
  /** The array handed over: write-output.ts uses this writer only for a result whose `edges` it is. */
  readonly edges: readonly Edge[];
  /** `orderedEdges(edges)`: graph.gexf's head lists their accounts in this order. */
  readonly sorted: readonly Edge[];
  /** Once the partial files are written: ms from the worker's start (run.json's timings). */
  readonly workerMs: number | undefined;
  /** Completes graph.gexf with its head (`gexfHead(result, sorted)`) and edges.csv; resolves when both are in place. */
  finish(head: string): Promise<void>;
  /** Stops the worker and removes the partial files (detection or the other outputs failed). */
  cancel(): Promise<void>;
}

const partial = (path: string): string => `${path}.partial`;

/**
 * Starts writing `dir`/edges.csv and graph.gexf's edges in a worker thread, or returns undefined below
 * `inWorkerFrom` edges (a worker's start-up would cost more than it saves: write-output.ts then writes
 * them as before). Creates `dir`.
 */
export function startEdgesAhead(
  dir: string,
  edges: readonly Edge[],
  inWorkerFrom = EDGES_IN_WORKER_FROM,
  url: URL = WORKER_URL,
): EdgesAhead | undefined {
  if (edges.length < inWorkerFrom) return undefined;
  mkdirSync(dir, { recursive: true });
  const sorted = orderedEdges(edges);
  const columns = edgeColumns(sorted);
  const csvPath = join(dir, 'edges.csv');
  const gexfPath = join(dir, 'graph.gexf');
  const job: EdgesAheadJob = {
    csvPath,
    gexfPath,
    csvPartial: partial(csvPath),
    gexfPartial: partial(gexfPath),
    columns,
  };
  const start = performance.now();
  const worker = startWorker(url, { workerData: job, transferList: transferables(columns) });
  // Replies in order; the thread's failure or exit ends the conversation with an error.
  const replies: EdgesAheadReply[] = [];
  let waiting: ((r: EdgesAheadReply) => void) | undefined;
  let workerMs: number | undefined;
  let stopped = false;
  const deliver = (r: EdgesAheadReply): void => {
    if ('written' in r) {
      workerMs = performance.now() - start;
      // Idle until finish: it must not keep the process alive if the caller never finishes it.
      worker.unref();
    }
    if (waiting) {
      const w = waiting;
      waiting = undefined;
      w(r);
    } else replies.push(r);
  };
  worker.on('message', deliver);
  worker.once('error', (e) => {
    deliver({ error: e.message });
  });
  worker.once('exit', (code) => {
    stopped = true;
    deliver({ error: `exited with code ${code} before answering` });
  });
  const next = async (): Promise<EdgesAheadReply> => {
    const r = replies.shift() ?? (await new Promise<EdgesAheadReply>((resolve) => (waiting = resolve)));
    if ('error' in r) throw new Error(`edges.csv worker: ${r.error}`);
    return r;
  };
  return {
    edges,
    sorted,
    get workerMs() {
      return workerMs;
    },
    async finish(head) {
      worker.ref();
      await next();
      worker.postMessage({ head });
      await next();
      await worker.terminate();
    },
    async cancel() {
      if (!stopped) await worker.terminate();
      // The thread has stopped: nothing creates a partial file after their removal.
      await Promise.all([rm(job.csvPartial, { force: true }), rm(job.gexfPartial, { force: true })]);
    },
  };
}
