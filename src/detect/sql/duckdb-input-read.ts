/**
 * The reading half of `--engine duckdb` reading the input itself (duckdb-input.ts counts, and
 * duckdb-input-actions.ts hands the action tables to Node): DuckDB reads the CSV (gzip or not) or
 * Parquet files with `read_csv`/`read_parquet` into `li_valid` — the rows the reader keeps, only the
 * cells the requested behaviours read (duckdb-staged-columns.ts) — and gives each behaviour's objects
 * per post as SQL (`objectsOf`).
 *
 * Where the reader derives a field (times, list cells, URL canonicalisation and domains, retweet-text
 * keys, co-post texts, a reply's addressing), Node applies the reader's own function — given by the
 * layout (ingest/sql-layouts.ts) or engine/ (text keys, post-batch.ts) — once per *distinct* cell value
 * and appends the results to a DuckDB table that the SQL joins back (`mapDistinct`): results equal the
 * in-memory engine's by construction, and no rule of ingest or the encoder is written twice. Rows are
 * skipped as the reader skips them (no account, a time that does not parse); behaviours follow
 * engine/post-batch.ts in lockstep mode (a repost acts only in co-retweet, keyed by its target id or
 * else its normalised retweeted text; co-post needs CO_POST_MIN_WORDS words).
 *
 * Cost: one DuckDB pass over the files into `li_posts` (the used columns only, spilled past
 * memory_limit), one DISTINCT and one Node call per distinct derived cell. Node memory: one chunk of
 * distinct values.
 */
import type * as DuckDb from '@duckdb/node-api';
import type { Behaviour } from '../../core/behaviour.js';
import { LockstepError } from '../../core/errors.js';
import type { SqlLayout } from '../../ingest/sql-layouts.js';
import { mentionsOutsideAddressing } from '../engine/post-batch.js';
import { hasCoPostWords, normaliseText, retweetTextKey } from '../engine/text.js';
import { eachRow } from './duckdb-count.js';
import type { DuckDbCounter } from './duckdb-engine.js';
import {
  LIST_OF,
  LISTS,
  noTargetSql,
  profileCell,
  stagedColumns,
  type StagedColumns,
} from './duckdb-staged-columns.js';

/** The behaviours DuckDB can build from the input (co-similar's near-duplicate groups stay in Node). */
export const INPUT_BEHAVIOURS: readonly Behaviour[] = [
  'co-retweet',
  'co-link',
  'co-domain',
  'co-hashtag',
  'co-mention',
  'co-reply',
  'co-post',
  'co-image',
];

const lit = (s: string): string => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string): string => `"${s.replaceAll('"', '""')}"`;

/** `read_csv`/`read_parquet` over `files`, every column as text (as ingest/parquet.ts reads Parquet). */
export function sourceOf(files: readonly string[]): string {
  const list = `[${files.map(lit).join(', ')}]`;
  const parquet = files.map((f) => /\.parquet$/i.test(f));
  if (parquet.some((p) => p !== parquet[0]))
    throw new LockstepError('ERR_USAGE', 'DuckDB reads either CSV or Parquet inputs in one run, not both', {
      files,
    });
  return parquet[0]
    ? `(SELECT COLUMNS(*)::VARCHAR FROM read_parquet(${list}, union_by_name = true))`
    : `read_csv(${list}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', union_by_name = true)`;
}

