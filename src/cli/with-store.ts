/**
 * The `--db` / `--pg-schema` pair that commands working on a store share (taxii-admin, runs): open
 * the store, run one function, always close it.
 */
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';

export interface DbOptions {
  db: string;
  pgSchema?: string;
}

export async function withStore<T>(o: DbOptions, fn: (s: Store) => Promise<T>): Promise<T> {
  const store = await openStore(o.db, o.pgSchema !== undefined ? { pgSchema: o.pgSchema } : {});
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
