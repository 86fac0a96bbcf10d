/**
 * Opens the store a `--db` value names: a `postgres://` / `postgresql://` URL, `:memory:`, or a SQLite
 * file path. One place, so every command accepts the same spellings.
 */
import { openPostgresStore } from './postgres/postgres-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

export function openStore(db: string): Promise<Store> {
  return isPostgresUrl(db) ? openPostgresStore({ url: db }) : openSqliteStore({ file: db });
}
