/**
 * Loads one behaviour's action rows into DuckDB as the table lockstep-sql.ts reads, so its test and
 * its benchmark fill the table the same way: `rid` is the row's index in the iteration order, which is
 * the engine's tie-break order at equal times.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export interface ActionRow {
  object: string;
  account: string;
  ts: number;
}

/** (Re)creates `actions(rid, object_id, account_id, ts)` in `conn` and appends `rows`. */
export async function loadActions(conn: DuckDBConnection, rows: Iterable<ActionRow>): Promise<void> {
  await conn.run(
    'CREATE OR REPLACE TABLE actions (rid BIGINT, object_id VARCHAR, account_id VARCHAR, ts DOUBLE)',
  );
  const app = await conn.createAppender('actions');
  let rid = 0n;
  for (const r of rows) {
    app.appendBigInt(rid++);
    app.appendVarchar(r.object);
    app.appendVarchar(r.account);
    app.appendDouble(r.ts);
    app.endRow();
  }
  app.closeSync();
}
