/**
 * The fact checks' sentence vectors in the SQL store (migration 9): one row per (model, review key),
 * replaced when the fact check is embedded again. A vector travels as base64 of its little-endian
 * float32 bytes (the drivers take text and numbers; every platform Node runs on here is
 * little-endian, and `decode` checks the length against `dim`).
 *
 * Cost: one multi-row upsert per 200 vectors; a listing reads 2.7 KB a 512-float vector.
 */
import type { Driver, SqlValue } from '../driver.js';
import type { FactCheckVector } from '../factcheck-records.js';
import { str } from './rows.js';

const CHUNK = 200;

function encode(v: Float32Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
}

function decode(text: string, dim: number, key: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== dim * 4)
    throw new Error(`stored vector of ${key}: ${bytes.length} bytes, expected ${dim} floats`);
  // Copy into a fresh, aligned buffer: Buffer.from may share a pool slab at any offset.
  const out = new Float32Array(dim);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

export class SqlFactCheckVectors {
  constructor(private readonly db: Driver) {}

  putFactCheckVectors(model: string, rows: readonly FactCheckVector[], now: string): Promise<void> {
    // One row per key (the last given): PostgreSQL refuses an upsert that touches a row twice.
    const unique = [...new Map(rows.map((r) => [r.key, r])).values()];
    return this.db.transaction(async (tx) => {
      for (let i = 0; i < unique.length; i += CHUNK) {
        const chunk = unique.slice(i, i + CHUNK);
        const params: SqlValue[] = [];
        for (const r of chunk) params.push(r.key, model, r.textHash, r.vector.length, encode(r.vector), now);
        await tx.run(
          `INSERT INTO factcheck_vectors (review_key, model, text_hash, dim, vector, embedded_at)
           VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
           ON CONFLICT (model, review_key) DO UPDATE SET text_hash = excluded.text_hash, dim = excluded.dim,
             vector = excluded.vector, embedded_at = excluded.embedded_at`,
          params,
        );
      }
    });
  }

  async listFactCheckVectors(model: string): Promise<FactCheckVector[]> {
    const rows = await this.db.all(
      'SELECT review_key, text_hash, dim, vector FROM factcheck_vectors WHERE model = ? ORDER BY review_key',
      [model],
    );
    return rows.map((r) => {
      const key = str(r.review_key);
      return { key, textHash: str(r.text_hash), vector: decode(str(r.vector), Number(r.dim), key) };
    });
  }
}
