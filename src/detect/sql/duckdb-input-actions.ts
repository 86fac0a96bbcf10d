/**
 * The per-behaviour action tables of lockstep mode, built by DuckDB from its own reading of the input
 * (duckdb-input-read.ts `readInput`, `objectsOf`) and handed to Node as typed arrays — account, object, time
 * per action — with the dictionaries of accounts and objects: the first step of running `detect` from
 * DuckDB's reading (docs/SCALING.md), so that Node holds the actions (12 B each) and not the posts
 * (~570 B each in the in-memory stage, engine/actions.ts).
 *
 * The numbering is the in-memory stage's: accounts in the order of their first post the reader keeps,
 * each behaviour's objects in the order of their first action, actions in post order and, within a
 * post, in the order the reader lists its objects (`nth`). So `account`, `object` and `time` equal,
 * slot for slot, `columns.account[table.post[i]]`, `table.object[i]` and `columns.time[table.post[i]]`
 * of `collectActions` with `repostsOnlyRetweet` — except co-post's object integers, which in memory
 * number every original text (also those under CO_POST_MIN_WORDS words) while here only co-post's own:
 * the object strings are equal (duckdb-input-actions.test.ts).
 *
 * Not here: co-similar (MinHash in Node), CooRTweet parity's content ids, profiles, texts for examples —
 * the later stages fetch those for the flagged accounts only (not built yet).
 *
 * Cost in DuckDB: `readInput`'s pass, then per behaviour one join of its objects with the kept rows,
 * one GROUP BY object (first action) and one sort of its actions by (post, nth). In Node: 12 B per
 * action (16 with `posts`), one string per account and per distinct object, one chunk while reading.
 */
import type * as DuckDb from '@duckdb/node-api';
import type { Behaviour } from '../../core/behaviour.js';
import { eachColumnChunk, eachRow, rowCount } from './duckdb-count.js';
import type { DuckDbCounter } from './duckdb-engine.js';
import { dropInputTables, objectsOf, readInput, type InputReadOptions } from './duckdb-input-read.js';

/** One behaviour's actions; `account` indexes `InputActions.accounts`, `object` this table's `objects`. */
export interface InputActionTable {
  behaviour: Behaviour;
  /** Object integer → its key (a target id or `rt:` text key, a link, a tag, a normalised text …). */
  objects: string[];
  account: Int32Array;
  object: Int32Array;
  time: Float64Array;
  /** Action → index of its post among the rows the reader keeps (with `posts` only). */
  post?: Int32Array;
}

export interface InputActions {
  /** Account integer → the input's account string, in order of first kept post. */
  accounts: string[];
  /** Rows the reader keeps, and rows it skips (no account, a time that does not parse). */
  posts: number;
  skipped: number;
  /** One per requested behaviour the layout can build (possibly without actions), in request order. */
  tables: InputActionTable[];
}

export interface InputActionsOptions extends InputReadOptions {
  /** Also return each action's post index (4 B an action more). */
  posts?: boolean;
}

/**
 * A first action's place as one BIGINT, (post, nth) in order: nth < 2^20 (a post's objects of one
 * behaviour — a cell of a million hashtags would be refused by the CSV reader's line limit first).
 */
const FIRST = 'min(CAST(post AS BIGINT) * 1048576 + nth)';

/**
 * Reads `files` in DuckDB and returns, per requested behaviour (co-similar is refused), its action
 * table in the in-memory stage's numbering. Every table it makes is dropped before it returns.
 */
export async function actionsFromInput(
  counter: DuckDbCounter,
  files: readonly string[],
  options: InputActionsOptions,
): Promise<InputActions> {
  const { conn } = counter;
  const { layout, rows, valid, lists } = await readInput(counter, files, options);
  try {
    const accounts = await numberPosts(conn);
    const tables: InputActionTable[] = [];
    for (const b of options.behaviours) {
      const objects = await objectsOf(counter, b, layout, lists);
      if (objects === undefined) continue;
      counter.stage(`${b}: action table from the input`);
      tables.push(await tableOf(conn, b, objects, options.posts === true));
    }
    return { accounts, posts: valid, skipped: rows - valid, tables };
  } finally {
    await dropNumbering(conn);
    await dropInputTables(conn);
  }
}

