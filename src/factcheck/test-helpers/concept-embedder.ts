/**
 * A stand-in for a sentence-embedding model in tests (embedder.ts's `Embedder`): each dimension is a
 * concept named by a few words, a text's vector counts the words of each concept it contains (unit
 * length; zero when none). Paraphrases that share a concept but few words are near, as with a real
 * model, and the test sees every text it was asked to embed.
 */
import type { Embedder } from '../embedder.js';

export const CONCEPTS: readonly (readonly string[])[] = [
  ['bridge', 'crossing', 'river', 'drive', 'closed', 'shutting'],
  ['moon', 'alien', 'astronauts', 'base', 'buildings'],
  ['flu', 'water', 'cures', 'hot', 'morning'],
];

export interface CountingEmbedder extends Embedder {
  /** Every text embedded so far, in order. */
  readonly texts: string[];
}

export function conceptEmbedder(id = 'concepts@test'): CountingEmbedder {
  const texts: string[] = [];
  const dim = CONCEPTS.length;
  return {
    id,
    dim,
    texts,
    embed(batch) {
      texts.push(...batch);
      const out = new Float32Array(batch.length * dim);
      batch.forEach((t, i) => {
        const words = t.toLowerCase().split(/[^a-z]+/);
        let n = 0;
        CONCEPTS.forEach((c, d) => {
          const k = words.filter((w) => c.includes(w)).length;
          out[i * dim + d] = k;
          n += k * k;
        });
        for (let d = 0; d < dim && n > 0; d++) out[i * dim + d]! /= Math.sqrt(n);
      });
      return Promise.resolve(out);
    },
  };
}