/** Column names of the source; a file DuckDB cannot read is ERR_INGEST_FORMAT naming it. */
async function headerOf(conn: DuckDb.DuckDBConnection, source: string, files: readonly string[]) {
  try {
    return ((await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowsJS() as string[][]).map(
      (r) => r[0]!,
    );
  } catch (e) {
    throw new LockstepError(
      'ERR_INGEST_FORMAT',
      `DuckDB cannot read ${files.join(', ')}: ${(e as Error).message.split('\n')[0] ?? ''}`,
      { files },
      { cause: e },
    );
  }
}

/**
 * `into(k0 …, nth, item)`: for every distinct non-NULL value of `keys` in `from`, the items `fn` gives
 * (none for an empty list), `nth` their place in its list (the order the reader lists a post's objects
 * in). Node holds one chunk of distinct values at a time.
 */
export async function mapDistinct(
  counter: DuckDbCounter,
  into: string,
  keys: string[],
  from: string,
  itemType: 'VARCHAR' | 'DOUBLE',
  fn: (...values: string[]) => readonly (string | number)[],
): Promise<void> {
  const { conn } = counter;
  const cols = keys.map((_, i) => `k${i} VARCHAR`).join(', ');
  // A plain table, appended through a second connection: an appender flushing on the connection that
  // streams the DISTINCT would end that stream early (rows were lost past the first flush).
  await conn.run(`CREATE OR REPLACE TABLE ${into} (${cols}, nth INTEGER, item ${itemType})`);
  const writer = await counter.connect();
  try {
    const app = await writer.createAppender(into);
    const where = keys.map((k) => `${k} IS NOT NULL`).join(' AND ');
    await eachRow(conn, `SELECT DISTINCT ${keys.join(', ')} FROM ${from} WHERE ${where}`, (row) => {
      const values = row as string[];
      let nth = 0;
      for (const item of fn(...values)) {
        for (const v of values) app.appendVarchar(v);
        app.appendInteger(nth++);
        if (typeof item === 'number') app.appendDouble(item);
        else app.appendVarchar(item);
        app.endRow();
      }
    });
    app.closeSync();
  } finally {
    writer.closeSync();
  }
}

/** Skipped rows kept as examples (ingest/stats.ts IngestStats' default). */
export const SKIPPED_EXAMPLES = 20;

const CELL = `CREATE OR REPLACE TEMP MACRO lockstep_cell(x) AS CASE WHEN x IN ('', 'NA', 'NaN', 'NULL') THEN NULL ELSE x END`;

/**
 * `li_posts`: one row per input row, the cells the requested behaviours read (duckdb-staged-columns.ts)
 * as the reader reads them; then `li_valid`, the rows the reader keeps, with times and repost flags.
 */
async function loadPosts(
  counter: DuckDbCounter,
  source: string,
  layout: SqlLayout,
  behaviours: readonly Behaviour[],
  withColumns: boolean,
): Promise<{ rows: number; valid: number; lists: StagedColumns['lists'] }> {
  const { conn } = counter;
  const staged = stagedColumns(layout, behaviours, (c) => `lockstep_cell(${ident(c)})`, ident, withColumns);
  await conn.run(CELL);
  // Row numbers in file order: the tie-break between an account's equal-time repeats (lockstep-sql.ts).
  await conn.run('SET preserve_insertion_order = true');
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE li_posts AS SELECT row_number() OVER () AS pid, ${staged.select.join(', ')}
     FROM ${source}`,
  );
  await conn.run('SET preserve_insertion_order = false');
  await mapDistinct(counter, 'li_time', ['t_raw'], 'li_posts', 'DOUBLE', (v) => {
    const t = layout.time.parse(v);
    return Number.isFinite(t) ? [t] : [];
  });
  const target = `NOT (${noTargetSql(layout, () => 'p.repost_of')})`;
  const repost =
    typeof layout.isRepost === 'boolean'
      ? `(${target} OR ${layout.isRepost})`
      : `(${target} OR coalesce(f.item = 'y', false))`;
  if (typeof layout.isRepost === 'object') {
    const test = layout.isRepost.test;
    await mapDistinct(counter, 'li_flag', ['rt_flag'], 'li_posts', 'VARCHAR', (v) => (test(v) ? ['y'] : []));
  }
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE li_valid AS SELECT p.pid, ${staged.keep.map((c) => `p.${c}`).join(', ')},
       t.item AS ts, ${repost} AS is_repost
     FROM li_posts p JOIN li_time t ON t.k0 = p.t_raw
     ${typeof layout.isRepost === 'object' ? 'LEFT JOIN li_flag f ON f.k0 = p.rt_flag' : ''}
     WHERE p.account IS NOT NULL`,
  );
  const [[rows, valid]] = (
    await conn.runAndReadAll('SELECT (SELECT count(*) FROM li_posts), (SELECT count(*) FROM li_valid)')
  ).getRowsJS() as [[bigint, bigint]];
  if (withColumns && layout.profile !== undefined)
    // Each account's profile comes from its latest kept row (the later one at equal times), as the
    // encoder keeps it: its cells are copied for that row only, not with every row into li_valid.
    await conn.run(
      `CREATE OR REPLACE TEMP TABLE li_profile AS SELECT l.account, p.*
       FROM (SELECT account, arg_max(pid, (ts, pid)) AS latest FROM li_valid GROUP BY account) l
         JOIN (SELECT pid, ${layout.profile.columns.map((_, i) => profileCell(i)).join(', ')} FROM li_posts) p
           ON p.pid = l.latest`,
    );
  if (withColumns)
    // The first skipped rows, for the input summary's examples (duckdb-input-columns.ts).
    await conn.run(
      `CREATE OR REPLACE TEMP TABLE li_skipped AS SELECT p.pid, p.account, p.t_raw
       FROM li_posts p LEFT JOIN li_time t ON t.k0 = p.t_raw
       WHERE p.account IS NULL OR t.item IS NULL ORDER BY p.pid LIMIT ${SKIPPED_EXAMPLES}`,
    );
  await conn.run('DROP TABLE li_posts');
  return { rows: Number(rows), valid: Number(valid), lists: staged.lists };
}

