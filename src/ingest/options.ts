/** The options every reader takes, and the format names (kept apart so readers and index share them). */
import type { ColumnMapping } from './mapping.js';

export type FormatName =
  'ira' | 'twitter-io' | 'twitter-v2' | 'twitter-v1' | 'qut' | 'coortweet' | 'csv' | 'ndjson';

export const FORMAT_NAMES: readonly FormatName[] = [
  'ira',
  'twitter-io',
  'twitter-v2',
  'twitter-v1',
  'qut',
  'coortweet',
  'csv',
  'ndjson',
];

export interface IngestOptions {
  /** Input format; 'auto' (default) sniffs each file. */
  format?: FormatName | 'auto';
  /** Column mapping for `csv` / `ndjson` (required there). */
  mapping?: ColumnMapping;
  /** How many skipped rows to keep as examples (default 20; the IngestStats constructor decides). */
  maxExamples?: number;
}
