/**
 * `detect --engine duckdb` without Node reading the posts: DuckDB reads the input (duckdb-input-read.ts
 * `readInput`, with every row's post-column cells staged) and this module hands Node what the stages
 * after reading take — the run's `PostColumns` and per-behaviour `ActionTable`s, in the numbering and
 * order `collectActions` (engine/actions.ts, lockstep mode) gives them — so `detectPrepared`
 * (pipeline.ts) runs every later stage unchanged and writes the same outputs (duckdb-input-columns.test.ts,
 * cli/commands/detect.test.ts).
 *
 * What crosses, per post, as typed arrays a DuckDB chunk at a time: account (4 B), time (8 B), flags
 * (1 B) and original-text id (4 B). Strings cross once per distinct value: account names, each
 * behaviour's object keys, the distinct normalised original texts (co-post's objects and co-similar's
 * input, so co-similar runs on them in Node as after Node's reading), and one profile per account (the
 * one on its latest post), built by the reader's own function. The post ids, each post's text ref and
 * the raw text of the first post of each normalised text and of each retweet key (example texts) stay
 * in DuckDB's files (duckdb-shown-posts.ts), fetched after clustering for the posts a run shows.
 *
 * Derived cells go through the reader's functions once per distinct value (`mapDistinct`):
 * `normaliseText` per distinct original text, the layout's link list per distinct link cell (the URL
 * flag). Numbering: original texts by their first post, text refs by the post that brought the text
 * (originals before keys at one post), screen names in order of each account's first named post — as
 * the column builder appends them.
 *
 * Cost in DuckDB: `readInput`'s pass, one GROUP BY per derived map, two over the kept rows (first
 * texts by row number, then one join per distinct text for its raw form; screen names), one join
 * streamed in row order, one join written to Parquet (ids, text refs); profiles read the one staged row
 * per account (`li_profile`). With `keepActions` each behaviour's action table stays in DuckDB for the
 * counting. In Node: 17 B a post, plus the distinct strings above — the in-memory stage holds these,
 * ~35 B a post more (ids, text refs, content ids) and the raw texts (docs/SCALING.md).
 */
import type * as DuckDb from '@duckdb/node-api';
import type { Behaviour } from '../../core/behaviour.js';
import type { AccountProfile } from '../../core/post.js';
import type { InputSummary } from '../../core/result.js';
import { clip } from '../../ingest/formats/common.js';
import type { SqlLayout } from '../../ingest/sql-layouts.js';
import type { ActionTable, PostColumns } from '../engine/actions.js';
import { Interner } from '../engine/intern.js';
import { hasCoPostWords, normaliseText } from '../engine/text.js';
import { TextInterner } from '../engine/text-interner.js';
import { eachColumnChunk, eachRow } from './duckdb-count.js';
import type { DuckDbCounter } from './duckdb-engine.js';
import { dropNumbering, numberPosts, tableOf } from './duckdb-input-actions.js';
import { stageTables } from './duckdb-stages.js';
import { DuckDbShownPosts } from './duckdb-shown-posts.js';
import { profileCell } from './duckdb-staged-columns.js';
import {
  dropInputTables,
  mapDistinct,
  objectsOf,
  readInput,
  sourceOf,
  type InputReadOptions,
} from './duckdb-input-read.js';
import { FLAG_REPLY, FLAG_REPOST, FLAG_URL } from '../engine/encoded-batch.js';

/** What DuckDB's reading gives `detectPrepared`, and the input summary Node's reader would give. */
export interface InputPrepared {
  /** `columns.shown` is `shown`: its files stay until the caller closes it. */
  columns: PostColumns;
  shown: DuckDbShownPosts;
  tables: ActionTable[];
  layout: SqlLayout;
  summary: InputSummary;
  /** With `keepActions`: the behaviours whose action tables stay in DuckDB for the counting. */
  inDuckDb: Behaviour[];
}

/** Tables this module makes beside readInput's (dropped before it returns). */
const OWN_TABLES = ['li_key', 'li_orig', 'li_keytext', 'li_refs', 'li_ptext'];

