/** Messages between the parallel reader's main side (worker-source.ts) and its worker (read-worker.ts). */
import type { ErrorCode } from '../../core/errors.js';
import type { InputSummary } from '../../core/result.js';
import type { EncodedMessage, EncoderOptions } from '../../detect/index.js';
import type { IngestOptions } from '../../ingest/index.js';

export interface ReadWorkerData {
  paths: string[];
  ingest: IngestOptions;
  encoder: EncoderOptions;
  maxInFlight: number;
}

export type WorkerMessage =
  | { type: 'batch'; batch: Extract<EncodedMessage, { kind: 'batch' }> }
  | { type: 'tail'; tail: Extract<EncodedMessage, { kind: 'tail' }>; summary: InputSummary }
  | {
      type: 'error';
      /** A LockstepError keeps its code and details across the thread boundary; anything else its stack. */
      error: { code?: ErrorCode; message: string; details?: Record<string, unknown> };
    };