/**
 * After `readInput`: `li_post` (pid → post index, the rank among kept rows in file order) and
 * `li_first` (account → its integer, accounts numbered by their first kept post); returns the account
 * names in that numbering.
 */
export async function numberPosts(conn: DuckDb.DuckDBConnection): Promise<string[]> {
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE li_post AS SELECT pid, CAST(row_number() OVER (ORDER BY pid) - 1 AS INTEGER)
       AS post FROM li_valid`,
  );
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE li_first AS SELECT account,
       CAST(row_number() OVER (ORDER BY min(pid)) - 1 AS INTEGER) AS id FROM li_valid GROUP BY account`,
  );
  const accounts: string[] = [];
  await eachRow(conn, 'SELECT account FROM li_first ORDER BY id', (r) => accounts.push(r[0] as string));
  return accounts;
}

/** Drops what `numberPosts` and `tableOf` made. */
export async function dropNumbering(conn: DuckDb.DuckDBConnection): Promise<void> {
  for (const t of ['li_post', 'li_first', 'li_acts', 'li_objs']) await conn.run(`DROP TABLE IF EXISTS ${t}`);
}

/**
 * One behaviour's actions (`objects`: SQL of `(pid, nth, obj)`) read back as typed arrays (after
 * `numberPosts`).
 */
export async function tableOf(
  conn: DuckDb.DuckDBConnection,
  behaviour: Behaviour,
  objects: string,
  withPosts: boolean,
  /**
   * Also keep the actions in DuckDB as this table, `(rid, object_id, account_id, ts)` in the counting's
   * shape (duckdb-engine.ts `load`, rid = the row's index in the returned arrays), so the counting runs
   * on the reading's own rows instead of Node appending them back (duckdb-read.ts).
   */
  keepAs?: string,
): Promise<InputActionTable> {
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE li_acts AS SELECT n.post, x.nth, x.obj, a.id AS account_id, v.ts
     FROM (${objects}) x JOIN li_valid v ON v.pid = x.pid JOIN li_post n ON n.pid = x.pid
       JOIN li_first a ON a.account = v.account
     WHERE x.obj <> ''`,
  );
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE li_objs AS SELECT obj,
       CAST(row_number() OVER (ORDER BY ${FIRST}) - 1 AS INTEGER) AS id FROM li_acts GROUP BY obj`,
  );
  const n = await rowCount(conn, 'li_acts');
  const names: string[] = [];
  await eachRow(conn, 'SELECT obj FROM li_objs ORDER BY id', (r) => names.push(r[0] as string));
  const account = new Int32Array(n);
  const object = new Int32Array(n);
  const time = new Float64Array(n);
  const post = withPosts ? new Int32Array(n) : undefined;
  let at = 0;
  const joined = `SELECT a.account_id, o.id AS object_id, a.ts, a.post, a.nth FROM li_acts a JOIN li_objs o ON o.obj = a.obj`;
  if (keepAs !== undefined)
    await conn.run(
      `CREATE OR REPLACE TABLE ${keepAs} AS SELECT CAST(row_number() OVER (ORDER BY post, nth) - 1 AS INTEGER)
         AS rid, object_id, account_id, ts, post FROM (${joined})`,
    );
  await eachColumnChunk(
    conn,
    keepAs === undefined
      ? `SELECT account_id, object_id, ts, post FROM (${joined}) ORDER BY post, nth`
      : `SELECT account_id, object_id, ts, post FROM ${keepAs} ORDER BY rid`,
    ([ac, oc, tc, pc], rows) => {
      for (let j = 0; j < rows; j++, at++) {
        account[at] = ac!.getItem(j) as number;
        object[at] = oc!.getItem(j) as number;
        time[at] = tc!.getItem(j) as number;
        if (post) post[at] = pc!.getItem(j) as number;
      }
    },
  );
  if (at !== n) throw new Error(`actionsFromInput: ${behaviour}: read ${at} of ${n} actions`);
  // The post index was for Node's copy only; the counting reads the four columns.
  if (keepAs !== undefined) await conn.run(`ALTER TABLE ${keepAs} DROP COLUMN post`);
  return { behaviour, objects: names, account, object, time, ...(post ? { post } : {}) };
}
