/**
 * Loads one behaviour's action rows into DuckDB as the table lockstep-sql.ts reads (and its co-action
 * weights table), so its test, its benchmark and the DuckDB engine fill the tables the same way: `rid` is the row's index in the iteration order, which is
 * the engine's tie-break order at equal times.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { crowdWeights } from '../engine/crowd-weights.js';
import { crowdWeightsInsert, type LockstepSql } from './lockstep-sql.js';

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

/**
 * After `q.kept`: reads A (`q.active`) and fills `<table>(c, w)` with the co-action weights the engine
 * uses, so `q.pairs` can run. Returns A.
 */
export async function fillCrowdWeights(
  conn: DuckDBConnection,
  q: Pick<LockstepSql, 'active'>,
  table: string,
  maxCrowd: number,
): Promise<number> {
  const active = Number((await conn.runAndReadAll(q.active)).getRowsJS()[0]![0]);
  await conn.run(`CREATE OR REPLACE TABLE ${table} (c INTEGER, w DOUBLE)`);
  await conn.run(crowdWeightsInsert(table, crowdWeights(active, maxCrowd)));
  return active;
}
