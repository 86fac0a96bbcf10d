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
const PROFILE = [
  'user_display_name',
  'user_screen_name',
  'user_reported_location',
  'user_profile_description',
  'follower_count',
  'following_count',
  'account_creation_date',
  'account_language',
];
await conn.run(
  `CREATE TABLE p AS SELECT tweetid AS id,
     ${cell(layout.account)} AS account, ${q(layout.time.column)} AS t_raw, ${cell(layout.repostOf)} AS repost_of,
     ${cell(layout.text)} AS text, is_retweet, hashtags, urls, user_mentions, ${cell(layout.replyTo)} AS reply_to,
     ${PROFILE.map(q).join(', ')} FROM ${source}`,
);
stage('read_csv into a table');

// Times: the reader's parser once per distinct cell.
async function mapDistinct(
  into: string,
  sql: string,
  type: 'DOUBLE' | 'VARCHAR' | 'INTEGER',
  fn: (v: string) => number | string | undefined,
): Promise<number> {
  await conn.run(`CREATE OR REPLACE TABLE ${into} (k VARCHAR, v ${type})`);
  const writer = await instance.connect();
  const app = await writer.createAppender(into);
  const result = await conn.stream(sql);
  let n = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const vec = chunk.getColumnVector(0);
    for (let i = 0; i < chunk.rowCount; i++) {
      const k = vec.getItem(i) as string | null;
      if (k === null) continue;
      const v = fn(k);
      if (v === undefined) continue;
      app.appendVarchar(k);
      if (type === 'DOUBLE') app.appendDouble(v as number);
      else if (type === 'INTEGER') app.appendInteger(v as number);
      else app.appendVarchar(v as string);
      app.endRow();
      n++;
    }
  }
  app.closeSync();
  writer.closeSync();
  return n;
}
// The vectors' typed arrays (private in the typings, public at run time: no JS value per item).
const ints = (vec: unknown): Int32Array => (vec as { items: Int32Array }).items;
const doubles = (vec: unknown): Float64Array => (vec as { items: Float64Array }).items;
const parse = layout.time.parse;
const times = await mapDistinct('t', 'SELECT DISTINCT t_raw FROM p', 'DOUBLE', (v) => {
  const t = parse(v);
  return Number.isFinite(t) ? t : undefined;
});
stage(`times: ${times} distinct`);

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
async function mapItems(into: string, sql: string, fn: (v: string) => readonly string[]): Promise<number> {
  await conn.run(`CREATE OR REPLACE TABLE ${into} (k VARCHAR, pos INTEGER, item VARCHAR)`);
  const writer = await instance.connect();
  const app = await writer.createAppender(into);
  const result = await conn.stream(sql);
  let n = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const vec = chunk.getColumnVector(0);
    for (let i = 0; i < chunk.rowCount; i++) {
      const k = vec.getItem(i) as string;
      fn(k).forEach((item, pos) => {
        if (item === '') return;
        app.appendVarchar(k);
        app.appendInteger(pos);
        app.appendVarchar(item);
        app.endRow();
        n++;
      });
    }
  }
  app.closeSync();
  writer.closeSync();
  return n;
}
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
  {
    const result = await conn.stream(`SELECT item FROM o_${name} ORDER BY oid`);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const vec = chunk.getColumnVector(0);
      for (let i = 0; i < chunk.rowCount; i++) objs.push(vec.getItem(i) as string);
    }
  }
  objects += objs.length;
  const post: Int32Array[] = [];
  const object: Int32Array[] = [];
  {
    const result = await conn.stream(
      `SELECT a.rn, o.oid FROM a_${name} a JOIN o_${name} o USING (item) ORDER BY a.rn, a.pos`,
    );
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const m = chunk.rowCount;
      post.push(ints(chunk.getColumnVector(0)).slice(0, m));
      object.push(ints(chunk.getColumnVector(1)).slice(0, m));
      actions += m;
    }
  }
}
stage(`list actions: ${listItems} distinct cell items, ${actions} actions, ${objects} objects`);

