/**
 * Worker-thread entry for Louvain clustering (cluster-in-worker.ts): the ties arrive as columns, the
 * communities are computed here, and only they (or the error) go back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ClusterJob, ClusterReply } from './cluster-in-worker.js';
import { clusterAccounts } from './cluster.js';

const { accountCount, a, b, weight, seed } = workerData as ClusterJob;
let reply: ClusterReply;
try {
  const edges = Array.from(a, (x, i) => ({ a: x, b: b[i]!, weight: weight[i]! }));
  const clustering = clusterAccounts(accountCount, edges, seed);
  reply = { clustering };
} catch (e) {
  reply = { error: e instanceof Error ? e.message : String(e) };
}
parentPort!.postMessage(reply);
