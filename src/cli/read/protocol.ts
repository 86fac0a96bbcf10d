/** Messages between the parallel reader's main side (worker-source.ts) and its worker (read-worker.ts). */
import { LockstepError, type ErrorCode } from '../../core/errors.js';
import type { InputSummary } from '../../core/result.js';
import type { EncodedMessage, EncoderOptions } from '../../detect/index.js';
import type { CsvChunk, FormatName, IngestOptions } from '../../ingest/index.js';

export interface ReadWorkerData {
  paths: string[];
  ingest: IngestOptions;
  encoder: EncoderOptions;
  maxInFlight: number;
  /**
   * Set when every path is CSV: the main side reads and cuts the files (paths[i] in format formats[i])
   * and sends the chunks with their fields (ToReadWorker 'chunk'); the worker does not open the files.
   */
  formats?: FormatName[];
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

/** Main side → read worker, when it reads the files itself (ReadWorkerData.formats). */
export type ToReadWorker =
  | BatchConsumed
  /** Chunk `chunk` of paths[file], with its fields (CsvChunk.fields), in file order. */
  | { type: 'chunk'; file: number; chunk: CsvChunk }
  /** No more chunks. */
  | { type: 'end' }
  /**
   * Cutting failed (a malformed file, an unreadable path): answer 'aborted' once every chunk sent
   * before is read, so that an error of an earlier row still comes first, as in one thread.
   */
  | { type: 'abort' };

export type WorkerMessage =
  | { type: 'batch'; batch: Extract<EncodedMessage, { kind: 'batch' }> }
  | { type: 'tail'; tail: Extract<EncodedMessage, { kind: 'tail' }>; summary: InputSummary }
  /** One chunk read (ToReadWorker 'chunk'): the main side may cut one more (flow control). */
  | { type: 'chunk-read' }
  /** The answer to 'abort': every chunk before it was read without an error. */
  | { type: 'aborted' }
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
