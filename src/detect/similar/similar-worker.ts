/**
 * Worker-thread entry for near-duplicate grouping (similar/in-worker.ts): the texts arrive by
 * structured clone, the groups go back as a transferred Int32Array.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LockstepError } from '../../core/errors.js';
import { nearDuplicateGroups, type NearDuplicateOptions } from './near-duplicates.js';

const { texts, options } = workerData as { texts: string[]; options: NearDuplicateOptions };
try {
  const groups = nearDuplicateGroups(texts, options);
  parentPort!.postMessage({ groups }, [groups.buffer as ArrayBuffer]);
} catch (e) {
  parentPort!.postMessage({
    error:
      e instanceof LockstepError
        ? { code: e.code, message: e.message, details: { ...e.details } }
        : { message: e instanceof Error ? (e.stack ?? e.message) : String(e) },
  });
}
