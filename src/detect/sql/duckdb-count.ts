/**
 * The counting stage over an actions table already in DuckDB, and reading its results back: what the
 * DuckDB engine runs on actions Lockstep encoded (duckdb-engine.ts) and on actions DuckDB extracted from
 * the input itself (duckdb-input.ts). `crowd` and `pairs` are two of the resumable stages
 * (duckdb-stages.ts); the readers stream a chunk (2,048 rows) at a time.
 *
 * Cost: DuckDB's (lockstep-sql.ts); Node holds one chunk while reading, plus what it keeps of it (the
 * kept pairs, 44 bytes each, and one row per active account).
 */
import type * as DuckDb from '@duckdb/node-api';
import type { PairColumns } from '../engine/pair-table.js';
import { PairRows } from '../engine/pair-rows.js';
import { fillCrowdWeights } from './duckdb-actions.js';
import { runKept, type LockstepSql, type SqlRunner } from './lockstep-sql.js';
import type { StageTables } from './duckdb-stages.js';

/** lockstep-sql.ts's view of a DuckDB connection. */
export function sqlRunner(conn: DuckDb.DuckDBConnection): SqlRunner {
  return {
    run: (sql) => conn.run(sql),
    count: async (sql) => Number((await conn.runAndReadAll(sql)).getRowsJS()[0]![0]),
  };
}

/**
 * Collapse, crowd and the co-action weights: `<kept>` and `<weights>` from `<actions>`. Returns the
 * collapse's hop levels (lockstep-sql.ts `runKept`).
 */
export async function crowdStage(
  conn: DuckDb.DuckDBConnection,
  q: LockstepSql,
  t: StageTables,
  maxCrowd: number,
): Promise<number> {
  await conn.run(`DROP TABLE IF EXISTS ${t.kept}`);
  const levels = await runKept(sqlRunner(conn), q);
  await fillCrowdWeights(conn, q, t.weights, maxCrowd);
  return levels;
}

/** Pairs, per-account and run totals into `<pairs>`, `<accounts>`, `<totals>` (typed for reading back). */
export async function pairsStage(
  conn: DuckDb.DuckDBConnection,
  q: LockstepSql,
  t: StageTables,
): Promise<void> {
  await conn.run(
    `CREATE OR REPLACE TABLE ${t.pairs} AS SELECT CAST(a AS INTEGER) AS a, CAST(b AS INTEGER) AS b,
       CAST(co_actions AS INTEGER) AS co_actions, weight, CAST(objects AS INTEGER) AS objects, first_ts,
       last_ts, CAST(shared_interest AS DOUBLE) AS shared_interest FROM (${q.pairs})`,
  );
  await conn.run(
    `CREATE OR REPLACE TABLE ${t.accounts} AS SELECT CAST(account_id AS INTEGER) AS account_id,
       CAST(n AS INTEGER) AS n, CAST(degree AS DOUBLE) AS degree FROM (${q.accounts})`,
  );
  await conn.run(
    `CREATE OR REPLACE TABLE ${t.totals} AS SELECT CAST(collapsed AS DOUBLE) AS collapsed,
       CAST(crowded AS DOUBLE) AS crowded, CAST(eligible AS DOUBLE) AS eligible,
       CAST(active AS DOUBLE) AS active, CAST(co_actions AS DOUBLE) AS co_actions, t_min, t_max
     FROM (${q.totals})`,
  );
}

export async function rowCount(conn: DuckDb.DuckDBConnection, table: string): Promise<number> {
  return Number((await conn.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRowsJS()[0]![0]);
}

/** Runs `sql` and calls `row` for every row, a chunk at a time (results may be large). */
export async function eachRow(
  conn: DuckDb.DuckDBConnection,
  sql: string,
  row: (values: DuckDb.DuckDBValue[]) => void,
): Promise<void> {
  const result = await conn.stream(sql);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    chunk.visitRows((r) => {
      row(r);
    });
  }
}

/**
 * The kept pairs in (a, b) order, a < b: the order engine/lockstep.ts lists them in, so sums over
 * pairs in later stages add in the same order.
 */
export async function readPairs(conn: DuckDb.DuckDBConnection, table: string): Promise<PairColumns> {
  const rows = new PairRows();
  await eachRow(
    conn,
    `SELECT a, b, co_actions, weight, objects, first_ts, last_ts, shared_interest FROM ${table} ORDER BY 1, 2`,
    (r) => {
      const [a, b, count, weight, objects, first, last, extra] = r as number[];
      rows.push(a!, b!, count!, weight!, objects!, first!, last!, extra!);
    },
  );
  return rows.toColumns();
}

/** The run totals of one behaviour (`<totals>`, one row). */
export interface CountTotals {
  collapsed: number;
  crowded: number;
  eligible: number;
  active: number;
  coActions: number;
  tMin: number | null;
  tMax: number | null;
}

export async function readTotals(conn: DuckDb.DuckDBConnection, table: string): Promise<CountTotals> {
  const [row] = (
    await conn.runAndReadAll(
      `SELECT collapsed, crowded, eligible, active, co_actions, t_min, t_max FROM ${table}`,
    )
  ).getRowsJS() as [number, number, number, number, number, number | null, number | null][];
  const [collapsed, crowded, eligible, active, coActions, tMin, tMax] = row!;
  return { collapsed, crowded, eligible, active, coActions, tMin, tMax };
}
