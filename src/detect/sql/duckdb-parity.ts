/**
 * `--engine duckdb --semantics coortweet`: CooRTweet parity's pair counting (engine/coortweet.ts, which
 * states the rules and cites CooRTweet 2.1.3) run by embedded DuckDB, so that it spills to disk where
 * the typed-array sweep must hold every within-window row pair in memory — parity mode has no viral
 * guard, so an object shared by thousands within the window makes pairs quadratic in them, exactly as
 * CooRTweet does.
 *
 * The result is the in-memory engine's, slot for slot: the same pair table (count, weight, distinct
 * objects, first and last time) laid out in the same hash slots, and the same diagnostics. The slots
 * follow from the order in which pairs are first inserted, so DuckDB returns each account pair with the
 * position of its first co-action in the sweep's (object, time) order, and Node merges the pairs in
 * that order into a table of the sweep's initial capacity; later stages (the fused graph, Louvain) then
 * see the same sequence. Rows go in already in the sweep's order (`pos`, from engine/sort.ts), with one
 * flag per row for the "object id equals the row's content id" loop rule, decided in Node as the engine
 * decides it (raw strings), so only integers cross.
 *
 * Why not parity-sql.ts's one statement: that is the portable form for a distributed engine (string ids,
 * weights only); `detect` also needs the six diagnostics, each pair's objects and first/last time, and
 * the first-seen order, so here the same steps run as staged tables over integers.
 *
 * Cost: DuckDB's — the band join on (object, time) over the rows left after step 1 (IEJoin), the
 * refinement's semi-joins and one GROUP BY per account pair, within `memory_limit`; Node holds 25 bytes
 * a row while loading, then the returned pairs (one row each, in first-seen order).
 */
import type * as DuckDb from '@duckdb/node-api';
import type { ActionTable, PostColumns } from '../engine/actions.js';
import { objectsAsContent, type ParityResult } from '../engine/coortweet.js';
import { PairTable } from '../engine/pair-table.js';
import { orderByObjectTime } from '../engine/sort.js';
import { appendColumns } from './duckdb-append.js';
import { eachRow, rowCount, sqlRunner } from './duckdb-count.js';

/** What the parity pass needs of the run's DuckDB (a `DuckDbCounter`). */
export interface ParityDb {
  readonly conn: DuckDb.DuckDBConnection;
  readonly api: typeof DuckDb;
  stage(message: string): void;
}

