/**
 * Opens a {@link Store} on PostgreSQL. `schema` (optional) puts every table in that schema, created if
 * missing: tests use a fresh schema per run; deployments may share one database between tools.
 */
import pg from 'pg';
import { LockstepError } from '../../core/errors.js';
import { SqlStore } from '../sql-store.js';
import { PostgresDriver } from './postgres-driver.js';

export interface PostgresStoreOptions {
  /** `postgres://user@host:port/db` */
  url: string;
  schema?: string;
  /** Pool size (default 10). */
  max?: number;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Pool settings for the store's connections (exported so a test can check them on the real server). */
export function postgresPoolConfig(opts: PostgresStoreOptions): pg.PoolConfig {
  const config: pg.PoolConfig = { connectionString: opts.url, max: opts.max ?? 10 };
  // TAXII pages are LIMIT 1001 keyset scans; the planner ignores the LIMIT, expects ~260k rows at 1M
  // objects and picks a Gather Merge whose worker start-up cost 100–380 ms per page, while the serial
  // index scan + anti-join reads the page in 2.5–10 ms (EXPLAIN ANALYZE; docs/EXCHANGE.md, Benchmarks).
  const settings = ['-c max_parallel_workers_per_gather=0'];
  if (opts.schema) settings.push(`-c search_path=${opts.schema}`);
  config.options = settings.join(' ');
  return config;
}

export async function openPostgresStore(opts: PostgresStoreOptions): Promise<SqlStore> {
  if (opts.schema !== undefined && !IDENT.test(opts.schema))
    throw new LockstepError('ERR_USAGE', `invalid PostgreSQL schema name "${opts.schema}"`, {
      schema: opts.schema,
    });
  const config = postgresPoolConfig(opts);
  const pool = new pg.Pool(config);
  // An idle client losing its connection must not crash the server; the next query reports it.
  pool.on('error', () => undefined);
  try {
    if (opts.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
    else await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new LockstepError(
      'ERR_STORE_UNAVAILABLE',
      `cannot reach PostgreSQL at ${redactUrl(opts.url)}: ${e instanceof Error ? e.message : String(e)}`,
      {},
      { cause: e },
    );
  }
  return SqlStore.open(new PostgresDriver(pool));
}
