/* eslint-disable @typescript-eslint/no-floating-promises -- node:test awaits describe/it itself (as in
   the *.test.ts override of eslint.config.js); this file is a shared suite, not named *.test.ts. */
/**
 * The fact-check part of the store, as one contract run on SQLite and PostgreSQL
 * (store.test.ts): idempotent re-import, updates, round trip of the normalised record; the stored
 * sentence vectors (vectors.ts): a re-import embeds nothing, a changed claim or another model
 * re-embeds, and the stored vectors are the ones the model gives.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Store } from '../store/store.js';
import { loadFactChecks, saveFactChecks } from './store.js';
import { conceptEmbedder } from './test-helpers/concept-embedder.js';
import type { FactCheck } from './types.js';
import { storeFactCheckVectors, vectorsFor } from './vectors.js';

const A: FactCheck = {
  url: 'https://checks.example.org/a?utm_source=x',
  key: 'https://checks.example.org/a',
  claim: 'Claim A',
  headline: 'Headline A',
  publisher: 'Example Checkers',
  rating: { text: 'False', value: 1, best: 5, worst: 1 },
  verdict: 'false',
  language: 'en',
  reviewDate: '2024-01-02',
  appearances: ['https://blog.example.net/a'],
};
const B: FactCheck = {
  url: 'https://checks.example.org/b',
  key: 'https://checks.example.org/b',
  claim: 'Claim B',
  verdict: 'unknown',
  appearances: [],
};

export function factCheckStoreContract(
  name: string,
  open: () => Promise<Store>,
  cleanup: () => Promise<void>,
): void {
  describe(`factcheck store: ${name}`, () => {
    after(cleanup);
    it('inserts, leaves identical records alone, replaces changed ones, and loads them back', async () => {
      const store = await open();
      try {
        assert.deepEqual(await saveFactChecks(store, [A, B], '2024-06-01T00:00:00Z'), {
          inserted: 2,
          updated: 0,
          unchanged: 0,
        });
        assert.deepEqual(await saveFactChecks(store, [B, A], '2024-06-02T00:00:00Z'), {
          inserted: 0,
          updated: 0,
          unchanged: 2,
        });
        const changed = { ...B, rating: { text: 'Mostly true' }, verdict: 'mixed' as const };
        assert.deepEqual(await saveFactChecks(store, [changed], '2024-06-03T00:00:00Z'), {
          inserted: 0,
          updated: 1,
          unchanged: 0,
        });
        assert.equal(await store.countFactChecks(), 2);
        assert.deepEqual(await loadFactChecks(store), [A, changed]);
        const rows = await store.listFactChecks();
        assert.deepEqual(
          rows.map((r) => [r.key, r.publisher, r.language, r.importedAt, r.updatedAt]),
          [
            [A.key, 'Example Checkers', 'en', '2024-06-01T00:00:00Z', '2024-06-01T00:00:00Z'],
            [B.key, undefined, undefined, '2024-06-01T00:00:00Z', '2024-06-03T00:00:00Z'],
          ],
        );
      } finally {
        await store.close();
      }
    });
    it('stores vectors once per model and text: a re-import embeds 0, a changed claim re-embeds', async () => {
      const store = await open();
      try {
        const model = conceptEmbedder();
        const bridge = { ...B, claim: 'The river bridge is closed' };
        await saveFactChecks(store, [A, bridge]);
        assert.deepEqual(await storeFactCheckVectors(store, [A, bridge], model, 't1'), {
          embedded: 2,
          reused: 0,
        });
        assert.deepEqual(await storeFactCheckVectors(store, [bridge, A], model, 't2'), {
          embedded: 0,
          reused: 2,
        });
        assert.equal(model.texts.length, 2, 'the second import asked the model for nothing');
        // What the matcher gets from the store is exactly what the model gives (the non-stored path).
        const fresh = await vectorsFor([A, bridge], conceptEmbedder());
        const stored = await vectorsFor([A, bridge], model, await store.listFactCheckVectors(model.id));
        assert.equal(stored.embedded.length, 0);
        assert.deepEqual(stored.vectors, fresh.vectors);
        const changed = { ...bridge, claim: 'Astronauts found a base on the moon' };
        assert.deepEqual(await storeFactCheckVectors(store, [A, changed], model, 't3'), {
          embedded: 1,
          reused: 1,
        });
        assert.deepEqual(model.texts.slice(2), ['Astronauts found a base on the moon']);
        const rows = await store.listFactCheckVectors(model.id);
        assert.deepEqual(
          rows.map((r) => [r.key, [...r.vector]]),
          [
            [A.key, [0, 0, 0]],
            [B.key, [0, 1, 0]],
          ],
        );
        const other = conceptEmbedder('other@test');
        assert.deepEqual(await storeFactCheckVectors(store, [A, changed], other), { embedded: 2, reused: 0 });
        assert.equal((await store.listFactCheckVectors(model.id)).length, 2, 'models kept apart');
      } finally {
        await store.close();
      }
    });
    it('saves more records than one lookup chunk in one call', async () => {
      const store = await open();
      try {
        const many = Array.from({ length: 1203 }, (_, i) => ({
          ...B,
          url: `https://x.example.org/${i}`,
          key: `https://x.example.org/${i}`,
        }));
        assert.deepEqual(await saveFactChecks(store, many), { inserted: 1203, updated: 0, unchanged: 0 });
        assert.deepEqual(await saveFactChecks(store, many), { inserted: 0, updated: 0, unchanged: 1203 });
      } finally {
        await store.close();
      }
    });
  });
}
