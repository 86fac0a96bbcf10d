/**
 * `nearDuplicateGroups` in a worker thread, so that on two cores co-similar runs while the main thread
 * counts the other behaviours' co-actions (pipeline.ts). Same function, same result. Texts as strings
 * cost one structured clone (~0.5 µs per short text, measured on simulated tweets, and the worker's
 * copies to allocate and collect); detect's texts are in shared memory (engine/text-arena.ts) and
 * cross as a reference with the order that makes the input (similar/shared-inputs.ts).
 */
import { LockstepError, type ErrorCode } from '../../core/errors.js';
import { siblingModule, startWorker } from '../../core/worker.js';
import type { SharedTexts } from '../engine/text-arena.js';
import type { NearDuplicateOptions } from './near-duplicates.js';

const WORKER_URL = siblingModule(import.meta.url, 'similar-worker');

type Reply =
  | { groups: Int32Array }
  | { error: { code?: ErrorCode; message: string; details?: Record<string, unknown> } };

/** What the worker receives: texts as strings, or shared texts and the order of the input. */
export type SimilarWorkerData =
  | { texts: readonly string[]; options: NearDuplicateOptions }
  | { shared: SharedTexts; order: Int32Array; options: NearDuplicateOptions };

export function nearDuplicateGroupsInWorker(
  texts: readonly string[],
  options: NearDuplicateOptions = {},
  signal?: AbortSignal,
): Promise<Int32Array> {
  return groupsInWorker({ texts, options }, signal);
}

/** Groups of the input `order` over `shared` texts: `nearDuplicateGroups(Array.from(order, text))`. */
export function nearDuplicateGroupsOfSharedInWorker(
  shared: SharedTexts,
  order: Int32Array,
  options: NearDuplicateOptions = {},
  signal?: AbortSignal,
): Promise<Int32Array> {
  return groupsInWorker({ shared, order, options }, signal);
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
