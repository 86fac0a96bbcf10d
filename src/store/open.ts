/**
 * Opens the store a `--db` value names: a `postgres://` / `postgresql://` URL, `:memory:`, or a SQLite
 * file path. One place, so every command accepts the same spellings. A PostgreSQL URL may choose the
 * schema with `?schema=NAME` (or the commands' `--pg-schema`); the parameter is taken out of the URL
 * before it reaches the driver.
 */
import { LockstepError } from '../core/errors.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/** Splits `?schema=` off a PostgreSQL URL; `pgSchema` (an option) must agree with it when both are given. */
export function postgresTarget(db: string, pgSchema?: string): { url: string; schema?: string } {
  let url: URL;
  try {
    url = new URL(db);
  } catch {
    throw new LockstepError('ERR_USAGE', '--db: not a valid postgres:// URL');
  }
  const fromUrl = url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  if (fromUrl !== undefined && pgSchema !== undefined && fromUrl !== pgSchema)
    throw new LockstepError(
      'ERR_USAGE',
      `--pg-schema ${pgSchema} and the URL's ?schema=${fromUrl} disagree; give one`,
    );
  const schema = pgSchema ?? fromUrl;
  return { url: url.toString(), ...(schema !== undefined ? { schema } : {}) };
}

export async function openStore(db: string, opts: { pgSchema?: string } = {}): Promise<Store> {
  if (isPostgresUrl(db)) return openPostgresStore(postgresTarget(db, opts.pgSchema));
  if (opts.pgSchema !== undefined)
    throw new LockstepError('ERR_USAGE', '--pg-schema needs a postgres:// --db');
  return openSqliteStore({ file: db });
}
