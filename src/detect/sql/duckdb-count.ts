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
import { runKept, type LockstepSql, type LockstepSqlOptions, type SqlRunner } from './lockstep-sql.js';
import { slicedPairsSql } from './pair-slices.js';
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

/**
 * How the pairs statement is cut (pair-slices.ts): `slices` fixed, or chosen from the co-action count
 * and DuckDB's memory limit (`pairSlices`); `say` hears one line per slice.
 */
export interface PairPlan {
  options: LockstepSqlOptions;
  slices?: number;
  say?: (message: string) => void;
}

/**
 * Bytes of DuckDB memory per co-action in the pairs statement: its per-(pair, object) and per-pair
 * hash aggregates hold about one group per co-action each (at 300k simulated posts, co-retweet's
 * 1,049,990 co-actions made 1,048,370 (pair, object) groups), ~50 B of keys and sums plus the hash
 * table's entry, and the two tables can be alive together.
 */
export const PAIR_BYTES_PER_CO_ACTION = 100;
/** The share of the memory limit one slice's aggregates may fill (the rest: `acts`, the joins, kept). */
const PAIR_MEMORY_SHARE = 0.5;

/**
 * K, the number of slices that keeps one slice's aggregates within half the memory limit: ⌈co-actions ×
 * 100 B / (limit / 2)⌉ (e.g. 15.3M co-actions at a 2 GB limit: 2; 0.9 billion at 6 GB: 29).
 */
export function pairSlices(coActions: number, memoryLimitBytes: number): number {
  const perSlice = memoryLimitBytes * PAIR_MEMORY_SHARE;
  return Math.max(1, Math.ceil((coActions * PAIR_BYTES_PER_CO_ACTION) / perSlice));
}

const UNITS: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };

/** DuckDB's `current_setting('memory_limit')` ('1.8 GiB', '488.2 MiB', '4GB') in bytes. */
export function duckDbBytes(size: string): number {
  const m = /^\s*([\d.]+)\s*([KMGT]?)(i?)B\s*$/i.exec(size);
  if (!m) throw new RangeError(`cannot read DuckDB size ${size}`);
  const unit = m[2]!.toUpperCase();
  const scale = m[3] ? 1024 ** ' KMGT'.indexOf(unit || ' ') : UNITS[`${unit}B`]!;
  return Number(m[1]) * scale;
}

/**
 * Run totals, pairs and per-account totals into `<totals>`, `<pairs>`, `<accounts>` (typed for reading
 * back). The totals come first: their co-action count sizes the slices of the pairs statement (one
 * statement when it fits, as without `plan`). Returns the slices used.
 */
export async function pairsStage(
  conn: DuckDb.DuckDBConnection,
  q: LockstepSql,
  t: StageTables,
  plan?: PairPlan,
): Promise<number> {
  await conn.run(
    `CREATE OR REPLACE TABLE ${t.totals} AS SELECT CAST(collapsed AS DOUBLE) AS collapsed,
       CAST(crowded AS DOUBLE) AS crowded, CAST(eligible AS DOUBLE) AS eligible,
       CAST(active AS DOUBLE) AS active, CAST(co_actions AS DOUBLE) AS co_actions, t_min, t_max
     FROM (${q.totals})`,
  );
  const slices = plan === undefined ? 1 : (plan.slices ?? (await autoSlices(conn, t)));
  const into = (i: number, sql: string): string =>
    `${i === 0 ? `CREATE OR REPLACE TABLE ${t.pairs} AS` : `INSERT INTO ${t.pairs}`}
     SELECT CAST(a AS INTEGER) AS a, CAST(b AS INTEGER) AS b,
       CAST(co_actions AS INTEGER) AS co_actions, weight, CAST(objects AS INTEGER) AS objects, first_ts,
       last_ts, CAST(shared_interest AS DOUBLE) AS shared_interest FROM (${sql})`;
  if (plan === undefined || slices === 1) await conn.run(into(0, q.pairs));
  else {
    const s = slicedPairsSql(t.kept, { ...plan.options, weights: t.weights }, slices);
    const drop = async (): Promise<void> => {
      for (const name of s.tables) await conn.run(`DROP TABLE IF EXISTS ${name}`);
    };
    await drop();
    await conn.run(s.acts);
    for (let i = 0; i < slices; i++) {
      plan.say?.(`pairs, slice ${i + 1} of ${slices}`);
      await conn.run(into(i, s.slice(i)));
    }
    await drop();
  }
  await conn.run(
    `CREATE OR REPLACE TABLE ${t.accounts} AS SELECT CAST(account_id AS INTEGER) AS account_id,
       CAST(n AS INTEGER) AS n, CAST(degree AS DOUBLE) AS degree FROM (${q.accounts})`,
  );
  return slices;
}

/** `pairSlices` for the co-actions in `<totals>` and the connection's memory limit. */
async function autoSlices(conn: DuckDb.DuckDBConnection, t: StageTables): Promise<number> {
  const [[coActions, limit]] = (
    await conn.runAndReadAll(`SELECT co_actions, current_setting('memory_limit') FROM ${t.totals}`)
  ).getRowsJS() as [[number, string]];
  return pairSlices(coActions, duckDbBytes(limit));
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
 * Runs `sql` and hands `chunk` each result chunk's column vectors and row count, in order: for
 * columns of up to 10^8 values, read into typed arrays without a row array per row (`eachRow`'s).
 * Returns the rows read.
 */
export async function eachColumnChunk(
  conn: DuckDb.DuckDBConnection,
  sql: string,
  chunk: (columns: DuckDb.DuckDBVector[], rows: number) => void,
): Promise<number> {
  const result = await conn.stream(sql);
  let rows = 0;
  for (;;) {
    const c = await result.fetchChunk();
    if (!c || c.rowCount === 0) break;
    const columns: DuckDb.DuckDBVector[] = [];
    for (let i = 0; i < c.columnCount; i++) columns.push(c.getColumnVector(i));
    chunk(columns, c.rowCount);
    rows += c.rowCount;
  }
  return rows;
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
