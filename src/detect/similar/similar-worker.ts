/**
 * Worker-thread entry for near-duplicate grouping (similar/in-worker.ts): the texts arrive by
 * structured clone, or in shared memory with the input's order; the groups go back as a transferred
 * Int32Array.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LockstepError } from '../../core/errors.js';
import type { SimilarWorkerData } from './in-worker.js';
import { groupInputs, nearDuplicateGroups } from './near-duplicates.js';
import { SharedInputs } from './shared-inputs.js';

const data = workerData as SimilarWorkerData;
try {
  const groups =
    'shared' in data
      ? groupInputs(new SharedInputs(data.shared, data.order), data.options).groups
      : nearDuplicateGroups(data.texts, data.options);
  parentPort!.postMessage({ groups }, [groups.buffer as ArrayBuffer]);
} catch (e) {
  parentPort!.postMessage({
    error:
      e instanceof LockstepError
        ? { code: e.code, message: e.message, details: { ...e.details } }
        : { message: e instanceof Error ? (e.stack ?? e.message) : String(e) },
  });
}
