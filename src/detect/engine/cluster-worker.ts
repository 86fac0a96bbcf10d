/**
 * Worker-thread entry for Louvain clustering (cluster-in-worker.ts): the ties arrive as columns, the
 * communities are computed here, and only they (or the error) go back.
 */
import { workerData } from 'node:worker_threads';
import { replyOnce } from '../../core/worker.js';
import type { ClusterJob } from './cluster-in-worker.js';
import { clusterAccounts } from './cluster.js';

const { accountCount, a, b, weight, seed } = workerData as ClusterJob;
replyOnce(() =>
  clusterAccounts(
    accountCount,
    Array.from(a, (x, i) => ({ a: x, b: b[i]!, weight: weight[i]! })),
    seed,
  ),
);
