/**
 * Worker-thread entry for near-duplicate grouping (similar/in-worker.ts): the texts arrive by
 * structured clone (each distinct string once, with the order to group them in), the groups go back as a transferred Int32Array.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LockstepError } from '../../core/errors.js';
import type { SimilarWorkerData } from './in-worker.js';
import { nearDuplicateGroups } from './near-duplicates.js';

const { texts, order, options } = workerData as SimilarWorkerData;
try {
  // The order's repeats are the same string objects, so the de-duplication's `first === raw` holds at once.
  const input = order === undefined ? texts : Array.from(order, (k) => texts[k]!);
  const groups = nearDuplicateGroups(input, options);
  parentPort!.postMessage({ groups }, [groups.buffer as ArrayBuffer]);
} catch (e) {
  parentPort!.postMessage({
    error:
      e instanceof LockstepError
        ? { code: e.code, message: e.message, details: { ...e.details } }
        : { message: e instanceof Error ? (e.stack ?? e.message) : String(e) },
  });
}
