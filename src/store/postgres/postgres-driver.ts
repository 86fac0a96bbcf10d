/**
 * The PostgreSQL {@link Driver} over node-postgres (`pg`). Statements are written with `?` and numbered
 * here (`$1, $2 …`); bulk inserts go out as `INSERT … SELECT` from one jsonb parameter of rows
 * (`insertIgnoreOn`). A transaction holds one pooled client from BEGIN to COMMIT.
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

/** Column types per table (`format_type` names), read once per pool: the bulk insert casts to them. */
type ColumnTypes = Map<string, string>;

async function columnTypes(
  q: Queryable,
  cache: Map<string, ColumnTypes>,
  table: string,
): Promise<ColumnTypes> {
  let types = cache.get(table);
  if (!types) {
    const res = await q.query<{ name: string; type: string }>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
       WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped`,
      [table],
    );
    types = new Map(res.rows.map((r) => [r.name, r.type]));
    cache.set(table, types);
  }
  return types;
}

/**
 * `INSERT … SELECT` from one jsonb parameter holding the rows as arrays, rather than multi-row VALUES
 * with one parameter per value: inserting 10,000 objects took 32–34 instead of 52–60 µs per row, Node
 * and server together (side test, docs/EXCHANGE.md, Benchmarks), and Node serialises one JSON text
 * instead of 100,000 parameters. `jsonb` rather than `json`: `json` re-parses an element for every `->>`.
 */
async function insertIgnoreOn(
  q: Queryable,
  cache: Map<string, ColumnTypes>,
  table: string,
  columns: readonly string[],
  keyColumns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
): Promise<boolean[]> {
  const types = await columnTypes(q, cache, table);
  const select = columns
    .map((c, i) => {
      const type = types.get(c);
      if (type === undefined) throw new Error(`no column ${c} in table ${table}`);
      return `(e->>${i})::${type}`;
    })
    .join(', ');
  const sql =
    `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${select} FROM jsonb_array_elements($1::jsonb) e` +
    ` ON CONFLICT (${keyColumns.join(', ')}) DO NOTHING RETURNING ${keyColumns.join(', ')}`;
  const keyIdx = keyColumns.map((k) => columns.indexOf(k));
  const keyOf = (vals: readonly unknown[]): string => JSON.stringify(vals.map((v) => String(v)));
  const out: boolean[] = [];
  // Bounded so a 100,000-object envelope does not become one 60 MB parameter.
  const chunk = 10_000;
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const res = await q.query<Record<string, unknown>>(sql, [JSON.stringify(part)]);
    const inserted = new Set(res.rows.map((r) => keyOf(keyColumns.map((k) => r[k]))));
    for (const r of part) {
      const k = keyOf(keyIdx.map((i) => r[i]));
      // The first row with a new key was inserted; later duplicates in the same envelope were not.
      out.push(inserted.delete(k));
    }
  }
  return out;
}

/** The statements both drivers run the same way, on a pool (one statement each) or on a transaction's client. */
abstract class PgStatements {
  readonly dialect = 'postgres' as const;
  constructor(protected readonly q: Queryable) {}
  async exec(sql: string): Promise<void> {
    await this.q.query(sql);
  }
  async all<T = Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const r = await this.q.query(toPg(sql), params as SqlValue[]);
    return r.rows as T[];
  }
  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const r = await this.q.query(toPg(sql), params as SqlValue[]);
    return r.rowCount ?? 0;
  }
}

class PgTxDriver extends PgStatements implements Driver {
  constructor(
    client: pg.PoolClient,
    readonly types: Map<string, ColumnTypes>,
  ) {
    super(client);
  }
  insertIgnore(
    table: string,
    columns: readonly string[],
    keyColumns: readonly string[],
    rows: readonly (readonly SqlValue[])[],
  ): Promise<boolean[]> {
    return insertIgnoreOn(this.q, this.types, table, columns, keyColumns, rows);
  }
  transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T> {
    return fn(this);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

export class PostgresDriver extends PgStatements implements Driver {
  #types = new Map<string, ColumnTypes>();
  constructor(readonly pool: pg.Pool) {
    super(pool);
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
      const out = await fn(new PgTxDriver(client, this.#types));
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
