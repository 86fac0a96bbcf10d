/**
 * The organic contrast (organic-contrast.ts) in a worker thread, so that on two cores it runs while the
 * main thread builds the networks' evidence and amplified accounts (networks.ts): the stages after
 * co-similar otherwise leave the second core idle (bench/RESULTS.md, h-stages and h-tail).
 *
 * The columns it reads cross once as SharedArrayBuffer copies (one memcpy of each array in this
 * thread, no structured clone and no second copy in the worker: about 4 bytes × (2 × actions + posts
 * + objects), ~0.1 GB at 3M posts, freed when the answer arrives). Only the per-network contrast
 * comes back. The answer is the function's own, so the result is the same in either thread.
 */
import type { NetworkContrast } from '../../core/result.js';
import { siblingModule, workerTask, type WorkerTask } from '../../core/worker.js';
import type { ContrastColumns } from './organic-contrast.js';

const WORKER_URL = siblingModule(import.meta.url, 'contrast-worker');

/** What the worker gets: the columns (shared) and the networks' membership. */
export interface ContrastJob {
  networkOf: Int32Array;
  networkCount: number;
  columns: ContrastColumns;
}

/** A contrast under way: its answer, and how to stop the worker when the caller gives up. */
export type PendingContrast = WorkerTask<NetworkContrast[]>;

function shared(a: Int32Array): Int32Array {
  const copy = new Int32Array(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}

/**
 * Starts the contrast in a worker. A failure there (an exception, or the thread's exit before it
 * answered) rejects `result` with an error that names the contrast worker; it never hangs.
 */
export function contrastInWorker(
  networkOf: Int32Array,
  networkCount: number,
  columns: ContrastColumns,
  url: URL = WORKER_URL,
): PendingContrast {
  const job: ContrastJob = {
    networkOf: shared(networkOf),
    networkCount,
    columns: {
      accountCount: columns.accountCount,
      account: shared(columns.account),
      passes: columns.passes.map((p) => ({
        post: shared(p.post),
        order: shared(p.order),
        starts: shared(p.starts),
        objectCount: p.objectCount,
      })),
    },
  };
  return workerTask<NetworkContrast[]>(url, { workerData: job }, 'organic contrast worker');
}
