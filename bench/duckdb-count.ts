/**
 * The counting stage of `--engine duckdb` alone, statement by statement, on action tables staged once:
 * what the crowd stage (collapse + crowd + weights) and the pairs stage (pairs, per-account totals, run
 * totals) cost in wall and CPU seconds per behaviour, with the statements of any checkout, so two
 * versions of src/detect/sql/lockstep-sql.ts can be compared on the same rows (h-duck, bench/RESULTS.md).
 *
 * The actions come from a database file that `lockstep detect … --engine duckdb --duckdb-db FILE` left
 * behind (its `actions_<behaviour>` tables: interned object and account ids, rid = row in the encoder's
 * order). Each run attaches that file read-only, copies one behaviour's actions into a fresh in-memory
 * database (not timed), runs the two stages (timed: DuckDB's threads run in this process, so
 * process CPU includes them), and prints a checksum of every result table so runs of different
 * checkouts can be compared for equality.
 *
 * Usage: node --import tsx bench/duckdb-count.ts DB_FILE
 * Env: SQL_DIR (folder with lockstep-sql.ts and duckdb-count.ts; default this checkout's
 * src/detect/sql), WINDOW=1800 MAX_CROWD=200 MIN_PAIR=2 (detect's defaults), BEHAVIOURS (default every
 * actions_* table), MEMORY (memory_limit), THREADS, TEMP (spill folder), SLICES (the pairs statement's
 * slices; default chosen from the co-actions and the memory limit; checkouts before pair-slices.ts
 * ignore it and run one statement), EXPLAIN=DIR (also write
 * DuckDB's profile of each statement — operators, rows, seconds — to DIR/<behaviour>-<stage>-<k>.txt;
 * profiled runs are slower, so their times are not the plain ones). Wrap in /usr/bin/time -f "%e %U %S %M".
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type * as CountModule from '../src/detect/sql/duckdb-count.js';
import type * as SqlModule from '../src/detect/sql/lockstep-sql.js';
import type { StageTables } from '../src/detect/sql/duckdb-stages.js';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: bench/duckdb-count.ts DB_FILE');
const env = (name: string): string | undefined => process.env[name];
const sqlDir = resolve(env('SQL_DIR') ?? new URL('../src/detect/sql', import.meta.url).pathname);
const { lockstepSql } = (await import(
  pathToFileURL(join(sqlDir, 'lockstep-sql.ts')).href
)) as typeof SqlModule;
const { crowdStage, pairsStage } = (await import(
  pathToFileURL(join(sqlDir, 'duckdb-count.ts')).href
)) as typeof CountModule;
const options = {
  window: Number(env('WINDOW') ?? 1800),
  maxCrowd: Number(env('MAX_CROWD') ?? 200),
  minPairCoActions: Number(env('MIN_PAIR') ?? 2),
};
const explainDir = env('EXPLAIN');
if (explainDir !== undefined) mkdirSync(explainDir, { recursive: true });

const config: Record<string, string> = {
  preserve_insertion_order: 'false',
  temp_directory: env('TEMP') ?? join(tmpdir(), `duckdb-count-${process.pid}`),
};
if (env('MEMORY') !== undefined) config.memory_limit = env('MEMORY')!;
if (env('THREADS') !== undefined) config.threads = env('THREADS')!;
const instance = await DuckDBInstance.create(':memory:', config);
const conn = await instance.connect();
await conn.run(`ATTACH '${file.replaceAll("'", "''")}' AS src (READ_ONLY)`);

const tables = (
  (
    await conn.runAndReadAll(
      "SELECT table_name FROM duckdb_tables() WHERE database_name = 'src' AND table_name LIKE 'actions\\_%' ESCAPE '\\' ORDER BY 1",
    )
  ).getRowsJS() as [string][]
).map((r) => r[0]);
const wanted = env('BEHAVIOURS')
  ?.split(',')
  .map((b) => `actions_${b.replace(/-/g, '_')}`);

/** Wall and process CPU seconds of `f`. */
async function timed(f: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

interface ProfileNode {
  operator_name?: string;
  operator_timing?: number;
  operator_cardinality?: number;
  extra_info?: Record<string, unknown>;
  children?: ProfileNode[];
}

/** DuckDB's JSON profile as an indented tree: operator, rows out, seconds, its keys. */
function profileTree(root: ProfileNode): string {
  const out: string[] = [];
  const keys = ['Join Type', 'Conditions', 'Groups', 'Aggregates', 'CTE Name', 'Table', 'Projections'];
  const walk = (n: ProfileNode, depth: number): void => {
    const info = n.extra_info ?? {};
    const bits = keys
      .filter((k) => info[k] !== undefined)
      .map((k) => `${k}: ${JSON.stringify(info[k]).slice(0, 160)}`);
    out.push(
      `${'  '.repeat(depth)}${n.operator_name ?? 'QUERY'} rows=${n.operator_cardinality ?? '-'} ` +
        `t=${(n.operator_timing ?? 0).toFixed(3)}s ${bits.join(' | ')}`,
    );
    for (const c of n.children ?? []) walk(c, depth + 1);
  };
  walk(root, 0);
  return out.join('\n');
}

/** `conn`, but writing DuckDB's profile of every statement it runs to EXPLAIN/<prefix>-<k>.txt. */
function explaining(c: DuckDBConnection, prefix: string): DuckDBConnection {
  if (explainDir === undefined) return c;
  let k = 0;
  const run = async (sql: string): Promise<unknown> => {
    const json = join(explainDir, `${prefix}-${++k}.json`);
    await c.run(`SET enable_profiling = 'json'`);
    await c.run(`SET profiling_output = '${json}'`);
    const result = await c.run(sql);
    await c.run('PRAGMA disable_profiling');
    // DDL without a plan (DROP, CREATE TABLE without AS) writes no profile.
    if (!existsSync(json)) return result;
    const profile = JSON.parse(readFileSync(json, 'utf8')) as ProfileNode;
    writeFileSync(json.replace(/json$/, 'txt'), `${sql.trim()}\n\n${profileTree(profile)}\n`);
    return result;
  };
  return new Proxy(c, {
    get: (target, p) => {
      if (p === 'run') return run;
      const v = Reflect.get(target, p) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

const round = (x: number): number => Math.round(x * 100) / 100;
// Each checksum query returns one text or integer cell.
const checksum = async (sql: string): Promise<string> => {
  const v = (await conn.runAndReadAll(sql)).getRowsJS()[0]![0];
  return typeof v === 'string' || typeof v === 'bigint' ? String(v) : JSON.stringify(v);
};
console.log(JSON.stringify({ file, sqlDir, options, config, load: loadavg().map(round) }));
const sum = { crowd: { wall: 0, cpu: 0 }, pairs: { wall: 0, cpu: 0 } };
for (const actions of tables) {
  if (wanted !== undefined && !wanted.includes(actions)) continue;
  const b = actions.slice('actions_'.length);
  const t: StageTables = {
    actions,
    kept: `kept_${b}`,
    weights: `kept_${b}_weights`,
    pairs: `pairs_${b}`,
    accounts: `accounts_${b}`,
    totals: `totals_${b}`,
  };
  await conn.run(`CREATE OR REPLACE TABLE ${actions} AS SELECT * FROM src.${actions}`);
  const q = lockstepSql(t.actions, t.kept, { ...options, weights: t.weights });
  let levels: unknown;
  const crowd = await timed(async () => {
    // A number from this checkout's crowdStage (hop levels of the collapse); older ones return nothing.
    levels = await crowdStage(explaining(conn, `${b}-crowd`), q, t, options.maxCrowd);
  });
  let slices: unknown;
  const pairs = await timed(async () => {
    const plan = { options, slices: env('SLICES') === undefined ? undefined : Number(env('SLICES')) };
    slices = await pairsStage(explaining(conn, `${b}-pairs`), q, t, plan);
  });
  const n = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${actions}`)).getRowsJS()[0]![0]);
  // Order-free checksums of what the later stages read (a different plan may give another row order).
  const check = {
    kept: await checksum(
      `SELECT count(*) || ':' || sum(hash(rid, crowd)::HUGEINT) FROM ${t.kept} WHERE crowd <= ${options.maxCrowd}`,
    ),
    pairs: await checksum(
      `SELECT count(*) || ':' || sum(hash(a, b, co_actions, weight, objects, first_ts, last_ts, shared_interest)::HUGEINT) FROM ${t.pairs}`,
    ),
    accounts: await checksum(
      `SELECT count(*) || ':' || sum(hash(account_id, n, degree)::HUGEINT) FROM ${t.accounts}`,
    ),
    totals: await checksum(
      `SELECT hash(collapsed, crowded, eligible, active, co_actions, t_min, t_max) FROM ${t.totals}`,
    ),
  };
  for (const s of ['crowd', 'pairs'] as const) {
    const x = s === 'crowd' ? crowd : pairs;
    sum[s].wall += x.wall;
    sum[s].cpu += x.cpu;
  }
  console.log(
    JSON.stringify({
      behaviour: b,
      actions: n,
      levels,
      slices,
      crowd: { wall: round(crowd.wall), cpu: round(crowd.cpu) },
      pairs: { wall: round(pairs.wall), cpu: round(pairs.cpu) },
      check,
    }),
  );
  for (const name of Object.values(t)) await conn.run(`DROP TABLE IF EXISTS ${name}`);
}
console.log(
  JSON.stringify({
    total: {
      crowd: { wall: round(sum.crowd.wall), cpu: round(sum.crowd.cpu) },
      pairs: { wall: round(sum.pairs.wall), cpu: round(sum.pairs.cpu) },
    },
    load: loadavg().map(round),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
conn.closeSync();
instance.closeSync();