/** CooRTweet parity for one behaviour's rows: the same `ParityResult` as `coortweetPairs`. */
export async function parityPassDuckDb(
  db: ParityDb,
  table: ActionTable,
  columns: PostColumns,
  window: number,
  minParticipation: number,
): Promise<ParityResult> {
  if (!Number.isFinite(window) || !Number.isFinite(minParticipation))
    throw new RangeError('parity: window and minimum participation must be finite numbers');
  const n = table.object.length;
  const time = new Float64Array(n);
  for (let i = 0; i < n; i++) time[i] = columns.time[table.post[i]!]!;
  const { order } = orderByObjectTime(table.object, time, table.objects.size);

  const objectAsContent = objectsAsContent(table, columns);
  const object = new Int32Array(n);
  const account = new Int32Array(n);
  const content = new Int32Array(n);
  const ts = new Float64Array(n);
  const selfRef = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const r = order[k]!;
    const p = table.post[r]!;
    object[k] = table.object[r]!;
    account[k] = columns.account[p]!;
    content[k] = columns.content[p]!;
    ts[k] = time[r]!;
    selfRef[k] = content[k]! >= 0 && content[k] === objectAsContent[object[k]!] ? 1 : 0;
  }
  const conn = db.conn;
  const b = table.behaviour.replaceAll('-', '_');
  const rows = `parity_${b}_rows`;
  const distinct = `parity_${b}_distinct`;
  const live = `parity_${b}_live`;
  const windowed = `parity_${b}_windowed`;
  const tables = [rows, distinct, live, windowed];
  db.stage(`${table.behaviour}: loading ${n.toLocaleString('en-US')} rows (coortweet parity)`);
  await appendColumns(db.api, conn, rows, [
    { name: 'pos', type: 'INTEGER', values: 'index' },
    { name: 'object_id', type: 'INTEGER', values: object },
    { name: 'account_id', type: 'INTEGER', values: account },
    { name: 'content_id', type: 'INTEGER', values: content },
    { name: 'ts', type: 'DOUBLE', values: ts },
    { name: 'self_ref', type: 'INTEGER', values: selfRef },
  ]);
  try {
    db.stage(`${table.behaviour}: duplicates, participation, window pairs`);
    // 0. a duplicate (object, time, account, content) row goes; the first in sweep order stays.
    // 1. accounts with fewer than minParticipation rows are dropped.
    await conn.run(`
      CREATE OR REPLACE TEMP TABLE ${distinct} AS
      SELECT * FROM ${rows}
      QUALIFY row_number() OVER (PARTITION BY object_id, ts, account_id, content_id ORDER BY pos) = 1`);
    const distinctRows = await rowCount(conn, distinct);
    await conn.run(`
      CREATE OR REPLACE TEMP TABLE ${live} AS
      SELECT * FROM ${distinct} WHERE account_id IN (
        SELECT account_id FROM ${distinct} GROUP BY account_id HAVING count(*) >= ${minParticipation})`);
    const rowsAfterPrefilter = await rowCount(conn, live);
    // 2. every within-window row pair of an object, once (l before r in the sweep's order), joined once:
    // the band on ts lets DuckDB plan an IEJoin, the exact difference then decides as the sweep's does.
    // 3. `ok` marks the pairs the loop rules keep (no missing or equal content id, the object as
    // neither content id, two accounts), so the candidates and the loops are counted from one join.
    await conn.run(`
      CREATE OR REPLACE TEMP TABLE ${windowed} AS
      SELECT l.object_id, l.pos AS lp, r.pos AS rp, l.account_id AS la, r.account_id AS ra,
             l.content_id AS lc, r.content_id AS rc, l.ts AS lt,
             l.content_id >= 0 AND r.content_id >= 0 AND l.content_id <> r.content_id
               AND l.self_ref = 0 AND r.self_ref = 0 AND l.account_id <> r.account_id AS ok
      FROM ${live} l JOIN ${live} r
        ON l.object_id = r.object_id AND l.pos < r.pos AND r.ts >= l.ts AND r.ts <= l.ts + ${window} + 1
      WHERE r.ts - l.ts <= ${window}`);
    const candidatePairs = await rowCount(conn, windowed);
    const pairsAfterLoops = await sqlRunner(conn).count(`SELECT count(*) FROM ${windowed} WHERE ok`);
    const loops = `loops AS (SELECT * EXCLUDE (ok) FROM ${windowed} WHERE ok)`;
    // 4. refinement: content ids of the surviving pairs, counted per account over the live rows.
    const surviving =
      minParticipation >= 1
        ? `WITH ${loops},
           ids AS (SELECT lc AS c FROM loops UNION SELECT rc FROM loops),
           counted AS (
             SELECT account_id FROM ${live} WHERE content_id IN (SELECT c FROM ids)
             GROUP BY account_id HAVING count(*) >= ${minParticipation}),
           kept AS (
             SELECT DISTINCT content_id AS c FROM ${live}
             WHERE content_id IN (SELECT c FROM ids) AND account_id IN (SELECT account_id FROM counted)),
           surviving AS (
             SELECT * FROM loops WHERE lc IN (SELECT c FROM kept) OR rc IN (SELECT c FROM kept))`
        : `WITH ${loops}, surviving AS (SELECT * FROM loops)`;
    // 5. per account pair, in the order the sweep first meets it.
    db.stage(`${table.behaviour}: refinement and edge weights`);
    const pairs = new PairTable(Math.max(16, pairsAfterLoops >> 2));
    let pairsAfterRefinement = 0;
    await eachRow(
      conn,
      `${surviving}
       SELECT least(la, ra)::INTEGER, greatest(la, ra)::INTEGER, count(*)::INTEGER,
              count(DISTINCT object_id)::INTEGER, min(lt), max(lt)
       FROM surviving GROUP BY 1, 2 ORDER BY min(lp::BIGINT * ${Math.max(1, n)} + rp)`,
      (row) => {
        const [a, bb, c, objects, first, last] = row as number[];
        pairs.merge(a!, bb!, c!, c!, objects!, first!, last!);
        pairsAfterRefinement += c!;
      },
    );
    return {
      pairs,
      diagnostics: {
        rows: n,
        duplicateRows: n - distinctRows,
        rowsAfterPrefilter,
        candidatePairs,
        pairsAfterLoops,
        pairsAfterRefinement,
      },
    };
  } finally {
    for (const t of tables) await conn.run(`DROP TABLE IF EXISTS ${t}`);
  }
}
