/**
 * The fact checks' sentence vectors, stored with them so that the archive is embedded once: at
 * `factcheck import --embeddings` (store.ts's table, migration 9) rather than at every `match` or
 * `detect` (~30 ms of CPU a fact check, ~5 minutes for 10,000; embedder.ts). A stored vector is
 * reused only when it was made by the same model (the embedder's `id`: name and a hash of its
 * manifest and vocabulary) from the same text (a SHA-256 of `factCheckEmbeddingText`), so a changed
 * claim or headline, another model, or a change to what is embedded is seen as missing.
 *
 * Cost: one hash per fact check (microseconds) plus ~30 ms for each one embedded; memory 4 × dim bytes
 * a fact check.
 */
import { createHash } from 'node:crypto';
import type { FactCheckVector, Store } from '../store/store.js';
import { factCheckEmbeddingText, type Embedder } from './embedder.js';
import type { FactCheck } from './types.js';

/** Identifies the text a vector was made from (hex SHA-256, 32 digits: collisions are not a concern). */
export function embeddingTextHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

export interface FactCheckVectors {
  /** One row of `dim` floats per fact check, in the order given. */
  vectors: Float32Array;
  dim: number;
  /** Fact checks embedded by this call (their vectors were missing or stale), by index. */
  embedded: number[];
  /** The text hash of each one in `embedded` (what storing its vector records). */
  embeddedHashes: string[];
  /** Fact checks whose stored vector was used. */
  reused: number;
}

/**
 * Every fact check's vector: the stored one where it was made from the fact check's current text by
 * a model of the same dimension, the rest embedded now (in one batched call).
 */
export async function vectorsFor(
  factChecks: readonly FactCheck[],
  embedder: Embedder,
  stored: readonly FactCheckVector[] = [],
): Promise<FactCheckVectors> {
  const dim = embedder.dim;
  const byKey = new Map(stored.map((s) => [s.key, s]));
  const vectors = new Float32Array(factChecks.length * dim);
  const embedded: number[] = [];
  const texts: string[] = [];
  const embeddedHashes: string[] = [];
  factChecks.forEach((f, i) => {
    const s = byKey.get(f.key);
    const text = factCheckEmbeddingText(f);
    const hash = embeddingTextHash(text);
    if (s && s.vector.length === dim && s.textHash === hash) vectors.set(s.vector, i * dim);
    else {
      embedded.push(i);
      texts.push(text);
      embeddedHashes.push(hash);
    }
  });
  if (embedded.length > 0) {
    const fresh = await embedder.embed(texts);
    embedded.forEach((i, j) => {
      vectors.set(fresh.subarray(j * dim, (j + 1) * dim), i * dim);
    });
  }
  return { vectors, dim, embedded, embeddedHashes, reused: factChecks.length - embedded.length };
}

/**
 * `factcheck import --embeddings`: embeds the fact checks whose vector for this model is missing or
 * stale and stores those; returns how many were embedded and how many were already there.
 */
export async function storeFactCheckVectors(
  store: Store,
  factChecks: readonly FactCheck[],
  embedder: Embedder,
  now = new Date().toISOString(),
): Promise<{ embedded: number; reused: number }> {
  const v = await vectorsFor(factChecks, embedder, await store.listFactCheckVectors(embedder.id));
  await store.putFactCheckVectors(
    embedder.id,
    v.embedded.map((i, j) => ({
      key: factChecks[i]!.key,
      textHash: v.embeddedHashes[j]!,
      vector: v.vectors.slice(i * v.dim, (i + 1) * v.dim),
    })),
    now,
  );
  return { embedded: v.embedded.length, reused: v.reused };
}

/** The line `match` and `detect` print: how many vectors came from the store and how many were made. */
export function describeVectors(
  v: FactCheckVectors,
  model: string,
  seconds: number,
  fromStore: boolean,
): string {
  const made = `embedded ${v.embedded.length} fact checks with ${model} in ${seconds.toFixed(1)} s`;
  if (!fromStore) return `${made}\n`;
  return (
    `fact-check vectors: ${v.reused} stored, ${made}` +
    (v.embedded.length > 0
      ? ' (missing or changed since they were stored; `factcheck import --embeddings` stores them)\n'
      : '\n')
  );
}
