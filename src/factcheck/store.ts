/**
 * Fact checks in the Lockstep store (SQLite or PostgreSQL, the exchange's store; migration 5): save an
 * import idempotently, load everything back for matching. The stored JSON is re-validated on load so
 * a hand-edited row fails with its key named instead of somewhere in the matcher.
 */
import { z } from 'zod';
import { LockstepError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import type { FactCheck } from './types.js';

const StoredFactCheck = z.object({
  url: z.string(),
  key: z.string(),
  claim: z.string(),
  headline: z.string().optional(),
  publisher: z.string().optional(),
  publisherUrl: z.string().optional(),
  rating: z
    .object({
      text: z.string().optional(),
      value: z.number().optional(),
      best: z.number().optional(),
      worst: z.number().optional(),
    })
    .optional(),
  verdict: z.enum(['false', 'misleading', 'mixed', 'true', 'unknown']),
  claimant: z.string().optional(),
  claimDate: z.string().optional(),
  reviewDate: z.string().optional(),
  language: z.string().optional(),
  appearances: z.array(z.string()),
});

export function saveFactChecks(
  store: Store,
  factChecks: readonly FactCheck[],
  now = new Date().toISOString(),
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  return store.putFactChecks(
    factChecks.map((f) => ({
      key: f.key,
      url: f.url,
      ...(f.publisher !== undefined ? { publisher: f.publisher } : {}),
      ...(f.language !== undefined ? { language: f.language } : {}),
      ...(f.reviewDate !== undefined ? { reviewDate: f.reviewDate } : {}),
      json: JSON.stringify(f),
    })),
    now,
  );
}

export async function loadFactChecks(store: Store): Promise<FactCheck[]> {
  const rows = await store.listFactChecks();
  return rows.map((r) => {
    let v: unknown;
    try {
      v = JSON.parse(r.json);
    } catch {
      v = undefined;
    }
    const parsed = StoredFactCheck.safeParse(v);
    if (!parsed.success)
      throw new LockstepError('ERR_FACTCHECK_INPUT', `stored fact check ${r.key} is not a valid record`, {
        field: r.key,
      });
    return parsed.data;
  });
}
