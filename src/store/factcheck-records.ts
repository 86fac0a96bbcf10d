/**
 * Fact checks in the store (sql/factchecks.ts, migration 5) and their sentence vectors
 * (sql/factcheck-vectors.ts, migration 9); src/factcheck owns what the JSON and the hashes are.
 */

/** A fact check as the store keeps it (src/factcheck owns the JSON's shape; docs/FACTCHECK.md). */
export interface FactCheckWrite {
  /** Canonical review URL: the identity that makes re-imports idempotent. */
  key: string;
  url: string;
  publisher?: string;
  language?: string;
  reviewDate?: string;
  /** The normalised record, serialised. */
  json: string;
}
export interface FactCheckRow extends FactCheckWrite {
  importedAt: string;
  /** When the JSON last changed (an identical re-import leaves it). */
  updatedAt: string;
}

/**
 * A fact check's sentence vector as the store keeps it (src/factcheck/vectors.ts owns what the hashes
 * are): one per (model identity, review key).
 */
export interface FactCheckVector {
  /** The fact check's canonical review URL ({@link FactCheckWrite.key}). */
  key: string;
  /** Hash of the text that was embedded: a different one means the fact check changed since. */
  textHash: string;
  /** `dim` floats, unit length. */
  vector: Float32Array;
}
