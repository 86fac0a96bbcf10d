/**
 * Louvain clustering (cluster.ts) in a worker thread, so that on two cores it runs while the main
 * thread builds the reported edges (fusion.ts `lockstepGraph`'s `onTies`): after co-similar the
 * stages otherwise leave the second core idle (bench/RESULTS.md, h-tail).
 *
 * The ties cross as three transferred columns (a, b, weight: 16 bytes a tie); the worker builds the
 * same edge list in the same order and calls the same function with the same seed, so the communities
 * and the modularity are the ones the calling thread would compute.
 */
import { siblingModule, workerTask, type WorkerTask } from '../../core/worker.js';
import type { Clustering } from './cluster.js';

const WORKER_URL = siblingModule(import.meta.url, 'cluster-worker');

/** What the worker gets. */
export interface ClusterJob {
  accountCount: number;
  a: Int32Array;
  b: Int32Array;
  weight: Float64Array;
  seed: number;
}

/** A clustering under way: its answer, and how to stop the worker when the caller gives up. */
export type PendingClustering = WorkerTask<Clustering>;

/**
 * Starts the clustering in a worker. A failure there (an exception, or the thread's exit before it
 * answered) rejects `result` with an error that names the clustering worker; it never hangs.
 */
export function clusterInWorker(
  accountCount: number,
  edges: readonly { a: number; b: number; weight: number }[],
  seed: number,
  url: URL = WORKER_URL,
): PendingClustering {
  const a = new Int32Array(edges.length);
  const b = new Int32Array(edges.length);
  const weight = new Float64Array(edges.length);
  edges.forEach((e, i) => {
    a[i] = e.a;
    b[i] = e.b;
    weight[i] = e.weight;
  });
  const job: ClusterJob = { accountCount, a, b, weight, seed };
  const transferList = [a.buffer, b.buffer, weight.buffer];
  return workerTask<Clustering>(url, { workerData: job, transferList }, 'clustering worker');
}
