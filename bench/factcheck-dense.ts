/**
 * Reads the sentence embeddings bench/factcheck-embed.ts wrote for the CheckThat! claims and tweets:
 * DIR/claims.f32 and DIR/queries.f32 (rows of float32, unit length) and DIR/ids.json (their order).
 */
import { readFileSync } from 'node:fs';
import { DenseIndex } from '../src/factcheck/dense.js';

export interface BenchDense {
  index: DenseIndex;
  /** Tweet text → its embedding. */
  queries: Map<string, Float32Array>;
}

const floats = (file: string): Float32Array => {
  const b = readFileSync(file);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};

export function loadDense(dir: string, claimIds: readonly string[]): BenchDense {
  const ids = JSON.parse(readFileSync(`${dir}/ids.json`, 'utf8')) as {
    dim: number;
    claims: string[];
    queries: { id: string; text: string }[];
  };
  if (ids.claims.join('\n') !== claimIds.join('\n'))
    throw new Error(`${dir}/ids.json: its claims are not claims.jsonl's, in order — embed again`);
  const q = floats(`${dir}/queries.f32`);
  const queries = new Map<string, Float32Array>();
  ids.queries.forEach((x, i) => queries.set(x.text, q.subarray(i * ids.dim, (i + 1) * ids.dim)));
  return { index: new DenseIndex(floats(`${dir}/claims.f32`), ids.dim), queries };
}
