/** Messages between the parallel reader's main side (worker-source.ts) and its worker (read-worker.ts). */
import { LockstepError, type ErrorCode } from '../../core/errors.js';
import type { InputSummary } from '../../core/result.js';
import type { EncodedMessage, EncoderOptions } from '../../detect/index.js';
import type { IngestOptions } from '../../ingest/index.js';

export interface ReadWorkerData {
  paths: string[];
  ingest: IngestOptions;
  encoder: EncoderOptions;
  maxInFlight: number;
}

/**
 * Main side → read worker, once a batch has been consumed: one more batch may be sent (flow control),
 * and here are the consumed batch's buffers (engine/open-batch.ts `batchBuffers`), transferred back for
 * the next batches to fill instead of new ones.
 */
export interface BatchConsumed {
  type: 'consumed';
  buffers: ArrayBuffer[];
}

export type WorkerMessage =
  | { type: 'batch'; batch: Extract<EncodedMessage, { kind: 'batch' }> }
  | { type: 'tail'; tail: Extract<EncodedMessage, { kind: 'tail' }>; summary: InputSummary }
  | {
      type: 'error';
      /** A LockstepError keeps its code and details across the thread boundary; anything else its stack. */
      error: { code?: ErrorCode; message: string; details?: Record<string, unknown> };
    };

/** An error as it crosses from a worker: a LockstepError keeps its code and details, anything else its stack. */
export type WorkerError = Extract<WorkerMessage, { type: 'error' }>['error'];

export function toWorkerError(e: unknown): WorkerError {
  return e instanceof LockstepError
    ? { code: e.code, message: e.message, details: { ...e.details } }
    : { message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
}

/** The error again on the main side; `who` names the worker kind for errors without a code. */
export function reviveWorkerError(e: WorkerError, who: string): Error {
  return e.code === undefined
    ? new Error(`${who}: ${e.message}`)
    : new LockstepError(e.code, e.message, e.details ?? {});
}