/**
 * `(pid, nth, obj)` per action of `b`, as engine/post-batch.ts picks objects in lockstep mode; `nth` is
 * the object's place among the post's (0 where a post has one).
 */
export async function objectsOf(
  counter: DuckDbCounter,
  b: Behaviour,
  layout: SqlLayout,
  lists: StagedColumns['lists'],
): Promise<string | undefined> {
  if (b === 'co-retweet') {
    const parts: string[] = [];
    if (layout.repostOf !== undefined)
      parts.push('SELECT pid, 0 AS nth, repost_of AS obj FROM li_valid WHERE repost_of IS NOT NULL');
    // A repost that names no target is keyed by its retweeted text, as the reader keys it.
    if (layout.text !== undefined && layout.isRepost !== false) {
      await mapDistinct(
        counter,
        'li_rtkey',
        ['text'],
        `(SELECT text FROM li_valid WHERE ${noTargetSql(layout, () => 'repost_of')} AND is_repost)`,
        'VARCHAR',
        (text) => {
          const k = retweetTextKey(text);
          return k === undefined || k === '' ? [] : [k];
        },
      );
      parts.push(`SELECT v.pid, k.nth, k.item AS obj FROM li_valid v JOIN li_rtkey k ON k.k0 = v.text
                  WHERE ${noTargetSql(layout, () => 'v.repost_of')} AND v.is_repost`);
    }
    return parts.length === 0 ? undefined : parts.join(' UNION ALL ');
  }
  if (b === 'co-post') {
    if (layout.text === undefined) return undefined;
    await mapDistinct(
      counter,
      'li_copost',
      ['text'],
      '(SELECT text FROM li_valid WHERE NOT is_repost)',
      'VARCHAR',
      (text) => {
        const norm = normaliseText(text);
        return hasCoPostWords(norm) ? [norm] : [];
      },
    );
    return `SELECT v.pid, k.nth, k.item AS obj FROM li_valid v JOIN li_copost k ON k.k0 = v.text WHERE NOT v.is_repost`;
  }
  if (b === 'co-reply')
    return layout.replyTo === undefined
      ? undefined
      : `SELECT pid, 0 AS nth, reply_to AS obj FROM li_valid WHERE NOT is_repost AND reply_to IS NOT NULL`;
  const l = LIST_OF[b];
  const field = l === undefined ? undefined : layout[l];
  const col = l === undefined ? undefined : lists[l];
  if (l === undefined || field === undefined || col === undefined) return undefined;
  const nonEmpty = (items: readonly string[]): string[] => items.filter((x) => x !== '');
  await mapDistinct(
    counter,
    `li_${l}`,
    [col],
    `(SELECT ${col} FROM li_valid WHERE NOT is_repost)`,
    'VARCHAR',
    (v) => nonEmpty(field.items(v)),
  );
  if (l !== 'mentions' || layout.replyTo === undefined || layout.text === undefined)
    return `SELECT v.pid, m.nth, m.item AS obj FROM li_valid v JOIN li_${l} m ON m.k0 = v.${col} WHERE NOT v.is_repost`;
  // A reply's leading @handles are its addressing, not mentions (post-batch.ts mentionsOutsideAddressing).
  await mapDistinct(
    counter,
    'li_addressed',
    [col, 'text'],
    `(SELECT ${col}, text FROM li_valid WHERE NOT is_repost AND reply_to IS NOT NULL)`,
    'VARCHAR',
    (v, text) => nonEmpty(mentionsOutsideAddressing({ replyTo: 'x', text, mentions: [...field.items(v)] })),
  );
  return `SELECT v.pid, m.nth, m.item AS obj FROM li_valid v JOIN li_${l} m ON m.k0 = v.${col}
            WHERE NOT v.is_repost AND (v.reply_to IS NULL OR v.text IS NULL)
          UNION ALL SELECT v.pid, m.nth, m.item FROM li_valid v JOIN li_addressed m ON m.k0 = v.${col} AND m.k1 = v.text
            WHERE NOT v.is_repost AND v.reply_to IS NOT NULL`;
}