/**
 * Reads `files` (one input) in DuckDB and returns the run's columns and action tables for `behaviours`
 * (co-similar's table is built later by the pipeline from the original texts, as after Node's reading).
 */
export async function preparedFromInput(
  counter: DuckDbCounter,
  files: readonly string[],
  options: InputReadOptions & {
    /**
     * Keep each behaviour's actions that DuckDB built (not co-post's, built in Node) as the counting's
     * `actions_<behaviour>` table (duckdb-stages.ts), so one database reads and counts (duckdb-read.ts).
     */
    keepActions?: boolean;
  },
): Promise<InputPrepared> {
  const { conn } = counter;
  const staged = options.behaviours.filter((b) => b !== 'co-similar');
  const { layout, rows, valid, lists } = await readInput(counter, files, {
    ...options,
    behaviours: staged,
    columns: true,
  });
  let shown: DuckDbShownPosts | undefined;
  try {
    const names = await numberPosts(conn);
    counter.stage('post columns from the input');
    const hasKeys = await retweetKeys(counter, layout, lists);
    const texts = await originalTexts(counter, layout, hasKeys);
    const columns = await postColumns(counter, layout, names, valid, texts, hasKeys);
    shown = columns.shown;
    const tables: ActionTable[] = [];
    const inDuckDb: Behaviour[] = [];
    for (const b of staged) {
      if (b === 'co-post') {
        tables.push(coPostTable(columns, texts.enough));
        continue;
      }
      const objects =
        b === 'co-retweet'
          ? hasKeys
            ? 'SELECT pid, 0 AS nth, key AS obj FROM li_key'
            : undefined
          : await objectsOf(counter, b, layout, lists);
      if (objects === undefined) {
        tables.push({
          behaviour: b,
          objects: new Interner(),
          object: new Int32Array(0),
          post: new Int32Array(0),
        });
        continue;
      }
      counter.stage(`${b}: action table from the input`);
      const keepAs = options.keepActions === true ? stageTables(b).actions : undefined;
      const t = await tableOf(conn, b, objects, true, keepAs);
      if (keepAs !== undefined) inDuckDb.push(b);
      tables.push({ behaviour: b, objects: Interner.of(t.objects), object: t.object, post: t.post! });
    }
    const summary: InputSummary = {
      files: [{ path: files[0]!, format: layout.format, rows, posts: valid, skipped: rows - valid }],
      posts: valid,
      accounts: names.length,
      skipped: rows - valid,
      skippedExamples: await skippedExamples(conn, layout, files[0]!),
    };
    return { columns, tables, layout, summary, shown, inDuckDb };
  } catch (e) {
    await shown?.close();
    throw e;
  } finally {
    for (const t of OWN_TABLES) await conn.run(`DROP TABLE IF EXISTS ${t}`);
    await dropNumbering(conn);
    await dropInputTables(conn);
  }
}

/**
 * `li_key (pid, key)`: each repost's retweet key (its target id, else its retweeted text's key), as the
 * encoder keys it whether or not co-retweet is counted (a repost's example text hangs on its key).
 */
async function retweetKeys(
  counter: DuckDbCounter,
  layout: SqlLayout,
  lists: Parameters<typeof objectsOf>[3],
): Promise<boolean> {
  const keys = await objectsOf(counter, 'co-retweet', layout, lists);
  if (keys === undefined) return false;
  await counter.conn.run(
    `CREATE OR REPLACE TEMP TABLE li_key AS SELECT pid, obj AS key FROM (${keys}) WHERE obj <> ''`,
  );
  return true;
}

interface OriginalTexts {
  interner: TextInterner;
  /** Per original text: whether it has co-post's words. */
  enough: Uint8Array;
}

/**
 * The distinct normalised texts of original posts, numbered by first post (`li_orig`: norm → id, the
 * ref of its first post's raw text), and the first text of each retweet key (`li_keytext`: key → ref).
 */
