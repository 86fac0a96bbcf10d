/**
 * Opens a {@link Store} on a SQLite file (or `:memory:` for tests). File databases use WAL so readers
 * never block the writer, `synchronous=FULL` so a committed (acknowledged) POST survives a power cut,
 * and a busy timeout so two server processes can share one file.
 */
import Database from 'better-sqlite3';
import { LockstepError } from '../../core/errors.js';
import { SqlStore } from '../sql-store.js';
import { SqliteDriver } from './sqlite-driver.js';

export interface SqliteStoreOptions {
  /** Path of the database file, or `:memory:`. */
  file: string;
}

export async function openSqliteStore(opts: SqliteStoreOptions): Promise<SqlStore> {
  let db: Database.Database;
  try {
    db = new Database(opts.file);
  } catch (e) {
    throw new LockstepError(
      'ERR_STORE_UNAVAILABLE',
      `cannot open SQLite database ${opts.file}: ${e instanceof Error ? e.message : String(e)}`,
      { file: opts.file },
      { cause: e },
    );
  }
  if (opts.file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return SqlStore.open(new SqliteDriver(db));
}
