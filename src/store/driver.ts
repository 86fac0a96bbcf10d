/**
 * The small interface each SQL dialect implements (kysely's `Driver`): run SQL with `?` placeholders,
 * bulk-insert with conflict detection, and run a function in a transaction. `sql-store.ts` writes its
 * queries once against this; `sqlite/` and `postgres/` mirror each other file for file.
 */

export type SqlValue = string | number | null;

export interface Driver {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs a script of statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs one statement; returns the number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /**
   * `INSERT … ON CONFLICT (keyColumns) DO NOTHING` for many rows; returns for each row whether it was
   * inserted (false: a row with the same key existed, or appeared earlier in `rows`).
   */
  insertIgnore(
    table: string,
    columns: readonly string[],
    keyColumns: readonly string[],
    rows: readonly (readonly SqlValue[])[],
  ): Promise<boolean[]>;
  /** Runs `fn` in a transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
