/**
 * The PostgreSQL {@link Driver} over node-postgres (`pg`). Statements are written with `?` and numbered
 * here (`$1, $2 …`); bulk inserts go out as multi-row `INSERT … RETURNING` in chunks under the 65,535
 * parameter limit of the wire protocol. A transaction holds one pooled client from BEGIN to COMMIT.
 */
import type pg from 'pg';
import type { Driver, SqlValue } from '../driver.js';

const numbered = new Map<string, string>();
/** `?` → `$n`. Lockstep's SQL never has `?` inside literals (values always go in parameters). */
function toPg(sql: string): string {
  let out = numbered.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, out);
  }
  return out;
}

type Queryable = pg.Pool | pg.PoolClient;

async function insertIgnoreOn(
  q: Queryable,
  table: string,
  columns: readonly string[],
  keyColumns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
): Promise<boolean[]> {
  const keyIdx = keyColumns.map((k) => columns.indexOf(k));
  const keyOf = (vals: readonly unknown[]): string => JSON.stringify(vals.map((v) => String(v)));
  const out: boolean[] = [];
  const chunk = Math.max(1, Math.floor(60_000 / columns.length));
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const params: SqlValue[] = [];
    const tuples = part.map((r) => {
      const base = params.length;
      params.push(...r);
      return `(${r.map((_, i) => `$${base + i + 1}`).join(', ')})`;
    });
    const res = await q.query<Record<string, unknown>>(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}` +
        ` ON CONFLICT (${keyColumns.join(', ')}) DO NOTHING RETURNING ${keyColumns.join(', ')}`,
      params,
    );
    const inserted = new Set(res.rows.map((r) => keyOf(keyColumns.map((k) => r[k]))));
    for (const r of part) {
      const k = keyOf(keyIdx.map((i) => r[i]));
      // The first row with a new key was inserted; later duplicates in the same envelope were not.
      out.push(inserted.delete(k));
    }
  }
  return out;
}

class PgTxDriver implements Driver {
  readonly dialect = 'postgres' as const;
  constructor(readonly client: pg.PoolClient) {}
  async exec(sql: string): Promise<void> {
    await this.client.query(sql);
  }
  async all<T = Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const r = await this.client.query(toPg(sql), params as SqlValue[]);
    return r.rows as T[];
  }
  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const r = await this.client.query(toPg(sql), params as SqlValue[]);
    return r.rowCount ?? 0;
  }
  insertIgnore(
    table: string,
    columns: readonly string[],
    keyColumns: readonly string[],
    rows: readonly (readonly SqlValue[])[],
  ): Promise<boolean[]> {
    return insertIgnoreOn(this.client, table, columns, keyColumns, rows);
  }
  transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T> {
    return fn(this);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

export class PostgresDriver implements Driver {
  readonly dialect = 'postgres' as const;
  constructor(readonly pool: pg.Pool) {}

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }
  async all<T = Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const r = await this.pool.query(toPg(sql), params as SqlValue[]);
    return r.rows as T[];
  }
  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const r = await this.pool.query(toPg(sql), params as SqlValue[]);
    return r.rowCount ?? 0;
  }
  insertIgnore(
    table: string,
    columns: readonly string[],
    keyColumns: readonly string[],
    rows: readonly (readonly SqlValue[])[],
  ): Promise<boolean[]> {
    return this.transaction((tx) => tx.insertIgnore(table, columns, keyColumns, rows));
  }
  async transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(new PgTxDriver(client));
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }
  async close(): Promise<void> {
    await this.pool.end();
  }
}
