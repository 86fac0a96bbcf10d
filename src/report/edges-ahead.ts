/**
 * edges.csv and graph.gexf's edges written ahead, while detection is still running: the reported
 * edges are final after the chance stage (DetectOptions.onEdges), and the clustering, evidence and
 * signals stages that follow run on the main thread with the second core mostly idle (bench/RESULTS.md,
 * h-tail session 19: about three quarters of the tail). Written in the output stage, the same worker
 * competed there with the layout worker and the main thread's files for the two cores.
 *
 * The worker writes `edges.csv.partial` and `graph.gexf.partial` (graph.gexf's edges and its tail) in
 * the output folder; graph.gexf's head lists the result's accounts with their signals, known only at
 * the end, so `finish` writes graph.gexf as that head followed by the partial file's bytes, and
 * renames edges.csv.partial. The files are byte for byte those of write-output.ts's own path
 * (edges-ahead.test.ts), and an earlier run's files in the folder stay untouched until `finish`.
 * Cost: the writer's own (edges-csv-in-worker.ts) plus one copy of graph.gexf's edge bytes (~60 MB
 * at 3M posts, file to file through the page cache, asynchronous).
 */
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Edge } from '../core/result.js';
import { siblingModule, workerTask, type WorkerTask } from '../core/worker.js';
import { edgeColumns, transferables } from './edge-columns.js';
import { EDGES_IN_WORKER_FROM } from './edges-csv-in-worker.js';
import { orderedEdges } from './edges-csv.js';

const WORKER_URL = siblingModule(import.meta.url, 'edges-ahead-worker');

/** What the worker gets: where to write, and the columns (transferred). */
export interface EdgesAheadJob {
  csvPath: string;
  gexfPath: string;
  columns: ReturnType<typeof edgeColumns>;
}

/** Edge files under way. */
export interface EdgesAhead {
  /** The array handed over: write-output.ts uses this writer only for a result whose `edges` it is. */
  readonly edges: readonly Edge[];
  /** `orderedEdges(edges)`: graph.gexf's head lists their accounts in this order. */
  readonly sorted: readonly Edge[];
  /** Once the worker answered: ms from its start to its answer (run.json's timings). */
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
  const job: EdgesAheadJob = { csvPath: partial(csvPath), gexfPath: partial(gexfPath), columns };
  const task: WorkerTask<true> = workerTask(
    url,
    { workerData: job, transferList: transferables(columns) },
    'edges.csv worker',
  );
  return {
    edges,
    sorted,
    get workerMs() {
      return task.answeredMs;
    },
    async finish(head) {
      await task.result;
      await rename(partial(csvPath), csvPath);
      await pipeline(async function* () {
        yield head;
        yield* createReadStream(partial(gexfPath), { highWaterMark: 1 << 22 });
      }, createWriteStream(gexfPath));
      await rm(partial(gexfPath));
    },
    async cancel() {
      task.cancel();
      // Settled once the thread has answered or stopped: it cannot create a partial file after the removal.
      await task.result.catch(() => undefined);
      await Promise.all([rm(partial(csvPath), { force: true }), rm(partial(gexfPath), { force: true })]);
    },
  };
}