async function originalTexts(
  counter: DuckDbCounter,
  layout: SqlLayout,
  hasKeys: boolean,
): Promise<OriginalTexts> {
  const { conn } = counter;
  const interner = new TextInterner();
  const enough: number[] = [];
  if (layout.text === undefined) return { interner, enough: new Uint8Array(0) };
  await mapDistinct(
    counter,
    'li_norm',
    ['text'],
    '(SELECT text FROM li_valid WHERE NOT is_repost)',
    'VARCHAR',
    (t) => [normaliseText(t)],
  );
  // `first` is the first post's row number (pid: the same order as the post index, without joining
  // li_post); its raw text is joined once per distinct text in li_refs, not carried through the GROUP BY
  // (arg_min over the texts of 3M posts was the largest statement here: bench/RESULTS.md, h-count).
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE li_orig AS SELECT n.item AS norm, min(v.pid) AS first,
       CAST(row_number() OVER (ORDER BY min(v.pid)) - 1 AS INTEGER) AS id
     FROM li_valid v JOIN li_norm n ON n.k0 = v.text
     WHERE NOT v.is_repost GROUP BY n.item`,
  );
  await conn.run(
    hasKeys
      ? `CREATE OR REPLACE TEMP TABLE li_keytext AS SELECT k.key, min(k.pid) AS first
         FROM li_key k JOIN li_valid v ON v.pid = k.pid
         WHERE v.is_repost AND v.text IS NOT NULL GROUP BY k.key`
      : 'CREATE OR REPLACE TEMP TABLE li_keytext (key VARCHAR, first BIGINT)',
  );
  // Text refs in the order the column builder appends raw texts: by the post that brought each (the
  // raw texts stay in DuckDB: duckdb-shown-posts.ts).
  for (const [t, kind] of [
    ['li_orig', 0],
    ['li_keytext', 1],
  ] as const)
    await conn.run(`ALTER TABLE ${t} ADD COLUMN kind INTEGER DEFAULT ${kind}`);
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE li_refs AS SELECT u.first, u.kind, v.text AS raw,
       CAST(row_number() OVER (ORDER BY u.first, u.kind) - 1 AS INTEGER) AS ref
     FROM (SELECT first, kind FROM li_orig UNION ALL SELECT first, kind FROM li_keytext) u
       JOIN li_valid v ON v.pid = u.first`,
  );
  await eachRow(conn, 'SELECT norm FROM li_orig ORDER BY id', (r) => {
    const norm = r[0] as string;
    interner.append(norm);
    enough.push(hasCoPostWords(norm) ? 1 : 0);
  });
  return { interner, enough: Uint8Array.from(enough) };
}

/**
 * The per-post columns, streamed in post order, and the per-account profiles and screen names; the ids
 * and text refs written to the shown posts' files instead.
 */
