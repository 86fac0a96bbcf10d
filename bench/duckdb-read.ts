/**
 * Feasibility of DuckDB as the in-memory engine's CSV reader (issue #9 item 5): on one twitter-io
 * `.csv.gz`, DuckDB gunzips and parses it, skips rows as the reader does (no userid, a time that does
 * not parse), numbers accounts, retweet keys and each list behaviour's objects in first-seen file order
 * (GROUP BY value, min(row), ORDER BY it) and returns the per-post columns in file order through the
 * vectors' typed arrays; post ids come as UTF-8, one string per 64k posts; each retweet key's first
 * text and each account's latest profile once. Node applies the reader's own functions once per
 * distinct cell (times, list cells through ingest/sql-layouts.ts, `normaliseText` per distinct
 * original text). Not built: co-reply actions, a reply's addressing, screen names, profile objects,
 * co-post word flags — so the cost is a lower bound of a full reader's. Prints one line per stage (s
 * since start, process CPU s — DuckDB's threads included) and a JSON summary, to compare with
 * bench/read-once.ts on the same file (bench/RESULTS.md, h-duckread).
 *
 *   node --import tsx bench/duckdb-read.ts FILE [--threads N]   (wrap in /usr/bin/time -f "%e %U %S %M")
 */
import type * as DuckDb from '@duckdb/node-api';
import { sqlLayoutOf } from '../src/ingest/sql-layouts.js';
import { normaliseText } from '../src/detect/engine/text.js';

const args = process.argv.slice(2);
const file = args[0];
if (file === undefined) throw new Error('usage: bench/duckdb-read.ts FILE [--threads N]');
const threadsAt = args.indexOf('--threads');
const threads = threadsAt >= 0 ? args[threadsAt + 1]! : '2';

const duck = await import('@duckdb/node-api');
const c0 = process.cpuUsage();
const t0 = performance.now();
const cpuS = (): number => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};
const stages: Record<string, { wall: number; cpu: number }> = {};
let lastWall = 0;
let lastCpu = 0;
const stage = (name: string): void => {
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuS();
  stages[name] = { wall: +(wall - lastWall).toFixed(2), cpu: +(cpu - lastCpu).toFixed(2) };
  process.stderr.write(`[${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s cpu] ${name}\n`);
  lastWall = wall;
  lastCpu = cpu;
};

const instance = await duck.DuckDBInstance.create(':memory:', { threads, preserve_insertion_order: 'true' });
const conn = await instance.connect();
const lit = (s: string): string => `'${s.replaceAll("'", "''")}'`;
const source = `read_csv(${lit(file)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
const header = ((await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowsJS() as string[][]).map(
  (r) => r[0]!,
);
const layout = sqlLayoutOf(header);
if (layout?.format !== 'twitter-io') throw new Error(`${file}: not the twitter-io layout`);
const q = (c: string): string => `"${c.replaceAll('"', '""')}"`;
const cell = (c: string | undefined): string =>
  c === undefined ? 'NULL' : `CASE WHEN ${q(c)} IN ('', 'NA', 'NaN', 'NULL') THEN NULL ELSE ${q(c)} END`;

// The profile columns (twitter-io.ts builds an account's profile from them; the latest post's wins).
const PROFILE = header.filter((h) =>
  /^(user_(display_name|screen_name|reported_location|profile_description)|follow(er|ing)_count|account_(creation_date|language))$/.test(
    h,
  ),
);
await conn.run(
  `CREATE TABLE p AS SELECT tweetid AS id,
     ${cell(layout.account)} AS account, ${q(layout.time.column)} AS t_raw, ${cell(layout.repostOf)} AS repost_of,
     ${cell(layout.text)} AS text, is_retweet, hashtags, urls, user_mentions, ${cell(layout.replyTo)} AS reply_to,
     ${PROFILE.map(q).join(', ')} FROM ${source}`,
);
stage('read_csv into a table');

/** Calls `fn` with each result chunk of `sql` and the row count before it. */
async function eachChunk(
  sql: string,
  fn: (chunk: DuckDb.DuckDBDataChunk, at: number) => void,
): Promise<number> {
  const result = await conn.stream(sql);
  let at = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return at;
    fn(chunk, at);
    at += chunk.rowCount;
  }
}

/** Calls `fn` with every non-NULL value of the first column of `sql` (a VARCHAR). */
async function eachValue(sql: string, fn: (v: string) => void): Promise<void> {
  await eachChunk(sql, (chunk) => {
    const vec = chunk.getColumnVector(0);
    for (let i = 0; i < chunk.rowCount; i++) {
      const v = vec.getItem(i) as string | null;
      if (v !== null) fn(v);
    }
  });
}

