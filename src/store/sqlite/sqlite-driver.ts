/**
 * The SQLite {@link Driver} over better-sqlite3. better-sqlite3 is synchronous, so a transaction that
 * awaits in between statements could let another request's statement slip into it; a one-slot lock
 * makes every statement outside the transaction wait until it commits. Statements are prepared once
 * and cached, which is what makes bulk inserts fast (one prepared INSERT run per row, one transaction
 * per envelope).
 */
import type Database from 'better-sqlite3';
import type { Driver, SqlValue } from '../driver.js';

type Stmt = Database.Statement;

class Statements {
  #cache = new Map<string, Stmt>();
  constructor(readonly db: Database.Database) {}
  get(sql: string): Stmt {
    let s = this.#cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.#cache.set(sql, s);
    }
    return s;
  }
}

function runAll<T>(st: Statements, sql: string, params: readonly SqlValue[]): T[] {
  const s = st.get(sql);
  if (s.reader) return s.all(...params) as T[];
  s.run(...params);
  return [];
}

function runInsertIgnore(
  st: Statements,
  table: string,
  columns: readonly string[],
  keyColumns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
): boolean[] {
  if (rows.length === 0) return [];
  const s = st.get(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})` +
      ` ON CONFLICT (${keyColumns.join(', ')}) DO NOTHING`,
  );
  // An array binds as the anonymous parameters without spreading 10,000 argument lists.
  return rows.map((r) => s.run(r).changes === 1);
}

/** The driver a transaction hands to its function: runs statements directly, inside the open BEGIN. */
class SqliteTxDriver implements Driver {
  readonly dialect = 'sqlite' as const;
  constructor(readonly st: Statements) {}
  exec(sql: string): Promise<void> {
    this.st.db.exec(sql);
    return Promise.resolve();
  }
  all<T = Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return Promise.resolve(runAll<T>(this.st, sql, params));
  }
  run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return Promise.resolve(this.st.get(sql).run(...params).changes);
  }
  insertIgnore(
    table: string,
    columns: readonly string[],
    keyColumns: readonly string[],
    rows: readonly (readonly SqlValue[])[],
  ): Promise<boolean[]> {
    return Promise.resolve(runInsertIgnore(this.st, table, columns, keyColumns, rows));
  }
  transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T> {
    return fn(this);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

export class SqliteDriver implements Driver {
  readonly dialect = 'sqlite' as const;
  #st: Statements;
  #tx: SqliteTxDriver;
  #busy: Promise<void> | undefined;

  constructor(db: Database.Database) {
    this.#st = new Statements(db);
    this.#tx = new SqliteTxDriver(this.#st);
  }

  async #idle(): Promise<void> {
    while (this.#busy) await this.#busy;
  }

  async exec(sql: string): Promise<void> {
    await this.#idle();
    this.#st.db.exec(sql);
  }

  async all<T = Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    await this.#idle();
    return runAll<T>(this.#st, sql, params);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    await this.#idle();
    return this.#st.get(sql).run(...params).changes;
  }

  async insertIgnore(
    table: string,
    columns: readonly string[],
    keyColumns: readonly string[],
    rows: readonly (readonly SqlValue[])[],
  ): Promise<boolean[]> {
    return this.transaction((tx) => tx.insertIgnore(table, columns, keyColumns, rows));
  }

  async transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T> {
    // Check-and-set of #busy happens synchronously after the last await, so two callers never both
    // pass the loop.
    while (this.#busy) await this.#busy;
    let release!: () => void;
    this.#busy = new Promise<void>((r) => (release = r));
    const db = this.#st.db;
    try {
      db.exec('BEGIN IMMEDIATE');
      const out = await fn(this.#tx);
      db.exec('COMMIT');
      return out;
    } catch (e) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw e;
    } finally {
      this.#busy = undefined;
      release();
    }
  }

  async close(): Promise<void> {
    await this.#idle();
    if (this.#st.db.open) this.#st.db.close();
  }
}
