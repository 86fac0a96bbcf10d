/** Messages between the parallel reader's main side (worker-source.ts) and its worker (read-worker.ts). */
import { LockstepError, type ErrorCode } from '../../core/errors.js';
import type { InputSummary } from '../../core/result.js';
import type { EncodedMessage, EncoderOptions } from '../../detect/index.js';
import type { FormatName, IngestOptions } from '../../ingest/index.js';

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

/**
 * One slot of the chunks' shared memory (read/chunk-feed.ts): the main side writes a chunk's bytes and
 * its fields (ingest/csv-fields.ts) there, the worker reads them in place; sent again when it grows.
 */
export interface SlotMemory {
  bytes: SharedArrayBuffer;
  fields: SharedArrayBuffer;
}

/** A chunk of paths[file] in slot `slot`: `bytes` bytes and `ints` ints of fields (CsvChunk's other fields). */
export interface ChunkInSlot {
  type: 'chunk';
  file: number;
  slot: number;
  bytes: number;
  ints: number;
  line: number;
  first: boolean;
  final: boolean;
  /** The slot's memory, when it is new or has grown since the worker last saw it. */
  memory?: SlotMemory;
}

/** Main side → read worker, when it reads the files itself (ReadWorkerData.formats). */
export type ToReadWorker =
  | BatchConsumed
  /** The next chunk, in file order. */
  | ChunkInSlot
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
  /** The chunk in `slot` is read (ToReadWorker 'chunk'): the main side may cut one more into it. */
  | { type: 'chunk-read'; slot: number }
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