/**
 * Table `into` (`columns` DDL) from the distinct values of `sql`: `add` appends a value's rows (through
 * a second connection: an appender flushing on the streaming one ends the stream) and returns how many.
 */
async function appendDistinct(
  into: string,
  columns: string,
  sql: string,
  add: (app: DuckDb.DuckDBAppender, v: string) => number,
): Promise<number> {
  await conn.run(`CREATE OR REPLACE TABLE ${into} (${columns})`);
  const writer = await instance.connect();
  const app = await writer.createAppender(into);
  let n = 0;
  await eachValue(sql, (v) => (n += add(app, v)));
  app.closeSync();
  writer.closeSync();
  return n;
}

// Times: the reader's parser once per distinct cell.
const parse = layout.time.parse;
const times = await appendDistinct('t', 'k VARCHAR, v DOUBLE', 'SELECT DISTINCT t_raw FROM p', (app, v) => {
  const t = parse(v);
  if (!Number.isFinite(t)) return 0;
  app.appendVarchar(v);
  app.appendDouble(t);
  app.endRow();
  return 1;
});
stage(`times: ${times} distinct`);

// The vectors' typed arrays (private in the typings, public at run time: no JS value per item).
const ints = (vec: unknown): Int32Array => (vec as { items: Int32Array }).items;
const doubles = (vec: unknown): Float64Array => (vec as { items: Float64Array }).items;

// File order is the table's rowid (preserve_insertion_order): no window over the whole file.
await conn.run(
  `CREATE TEMP TABLE v AS SELECT CAST(p.rowid AS INTEGER) AS rn, p.*, t.v AS ts FROM p JOIN t ON t.k = p.t_raw WHERE p.account IS NOT NULL`,
);
await conn.run(`CREATE TEMP TABLE acc AS SELECT account, CAST(row_number() OVER (ORDER BY min(rn)) - 1 AS INTEGER) AS aid
  FROM v GROUP BY account`);
await conn.run(`CREATE TEMP TABLE rk AS SELECT repost_of, CAST(row_number() OVER (ORDER BY min(rn)) - 1 AS INTEGER) AS kid
  FROM v WHERE repost_of IS NOT NULL GROUP BY repost_of`);
stage('skip rows; number accounts and keys in first-seen order');

// The list cells of originals, through the layout's own functions (distinct cells only), one row per
// item; then each behaviour's actions (post, object) with objects numbered in first-seen order.
const mapItems = (into: string, sql: string, fn: (v: string) => readonly string[]): Promise<number> =>
  appendDistinct(into, 'k VARCHAR, pos INTEGER, item VARCHAR', sql, (app, k) => {
    let n = 0;
    fn(k).forEach((item, pos) => {
      if (item === '') return;
      app.appendVarchar(k);
      app.appendInteger(pos);
      app.appendVarchar(item);
      app.endRow();
      n++;
    });
    return n;
  });
let listItems = 0;
let actions = 0;
let objects = 0;
for (const [name, col, field] of [
  ['hashtags', 'hashtags', layout.hashtags],
  ['urls', 'urls', layout.urls],
  ['domains', 'urls', layout.domains],
  ['mentions', 'user_mentions', layout.mentions],
] as const) {
  if (field === undefined) continue;
  listItems += await mapItems(
    `l_${name}`,
    `SELECT DISTINCT coalesce(${col}, '') FROM p WHERE repost_of IS NULL`,
    field.items,
  );
  await conn.run(`CREATE OR REPLACE TABLE a_${name} AS SELECT v.rn, l.pos, l.item FROM v
    JOIN l_${name} l ON l.k = coalesce(v.${col}, '') WHERE v.repost_of IS NULL`);
  await conn.run(`CREATE OR REPLACE TABLE o_${name} AS SELECT item,
    CAST(row_number() OVER (ORDER BY min(CAST(rn AS BIGINT) * 1024 + pos)) - 1 AS INTEGER) AS oid FROM a_${name} GROUP BY item`);
  const objs: string[] = [];
  await eachValue(`SELECT item FROM o_${name} ORDER BY oid`, (v) => objs.push(v));
  objects += objs.length;
  const post: Int32Array[] = [];
  const object: Int32Array[] = [];
  actions += await eachChunk(
    `SELECT a.rn, o.oid FROM a_${name} a JOIN o_${name} o USING (item) ORDER BY a.rn, a.pos`,
    (chunk) => {
      post.push(ints(chunk.getColumnVector(0)).slice(0, chunk.rowCount));
      object.push(ints(chunk.getColumnVector(1)).slice(0, chunk.rowCount));
    },
  );
}
stage(`list actions: ${listItems} distinct cell items, ${actions} actions, ${objects} objects`);