// Per post in file order: typed arrays straight from the vectors.
const n = Number((await conn.runAndReadAll('SELECT count(*) FROM v')).getRowsJS()[0]![0]);
const account = new Int32Array(n);
const time = new Float64Array(n);
const key = new Int32Array(n);
const flags = new Int32Array(n);
{
  const result = await conn.stream(
    `SELECT a.aid, v.ts, coalesce(k.kid, -1),
       CAST(v.repost_of IS NOT NULL AS INTEGER) + 2 * CAST(v.reply_to IS NOT NULL AS INTEGER) + 4 * CAST(coalesce(v.urls, '[]') <> '[]' AS INTEGER) FROM v JOIN acc a USING (account) LEFT JOIN rk k USING (repost_of) ORDER BY v.rn`,
  );
  let at = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const m = chunk.rowCount;
    account.set(ints(chunk.getColumnVector(0)).subarray(0, m), at);
    time.set(doubles(chunk.getColumnVector(1)).subarray(0, m), at);
    key.set(ints(chunk.getColumnVector(2)).subarray(0, m), at);
    flags.set(ints(chunk.getColumnVector(3)).subarray(0, m), at);
    at += m;
  }
  if (at !== n) throw new Error(`expected ${n} rows, got ${at}`);
}
stage(`per-post integer columns: ${n} posts`);

// Post ids as UTF-8 bytes, one string per 64k posts (IdColumn keeps bytes, not a string per post),
// and each distinct original text once (first-seen order), normalised once.
let idBytes = 0;
{
  const result = await conn.stream(
    `SELECT string_agg(coalesce(id, ''), '' ORDER BY rn), list(strlen(coalesce(id, '')) ORDER BY rn)
     FROM v GROUP BY rn // 65536 ORDER BY rn // 65536`,
  );
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const sv = chunk.getColumnVector(0);
    for (let i = 0; i < chunk.rowCount; i++) idBytes += Buffer.from(sv.getItem(i) as string, 'utf8').length;
  }
}
stage(`post ids: ${idBytes} bytes`);
await conn.run(`CREATE TEMP TABLE ot AS SELECT text, CAST(row_number() OVER (ORDER BY min(rn)) - 1 AS INTEGER) AS tid
  FROM v WHERE repost_of IS NULL AND text IS NOT NULL GROUP BY text`);
const texts: string[] = [];
{
  const result = await conn.stream(`SELECT text FROM ot ORDER BY tid`);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const tv = chunk.getColumnVector(0);
    for (let i = 0; i < chunk.rowCount; i++) texts.push(tv.getItem(i) as string);
  }
}
stage(`distinct original texts to JS strings: ${texts.length}`);
const norms = new Map<string, number>();
for (const text of texts) {
  const norm = normaliseText(text);
  if (!norms.has(norm)) norms.set(norm, norms.size);
}
stage(`normalised once each (${norms.size} distinct normalised)`);

// Per post: its original text's number (−1 for reposts), as the columns' textRef/originalText need.
const originalText = new Int32Array(n);
{
  const result = await conn.stream(
    `SELECT CASE WHEN v.repost_of IS NULL THEN coalesce(o.tid, -1) ELSE -1 END FROM v LEFT JOIN ot o ON o.text = v.text ORDER BY v.rn`,
  );
  let at = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    originalText.set(ints(chunk.getColumnVector(0)).subarray(0, chunk.rowCount), at);
    at += chunk.rowCount;
  }
}
stage('per-post original text numbers');

// Each retweet key's first text (example posts keep it), and each account's latest profile.
const keyTexts: (string | null)[] = [];
{
  const result = await conn.stream(
    `SELECT arg_min(v.text, v.rn) FROM v JOIN rk USING (repost_of) GROUP BY rk.kid ORDER BY rk.kid`,
  );
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const vec = chunk.getColumnVector(0);
    for (let i = 0; i < chunk.rowCount; i++) keyTexts.push(vec.getItem(i) as string | null);
  }
}
const profiles: Record<string, string | null>[] = [];
{
  const result = await conn.stream(
    `SELECT ${PROFILE.map((c) => `arg_max(${q(c)}, (v.ts, v.rn))`).join(', ')}
     FROM v JOIN acc USING (account) GROUP BY acc.aid ORDER BY acc.aid`,
  );
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const vecs = PROFILE.map((_, j) => chunk.getColumnVector(j));
    for (let i = 0; i < chunk.rowCount; i++) {
      const profile: Record<string, string | null> = {};
      PROFILE.forEach((c, j) => (profile[c] = vecs[j]!.getItem(i) as string | null));
      profiles.push(profile);
    }
  }
}
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
