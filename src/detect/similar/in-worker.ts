/**
 * `nearDuplicateGroups` in a worker thread, so that on two cores co-similar runs while the main thread
 * counts the other behaviours' co-actions (pipeline.ts). Same function, same result; the texts cost one
 * structured clone (~0.5 µs per short text, measured on simulated tweets).
 */
import { LockstepError, type ErrorCode } from '../../core/errors.js';
import { siblingModule, startWorker } from '../../core/worker.js';
import type { NearDuplicateOptions } from './near-duplicates.js';

const WORKER_URL = siblingModule(import.meta.url, 'similar-worker');

type Reply =
  | { groups: Int32Array }
  | { error: { code?: ErrorCode; message: string; details?: Record<string, unknown> } };

/** What the worker is given: its input is `order.map((k) => texts[k])`, or `texts` when there is no order. */
export interface SimilarWorkerData {
  texts: readonly string[];
  order?: Int32Array;
  options: NearDuplicateOptions;
}

export function nearDuplicateGroupsInWorker(
  texts: readonly string[],
  options: NearDuplicateOptions = {},
  signal?: AbortSignal,
): Promise<Int32Array> {
  return groupsInWorker({ texts, options }, signal);
}

/**
 * `nearDuplicateGroups(Array.from(order, (k) => strings[k]), options)` in a worker. A string the
 * input repeats (co-similar passes a text used by several posts twice) is cloned once: the clone and
 * the worker's copy of each string (and the collections of its young heap that follow) cost per
 * string, ~1 µs and ~2 µs on simulated tweets (bench/RESULTS.md, h-tail).
 */
export function nearDuplicateGroupsOfOrder(
  strings: readonly string[],
  order: Int32Array,
  options: NearDuplicateOptions = {},
  signal?: AbortSignal,
): Promise<Int32Array> {
  return groupsInWorker({ texts: strings, order, options }, signal);
}

function groupsInWorker(workerData: SimilarWorkerData, signal: AbortSignal | undefined): Promise<Int32Array> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(WORKER_URL, { workerData });
    let settled = false;
    // The caller gave up (an error elsewhere in the run): stop the worker so the process can exit.
    signal?.addEventListener('abort', () => {
      if (!settled) void worker.terminate();
    });
    worker.once('message', (m: Reply) => {
      settled = true;
      void worker.terminate();
      if ('groups' in m) resolve(m.groups);
      else
        reject(
          m.error.code === undefined
            ? new Error(`co-similar worker: ${m.error.message}`)
            : new LockstepError(m.error.code, m.error.message, m.error.details ?? {}),
        );
    });
    worker.once('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`co-similar worker exited with code ${code} before answering`));
    });
  });
}
