/**
 * `--engine duckdb` reading the input itself: DuckDB reads the files (duckdb-input-read.ts), builds one
 * behaviour's actions (account, object, time) in SQL and runs the counting stage on them
 * (lockstep-sql.ts), so Node never holds the posts — only the returned pairs and per-account totals,
 * and one batch of distinct cell values at a time while reading.
 *
 * Not here: co-similar (MinHash/LSH over distinct texts stays in Node, src/detect/similar), the
 * `--window auto` estimate, CooRTweet parity semantics, and layouts other than ingest/sql-layouts.ts's.
 *
 * Cost: the reading (duckdb-input-read.ts), then per behaviour one sort to intern objects and the
 * counting statements (lockstep-sql.ts). Node memory: the account names (one string per account) and
 * the returned pairs.
 */
import type { Behaviour } from '../../core/behaviour.js';
import { uniformRate, type LockstepOptions } from '../engine/lockstep.js';
import type { PairColumns } from '../engine/pair-table.js';
import { crowdStage, eachRow, pairsStage, readPairs, readTotals, type CountTotals } from './duckdb-count.js';
import type { DuckDbCounter } from './duckdb-engine.js';
import { dropInputTables, objectsOf, readInput, type InputReadOptions } from './duckdb-input-read.js';
import { stageTables } from './duckdb-stages.js';
import { lockstepSql } from './lockstep-sql.js';

/** One behaviour counted from the input; account ids index `InputCount.accounts`. */
export interface InputPass {
  behaviour: Behaviour;
  actions: number;
  pairs: PairColumns;
  /** Per active account: id, n_a (eligible actions), D_a (co-actions). */
  accountId: Int32Array;
  activity: Int32Array;
  degree: Float64Array;
  totals: CountTotals;
  uniformRate: number;
}

export interface InputCount {
  /** Account id → the input's account string (ids are DuckDB's: accounts in sorted order). */
  accounts: string[];
  posts: number;
  skipped: number;
  passes: InputPass[];
}

export interface InputCountOptions extends InputReadOptions {
  /** Seconds per behaviour (a number for all). */
  window: number | Partial<Record<Behaviour, number>>;
  maxCrowd: number;
  minPairCoActions: number;
}

/**
 * Reads `files` in DuckDB and counts every requested behaviour the layout has (co-similar is refused:
 * it needs Node's MinHash over the texts). Tables are dropped as each behaviour is read back.
 */
export async function countFromInput(
  counter: DuckDbCounter,
  files: readonly string[],
  options: InputCountOptions,
): Promise<InputCount> {
  const { conn } = counter;
  const { layout, rows, valid, lists } = await readInput(counter, files, options);
  // The counting's own numbering: accounts in sorted order.
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE li_accounts AS SELECT account,
       CAST(row_number() OVER (ORDER BY account) - 1 AS INTEGER) AS id FROM (SELECT DISTINCT account FROM li_valid)`,
  );
  const accounts: string[] = [];
  await eachRow(conn, 'SELECT account FROM li_accounts ORDER BY id', (r) => accounts.push(r[0] as string));
  const passes: InputPass[] = [];
  for (const b of options.behaviours) {
    const objects = await objectsOf(counter, b, layout, lists);
    if (objects === undefined) continue;
    counter.stage(`${b}: actions from the input`);
    const t = stageTables(b);
    await conn.run(
      `CREATE OR REPLACE TABLE ${t.actions} AS SELECT CAST(row_number() OVER (ORDER BY x.pid) - 1 AS INTEGER) AS rid,
         CAST(dense_rank() OVER (ORDER BY x.obj) - 1 AS INTEGER) AS object_id, a.id AS account_id, v.ts
       FROM (${objects}) x JOIN li_valid v ON v.pid = x.pid JOIN li_accounts a ON a.account = v.account
       WHERE x.obj <> ''`,
    );
    const w = typeof options.window === 'number' ? options.window : (options.window[b] ?? 1800);
    const lockstep: LockstepOptions = {
      window: w,
      maxCrowd: options.maxCrowd,
      minPairCoActions: options.minPairCoActions,
    };
    const q = lockstepSql(t.actions, t.kept, { ...lockstep, weights: t.weights });
    const actions = Number(
      (await conn.runAndReadAll(`SELECT count(*) FROM ${t.actions}`)).getRowsJS()[0]![0],
    );
    if (actions === 0) continue;
    counter.stage(`${b}: collapse and crowd over ${actions.toLocaleString('en-US')} actions`);
    await crowdStage(conn, q, t, options.maxCrowd);
    counter.stage(`${b}: co-actions and pairs`);
    await pairsStage(conn, q, t, counter.pairPlan(b, lockstep));
    const ids: number[] = [];
    const n: number[] = [];
    const d: number[] = [];
    await eachRow(conn, `SELECT account_id, n, degree FROM ${t.accounts} ORDER BY account_id`, (r) => {
      ids.push(r[0] as number);
      n.push(r[1] as number);
      d.push(r[2] as number);
    });
    const totals = await readTotals(conn, t.totals);
    passes.push({
      behaviour: b,
      actions,
      pairs: await readPairs(conn, t.pairs),
      accountId: Int32Array.from(ids),
      activity: Int32Array.from(n),
      degree: Float64Array.from(d),
      totals,
      uniformRate:
        totals.tMin === null || totals.tMax === null ? 1 : uniformRate(totals.tMin, totals.tMax, w),
    });
    for (const name of Object.values(t)) await conn.run(`DROP TABLE IF EXISTS ${name}`);
  }
  await conn.run('DROP TABLE IF EXISTS li_accounts');
  await dropInputTables(conn);
  return { accounts, posts: valid, skipped: rows - valid, passes };
}
