/**
 * Lockstep mode's counting stage two ways on one simulated data set: the typed-array engine
 * (engine/lockstep.ts `lockstepPass`) and the SQL of src/detect/sql/lockstep-sql.ts on embedded
 * DuckDB. Posts are simulated and turned into action rows once (not timed); the rows are appended to
 * DuckDB once per behaviour (timed apart, as "load"). Then, REPEAT times each: `lockstepPass`, and the
 * four statements (kept, pairs, accounts, totals). Wall and process CPU seconds (DuckDB's threads run
 * in this process, so CPU includes them); medians. The two sides' pair counts, co-actions, collapsed
 * and crowded counts are checked equal (the full comparison is src/detect/sql/lockstep-sql.test.ts).
 * Usage: node --import tsx bench/lockstep-sql.ts [POSTS]   (default 1000000)
 * Env: SEED=1 BEHAVIOURS=co-retweet,co-hashtag WINDOW=1800 MAX_CROWD=200 MIN_PAIR=2 REPEAT=3
 * THREADS (DuckDB threads; default its own). Wrap in `flock /tmp/bench.lock`; note the load.
 */
import { loadavg } from 'node:os';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Behaviour } from '../src/core/behaviour.js';
import { collectActions, type ActionTable, type PostColumns } from '../src/detect/engine/actions.js';
import { lockstepPass, type LockstepOptions } from '../src/detect/engine/lockstep.js';
import { fillCrowdWeights, loadActions, type ActionRow } from '../src/detect/sql/duckdb-actions.js';
import { sqlRunner } from '../src/detect/sql/duckdb-count.js';
import { lockstepSql, runKept } from '../src/detect/sql/lockstep-sql.js';
import { median } from '../src/detect/signals/stats.js';
import { simulate } from '../src/simulate/index.js';

const postCount = Number(process.argv[2] ?? 1_000_000);
const env = (name: string, fallback: string): string => process.env[name] ?? fallback;
const behaviours = env('BEHAVIOURS', 'co-retweet,co-hashtag').split(',') as Behaviour[];
const options: LockstepOptions = {
  window: Number(env('WINDOW', '1800')),
  maxCrowd: Number(env('MAX_CROWD', '200')),
  minPairCoActions: Number(env('MIN_PAIR', '2')),
};
const repeat = Number(env('REPEAT', '3'));
const load = (): number[] => loadavg().map((x) => Number(x.toFixed(2)));
const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Wall and CPU seconds of `f`. */
async function timed<T>(f: () => Promise<T> | T): Promise<{ value: T; wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1e6 };
}

async function append(conn: DuckDBConnection, table: ActionTable, columns: PostColumns): Promise<void> {
  await conn.run('DROP TABLE IF EXISTS kept');
  await loadActions(conn, rowsOf(table, columns));
}

function* rowsOf(table: ActionTable, columns: PostColumns): Generator<ActionRow> {
  for (let r = 0; r < table.object.length; r++) {
    const p = table.post[r]!;
    yield {
      object: table.objects.str(table.object[r]!),
      account: columns.accounts.str(columns.account[p]!),
      ts: columns.time[p]!,
    };
  }
}

interface Counts {
  pairs: number;
  coActions: number;
  collapsed: number;
  crowded: number;
}

async function runSql(conn: DuckDBConnection): Promise<{ counts: Counts; stages: number[] }> {
  const q = lockstepSql('actions', 'kept', options);
  const stages: number[] = [];
  let t = performance.now();
  const lap = (): void => {
    const now = performance.now();
    stages.push((now - t) / 1000);
    t = now;
  };
  await conn.run('DROP TABLE IF EXISTS kept');
  await runKept(sqlRunner(conn), q);
  await fillCrowdWeights(conn, q, 'kept_weights', options.maxCrowd);
  lap();
  const pairs = (await conn.runAndReadAll(`SELECT count(*) FROM (${q.pairs})`)).getRowsJS()[0]![0];
  lap();
  await conn.runAndReadAll(q.accounts);
  lap();
  const totals = (await conn.runAndReadAll(q.totals)).getRowsJS()[0]!;
  lap();
  const [, collapsed, crowded, , , coActions] = totals;
  return {
    counts: {
      pairs: Number(pairs),
      coActions: Number(coActions),
      collapsed: Number(collapsed),
      crowded: Number(crowded),
    },
    stages,
  };
}

console.log(JSON.stringify({ posts: postCount, options, repeat, load: load() }));
const generated = await timed(() =>
  collectActions(simulate({ posts: postCount, seed: Number(env('SEED', '1')) }).posts, {
    behaviours,
    repostsOnlyRetweet: true,
  }),
);
const { columns, tables } = generated.value;
console.log(JSON.stringify({ simulateAndCollectS: round(generated.wall) }));
const instance = await DuckDBInstance.create(
  ':memory:',
  process.env.THREADS ? { threads: process.env.THREADS } : {},
);
const conn = await instance.connect();
const threads = Number((await conn.runAndReadAll("SELECT current_setting('threads')")).getRowsJS()[0]![0]);
for (const table of tables) {
  const loaded = await timed(() => append(conn, table, columns));
  const engine: { wall: number; cpu: number }[] = [];
  const sql: { wall: number; cpu: number; stages: number[] }[] = [];
  let engineCounts: Counts | undefined;
  let sqlCounts: Counts | undefined;
  for (let i = 0; i < repeat; i++) {
    const e = await timed(() => lockstepPass(table, columns, options));
    engine.push(e);
    engineCounts = {
      pairs: e.value.pairs.size,
      coActions: e.value.coActions,
      collapsed: e.value.collapsedActions,
      crowded: e.value.crowdedActions,
    };
    const s = await timed(() => runSql(conn));
    sql.push({ wall: s.wall, cpu: s.cpu, stages: s.value.stages });
    sqlCounts = s.value.counts;
  }
  const same = JSON.stringify(engineCounts) === JSON.stringify(sqlCounts);
  console.log(
    JSON.stringify({
      behaviour: table.behaviour,
      actions: table.object.length,
      engine: engineCounts,
      same,
      duckdbThreads: threads,
      loadS: round(loaded.wall),
      engineWallS: round(median(engine.map((x) => x.wall))),
      engineCpuS: round(median(engine.map((x) => x.cpu))),
      sqlWallS: round(median(sql.map((x) => x.wall))),
      sqlCpuS: round(median(sql.map((x) => x.cpu))),
      sqlStagesS: ['kept', 'pairs', 'accounts', 'totals'].map((name, k) => [
        name,
        round(median(sql.map((x) => x.stages[k]!))),
      ]),
      runs: { engine: engine.map((x) => round(x.wall)), sql: sql.map((x) => round(x.wall)) },
    }),
  );
  if (!same) process.exitCode = 1;
}
conn.closeSync();
instance.closeSync();
console.log(JSON.stringify({ load: load(), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