/** What `readInput` needs: the behaviours to stage cells for, and the layout of the files' header. */
export interface InputReadOptions {
  behaviours: readonly Behaviour[];
  /** The layout of the files' header (ingest/sql-layouts.ts `sqlLayoutOf`). */
  layoutOf: (header: readonly string[]) => SqlLayout | undefined;
  /** Also stage what the run's post columns read of every row (duckdb-staged-columns.ts `postColumns`). */
  columns?: boolean;
}

/** What `readInput` staged: `li_valid` (and the maps it needed) is in DuckDB. */
export interface StagedInput {
  layout: SqlLayout;
  /** Rows read, and rows the reader keeps. */
  rows: number;
  valid: number;
  lists: StagedColumns['lists'];
}

/**
 * Reads `files` into `li_valid` (the rows the reader keeps, the cells `behaviours` read); refuses
 * co-similar and a layout `layoutOf` does not know. `dropInputTables` cleans up.
 */
export async function readInput(
  counter: DuckDbCounter,
  files: readonly string[],
  options: InputReadOptions,
): Promise<StagedInput> {
  const { conn } = counter;
  if (options.behaviours.includes('co-similar'))
    throw new LockstepError(
      'ERR_DETECT_BEHAVIOUR_UNSUPPORTED',
      'co-similar cannot be counted from the input in DuckDB (its near-duplicate groups come from MinHash ' +
        'in Node); leave it out of --behaviours, or let Lockstep read the input',
      { behaviour: 'co-similar' },
    );
  const source = sourceOf(files);
  const header = await headerOf(conn, source, files);
  const layout = options.layoutOf(header);
  if (layout === undefined)
    throw new LockstepError(
      'ERR_INGEST_FORMAT',
      `${files.join(', ')}: DuckDB reads only the twitter-io and CooRTweet layouts itself (header: ` +
        `${header.slice(0, 12).join(',')}); let Lockstep read this input`,
      { files, header: header.slice(0, 12) },
    );
  counter.stage(`reading ${files.length === 1 ? files[0]! : `${files.length} files`} (${layout.format})`);
  const staged = await loadPosts(counter, source, layout, options.behaviours, options.columns === true).catch(
    (e: unknown) => {
      // DuckDB's CSV errors name the file and line; the reader would skip such a row and go on.
      throw new LockstepError(
        'ERR_INGEST_FORMAT',
        `DuckDB could not read ${files.join(', ')}: ${(e as Error).message.split('\n').slice(0, 3).join(' ')} ` +
          "(Lockstep's own reader skips and counts malformed rows: run without reading the input in DuckDB)",
        { files },
        { cause: e },
      );
    },
  );
  return { layout, ...staged };
}

/** Drops what `readInput` and `objectsOf` left in DuckDB. */
export async function dropInputTables(conn: DuckDb.DuckDBConnection): Promise<void> {
  const tables =
    'li_valid li_time li_flag li_rtkey li_copost li_addressed li_urlflag li_norm li_skipped li_profile'.split(
      ' ',
    );
  for (const name of [...tables, ...LISTS.map((l) => `li_${l}`)])
    await conn.run(`DROP TABLE IF EXISTS ${name}`);
}
