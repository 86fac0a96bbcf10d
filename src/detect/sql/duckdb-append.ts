/**
 * A table of numeric columns appended to DuckDB one vector (2,048 rows) at a time from typed arrays:
 * the DuckDB engine's action rows and the parity pass's rows. `'index'` is the row number itself (a
 * `rid` or `pos` column without a typed array of its own).
 *
 * Cost: one pass over the rows; one vector of plain arrays reused between chunks (the appender's
 * `setColumns` takes arrays, and DuckDB copies them into its own vectors).
 */
import type * as DuckDb from '@duckdb/node-api';

const VECTOR = 2048;

export interface AppendColumn {
  name: string;
  type: 'INTEGER' | 'DOUBLE';
  values: ArrayLike<number> | 'index';
}

/** (Re)creates `table` with `columns` and appends their rows (every typed array as long as the first). */
export async function appendColumns(
  api: typeof DuckDb,
  conn: DuckDb.DuckDBConnection,
  table: string,
  columns: readonly AppendColumn[],
): Promise<void> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) throw new RangeError(`bad table name ${table}`);
  const sized = columns.find((c) => c.values !== 'index');
  if (sized === undefined) throw new RangeError('appendColumns: no column holds values');
  const n = (sized.values as ArrayLike<number>).length;
  for (const c of columns)
    if (c.values !== 'index' && c.values.length !== n)
      throw new RangeError(`appendColumns: column ${c.name} has ${c.values.length} rows, not ${n}`);
  await conn.run(
    `CREATE OR REPLACE TABLE ${table} (${columns.map((c) => `${c.name} ${c.type}`).join(', ')})`,
  );
  const appender = await conn.createAppender(table);
  const chunk = api.DuckDBDataChunk.create(
    columns.map((c) => (c.type === 'INTEGER' ? api.INTEGER : api.DOUBLE)),
    VECTOR,
  );
  const buffers: number[][] = columns.map(() => []);
  for (let s = 0; s < n; s += VECTOR) {
    const e = Math.min(n, s + VECTOR);
    for (let c = 0; c < columns.length; c++) {
      const out = buffers[c]!;
      const values = columns[c]!.values;
      out.length = e - s;
      if (values === 'index') for (let i = s; i < e; i++) out[i - s] = i;
      else for (let i = s; i < e; i++) out[i - s] = values[i]!;
    }
    chunk.rowCount = e - s;
    chunk.setColumns(buffers);
    appender.appendDataChunk(chunk);
  }
  appender.closeSync();
}