// Per post in file order: typed arrays straight from the vectors.
const n = Number((await conn.runAndReadAll('SELECT count(*) FROM v')).getRowsJS()[0]![0]);
const account = new Int32Array(n);
const time = new Float64Array(n);
const key = new Int32Array(n);
const flags = new Int32Array(n);
const rows = await eachChunk(
  `SELECT a.aid, v.ts, coalesce(k.kid, -1),
     CAST(v.repost_of IS NOT NULL AS INTEGER) + 2 * CAST(v.reply_to IS NOT NULL AS INTEGER) + 4 * CAST(coalesce(v.urls, '[]') <> '[]' AS INTEGER) FROM v JOIN acc a USING (account) LEFT JOIN rk k USING (repost_of) ORDER BY v.rn`,
  (chunk, at) => {
    const m = chunk.rowCount;
    account.set(ints(chunk.getColumnVector(0)).subarray(0, m), at);
    time.set(doubles(chunk.getColumnVector(1)).subarray(0, m), at);
    key.set(ints(chunk.getColumnVector(2)).subarray(0, m), at);
    flags.set(ints(chunk.getColumnVector(3)).subarray(0, m), at);
  },
);
if (rows !== n) throw new Error(`expected ${n} rows, got ${rows}`);
stage(`per-post integer columns: ${n} posts`);

// Post ids as UTF-8 bytes, one string per 64k posts (IdColumn keeps bytes, not a string per post),
// and each distinct original text once (first-seen order), normalised once.
let idBytes = 0;
await eachValue(
  `SELECT string_agg(coalesce(id, ''), '' ORDER BY rn) FROM v GROUP BY rn // 65536 ORDER BY rn // 65536`,
  (v) => (idBytes += Buffer.from(v, 'utf8').length),
);
stage(`post ids: ${idBytes} bytes`);
await conn.run(`CREATE TEMP TABLE ot AS SELECT text, CAST(row_number() OVER (ORDER BY min(rn)) - 1 AS INTEGER) AS tid
  FROM v WHERE repost_of IS NULL AND text IS NOT NULL GROUP BY text`);
const texts: string[] = [];
await eachValue(`SELECT text FROM ot ORDER BY tid`, (v) => texts.push(v));
stage(`distinct original texts to JS strings: ${texts.length}`);
const norms = new Map<string, number>();
for (const text of texts) {
  const norm = normaliseText(text);
  if (!norms.has(norm)) norms.set(norm, norms.size);
}
stage(`normalised once each (${norms.size} distinct normalised)`);

// Per post: its original text's number (−1 for reposts), as the columns' textRef/originalText need.
const originalText = new Int32Array(n);
await eachChunk(
  `SELECT CASE WHEN v.repost_of IS NULL THEN coalesce(o.tid, -1) ELSE -1 END FROM v LEFT JOIN ot o ON o.text = v.text ORDER BY v.rn`,
  (chunk, at) => {
    originalText.set(ints(chunk.getColumnVector(0)).subarray(0, chunk.rowCount), at);
  },
);
stage('per-post original text numbers');

// Each retweet key's first text (example posts keep it), and each account's latest profile.
const keyTexts: string[] = [];
await eachValue(
  `SELECT coalesce(arg_min(v.text, v.rn), '') FROM v JOIN rk USING (repost_of) GROUP BY rk.kid ORDER BY rk.kid`,
  (v) => keyTexts.push(v),
);
const profiles: Record<string, string | null>[] = [];
await eachChunk(
  `SELECT ${PROFILE.map((c) => `arg_max(${q(c)}, (v.ts, v.rn))`).join(', ')}
   FROM v JOIN acc USING (account) GROUP BY acc.aid ORDER BY acc.aid`,
  (chunk) => {
    const vecs = PROFILE.map((_, j) => chunk.getColumnVector(j));
    for (let i = 0; i < chunk.rowCount; i++) {
      const profile: Record<string, string | null> = {};
      PROFILE.forEach((c, j) => (profile[c] = vecs[j]!.getItem(i) as string | null));
      profiles.push(profile);
    }
  },
);
stage(`first texts of ${keyTexts.length} keys, ${profiles.length} latest profiles`);

const accounts = Number((await conn.runAndReadAll('SELECT count(*) FROM acc')).getRowsJS()[0]![0]);
const keys = Number((await conn.runAndReadAll('SELECT count(*) FROM rk')).getRowsJS()[0]![0]);
process.stdout.write(
  JSON.stringify({
    posts: n,
    accounts,
    keys,
    wallS: +((performance.now() - t0) / 1000).toFixed(2),
    cpuS: +cpuS().toFixed(2),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    stages,
  }) + '\n',
);
conn.closeSync();
instance.closeSync();