async function postColumns(
  counter: DuckDbCounter,
  layout: SqlLayout,
  names: string[],
  count: number,
  texts: OriginalTexts,
  hasKeys: boolean,
): Promise<PostColumns & { shown: DuckDbShownPosts }> {
  const { conn } = counter;
  const urls = layout.urls;
  if (urls !== undefined)
    await mapDistinct(counter, 'li_urlflag', ['url_cell'], 'li_valid', 'VARCHAR', (v) =>
      urls.items(v).length > 0 ? ['y'] : [],
    );
  const hasText = layout.text !== undefined;
  if (hasText) {
    // Each post's text id and ref by equi-joins on its own (one LEFT JOIN each below): with the
    // conditions inside one multi-join's ON clauses, DuckDB's plan took 141 s at 200k posts.
    await conn.run(
      `CREATE OR REPLACE TEMP TABLE li_ptext AS SELECT v.pid, o.id AS orig, r.ref
       FROM li_valid v JOIN li_norm n ON n.k0 = v.text JOIN li_orig o ON o.norm = n.item
         JOIN li_refs r ON r.kind = 0 AND r.first = o.first
       WHERE NOT v.is_repost`,
    );
    if (hasKeys)
      await conn.run(
        `INSERT INTO li_ptext SELECT k.pid, -1, r.ref
         FROM li_key k JOIN li_valid v ON v.pid = k.pid JOIN li_keytext t ON t.key = k.key
           JOIN li_refs r ON r.kind = 1 AND r.first = t.first
         WHERE v.is_repost AND v.text IS NOT NULL`,
      );
  }
  const flags = `CASE WHEN v.is_repost THEN ${FLAG_REPOST} ELSE 0 END + CASE WHEN v.is_reply THEN ${FLAG_REPLY} ELSE 0 END
    + ${urls === undefined ? '0' : `CASE WHEN u.k0 IS NULL THEN 0 ELSE ${FLAG_URL} END`}`;
  const account = new Int32Array(count);
  const time = new Float64Array(count);
  const flag = new Uint8Array(count);
  const originalText = new Int32Array(count);
  let at = 0;
  await eachColumnChunk(
    conn,
    `SELECT a.id, v.ts, CAST(${flags} AS INTEGER), ${hasText ? 'coalesce(x.orig, -1)' : '-1'}
     FROM li_valid v JOIN li_first a ON a.account = v.account
     ${urls === undefined ? '' : 'LEFT JOIN li_urlflag u ON u.k0 = v.url_cell'}
     ${hasText ? 'LEFT JOIN li_ptext x ON x.pid = v.pid' : ''}
     ORDER BY v.pid`,
    ([ac, tc, fc, oc], rows) => {
      for (let j = 0; j < rows; j++, at++) {
        account[at] = ac!.getItem(j) as number;
        time[at] = tc!.getItem(j) as number;
        flag[at] = fc!.getItem(j) as number;
        originalText[at] = oc!.getItem(j) as number;
      }
    },
  );
  if (at !== count) throw new Error(`preparedFromInput: read ${at} of ${count} posts`);
  const shown = await DuckDbShownPosts.write(
    counter,
    `SELECT p.post, ${layout.id === undefined ? 'CAST(NULL AS VARCHAR)' : 'v.post_id'} AS id,
       ${hasText ? 'x.ref' : 'CAST(NULL AS INTEGER)'} AS ref
     FROM li_valid v JOIN li_post p ON p.pid = v.pid ${hasText ? 'LEFT JOIN li_ptext x ON x.pid = v.pid' : ''}`,
    hasText
      ? 'SELECT ref, raw FROM li_refs'
      : 'SELECT CAST(NULL AS INTEGER) AS ref, CAST(NULL AS VARCHAR) AS raw WHERE false',
    count,
  );
  try {
    const { profiles, screenNames } = await profilesOf(conn, layout, names.length);
    return {
      accounts: Interner.of(names),
      account,
      time,
      // Lockstep semantics only (detect/duckdb-read.ts): nothing reads content ids.
      content: new Int32Array(0),
      postIds: new Interner(),
      ids: shown,
      shown,
      originalTexts: texts.interner,
      originalText,
      textRef: new Int32Array(0),
      rawTexts: [],
      screenNames,
      flags: flag,
      profiles,
      count,
    };
  } catch (e) {
    await shown.close();
    throw e;
  }
}

/**
 * Per account, the profile on its latest post (the later one at equal times) and the first screen name
 * its posts give, in order of that post — as the encoder (engine/post-batch.ts) keeps them.
 */
