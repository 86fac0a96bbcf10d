/** Messages between the chunk reader's main side (chunk-source.ts) and its parse workers (parse-worker.ts). */
import type { InputSummary } from '../../core/result.js';
import type { EncoderOptions, InternedBatch } from '../../detect/index.js';
import type { CsvChunk, FormatName, IngestOptions } from '../../ingest/index.js';
import type { EncodedMessage } from '../../detect/index.js';
import type { WorkerError } from './protocol.js';

export interface ParseWorkerData {
  /** This worker's number: the numbering its batches use. */
  source: number;
  ingest: IngestOptions;
  encoder: EncoderOptions;
}

export type ToParseWorker =
  | { type: 'chunk'; seq: number; path: string; format: FormatName; header: string[]; chunk: CsvChunk }
  | { type: 'end' };

export type FromParseWorker =
  /** `part`: the chunk's rows, posts and skips (one file entry), absorbed in file order by the main side. */
  | { type: 'batch'; seq: number; batch: InternedBatch; part: InputSummary }
  | { type: 'tail'; tail: Extract<EncodedMessage, { kind: 'tail' }> }
  | { type: 'error'; error: WorkerError };
