/* eslint-disable @typescript-eslint/no-floating-promises -- node:test awaits describe/it itself (as in
   the *.test.ts override of eslint.config.js); this file is a shared suite, not named *.test.ts. */
/**
 * The fact-check part of the store, as one contract run on SQLite and PostgreSQL
 * (store.test.ts): idempotent re-import, updates, round trip of the normalised record.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Store } from '../store/store.js';
import { loadFactChecks, saveFactChecks } from './store.js';
import type { FactCheck } from './types.js';

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