async function profilesOf(
  conn: DuckDb.DuckDBConnection,
  layout: SqlLayout,
  accounts: number,
): Promise<{ profiles: (AccountProfile | undefined)[]; screenNames: Map<number, string> }> {
  const profiles: (AccountProfile | undefined)[] = new Array<AccountProfile | undefined>(accounts);
  const screenNames = new Map<number, string>();
  const profile = layout.profile;
  if (profile === undefined) return { profiles, screenNames };
  const cells = profile.columns.map((_, i) => profileCell(i));
  await eachRow(
    conn,
    // One row per account, staged by duckdb-input-read.ts from its latest row: a window sort of every
    // row with all the profile cells cost 7 s at 3M (bench/RESULTS.md, h-count).
    `SELECT a.id, ${cells.map((c) => `l.${c}`).join(', ')} FROM li_profile l JOIN li_first a ON a.account = l.account`,
    (r) => {
      profiles[r[0] as number] = profile.build(
        r.slice(1).map((v) => (v === null ? undefined : (v as string))),
      );
    },
  );
  const name = profileCell(profile.screenName);
  await eachRow(
    conn,
    `SELECT a.id, arg_min(v.${name}, v.pid) FROM li_valid v JOIN li_first a ON a.account = v.account
     WHERE v.${name} IS NOT NULL GROUP BY a.id ORDER BY min(v.pid)`,
    (r) => screenNames.set(r[0] as number, r[1] as string),
  );
  return { profiles, screenNames };
}

/** co-post's actions: every original with co-post's words, its object the original text's id. */
function coPostTable(columns: PostColumns, enough: Uint8Array): ActionTable {
  const object: number[] = [];
  const post: number[] = [];
  for (let p = 0; p < columns.count; p++) {
    const o = columns.originalText[p]!;
    if (o >= 0 && enough[o] === 1) {
      object.push(o);
      post.push(p);
    }
  }
  return {
    behaviour: 'co-post',
    objects: columns.originalTexts,
    object: Int32Array.from(object),
    post: Int32Array.from(post),
  };
}

/**
 * The first skipped rows with the reader's reasons (no account; a missing or unparseable time) and
 * lines: a CSV row's physical line is 1 + its row number + the line breaks inside earlier rows' quoted
 * cells (counted in a second pass over those rows, only when a row was skipped; blank lines, which
 * both readers skip, are not counted); a Parquet row's line is its row number + 1, as ingest/parquet.ts
 * names it.
 */
async function skippedExamples(
  conn: DuckDb.DuckDBConnection,
  layout: SqlLayout,
  file: string,
): Promise<InputSummary['skippedExamples']> {
  const rows = (
    await conn.runAndReadAll('SELECT pid, account, t_raw FROM li_skipped ORDER BY pid')
  ).getRowsJS() as [bigint, string | null, string | null][];
  if (rows.length === 0) return [];
  const name = (column: string): string => column.trim().toLowerCase();
  const breaks = /\.parquet$/i.test(file)
    ? undefined
    : await lineBreaksBefore(conn, file, Number(rows.at(-1)![0]));
  return rows.map(([pid, account, raw]) => {
    const t = name(layout.time.column);
    const reason =
      account === null
        ? `missing ${name(layout.account)}`
        : raw === null
          ? `missing ${t}`
          : `unparseable ${t} "${clip(raw)}"`;
    const row = Number(pid);
    return { file, line: 1 + row + (breaks?.[row - 1] ?? 0), reason };
  });
}

/** Per row 1 … `last` − 1 (index row − 1 … ): the line breaks inside the cells of the rows before it. */
async function lineBreaksBefore(
  conn: DuckDb.DuckDBConnection,
  file: string,
  last: number,
): Promise<number[]> {
  const source = sourceOf([file]);
  const header = (
    (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowsJS() as string[][]
  ).map((r) => r[0]!);
  const lf = (c: string): string =>
    `coalesce(len(replace(replace("${c.replaceAll('"', '""')}", chr(13) || chr(10), chr(10)), chr(13), chr(10))) - len(replace(replace("${c.replaceAll('"', '""')}", chr(13), ''), chr(10), '')), 0)`;
  await conn.run('SET preserve_insertion_order = true');
  const per = (
    await conn.runAndReadAll(`SELECT ${header.map(lf).join(' + ')} FROM ${source} LIMIT ${last}`)
  ).getRowsJS() as [number | bigint][];
  await conn.run('SET preserve_insertion_order = false');
  const out: number[] = [0];
  for (let i = 0; i < per.length; i++) out.push(out[i]! + Number(per[i]![0]));
  return out;
}
